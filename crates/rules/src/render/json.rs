//! The JSON report of `bulkhead lint --format json`. Its shape is stable and documented
//! in `docs/json-output.md`; change it only by adding fields.

use serde::Serialize;

use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{Checklist, FileKind, Severity};
use crate::engine::text::LineIndex;

/// The whole report: one entry per linted file.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub files: Vec<FileReport>,
}

/// The diagnostics of one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    pub path: String,
    pub kind: FileKind,
    pub diagnostics: Vec<JsonDiagnostic>,
}

/// One diagnostic, with 1-based line and column positions (columns in Unicode
/// characters).
#[derive(Debug, Clone, Serialize)]
pub struct JsonDiagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// For Pod Security Standards controls: the level the finding breaks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pss_level: Option<crate::PssLevel>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    pub checklist: Option<Checklist>,
    pub range: Range,
    /// How to fix it by editing the text; `null` when there is no fix.
    pub fix: Option<JsonFix>,
    /// For cross-file findings: the places in other files they are about.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<JsonRelated>,
    /// The standards' items the rule implements: `{standard, id, title, relation}`.
    pub references: Vec<crate::knowledge::standards::Reference>,
}

/// A fix: its applicability and the edits, with positions like `range`.
#[derive(Debug, Clone, Serialize)]
pub struct JsonFix {
    /// `safe` (applied by `--fix`), `unsafe` (with `--unsafe-fixes`) or
    /// `display-only` (never applied).
    pub applicability: crate::engine::fix::Applicability,
    pub message: String,
    pub edits: Vec<JsonEdit>,
}

/// Replace `range` with `replacement` (an empty range inserts).
#[derive(Debug, Clone, Serialize)]
pub struct JsonEdit {
    pub range: Range,
    pub replacement: String,
}

/// A place in another file.
#[derive(Debug, Clone, Serialize)]
pub struct JsonRelated {
    pub path: String,
    pub message: String,
    pub range: Range,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Range {
    pub start: Position,
    pub end: Position,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

impl FileReport {
    pub fn new(path: &str, kind: FileKind, source: &str, diagnostics: &[Diagnostic]) -> Self {
        let index = LineIndex::new(source);
        let position = |offset: usize| {
            let at = index.line_col(offset, source);
            Position {
                line: at.line,
                column: at.column,
            }
        };
        Self {
            path: path.to_owned(),
            kind,
            diagnostics: diagnostics
                .iter()
                .map(|d| JsonDiagnostic {
                    code: d.code,
                    name: d.rule,
                    severity: d.severity,
                    pss_level: d.pss,
                    message: d.message.clone(),
                    help: d.help.clone(),
                    checklist: d.checklist,
                    range: Range {
                        start: position(d.range.start()),
                        end: position(d.range.end()),
                    },
                    fix: d.fix.as_ref().map(|fix| JsonFix {
                        applicability: fix.applicability,
                        message: fix.message.clone(),
                        edits: fix
                            .edits
                            .iter()
                            .map(|e| JsonEdit {
                                range: Range {
                                    start: position(e.range.start()),
                                    end: position(e.range.end()),
                                },
                                replacement: e.replacement.clone(),
                            })
                            .collect(),
                    }),
                    related: d
                        .related
                        .iter()
                        .map(|r| JsonRelated {
                            path: r.path.clone(),
                            message: r.message.clone(),
                            range: Range {
                                start: Position {
                                    line: r.start.line,
                                    column: r.start.column,
                                },
                                end: Position {
                                    line: r.end.line,
                                    column: r.end.column,
                                },
                            },
                        })
                        .collect(),
                    references: crate::linter::registry::find(d.code)
                        .map(|rule| rule.meta.references())
                        .unwrap_or_default(),
                })
                .collect(),
        }
    }
}

/// A set of files as the playground's documents hold them (the examples, the lessons
/// and the rules' "try it" files are written in this shape; drafts and share links hold
/// it too, read and written by the page in `web/src/js.rs`):
/// `{ active: 0, files: [{ kind, name, text }], v: 1 }` (fields in this order, as the
/// generated modules have them).
#[derive(Debug, Clone, Serialize)]
pub struct Document<'a> {
    pub active: usize,
    pub files: Vec<DocumentFile<'a>>,
    pub v: u32,
}

/// A file of a [`Document`].
#[derive(Debug, Clone, Serialize)]
pub struct DocumentFile<'a> {
    pub kind: FileKind,
    pub name: &'a str,
    pub text: &'a str,
}

/// The [`Document`] of `files` (`(name, kind, text)`), the first one shown.
pub fn document<'a>(files: impl IntoIterator<Item = (&'a str, FileKind, &'a str)>) -> Document<'a> {
    Document {
        active: 0,
        files: files
            .into_iter()
            .map(|(name, kind, text)| DocumentFile { kind, name, text })
            .collect(),
        v: 1,
    }
}
