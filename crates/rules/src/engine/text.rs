//! Byte ranges into the original text and their conversion to line:column.
//!
//! Everything inside the crate works with byte offsets; line and column numbers are
//! computed only at the edge (CLI output, the editor), with columns counted both in
//! Unicode scalar values (for people) and in UTF-16 code units (for the browser editor).

use serde::Serialize;

/// A half-open byte range `start..end` into a source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct TextRange {
    pub start: u32,
    pub end: u32,
}

impl TextRange {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "range start {start} after end {end}");
        Self {
            start: to_u32(start),
            end: to_u32(end),
        }
    }

    pub fn start(self) -> usize {
        self.start as usize
    }

    pub fn end(self) -> usize {
        self.end as usize
    }

    pub fn len(self) -> usize {
        self.end() - self.start()
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest range covering both `self` and `other`.
    #[must_use]
    pub fn cover(self, other: Self) -> Self {
        Self {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The text this range covers in `source`.
    /// Whether `other` lies within this range.
    pub fn contains_range(self, other: Self) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn slice(self, source: &str) -> &str {
        &source[self.start()..self.end()]
    }
}

fn to_u32(offset: usize) -> u32 {
    // Inputs are capped far below 4 GiB before parsing; saturate instead of panicking.
    u32::try_from(offset).unwrap_or(u32::MAX)
}

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LineCol {
    pub line: u32,
    /// 1-based column counted in Unicode scalar values.
    pub column: u32,
    /// 1-based column counted in UTF-16 code units, as JavaScript editors count.
    pub utf16_column: u32,
}

/// Start offsets of every line, for offset → line:column conversion.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { line_starts }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 0-based line number containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte range of the 0-based `line`, without its line terminator.
    pub fn line_range(&self, line: usize, text: &str) -> TextRange {
        let start = self.line_starts[line];
        let mut end = self
            .line_starts
            .get(line + 1)
            .map_or(text.len(), |next| next - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        TextRange::new(start, end.max(start))
    }

    /// Line and column of a byte offset. Offsets inside a multi-byte character count as
    /// that character.
    pub fn line_col(&self, offset: usize, text: &str) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let before = &text[self.line_starts[line]..offset];
        LineCol {
            line: to_u32(line + 1),
            column: to_u32(before.chars().count() + 1),
            utf16_column: to_u32(before.encode_utf16().count() + 1),
        }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// `n` and `word`, plural unless one: "1 finding", "3 findings" (words made plural with
/// an `s`, as all the ones counted in messages are).
pub fn counted(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The candidate closest to `written`, ignoring case, if at most two edits away: the
/// "did you mean" of misspelt keywords and field names.
pub fn closest<'k>(
    written: &str,
    candidates: impl IntoIterator<Item = &'k str>,
) -> Option<&'k str> {
    let lower = written.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&lower, &c.to_ascii_lowercase(), false), c))
        .filter(|&(distance, c)| distance <= 2 && distance < c.len())
        .min()
        .map(|(_, c)| c)
}

/// The name among `names` closest to `name`, if one is a likely typo of it: one edit
/// away (a swap of neighbours is one), two for a name of eight letters or more, and
/// fewer edits than half its letters; case counts (the "did you mean" of misspelt
/// variables).
pub fn closest_name<'n>(name: &str, names: impl IntoIterator<Item = &'n str>) -> Option<&'n str> {
    names
        .into_iter()
        .filter(|candidate| *candidate != name)
        .map(|candidate| (edit_distance(name, candidate, true), candidate))
        .filter(|&(distance, _)| {
            let most = if name.len() >= 8 { 2 } else { 1 };
            distance <= most && distance * 2 < name.len()
        })
        .min_by_key(|&(distance, candidate)| (distance, candidate))
        .map(|(_, candidate)| candidate)
}

/// The edit distance in characters: Levenshtein's, or with `swaps` a swap of two
/// neighbours counting as one edit (optimal string alignment).
fn edit_distance(a: &str, b: &str, swaps: bool) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows: two back, one back, this one.
    let mut before: Vec<usize> = Vec::new();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut current = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (previous[j - 1] + cost)
                .min(previous[j] + 1)
                .min(current[j - 1] + 1);
            if swaps && i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            current[j] = best;
        }
        before = std::mem::replace(&mut previous, current);
    }
    previous[b.len()]
}

/// The order that sorts items by their `keys`, stably (equal keys keep their order).
/// Findings, fixes and edits are all put in source order through this one sort, so the
/// page's WebAssembly carries one sort routine rather than one per type.
pub(crate) fn sorted_order(keys: impl IntoIterator<Item = [usize; 3]>) -> Vec<usize> {
    let mut keyed: Vec<([usize; 3], usize)> =
        keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars_and_utf16_units() {
        let text = "FROM a\nRUN echo \u{1F600} x\r\nUSER b";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 3);
        let x = text.find(" x").expect("x present") + 1;
        let pos = index.line_col(x, text);
        assert_eq!((pos.line, pos.column, pos.utf16_column), (2, 12, 13));
        let user = text.find("USER").expect("USER present");
        assert_eq!(index.line_col(user, text).line, 3);
        assert_eq!(
            index.line_range(1, text).slice(text),
            "RUN echo \u{1F600} x"
        );
    }

    #[test]
    fn offsets_past_the_end_clamp() {
        let text = "ab";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(99, text).column, 3);
    }

    #[test]
    fn closest_names_are_likely_typos() {
        let names = ["APP_HOME", "PATH", "VERSION"];
        assert_eq!(closest_name("APP_HOM", names), Some("APP_HOME"));
        assert_eq!(closest_name("PAHT", names), Some("PATH"));
        assert_eq!(closest_name("USER", names), None);
        assert_eq!(closest_name("GOPATH", names), None);
        assert_eq!(closest_name("VERSIONS_", names), Some("VERSION"));
        assert_eq!(closest_name("AB", ["AC"]), None);
    }

    #[test]
    fn closest_suggests_near_misses_only() {
        let known = ["runAsNonRoot", "runAsUser", "drop"];
        assert_eq!(closest("runAsNonroot", known), Some("runAsNonRoot"));
        assert_eq!(closest("drops", known), Some("drop"));
        assert_eq!(closest("foo", known), None);
        assert_eq!(closest("ab", ["x"]), None);
    }
}
