//! The variables an instruction's arguments name (`$NAME`, `${NAME}`,
//! `${NAME:-default}`), as BuildKit's word processing finds them: the escape character
//! escapes a `$`, single quotes keep one from being expanded, and a variable inside
//! another's default is not read on its own.

use super::instruction::Form;
use super::shell;
use super::tree::{Instruction, Keyword, LogicalText, Word};
use crate::engine::text::TextRange;

/// A variable named in an instruction's arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    pub name: String,
    /// The whole reference, `$NAME` or `${NAME:-x}`.
    pub range: TextRange,
    /// Whether it says what to do when the variable is unset or empty (`${A:-x}`,
    /// `${A-x}`, `${A:+x}`, `${A:?message}`), so an undefined one is meant.
    pub has_modifier: bool,
}

/// A reference found in logical text: name, logical start and end, modifier.
pub(crate) type Found = (String, usize, usize, bool);

fn name_len(text: &str) -> usize {
    let first = text
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if !first {
        return 0;
    }
    text.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len())
}

/// The references of `text`, in order (the variant generator reads a shell-form
/// command's with it).
pub(crate) fn scan(text: &str, escape: char) -> Vec<Found> {
    let mut found = Vec::new();
    let mut quote: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            (Some('\''), '\'') | (Some('"'), '"') => quote = None,
            (Some('\''), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (_, c) if c == escape => {
                chars.next();
            }
            (_, '$') => {
                let rest = &text[i + 1..];
                if let Some(braced) = rest.strip_prefix('{') {
                    let len = name_len(braced);
                    if len == 0 {
                        continue;
                    }
                    // The closing brace, past any nested `${...}` of a default.
                    let mut depth = 1;
                    let mut close = None;
                    for (j, b) in braced[len..].char_indices() {
                        match b {
                            '{' => depth += 1,
                            '}' => {
                                depth -= 1;
                                if depth == 0 {
                                    close = Some(len + j);
                                    break;
                                }
                            }
                            _ => {}
                        }
                    }
                    let Some(close) = close else { continue };
                    let end = i + 2 + close + 1;
                    found.push((braced[..len].to_owned(), i, end, close > len));
                    while chars.peek().is_some_and(|&(j, _)| j < end) {
                        chars.next();
                    }
                } else {
                    let len = name_len(rest);
                    if len > 0 {
                        found.push((rest[..len].to_owned(), i, i + 1 + len, false));
                        while chars.peek().is_some_and(|&(j, _)| j < i + 1 + len) {
                            chars.next();
                        }
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// The variables `text` names, with source ranges.
fn variables_in(text: &LogicalText) -> Vec<Variable> {
    scan(text.as_str(), text.escape())
        .into_iter()
        .map(|(name, start, end, has_modifier)| Variable {
            name,
            range: text.source_range(start, end),
            has_modifier,
        })
        .collect()
}

/// Programs that read `$` in their own arguments: PowerShell's `$env:X`, cmd.
const OWN_VARIABLES: &[&str] = &[
    "powershell",
    "powershell.exe",
    "pwsh",
    "pwsh.exe",
    "cmd",
    "cmd.exe",
];

/// Options after which an interpreter reads code of its own (`python -c`, `node -e`,
/// `perl -e`, `php -r`, PowerShell's `-Command`), where a `$` is the code's.
const CODE_OPTIONS: &[&str] = &[
    "-c",
    "-e",
    "-r",
    "--eval",
    "--command",
    "-command",
    "-Command",
    "/c",
    "/C",
    "/S",
];

impl Instruction {
    /// The variables its arguments (flags included) name, in order. Heredoc bodies are
    /// not read.
    pub fn variables(&self) -> Vec<Variable> {
        variables_in(&self.args)
    }

    /// The exec-form strings of a `RUN`, `CMD`, `ENTRYPOINT` or `HEALTHCHECK CMD` that
    /// name a variable, with the names: no shell runs, so Docker passes `$HOME` as
    /// written (`["echo", "$HOME"]` prints `$HOME`). A shell and what follows it
    /// (`["sh", "-c", "..."]`, also after `tini --`), the code after an interpreter's
    /// `-c` or `-e`, and the arguments of PowerShell and cmd, which expand their own,
    /// are not read.
    pub fn unexpanded_variables(&self) -> Vec<(Word, Vec<String>)> {
        let words = match self.keyword {
            Keyword::Run | Keyword::Cmd | Keyword::Entrypoint => match self.form() {
                Form::Exec(words) => words,
                _ => return Vec::new(),
            },
            Keyword::Healthcheck => match self.healthcheck_command() {
                Some((Form::Exec(words), _)) => words,
                _ => return Vec::new(),
            },
            _ => return Vec::new(),
        };
        let mut out = Vec::new();
        for word in words {
            let program = word.text.rsplit(['/', '\\']).next().unwrap_or(&word.text);
            if shell::is_posix_shell(&word.text)
                || OWN_VARIABLES.contains(&program.to_ascii_lowercase().as_str())
                || CODE_OPTIONS.contains(&word.text.as_str())
            {
                break;
            }
            let names: Vec<String> = scan(&word.text, '\\')
                .into_iter()
                .map(|(name, ..)| name)
                .collect();
            if !names.is_empty() {
                out.push((word, names));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::scan;

    fn names(text: &str) -> Vec<(String, bool)> {
        scan(text, '\\')
            .into_iter()
            .map(|(name, _, _, modifier)| (name, modifier))
            .collect()
    }

    #[test]
    fn references_escapes_quotes_and_defaults() {
        assert_eq!(
            names("$A/${B}:${C:-$D} '$E' \"$F\" \\$G $ $1 ${H-x}"),
            [
                ("A".to_owned(), false),
                ("B".to_owned(), false),
                ("C".to_owned(), true),
                ("F".to_owned(), false),
                ("H".to_owned(), true),
            ]
        );
        let found = scan("x${NAME}y", '\\');
        assert_eq!((found[0].1, found[0].2), (1, 8));
        assert!(names("${unclosed").is_empty());
    }
}
