//! Fixes: byte-range edits attached to diagnostics, and the engine that applies them.
//!
//! A fix is **safe** when it cannot change what the image or pod does beyond the
//! finding, **unsafe** when it may (applied only when asked), and **display-only**
//! when it is a suggestion to read, never applied. The engine applies non-overlapping
//! fixes in rounds, linting again between rounds, until nothing changes; edits splice
//! the text, so comments and layout outside them are kept byte for byte.

use serde::Serialize;

use crate::engine::text::{sorted_order, TextRange};

/// How far a fix may be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown, never applied.
    DisplayOnly,
    /// May change behaviour: applied with `--unsafe-fixes`.
    Unsafe,
    /// Cannot change behaviour beyond the finding: applied with `--fix`.
    Safe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DisplayOnly => "display-only",
            Self::Unsafe => "unsafe",
            Self::Safe => "safe",
        }
    }
}

/// Replace `range` with `replacement` (an empty range inserts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub range: TextRange,
    pub replacement: String,
}

impl Edit {
    pub fn replace(range: TextRange, replacement: impl Into<String>) -> Self {
        Self {
            range,
            replacement: replacement.into(),
        }
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Self::replace(TextRange::new(at, at), text)
    }

    pub fn delete(range: TextRange) -> Self {
        Self::replace(range, "")
    }
}

/// A set of edits that fixes one finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub applicability: Applicability,
    /// What the fix does, e.g. "Add `-y`".
    pub message: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(message: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self {
            applicability: Applicability::Safe,
            message: message.into(),
            edits,
        }
    }

    pub fn unsafe_(message: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self {
            applicability: Applicability::Unsafe,
            message: message.into(),
            edits,
        }
    }

    pub fn display_only(message: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self {
            applicability: Applicability::DisplayOnly,
            message: message.into(),
            edits,
        }
    }

    /// The smallest range covering all edits.
    pub(crate) fn span(&self) -> Option<TextRange> {
        self.edits.iter().map(|e| e.range).reduce(TextRange::cover)
    }
}

/// Apply edits that do not overlap one another (the caller chose them) to `source`.
pub fn apply_edits(source: &str, edits: &[&Edit]) -> String {
    // Insertions at the same place: the more indented new line goes first, so a field
    // added inside a nested mapping stays inside it (YAML).
    let order = sorted_order(edits.iter().map(|e| {
        [
            e.range.start(),
            e.range.end(),
            usize::MAX - new_line_indent(&e.replacement),
        ]
    }));
    let sorted = order.into_iter().map(|i| edits[i]);
    let mut out = String::with_capacity(source.len() + 64);
    let mut at = 0;
    for edit in sorted {
        let start = edit.range.start().clamp(at, source.len());
        let end = edit.range.end().clamp(start, source.len());
        out.push_str(&source[at..start]);
        out.push_str(&edit.replacement);
        at = end;
    }
    out.push_str(&source[at..]);
    out
}

/// The indentation of the first new line an insertion starts (0 if none).
fn new_line_indent(text: &str) -> usize {
    text.strip_prefix('\n')
        .map_or(0, |rest| rest.len() - rest.trim_start_matches(' ').len())
}

/// A unified diff of `before` → `after`, with `path` in the headers.
pub fn unified_diff(path: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("a/{}", path.trim_start_matches('/')),
            &format!("b/{}", path.trim_start_matches('/')),
        )
        .to_string()
}
