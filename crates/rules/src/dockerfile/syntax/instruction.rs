//! What an instruction's arguments mean: leading `--flags`, exec (JSON) or shell form,
//! and the simple commands of a shell script, all with source ranges.

use super::json_form::{self, JsonForm};
use super::shell;
use super::tree::{Heredoc, Instruction, Keyword, Word};
use crate::engine::text::TextRange;

/// A `--name` or `--name=value` flag before an instruction's other arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// Lower-cased name without the dashes (`chown`, `mount`, `from`).
    pub name: String,
    pub value: Option<String>,
    /// The whole flag, `--chown=app:app`.
    pub range: TextRange,
    /// The value alone, when there is one.
    pub value_range: Option<TextRange>,
}

/// How the arguments after the flags read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Form {
    /// Shell form: the text is run by the shell (or, for `COPY`, split on whitespace).
    Shell,
    /// Exec form: a JSON array of strings. `Word::text` is the decoded string and
    /// `Word::range` covers it with its quotes.
    Exec(Vec<Word>),
    /// A JSON array holding something other than strings; BuildKit rejects it.
    Invalid(TextRange),
}

/// A simple command of a shell script, with source ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// Leading `NAME=value` assignments.
    pub assignments: Vec<Word>,
    pub words: Vec<Word>,
    /// The operator that follows (`&&`, `||`, `|`, `;`, newline...).
    pub followed_by: Option<&'static str>,
    /// Whether this command comes from a heredoc body rather than the instruction line.
    pub in_heredoc: bool,
}

impl Command {
    /// The program name without its directory (`pip` for `/usr/local/bin/pip`).
    pub fn program(&self) -> Option<&str> {
        let first = self.words.first()?;
        Some(first.text.rsplit('/').next().unwrap_or(&first.text))
    }

    /// The words after the program.
    pub fn args(&self) -> &[Word] {
        self.words.get(1..).unwrap_or_default()
    }

    /// The words after the first `skip` that are not options, where an option in
    /// `valued` takes the next word as its value (`npm install -g --prefix /x tool`).
    pub fn operands(&self, skip: usize, valued: &[&str]) -> Vec<&Word> {
        let mut out = Vec::new();
        let mut take_value = false;
        for word in self.words.iter().skip(skip) {
            if std::mem::take(&mut take_value) {
                continue;
            }
            if word.text.starts_with('-') {
                take_value = valued.contains(&word.text.as_str());
                continue;
            }
            out.push(word);
        }
        out
    }

    /// The source range from the first word to the last.
    pub fn range(&self) -> Option<TextRange> {
        let first = self.assignments.first().or(self.words.first())?;
        let last = self.words.last().or(self.assignments.last())?;
        Some(first.range.cover(last.range))
    }
}

/// How a keyword is written: `RUN`, `run`, or `Run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Casing {
    Upper,
    Lower,
    Mixed,
}

impl Casing {
    /// The casing of a word's letters.
    pub fn of(word: &str) -> Self {
        let letters = || word.chars().filter(char::is_ascii_alphabetic);
        if letters().all(|c| c.is_ascii_uppercase()) {
            Self::Upper
        } else if letters().all(|c| c.is_ascii_lowercase()) {
            Self::Lower
        } else {
            Self::Mixed
        }
    }

    /// `word` written in this casing (`Mixed` leaves it as it is).
    pub fn apply(self, word: &str) -> String {
        match self {
            Self::Upper => word.to_ascii_uppercase(),
            Self::Lower => word.to_ascii_lowercase(),
            Self::Mixed => word.to_owned(),
        }
    }
}

impl Instruction {
    /// How the keyword is written.
    pub fn keyword_casing(&self, source: &str) -> Casing {
        Casing::of(self.keyword_range.slice(source))
    }

    /// Whether the keyword is one BuildKit knows.
    pub fn is_known(&self) -> bool {
        self.keyword != Keyword::Other
    }

    /// The targets of the `RUN --mount`s of type `cache` or `tmpfs` (without a trailing
    /// `/`): folders whose writes stay out of the image's layer.
    pub fn cache_mounts(&self) -> Vec<String> {
        self.flags()
            .iter()
            .filter(|f| f.name == "mount")
            .filter_map(|f| {
                let mut kind = None;
                let mut target = None;
                for part in f.value.as_deref()?.split(',') {
                    match part.split_once('=') {
                        Some(("type", v)) => kind = Some(v),
                        Some(("target" | "dst" | "destination", v)) => {
                            target = Some(v.trim_end_matches('/').to_owned());
                        }
                        _ => {}
                    }
                }
                matches!(kind, Some("cache" | "tmpfs"))
                    .then_some(target)
                    .flatten()
            })
            .collect()
    }

    /// The `from=` of each `RUN --mount` (a stage, an image or a context to mount
    /// from), with the source range of the value.
    pub fn mount_sources(&self) -> Vec<Word> {
        let mut out = Vec::new();
        for flag in self.flags().into_iter().filter(|f| f.name == "mount") {
            let (Some(value), Some(range)) = (flag.value.as_deref(), flag.value_range) else {
                continue;
            };
            let mut at = 0;
            for part in value.split(',') {
                if let Some(source) = part.strip_prefix("from=") {
                    let start = range.start() + at + "from=".len();
                    out.push(Word {
                        text: source.to_owned(),
                        range: TextRange::new(start, start + source.len()),
                    });
                }
                at += part.len() + 1;
            }
        }
        out
    }

    /// The leading `--flags`, in order.
    pub fn flags(&self) -> Vec<Flag> {
        if !self.takes_flags() {
            return Vec::new();
        }
        self.args
            .words()
            .into_iter()
            .take_while(|w| w.text.starts_with("--") && w.text.len() > 2)
            .map(|word| {
                let body = &word.text[2..];
                let (name, value) = match body.split_once('=') {
                    Some((name, value)) => (name, Some(value.to_owned())),
                    None => (body, None),
                };
                let value_range = value.as_ref().map(|v| {
                    TextRange::new(
                        word.range.end() - v.len().min(word.range.len()),
                        word.range.end(),
                    )
                });
                Flag {
                    name: name.to_ascii_lowercase(),
                    value,
                    range: word.range,
                    value_range,
                }
            })
            .collect()
    }

    /// The flag called `name`, if present (the last one wins, as in BuildKit).
    pub fn flag(&self, name: &str) -> Option<Flag> {
        self.flags().into_iter().rev().find(|f| f.name == name)
    }

    /// The logical offset where the arguments after the flags begin (leading blanks
    /// skipped).
    pub fn body_offset(&self) -> usize {
        let text = self.args.as_str();
        let mut offset = 0;
        loop {
            let rest = &text[offset..];
            let trimmed = rest.trim_start();
            offset += rest.len() - trimmed.len();
            if !(self.takes_flags() && trimmed.starts_with("--")) {
                return offset;
            }
            let len = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
            offset += len;
            if len == 2 {
                // A bare `--` ends the flags and is not an argument.
                let rest = &text[offset..];
                return offset + (rest.len() - rest.trim_start().len());
            }
        }
    }

    /// `FROM`, `RUN`, `COPY`, `ADD` and `HEALTHCHECK` take flags; other instructions
    /// treat a leading `--` as an argument.
    fn takes_flags(&self) -> bool {
        matches!(
            self.keyword,
            Keyword::From | Keyword::Run | Keyword::Copy | Keyword::Add | Keyword::Healthcheck
        )
    }

    /// The arguments after the flags, as logical text.
    pub fn body(&self) -> &str {
        self.args.as_str()[self.body_offset()..].trim_end()
    }

    /// The arguments after the flags: the strings of an exec-form array, or else the
    /// words with quotes removed. This is how `COPY` and `ADD` read their sources and
    /// destination.
    pub fn arguments(&self) -> Vec<Word> {
        match self.form() {
            Form::Exec(words) => words,
            _ => self.unquoted_body_words(),
        }
    }

    /// The words after the flags with quotes removed, as `COPY`, `ADD`, `USER`,
    /// `WORKDIR` and `EXPOSE` read them (`"${HOME}/x"` is `${HOME}/x`).
    pub fn unquoted_body_words(&self) -> Vec<Word> {
        let offset = self.body_offset();
        let mut words = Vec::new();
        for command in shell::split(&self.args.as_str()[offset..]) {
            words.extend(self.words_at(offset, command.assignments));
            words.extend(self.words_at(offset, command.words));
        }
        // In source order already: a command's assignments come before its words, and
        // commands come in order.
        debug_assert!(words.windows(2).all(|w| w[0].range <= w[1].range));
        words
    }

    /// The words after the flags, with source ranges.
    pub fn body_words(&self) -> Vec<Word> {
        let offset = self.body_offset();
        let start = self.args.source_offset(offset);
        self.args
            .words()
            .into_iter()
            .filter(|w| w.range.start() >= start || offset == 0)
            .collect()
    }

    /// Exec or shell form. Only `RUN`, `CMD`, `ENTRYPOINT`, `SHELL`, `COPY`, `ADD`
    /// and `VOLUME` can have the exec form; `HEALTHCHECK CMD [...]` is read by
    /// [`Instruction::healthcheck_command`].
    pub fn form(&self) -> Form {
        if !self.keyword.json_capable() {
            return Form::Shell;
        }
        self.form_at(self.body_offset())
    }

    /// Shell-form arguments that were meant as the exec form: `["a" "b"]`, `['a', 'b']`,
    /// `["uvicorn" if ... else "gunicorn"]`, `[python, app.py]`, `[x"a", "b"]`, also as
    /// the command of a `HEALTHCHECK CMD`. (`[ -f x ]` is the test command.)
    pub fn meant_as_json(&self) -> bool {
        self.meant_as_json_at().is_some()
    }

    /// The logical offset of the arguments that were meant as the exec form but are not
    /// JSON (see [`Instruction::meant_as_json`]): the body, or the command after
    /// `HEALTHCHECK CMD`.
    pub fn meant_as_json_at(&self) -> Option<usize> {
        let offset = if self.keyword.json_capable() {
            self.body_offset()
        } else {
            self.healthcheck_cmd_offset()?
        };
        let rest = &self.args.as_str()[offset..];
        let offset = offset + (rest.len() - rest.trim_start().len());
        if self.form_at(offset) != Form::Shell {
            return None;
        }
        let text = self.args.as_str()[offset..].trim_end();
        let quoted = text
            .strip_prefix('[')
            .map(str::trim_start)
            .is_some_and(|rest| rest.starts_with(['"', '\'']));
        (quoted || json_form::loose_array(text).is_some()).then_some(offset)
    }

    fn form_at(&self, offset: usize) -> Form {
        match json_form::parse(&self.args.as_str()[offset..]) {
            JsonForm::Shell => Form::Shell,
            JsonForm::Exec(strings) => Form::Exec(
                strings
                    .into_iter()
                    .map(|s| Word {
                        text: s.value,
                        range: self.args.source_range(offset + s.start, offset + s.end),
                    })
                    .collect(),
            ),
            JsonForm::NotStrings { start, end } => {
                Form::Invalid(self.args.source_range(offset + start, offset + end))
            }
        }
    }

    /// For `HEALTHCHECK [flags] CMD ...`: the logical offset of the command after `CMD`,
    /// or `None` for `HEALTHCHECK NONE` and for every other instruction.
    fn healthcheck_cmd_offset(&self) -> Option<usize> {
        if self.keyword != Keyword::Healthcheck {
            return None;
        }
        let offset = self.body_offset();
        let body = &self.args.as_str()[offset..];
        let trimmed = body.trim_start();
        let word_len = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
        if !trimmed[..word_len].eq_ignore_ascii_case("CMD") {
            return None;
        }
        Some(offset + (body.len() - trimmed.len()) + word_len)
    }

    /// Whether this is `HEALTHCHECK NONE`.
    pub fn is_healthcheck_none(&self) -> bool {
        self.keyword == Keyword::Healthcheck && self.body().eq_ignore_ascii_case("none")
    }

    /// The command of a `HEALTHCHECK CMD ...`: its form, and its simple commands when
    /// it is in shell form.
    pub fn healthcheck_command(&self) -> Option<(Form, Vec<Command>)> {
        let offset = self.healthcheck_cmd_offset()?;
        let form = self.form_at(offset);
        let commands = match &form {
            Form::Shell => self.commands_from(offset),
            Form::Exec(words) => exec_command(words),
            Form::Invalid(_) => Vec::new(),
        };
        Some((form, commands))
    }

    /// The simple commands this instruction runs: the shell script of a shell-form
    /// `RUN`/`CMD`/`ENTRYPOINT`, the array of an exec form (as one command, or the
    /// script of `["sh", "-c", "..."]`), and heredoc bodies that are scripts.
    pub fn commands(&self, source: &str) -> Vec<Command> {
        let mut commands = match self.form() {
            Form::Shell => self.commands_from(self.body_offset()),
            Form::Exec(words) => exec_command(&words),
            Form::Invalid(_) => Vec::new(),
        };
        if self.keyword == Keyword::Run && !self.heredocs.is_empty() {
            let line_is_only_markers = commands.is_empty();
            let shell_program = commands
                .first()
                .and_then(Command::program)
                .is_some_and(shell::is_posix_shell);
            if line_is_only_markers || shell_program {
                for heredoc in &self.heredocs {
                    commands.extend(heredoc_commands(source, heredoc));
                }
            }
        }
        commands
    }

    fn commands_from(&self, offset: usize) -> Vec<Command> {
        let script = &self.args.as_str()[offset..];
        shell::split(script)
            .into_iter()
            .map(|command| Command {
                assignments: self.words_at(offset, command.assignments),
                words: self.words_at(offset, command.words),
                followed_by: command.followed_by,
                in_heredoc: false,
            })
            .collect()
    }

    fn words_at(&self, offset: usize, words: Vec<shell::ShellWord>) -> Vec<Word> {
        words
            .into_iter()
            .map(|w| Word {
                range: self.args.source_range(offset + w.start, offset + w.end),
                text: w.value,
            })
            .collect()
    }
}

/// An exec-form array as a command; `["sh", "-c", "script"]` is the script's commands.
fn exec_command(words: &[Word]) -> Vec<Command> {
    let is_shell = words
        .first()
        .is_some_and(|w| shell::is_posix_shell(&w.text));
    if is_shell && words.len() >= 3 && words[1].text == "-c" {
        // The script's words have no exact source ranges inside the JSON string; point
        // at the string.
        let script = &words[2];
        return shell::split(&script.text)
            .into_iter()
            .map(|command| {
                let at = |ws: Vec<shell::ShellWord>| {
                    ws.into_iter()
                        .map(|w| Word {
                            text: w.value,
                            range: script.range,
                        })
                        .collect()
                };
                Command {
                    assignments: at(command.assignments),
                    words: at(command.words),
                    followed_by: command.followed_by,
                    in_heredoc: false,
                }
            })
            .collect();
    }
    if words.is_empty() {
        return Vec::new();
    }
    vec![Command {
        assignments: Vec::new(),
        words: words.to_vec(),
        followed_by: None,
        in_heredoc: false,
    }]
}

fn heredoc_commands(source: &str, heredoc: &Heredoc) -> Vec<Command> {
    let body = heredoc.body_range.slice(source);
    let base = heredoc.body_range.start();
    let word = |w: shell::ShellWord| Word {
        text: w.value,
        range: TextRange::new(base + w.start, base + w.end),
    };
    shell::split(body)
        .into_iter()
        .map(|command| Command {
            assignments: command.assignments.into_iter().map(word).collect(),
            words: command.words.into_iter().map(word).collect(),
            followed_by: command.followed_by,
            in_heredoc: true,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::dockerfile::{parse, Form};

    #[test]
    fn flags_and_body() {
        let src = "FROM a\nCOPY --from=build --chown=app:app --link /src /dst\n";
        let df = parse(src);
        let copy = &df.instructions[1];
        let flags = copy.flags();
        assert_eq!(
            flags.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
            ["from", "chown", "link"]
        );
        assert_eq!(flags[1].value.as_deref(), Some("app:app"));
        assert_eq!(flags[1].value_range.map(|r| r.slice(src)), Some("app:app"));
        assert_eq!(copy.body(), "/src /dst");
        let words = copy.body_words();
        assert_eq!(words[0].range.slice(src), "/src");
        assert_eq!(
            copy.flag("from").and_then(|f| f.value).as_deref(),
            Some("build")
        );
    }

    #[test]
    fn exec_shell_and_invalid_forms() {
        let src = "FROM a\nCMD [\"python\", \"app.py\"]\nCMD python app.py\nCMD [ \"echo\", [ \"x\" ] ]\nRUN [ \"broken\n";
        let df = parse(src);
        match df.instructions[1].form() {
            Form::Exec(words) => {
                assert_eq!(words[1].text, "app.py");
                assert_eq!(words[1].range.slice(src), "\"app.py\"");
            }
            other => panic!("expected exec form, got {other:?}"),
        }
        assert_eq!(df.instructions[2].form(), Form::Shell);
        match df.instructions[3].form() {
            Form::Invalid(range) => assert_eq!(range.slice(src), "[ \"x\" ]"),
            other => panic!("expected invalid, got {other:?}"),
        }
        // Invalid JSON falls back to the shell form.
        assert_eq!(df.instructions[4].form(), Form::Shell);
    }

    #[test]
    fn run_commands_with_positions_and_heredocs() {
        let src = "FROM a\nRUN --mount=type=cache,target=/root/.cache \\\n    apt-get update && apt-get install -y curl\nRUN <<EOF\nset -e\npip install flask\nEOF\nRUN cat <<EOF > /etc/x\npip install not-a-command\nEOF\n";
        let df = parse(src);
        let cmds = df.instructions[1].commands(src);
        assert_eq!(cmds.len(), 2);
        assert_eq!(cmds[1].program(), Some("apt-get"));
        assert_eq!(cmds[1].words[3].range.slice(src), "curl");
        let heredoc = df.instructions[2].commands(src);
        assert_eq!(heredoc.len(), 2);
        assert!(heredoc[1].in_heredoc);
        assert_eq!(heredoc[1].words[2].range.slice(src), "flask");
        let data = df.instructions[3].commands(src);
        assert_eq!(data.len(), 1);
        assert_eq!(data[0].program(), Some("cat"));
    }

    #[test]
    fn healthcheck_commands() {
        let src = "FROM a\nHEALTHCHECK --interval=5s CMD curl -f http://localhost/ || exit 1\nHEALTHCHECK NONE\nHEALTHCHECK CMD [\"/bin/probe\", \"-q\"]\n";
        let df = parse(src);
        let (form, cmds) = df.instructions[1].healthcheck_command().expect("cmd");
        assert_eq!(form, Form::Shell);
        assert_eq!(cmds[0].program(), Some("curl"));
        assert!(df.instructions[2].is_healthcheck_none());
        assert!(df.instructions[2].healthcheck_command().is_none());
        let (form, cmds) = df.instructions[3].healthcheck_command().expect("cmd");
        assert!(matches!(form, Form::Exec(_)));
        assert_eq!(cmds[0].program(), Some("probe"));
        // A `RUN` whose program happens to be called `cmd` is not a health check.
        let src = "FROM a\nRUN cmd [\"x\", 1]\n";
        let df = parse(src);
        assert!(df.instructions[1].healthcheck_command().is_none());
        assert!(df.errors.is_empty(), "{:?}", df.errors);
    }

    #[test]
    fn exec_form_shell_c_is_a_script() {
        let src = "FROM a\nRUN [\"/bin/sh\", \"-c\", \"apt-get update && apt-get install -y x\"]\n";
        let df = parse(src);
        let cmds = df.instructions[1].commands(src);
        assert_eq!(cmds.len(), 2);
        assert_eq!(cmds[1].args()[0].text, "install");
    }
}
