//! The editor's open documents: their text as the editor has it (not as on disk), kept
//! up to date by incremental edits, and the conversion between LSP positions (line and
//! UTF-16 code unit, as the protocol counts by default) and the byte offsets the rules
//! report.

use std::path::PathBuf;

use bulkhead_rules::{FileKind, TextRange};
use lsp_types::{Position, Range, TextDocumentContentChangeEvent, Url};

/// One open document.
#[derive(Debug, Clone)]
pub struct Document {
    pub uri: Url,
    /// The file's path (for `file:` URIs), else the URI's last segment: what the rules
    /// see as the file's name, so the kind and the pairing by name work as in the CLI.
    pub path: PathBuf,
    pub text: String,
    pub version: i32,
}

impl Document {
    pub fn new(uri: Url, text: String, version: i32) -> Self {
        let path = uri.to_file_path().unwrap_or_else(|()| {
            PathBuf::from(
                uri.path_segments()
                    .and_then(|mut s| s.next_back())
                    .unwrap_or("untitled"),
            )
        });
        Self {
            uri,
            path,
            text,
            version,
        }
    }

    /// The document's kind, from its name and content as the CLI guesses it; `None`
    /// for a file bulkhead does not read (its config file, say).
    pub fn kind(&self) -> Option<FileKind> {
        FileKind::for_file(&self.path.to_string_lossy(), &self.text)
    }

    /// Apply the editor's changes in order: a change with a range replaces that range,
    /// one without replaces the whole text. Ranges past the end are clamped, so a
    /// confused client cannot make the server panic.
    pub fn apply(&mut self, changes: Vec<TextDocumentContentChangeEvent>, version: i32) {
        for change in changes {
            match change.range {
                Some(range) => {
                    let start = offset(&self.text, range.start);
                    let end = offset(&self.text, range.end).max(start);
                    self.text.replace_range(start..end, &change.text);
                }
                None => self.text = change.text,
            }
        }
        self.version = version;
    }
}

/// The byte offset of an LSP position in `text`: the line's start plus the UTF-16 code
/// units counted into it. A line past the end is the end of the text; a character past
/// the line's end is the line's end (before its line break), as the protocol says.
pub fn offset(text: &str, position: Position) -> usize {
    let mut line_start = 0;
    for _ in 0..position.line {
        match text[line_start..].find('\n') {
            Some(at) => line_start += at + 1,
            None => return text.len(),
        }
    }
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |at| line_start + at);
    let line_end = if text[..line_end].ends_with('\r') {
        line_end - 1
    } else {
        line_end
    };
    let mut units = 0;
    for (at, c) in text[line_start..line_end].char_indices() {
        if units >= position.character {
            return line_start + at;
        }
        units += u32::try_from(c.len_utf16()).unwrap_or(2);
    }
    line_end
}

/// Byte offsets to LSP positions in one text, with the line starts found once.
#[derive(Debug)]
pub struct Positions<'t> {
    text: &'t str,
    line_starts: Vec<usize>,
}

impl<'t> Positions<'t> {
    pub fn new(text: &'t str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        Self { text, line_starts }
    }

    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|s| *s <= offset) - 1;
        let character = self.text[self.line_starts[line]..offset]
            .encode_utf16()
            .count();
        Position::new(to_u32(line), to_u32(character))
    }

    pub fn range(&self, range: TextRange) -> Range {
        Range::new(self.position(range.start()), self.position(range.end()))
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(range: Option<Range>, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range,
            range_length: None,
            text: text.to_owned(),
        }
    }

    #[test]
    fn positions_count_utf16_code_units_as_the_protocol_does() {
        // `é` is one UTF-16 unit and two bytes; `🦀` two units and four bytes.
        let text = "é🦀x\r\nb\n";
        assert_eq!(offset(text, Position::new(0, 0)), 0);
        assert_eq!(offset(text, Position::new(0, 1)), 2);
        assert_eq!(offset(text, Position::new(0, 3)), 6);
        // Past the line's end: before its `\r\n`.
        assert_eq!(offset(text, Position::new(0, 99)), 7);
        assert_eq!(offset(text, Position::new(1, 0)), 9);
        assert_eq!(offset(text, Position::new(9, 0)), text.len());
        let positions = Positions::new(text);
        assert_eq!(positions.position(6), Position::new(0, 3));
        assert_eq!(positions.position(9), Position::new(1, 0));
        // Inside a character: its start.
        assert_eq!(positions.position(3), Position::new(0, 1));
    }

    #[test]
    fn incremental_changes_apply_in_order_and_bad_ranges_are_clamped() {
        let uri = Url::parse("file:///p/Dockerfile").expect("a URI");
        let mut doc = Document::new(uri, "FROM a\nRUN b\n".into(), 1);
        assert_eq!(doc.path, PathBuf::from("/p/Dockerfile"));
        let at = |l, c| Position::new(l, c);
        doc.apply(
            vec![
                change(Some(Range::new(at(1, 4), at(1, 5))), "c"),
                change(Some(Range::new(at(0, 5), at(0, 6))), "alpine:3"),
                change(Some(Range::new(at(7, 0), at(3, 0))), "USER x\n"),
            ],
            2,
        );
        assert_eq!(doc.text, "FROM alpine:3\nRUN c\nUSER x\n");
        assert_eq!(doc.version, 2);
        doc.apply(vec![change(None, "FROM b\n")], 3);
        assert_eq!(doc.text, "FROM b\n");
    }
}
