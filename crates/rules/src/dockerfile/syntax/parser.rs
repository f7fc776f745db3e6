//! A Dockerfile scanner that follows `BuildKit`'s line rules and keeps byte positions.
//!
//! It handles parser directives (`# escape=`), continuation lines (with comment and
//! blank lines inside them), heredocs (`<<EOF`, `<<-EOF`, quoted delimiters, several
//! per line), CRLF line endings and a leading byte-order mark. Arguments are kept as a
//! [`LogicalText`]: the continuation-joined text together with a map back to source
//! offsets, so every word of every instruction knows where it came from.

use super::tree::{Directive, Dockerfile, Heredoc, Instruction, Keyword, LogicalText, ParseError};
use crate::engine::text::TextRange;

/// Physical lines as content ranges (without `\n` or a trailing `\r`).
fn physical_lines(source: &str, from: usize) -> Vec<TextRange> {
    let mut lines = Vec::new();
    let mut start = from;
    let bytes = source.as_bytes();
    while start <= source.len() {
        let end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let content_end = if end > start && bytes[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        lines.push(TextRange::new(start, content_end));
        if end == source.len() {
            break;
        }
        start = end + 1;
    }
    lines
}

fn parse_directive(line: &str) -> Option<(String, String)> {
    let rest = line.trim_start().strip_prefix('#')?;
    let (name, value) = rest.split_once('=')?;
    let name = name.trim();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    Some((name.to_ascii_lowercase(), value.trim().to_owned()))
}

/// If `line` ends with the escape character (ignoring trailing blanks), the length of
/// the line without it.
fn continuation_cut(line: &str, escape: char) -> Option<usize> {
    let trimmed = line.trim_end_matches([' ', '\t']);
    trimmed.strip_suffix(escape).map(str::len)
}

fn is_blank_or_comment(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.is_empty() || trimmed.starts_with('#')
}

/// Heredoc markers (`<<EOF`, `<<-"EOF"`) in an instruction's arguments, in order:
/// `(strip_tabs, delimiter, logical start, logical end)`.
fn heredoc_markers(args: &str) -> Vec<(bool, String, usize, usize)> {
    let bytes = args.as_bytes();
    let mut markers = Vec::new();
    let mut i = 0;
    while let Some(found) = args[i..].find("<<") {
        let start = i + found;
        let mut j = start + 2;
        if bytes.get(j) == Some(&b'<') {
            // `<<<` is a here-string, not a heredoc.
            i = j + 1;
            continue;
        }
        let strip_tabs = bytes.get(j) == Some(&b'-');
        if strip_tabs {
            j += 1;
        }
        let quote = match bytes.get(j) {
            Some(&q @ (b'"' | b'\'')) => {
                j += 1;
                Some(q)
            }
            _ => None,
        };
        let word_start = j;
        while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_') {
            j += 1;
        }
        let word = &args[word_start..j];
        let closed = match quote {
            Some(q) if bytes.get(j) == Some(&q) => {
                j += 1;
                true
            }
            Some(_) => false,
            None => true,
        };
        if !word.is_empty() && closed {
            markers.push((strip_tabs, word.to_owned(), start, j));
        }
        i = j.max(start + 2);
    }
    markers
}

fn takes_heredocs(keyword: Keyword, args: &str) -> bool {
    match keyword {
        Keyword::Run | Keyword::Copy | Keyword::Add => true,
        Keyword::Onbuild => {
            let inner = args.split_whitespace().next().unwrap_or_default();
            takes_heredocs(Keyword::of(inner), "")
        }
        _ => false,
    }
}

/// The instruction an `ONBUILD` registers: its arguments read as an instruction.
fn onbuild_trigger(
    args: &LogicalText,
    range: TextRange,
    heredocs: &[Heredoc],
) -> Option<Instruction> {
    let text = args.as_str();
    let start = text.len() - text.trim_start().len();
    let len = text[start..]
        .find(char::is_whitespace)
        .unwrap_or(text.len() - start);
    if len == 0 {
        return None;
    }
    let keyword_range = args.source_range(start, start + len);
    Some(Instruction {
        keyword: Keyword::of(&text[start..start + len]),
        keyword_range,
        range: TextRange::new(keyword_range.start(), range.end()),
        args: args.tail(start + len),
        heredocs: heredocs.to_vec(),
        empty_continuation_lines: Vec::new(),
        trigger: None,
    })
}

/// Parse a Dockerfile. Never fails: problems are reported in [`Dockerfile::errors`].
pub fn parse(source: &str) -> Dockerfile {
    let start = if source.starts_with('\u{FEFF}') { 3 } else { 0 };
    let mut reader = Reader {
        source,
        lines: physical_lines(source, start),
        next: 0,
        dockerfile: Dockerfile {
            escape: '\\',
            directives: Vec::new(),
            instructions: Vec::new(),
            errors: Vec::new(),
        },
    };
    reader.read_directives();
    while let Some(&line) = reader.lines.get(reader.next) {
        if is_blank_or_comment(line.slice(source)) {
            reader.next += 1;
        } else {
            reader.read_instruction(line);
        }
    }
    let mut dockerfile = reader.dockerfile;
    super::validate::validate(source, &mut dockerfile);
    dockerfile
}

/// Walks the physical lines, building the [`Dockerfile`].
struct Reader<'a> {
    source: &'a str,
    lines: Vec<TextRange>,
    /// Index of the next unread line.
    next: usize,
    dockerfile: Dockerfile,
}

impl Reader<'_> {
    /// Parser directives: `# name=value` lines at the very top.
    fn read_directives(&mut self) {
        while let Some(&line) = self.lines.get(self.next) {
            let Some((name, value)) = parse_directive(line.slice(self.source)) else {
                break;
            };
            if name == "escape" {
                match value.as_str() {
                    "\\" => self.dockerfile.escape = '\\',
                    "`" => self.dockerfile.escape = '`',
                    _ => self.dockerfile.errors.push(ParseError {
                        message: format!(
                            "invalid escape directive `{value}`: the escape character must be `\\` or a backtick"
                        ),
                        range: line,
                    }),
                }
            }
            self.dockerfile.directives.push(Directive {
                name,
                value,
                range: line,
            });
            self.next += 1;
        }
    }

    /// One instruction starting on `line`, with its continuation lines and heredocs.
    fn read_instruction(&mut self, line: TextRange) {
        let source = self.source;
        let escape = self.dockerfile.escape;
        let content = line.slice(source);
        let keyword_start = line.start() + content.len() - content.trim_start().len();
        let keyword_len = source[keyword_start..line.end()]
            .find(char::is_whitespace)
            .unwrap_or(line.end() - keyword_start);
        let mut keyword_range = TextRange::new(keyword_start, keyword_start + keyword_len);
        // `RUN\` at the end of a line: the escape continues the line, it is not part of the keyword.
        if keyword_range.end() == line.end() && keyword_range.len() > 1 {
            if let Some(stripped) = keyword_range.slice(source).strip_suffix(escape) {
                keyword_range = TextRange::new(keyword_start, keyword_start + stripped.len());
            }
        }
        let keyword = Keyword::of(keyword_range.slice(source));

        let mut args = LogicalText::new(escape);
        let mut piece = TextRange::new(keyword_range.end(), line.end());
        let mut last_line = line;
        let mut empty_continuation_lines = Vec::new();
        while let Some(cut) = continuation_cut(piece.slice(source), escape) {
            args.push_piece(source, TextRange::new(piece.start(), piece.start() + cut));
            self.next += 1;
            // Comment and blank lines inside a continuation are skipped; the blank ones
            // are kept apart when the instruction goes on after them.
            let mut empty = Vec::new();
            while let Some(&skipped) = self
                .lines
                .get(self.next)
                .filter(|l| is_blank_or_comment(l.slice(source)))
            {
                if skipped.slice(source).trim().is_empty() {
                    empty.push(skipped);
                }
                self.next += 1;
            }
            let Some(&next) = self.lines.get(self.next) else {
                piece = TextRange::new(source.len(), source.len());
                break;
            };
            empty_continuation_lines.extend(empty);
            last_line = next;
            piece = next;
        }
        args.push_piece(source, piece);
        self.next += 1;

        let heredocs = if takes_heredocs(keyword, args.as_str()) {
            self.read_heredocs(&args, &mut last_line)
        } else {
            Vec::new()
        };
        let range = TextRange::new(keyword_start, last_line.end().max(keyword_range.end()));
        let trigger = (keyword == Keyword::Onbuild)
            .then(|| onbuild_trigger(&args, range, &heredocs))
            .flatten()
            .map(Box::new);
        self.dockerfile.instructions.push(Instruction {
            keyword,
            keyword_range,
            range,
            args,
            heredocs,
            empty_continuation_lines,
            trigger,
        });
    }

    /// The bodies of the heredocs an instruction opens, in order.
    fn read_heredocs(&mut self, args: &LogicalText, last_line: &mut TextRange) -> Vec<Heredoc> {
        let mut heredocs = Vec::new();
        for (strip_tabs, delimiter, m_start, m_end) in heredoc_markers(args.as_str()) {
            let body_start = self
                .lines
                .get(self.next)
                .map_or(self.source.len(), |l| l.start());
            let mut body_end = body_start;
            let mut terminated = false;
            while let Some(&body_line) = self.lines.get(self.next) {
                self.next += 1;
                *last_line = body_line;
                let text = body_line.slice(self.source);
                let text = if strip_tabs {
                    text.trim_start_matches('\t')
                } else {
                    text
                };
                if text == delimiter {
                    terminated = true;
                    break;
                }
                body_end = body_line.end();
            }
            let marker_range = args.source_range(m_start, m_end);
            if !terminated {
                self.dockerfile.errors.push(ParseError {
                    message: format!(
                        "heredoc `{delimiter}` is never closed: add a line containing only `{delimiter}`"
                    ),
                    range: marker_range,
                });
            }
            heredocs.push(Heredoc {
                delimiter,
                marker_range,
                body_range: TextRange::new(body_start, body_end.max(body_start)),
                terminated,
            });
        }
        heredocs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keywords(df: &Dockerfile) -> Vec<&str> {
        df.instructions.iter().map(|i| i.keyword.as_str()).collect()
    }

    #[test]
    fn continuations_skip_comments_and_blank_lines() {
        let src =
            "FROM a\nRUN apt-get update \\\n  # a comment\n\n  && apt-get install -y x\nUSER 1\n";
        let df = parse(src);
        assert_eq!(keywords(&df), ["FROM", "RUN", "USER"]);
        let run = &df.instructions[1];
        assert_eq!(
            run.args.as_str(),
            " apt-get update   && apt-get install -y x"
        );
        let words = run.args.words();
        let install = words.iter().find(|w| w.text == "install").expect("word");
        assert_eq!(install.range.slice(src), "install");
        assert!(run.range.slice(src).ends_with("-y x"));
    }

    #[test]
    fn empty_continuation_lines_are_recorded() {
        let src = "FROM a\nRUN a \\\n\n  # note\n   \n  b\nRUN c \\\n\n";
        let df = parse(src);
        let lines: Vec<&str> = df.instructions[1]
            .empty_continuation_lines
            .iter()
            .map(|l| l.slice(src))
            .collect();
        assert_eq!(lines, ["", "   "]);
        // A continuation that runs into the end of the file goes on after nothing.
        assert!(df.instructions[2].empty_continuation_lines.is_empty());
    }

    #[test]
    fn onbuild_registers_a_trigger_with_source_positions() {
        let src = "FROM a\nONBUILD run apt-get \\\n  install x\nONBUILD\n";
        let df = parse(src);
        let trigger = df.instructions[1].trigger.as_deref().expect("trigger");
        assert_eq!(trigger.keyword, Keyword::Run);
        assert_eq!(trigger.keyword_range.slice(src), "run");
        let words = trigger.args.words();
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["apt-get", "install", "x"]);
        assert_eq!(words[1].range.slice(src), "install");
        assert!(df.instructions[2].trigger.is_none());
        let all: Vec<&str> = df
            .instructions_and_triggers()
            .map(|i| i.keyword.as_str())
            .collect();
        assert_eq!(all, ["FROM", "ONBUILD", "RUN", "ONBUILD"]);
    }

    #[test]
    fn backtick_escape_directive() {
        let src = "# escape=`\nFROM mcr.microsoft.com/windows\nRUN dir `\n  C:\\\nUSER x";
        let df = parse(src);
        assert_eq!(df.escape, '`');
        assert_eq!(keywords(&df), ["FROM", "RUN", "USER"]);
        assert_eq!(df.instructions[1].args.as_str(), " dir   C:\\");
    }

    #[test]
    fn heredocs_are_skipped_and_recorded() {
        let src = "FROM a\nRUN <<EOF cat >/x <<-'END'\nFROM not-an-instruction\nEOF\n\tbody\n\tEND\nCMD x\n";
        let df = parse(src);
        assert_eq!(keywords(&df), ["FROM", "RUN", "CMD"]);
        let run = &df.instructions[1];
        assert_eq!(run.heredocs.len(), 2);
        assert_eq!(
            run.heredocs[0].body_range.slice(src),
            "FROM not-an-instruction"
        );
        assert_eq!(run.heredocs[1].delimiter, "END");
        assert!(run.heredocs.iter().all(|h| h.terminated));
        assert!(df.errors.is_empty());
    }

    #[test]
    fn unterminated_heredoc_is_an_error_at_the_marker() {
        let src = "FROM a\nRUN <<EOF\necho hi\n";
        let df = parse(src);
        assert_eq!(df.errors.len(), 1);
        assert_eq!(df.errors[0].range.slice(src), "<<EOF");
        assert!(df.errors[0].message.contains("never closed"));
    }

    #[test]
    fn crlf_bom_and_lowercase() {
        let src = "\u{FEFF}from a AS b\r\nrun x\r\n";
        let df = parse(src);
        assert_eq!(keywords(&df), ["FROM", "RUN"]);
        let words = df.instructions[0].args.words();
        assert_eq!(
            words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>(),
            ["a", "AS", "b"]
        );
        assert_eq!(words[2].range.slice(src), "b");
    }

    #[test]
    fn continuation_at_end_of_file() {
        let df = parse("FROM a\nRUN echo \\");
        assert_eq!(keywords(&df), ["FROM", "RUN"]);
        assert_eq!(df.instructions[1].args.as_str(), " echo ");
    }

    #[test]
    fn keyword_directly_followed_by_a_continuation() {
        let df = parse("FROM a\nRUN\\\n echo hi\n");
        assert_eq!(keywords(&df), ["FROM", "RUN"]);
        assert_eq!(df.instructions[1].args.as_str(), " echo hi");
    }

    #[test]
    fn here_strings_are_not_heredocs() {
        let df = parse("FROM a\nRUN cat <<< hi\nUSER x\n");
        assert_eq!(keywords(&df), ["FROM", "RUN", "USER"]);
        assert!(df.instructions[1].heredocs.is_empty());
    }
}
