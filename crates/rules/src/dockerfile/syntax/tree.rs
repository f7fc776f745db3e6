//! What a Dockerfile is made of, as the parser reads it: the file, its directives,
//! instructions and their keywords, heredocs, words with their source ranges, and the
//! parse errors. Types only; the parser (`parser.rs`) makes them, `instruction.rs` says
//! what their arguments mean.

use crate::engine::text::TextRange;

/// An instruction's keyword, as BuildKit reads it (in any case). `Other` is a word it
/// does not know: DF002 reports it, and its spelling is at `Instruction::keyword_range`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    Other,
}

impl Keyword {
    /// Every keyword BuildKit knows.
    pub const KNOWN: [Self; 18] = [
        Self::Add,
        Self::Arg,
        Self::Cmd,
        Self::Copy,
        Self::Entrypoint,
        Self::Env,
        Self::Expose,
        Self::From,
        Self::Healthcheck,
        Self::Label,
        Self::Maintainer,
        Self::Onbuild,
        Self::Run,
        Self::Shell,
        Self::Stopsignal,
        Self::User,
        Self::Volume,
        Self::Workdir,
    ];

    /// The keyword a word names, in any case (`run` is `RUN`).
    pub fn of(word: &str) -> Self {
        Self::KNOWN
            .into_iter()
            .find(|k| word.eq_ignore_ascii_case(k.as_str()))
            .unwrap_or(Self::Other)
    }

    /// The `--flags` BuildKit takes on this instruction. The parser reads any `--name`
    /// before an instruction's arguments as a flag; these are the ones BuildKit knows
    /// (and the explanations cover).
    pub fn flags(self) -> &'static [&'static str] {
        match self {
            Self::From => &["platform"],
            Self::Run => &["mount", "network", "security"],
            Self::Copy => &["from", "chown", "chmod", "link", "parents", "exclude"],
            Self::Add => &[
                "checksum",
                "chown",
                "chmod",
                "link",
                "keep-git-dir",
                "exclude",
                "unpack",
            ],
            Self::Healthcheck => &[
                "interval",
                "timeout",
                "start-period",
                "start-interval",
                "retries",
            ],
            _ => &[],
        }
    }

    /// The keyword in capitals, as Dockerfiles write it; `Other` has none of its own.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Add => "ADD",
            Self::Arg => "ARG",
            Self::Cmd => "CMD",
            Self::Copy => "COPY",
            Self::Entrypoint => "ENTRYPOINT",
            Self::Env => "ENV",
            Self::Expose => "EXPOSE",
            Self::From => "FROM",
            Self::Healthcheck => "HEALTHCHECK",
            Self::Label => "LABEL",
            Self::Maintainer => "MAINTAINER",
            Self::Onbuild => "ONBUILD",
            Self::Run => "RUN",
            Self::Shell => "SHELL",
            Self::Stopsignal => "STOPSIGNAL",
            Self::User => "USER",
            Self::Volume => "VOLUME",
            Self::Workdir => "WORKDIR",
            Self::Other => "(unknown)",
        }
    }

    /// Whether the arguments may be a JSON array (the exec form).
    pub(super) fn json_capable(self) -> bool {
        matches!(
            self,
            Self::Add
                | Self::Cmd
                | Self::Copy
                | Self::Entrypoint
                | Self::Run
                | Self::Shell
                | Self::Volume
        )
    }
}

impl std::fmt::Display for Keyword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A parsed Dockerfile.
#[derive(Debug, Clone)]
pub struct Dockerfile {
    /// The escape character (`\` unless a `# escape=` directive says otherwise).
    pub escape: char,
    pub directives: Vec<Directive>,
    pub instructions: Vec<Instruction>,
    pub errors: Vec<ParseError>,
}

/// A parser directive at the top of the file, e.g. `# syntax=docker/dockerfile:1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Lower-cased directive name.
    pub name: String,
    pub value: String,
    pub range: TextRange,
}

/// One instruction, possibly spread over several lines.
#[derive(Debug, Clone)]
pub struct Instruction {
    /// The keyword (`FROM`, `RUN`, ...); its spelling is at `keyword_range`.
    pub keyword: Keyword,
    pub keyword_range: TextRange,
    /// From the keyword to the end of the last line the instruction uses.
    pub range: TextRange,
    /// Everything after the keyword with continuations removed.
    pub args: LogicalText,
    pub heredocs: Vec<Heredoc>,
    /// Empty (or blank) lines inside the instruction's continuation, each without its
    /// line break: BuildKit skips them today and warns that a future release will not
    /// (`NoEmptyContinuation`). Comment lines are not empty.
    pub empty_continuation_lines: Vec<TextRange>,
    /// For `ONBUILD RUN ...`: the instruction it registers (`RUN ...`), which runs in
    /// builds that use this image as their base.
    pub trigger: Option<Box<Instruction>>,
}

/// A heredoc attached to an instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    pub delimiter: String,
    /// The `<<EOF` marker in the instruction line.
    pub marker_range: TextRange,
    /// The body lines, without the terminating delimiter line.
    pub body_range: TextRange,
    pub terminated: bool,
}

/// A problem that stops part of the file from being understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    pub range: TextRange,
}

/// A word of an instruction's arguments, with its source range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub range: TextRange,
}

/// Text assembled from pieces of the source, with a map back to source offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogicalText {
    text: String,
    /// `(logical offset, source offset)` at the start of each contiguous piece.
    pieces: Vec<(usize, usize)>,
    /// The file's escape character, which also escapes quotes inside words.
    escape: char,
}

impl LogicalText {
    pub(super) fn new(escape: char) -> Self {
        Self {
            text: String::new(),
            pieces: Vec::new(),
            escape,
        }
    }

    pub(super) fn push_piece(&mut self, source: &str, range: TextRange) {
        if range.is_empty() {
            return;
        }
        self.pieces.push((self.text.len(), range.start()));
        self.text.push_str(range.slice(source));
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The file's escape character (`\\` or a backtick).
    pub fn escape(&self) -> char {
        self.escape
    }

    /// The text from a logical offset on, keeping its map to source offsets.
    pub(super) fn tail(&self, from: usize) -> Self {
        let mut pieces = Vec::new();
        for (i, &(logical, source)) in self.pieces.iter().enumerate() {
            let end = self.pieces.get(i + 1).map_or(self.text.len(), |&(l, _)| l);
            if end <= from {
                continue;
            }
            let skip = from.saturating_sub(logical);
            pieces.push((logical + skip - from, source + skip));
        }
        Self {
            text: self.text.get(from..).unwrap_or_default().to_owned(),
            pieces,
            escape: self.escape,
        }
    }

    /// The source offset of a logical offset.
    pub fn source_offset(&self, logical: usize) -> usize {
        let index = match self.pieces.binary_search_by_key(&logical, |&(l, _)| l) {
            Ok(i) => i,
            Err(0) => return self.pieces.first().map_or(0, |&(_, s)| s),
            Err(i) => i - 1,
        };
        let (piece_logical, piece_source) = self.pieces[index];
        piece_source + (logical - piece_logical)
    }

    /// The source range of a non-empty logical range. A range that crosses a
    /// continuation covers the lines in between.
    pub fn source_range(&self, start: usize, end: usize) -> TextRange {
        if end <= start {
            let at = self.source_offset(start);
            return TextRange::new(at, at);
        }
        TextRange::new(self.source_offset(start), self.source_offset(end - 1) + 1)
    }

    /// Words separated by unquoted whitespace, with their source ranges, as BuildKit
    /// splits `ENV`, `LABEL` and `ARG`: quotes and escapes stay in the word's text
    /// (`A="x y"` is one word) but whitespace inside them does not split it.
    pub fn words(&self) -> Vec<Word> {
        let mut words = Vec::new();
        let mut start = None;
        let mut quote = None;
        let mut escaped = false;
        for (i, c) in self.text.char_indices().chain([(self.text.len(), ' ')]) {
            let at_end = i == self.text.len();
            if escaped && !at_end {
                escaped = false;
                continue;
            }
            if c.is_whitespace() && (quote.is_none() || at_end) {
                if let Some(s) = start.take() {
                    words.push(Word {
                        text: self.text[s..i].to_owned(),
                        range: self.source_range(s, i),
                    });
                }
                quote = None;
                continue;
            }
            if start.is_none() {
                start = Some(i);
            }
            if c == self.escape && quote != Some('\'') {
                escaped = true;
            } else if quote == Some(c) {
                quote = None;
            } else if quote.is_none() && (c == '"' || c == '\'') {
                quote = Some(c);
            }
        }
        words
    }
}
