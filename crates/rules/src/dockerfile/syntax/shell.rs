//! A shell-word splitter for `RUN` scripts: enough of POSIX sh to find the simple
//! commands (`apt-get install -y curl`) between `&&`, `||`, `;`, `|`, `&`, newlines and
//! parentheses, with quotes, escapes, `$(...)`, backticks, comments and redirections
//! understood. Every word keeps the byte range it came from, so rules can point at it.

/// The POSIX-style shells a Dockerfile runs scripts with (`sh -c`, `SHELL`, heredocs),
/// by program name: the one list the parser, the model and the rules share.
pub const POSIX_SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh"];

/// Whether `program` (a name or a path: `/bin/sh`) is one of [`POSIX_SHELLS`].
pub fn is_posix_shell(program: &str) -> bool {
    let name = program.rsplit('/').next().unwrap_or(program);
    POSIX_SHELLS.contains(&name)
}

/// One word of a command after quote removal, with its range in the script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellWord {
    /// The word as the shell would pass it (quotes removed; `$VARS` left as written).
    pub value: String,
    pub start: usize,
    pub end: usize,
}

/// A simple command: its words, without redirections or leading `VAR=value`
/// assignments.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SimpleCommand {
    /// Leading `NAME=value` assignments (`DEBIAN_FRONTEND=noninteractive apt-get ...`).
    pub assignments: Vec<ShellWord>,
    pub words: Vec<ShellWord>,
    /// The operator that follows this command (`&&`, `||`, `|`, `;`, ...), if any.
    pub followed_by: Option<&'static str>,
}

/// Words that start a compound command or are part of one; the command proper
/// follows them (`if curl ...; then`).
const RESERVED_PREFIXES: &[&str] = &[
    "if", "then", "else", "elif", "do", "while", "until", "!", "{", "time", "exec",
];
/// Words that end or belong to a compound command and are not commands themselves.
const RESERVED_ENDS: &[&str] = &["fi", "done", "esac", "}"];

/// `word` in double quotes for `sh`, its variables still expanded (`"`, `\\` and a
/// backtick escaped).
pub fn double_quoted(word: &str) -> String {
    let mut out = String::from('"');
    for c in word.chars() {
        if matches!(c, '"' | '\\' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// The byte offset of a pipe (`|`, not `||`) inside a command substitution `$(…)` of
/// `word`, outside the quotes within it: `"$(echo "$src" | tr -d 3)"` gives the offset
/// of its `|`. A word's own text, so the command splitter (which keeps a substitution as
/// part of one word) does not see that pipe as its own.
pub fn pipe_in_substitution(word: &str) -> Option<usize> {
    let bytes = word.as_bytes();
    // The quote open in each substitution, innermost last; the word itself first.
    let mut frames: Vec<Option<u8>> = vec![None];
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let depth = frames.len() - 1;
        let quote = frames[depth];
        match (quote, b) {
            (Some(q), _) if b == q => frames[depth] = None,
            (Some(b'\''), _) => {}
            (_, b'\\') => i += 1,
            (_, b'$') if bytes.get(i + 1) == Some(&b'(') => {
                frames.push(None);
                i += 1;
            }
            (None, b'\'' | b'"') => frames[depth] = Some(b),
            (None, b')') if depth > 0 => {
                frames.pop();
            }
            (None, b'|') if depth > 0 => {
                if bytes.get(i + 1) == Some(&b'|') {
                    i += 1;
                } else {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Split a shell script into simple commands.
pub fn split(script: &str) -> Vec<SimpleCommand> {
    let mut lexer = Lexer {
        text: script,
        bytes: script.as_bytes(),
        pos: 0,
    };
    let mut commands = Vec::new();
    let mut current = SimpleCommand::default();
    let mut skip_rest = false;
    while let Some(token) = lexer.next_token() {
        match token {
            Token::Word(word) => {
                if skip_rest {
                    continue;
                }
                if current.words.is_empty() {
                    if is_assignment(&word.value) {
                        current.assignments.push(word);
                        continue;
                    }
                    if RESERVED_PREFIXES.contains(&word.value.as_str()) {
                        continue;
                    }
                    if RESERVED_ENDS.contains(&word.value.as_str()) {
                        continue;
                    }
                    if matches!(word.value.as_str(), "for" | "case" | "select" | "function") {
                        // The header of a loop or case is not a command.
                        skip_rest = true;
                        continue;
                    }
                }
                current.words.push(word);
            }
            Token::Operator(op) => {
                current.followed_by = Some(op);
                if !current.words.is_empty() || !current.assignments.is_empty() {
                    commands.push(std::mem::take(&mut current));
                } else {
                    current = SimpleCommand::default();
                }
                skip_rest = false;
            }
        }
    }
    if !current.words.is_empty() || !current.assignments.is_empty() {
        commands.push(current);
    }
    commands
}

fn is_assignment(word: &str) -> bool {
    match word.split_once('=') {
        Some((name, _)) => {
            !name.is_empty()
                && name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
        None => false,
    }
}

enum Token {
    Word(ShellWord),
    Operator(&'static str),
}

struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Lexer<'_> {
    fn peek_at(&self, offset: usize) -> Option<u8> {
        self.bytes.get(self.pos + offset).copied()
    }

    fn next_token(&mut self) -> Option<Token> {
        loop {
            let byte = self.peek_at(0)?;
            match byte {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'\\' if self.peek_at(1) == Some(b'\n') => self.pos += 2,
                b'#' => {
                    // A comment runs to the end of the line.
                    self.pos = self.text[self.pos..]
                        .find('\n')
                        .map_or(self.text.len(), |i| self.pos + i);
                }
                b'\n' => {
                    self.pos += 1;
                    return Some(Token::Operator("\n"));
                }
                b'&' | b'|' | b';' | b'(' | b')' => return Some(Token::Operator(self.operator())),
                b'<' | b'>' => self.redirection(),
                _ => {
                    let word = self.word();
                    // `2>&1`, `2>/dev/null`: digits directly before a redirection are its fd.
                    if matches!(self.peek_at(0), Some(b'<' | b'>'))
                        && !word.value.is_empty()
                        && word.value.bytes().all(|b| b.is_ascii_digit())
                    {
                        self.redirection();
                        continue;
                    }
                    return Some(Token::Word(word));
                }
            }
        }
    }

    fn operator(&mut self) -> &'static str {
        let two = self.text.get(self.pos..self.pos + 2).unwrap_or_default();
        let op = match two {
            "&&" => "&&",
            "||" => "||",
            ";;" => ";;",
            _ => match self.bytes[self.pos] {
                b'&' => "&",
                b'|' => "|",
                b';' => ";",
                b'(' => "(",
                _ => ")",
            },
        };
        self.pos += op.len();
        op
    }

    /// Skip a redirection operator and its target word.
    fn redirection(&mut self) {
        // Operators: < > >> <> >& <& >| &> <<< and heredoc markers << <<-.
        while matches!(self.peek_at(0), Some(b'<' | b'>' | b'&' | b'|' | b'-')) {
            self.pos += 1;
        }
        while matches!(self.peek_at(0), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
        if self
            .peek_at(0)
            .is_some_and(|b| !matches!(b, b'\n' | b';' | b'&' | b'|' | b'(' | b')'))
        {
            let _target = self.word();
        }
    }

    /// One word: up to unquoted whitespace or an operator character.
    fn word(&mut self) -> ShellWord {
        let start = self.pos;
        let mut value = String::new();
        while let Some(byte) = self.peek_at(0) {
            match byte {
                b' ' | b'\t' | b'\r' | b'\n' | b'&' | b'|' | b';' | b'(' | b')' | b'<' | b'>' => {
                    break
                }
                b'\'' => {
                    self.pos += 1;
                    let end = self.text[self.pos..]
                        .find('\'')
                        .map_or(self.text.len(), |i| self.pos + i);
                    value.push_str(&self.text[self.pos..end]);
                    self.pos = (end + 1).min(self.text.len());
                }
                b'"' => {
                    self.pos += 1;
                    self.double_quoted(&mut value);
                }
                b'\\' => {
                    self.pos += 1;
                    if let Some(c) = self.text[self.pos..].chars().next() {
                        if c != '\n' {
                            value.push(c);
                        }
                        self.pos += c.len_utf8();
                    }
                }
                b'$' if self.peek_at(1) == Some(b'(') => {
                    let end = self.balanced(self.pos + 1, b'(', b')');
                    self.keep_until(end, &mut value);
                }
                b'$' if self.peek_at(1) == Some(b'{') => {
                    let end = self.balanced(self.pos + 1, b'{', b'}');
                    self.keep_until(end, &mut value);
                }
                b'`' => {
                    let end = self.text[self.pos + 1..]
                        .find('`')
                        .map_or(self.text.len(), |i| self.pos + 1 + i + 1);
                    self.keep_until(end, &mut value);
                }
                _ => {
                    self.keep_char(&mut value);
                }
            }
        }
        ShellWord {
            value,
            start,
            end: self.pos,
        }
    }

    /// Keep the text up to `end` as written (a substitution, kept for later).
    fn keep_until(&mut self, end: usize, value: &mut String) {
        value.push_str(&self.text[self.pos..end]);
        self.pos = end;
    }

    /// Keep the next character as it is.
    fn keep_char(&mut self, value: &mut String) {
        if let Some(c) = self.text[self.pos..].chars().next() {
            value.push(c);
            self.pos += c.len_utf8();
        }
    }

    fn double_quoted(&mut self, value: &mut String) {
        while let Some(byte) = self.peek_at(0) {
            match byte {
                b'"' => {
                    self.pos += 1;
                    return;
                }
                b'\\' => {
                    let next = self.text[self.pos + 1..].chars().next();
                    match next {
                        Some(c @ ('"' | '\\' | '$' | '`')) => {
                            value.push(c);
                            self.pos += 2;
                        }
                        Some('\n') => self.pos += 2,
                        _ => {
                            value.push('\\');
                            self.pos += 1;
                        }
                    }
                }
                b'$' if self.peek_at(1) == Some(b'(') => {
                    let end = self.balanced(self.pos + 1, b'(', b')');
                    self.keep_until(end, value);
                }
                _ => {
                    self.keep_char(value);
                }
            }
        }
    }

    /// The end (exclusive) of a balanced `open ... close` group starting at `from`,
    /// skipping quoted text inside; the end of the text if it never closes.
    fn balanced(&self, from: usize, open: u8, close: u8) -> usize {
        let mut depth = 0usize;
        let mut i = from;
        while let Some(&b) = self.bytes.get(i) {
            match b {
                b'\'' => {
                    i = self.text[i + 1..]
                        .find('\'')
                        .map_or(self.text.len(), |j| i + 1 + j);
                }
                b'\\' => i += 1,
                _ if b == open => depth += 1,
                _ if b == close => {
                    depth -= 1;
                    if depth == 0 {
                        return i + 1;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        self.text.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commands(script: &str) -> Vec<Vec<String>> {
        split(script)
            .into_iter()
            .map(|c| c.words.into_iter().map(|w| w.value).collect())
            .collect()
    }

    #[test]
    fn splits_on_operators() {
        assert_eq!(
            commands(
                "apt-get update && apt-get install -y curl; rm -rf /var/lib/apt/lists/* || true"
            ),
            [
                vec!["apt-get", "update"],
                vec!["apt-get", "install", "-y", "curl"],
                vec!["rm", "-rf", "/var/lib/apt/lists/*"],
                vec!["true"],
            ]
        );
    }

    #[test]
    fn quotes_escapes_and_substitutions() {
        let cmds = commands(r#"echo "a b" 'c d' e\ f "$(cat "x y")" ${A:-b}"#);
        assert_eq!(
            cmds,
            [vec![
                "echo",
                "a b",
                "c d",
                "e f",
                "$(cat \"x y\")",
                "${A:-b}"
            ]]
        );
    }

    #[test]
    fn pipes_redirections_and_assignments() {
        let script = "DEBIAN_FRONTEND=noninteractive curl -fsSL https://x.sh 2>/dev/null | sh -s -- -y >log 2>&1";
        let split = split(script);
        assert_eq!(split.len(), 2);
        assert_eq!(
            split[0].assignments[0].value,
            "DEBIAN_FRONTEND=noninteractive"
        );
        assert_eq!(split[0].words[0].value, "curl");
        assert_eq!(split[0].followed_by, Some("|"));
        assert_eq!(
            split[1]
                .words
                .iter()
                .map(|w| w.value.as_str())
                .collect::<Vec<_>>(),
            ["sh", "-s", "--", "-y"]
        );
        let url = &split[0].words[2];
        assert_eq!(&script[url.start..url.end], "https://x.sh");
    }

    #[test]
    fn compound_commands_and_comments() {
        let script = "if [ -f x ]; then pip install -r x; fi\n# comment && not a command\nfor f in a b; do echo $f; done";
        assert_eq!(
            commands(script),
            [
                vec!["[", "-f", "x", "]"],
                vec!["pip", "install", "-r", "x"],
                vec!["echo", "$f"]
            ]
        );
    }

    #[test]
    fn pipes_inside_command_substitutions() {
        let word = "dst=\"$(echo \"$src\" | tr -d 3)\"";
        assert_eq!(pipe_in_substitution(word), word.find(" | ").map(|i| i + 1));
        for none in [
            "dst=$(a || b)",
            "x=$(echo 'a|b')",
            "x=\"a | b\"",
            "x=$(cat f) | y",
            "x=$(echo \"|\")",
            "x=$(",
        ] {
            assert_eq!(pipe_in_substitution(none), None, "{none}");
        }
        assert!(pipe_in_substitution("v=\"$(a \"$(b | c)\")\"").is_some());
    }

    #[test]
    fn unterminated_quotes_do_not_panic() {
        for script in [
            "echo \"abc",
            "echo 'abc",
            "echo $(abc",
            "echo `abc",
            "echo \\",
            "a >",
            "x 2>",
        ] {
            let _ = split(script);
        }
    }
}
