//! The checks BuildKit's parser makes before it builds anything: a file with no
//! instructions, missing arguments, `ENV key` without a value, exec forms that are not
//! arrays of strings. Each becomes a [`ParseError`] with a position; the rest of the
//! file is still read.

use super::instruction::Form;
use super::tree::{Dockerfile, Instruction, Keyword, ParseError};
use crate::engine::text::TextRange;

/// Instructions that need at least one argument.
const NEED_ARGUMENTS: &[Keyword] = &[
    Keyword::Add,
    Keyword::Arg,
    Keyword::Copy,
    Keyword::Env,
    Keyword::Expose,
    Keyword::From,
    Keyword::Label,
    Keyword::Maintainer,
    Keyword::Onbuild,
    Keyword::Run,
    Keyword::Shell,
    Keyword::Stopsignal,
    Keyword::User,
    Keyword::Volume,
    Keyword::Workdir,
];

pub(super) fn validate(source: &str, dockerfile: &mut Dockerfile) {
    if dockerfile.instructions.is_empty() {
        dockerfile.errors.push(ParseError {
            message: no_instructions_message(source),
            range: first_line(source),
        });
        return;
    }
    let mut errors = Vec::new();
    for instruction in &dockerfile.instructions {
        check_instruction(instruction, &mut errors);
        if let Some(trigger) = &instruction.trigger {
            if let Some(why) = forbidden_trigger(trigger.keyword) {
                errors.push(ParseError {
                    message: why.to_owned(),
                    range: trigger.keyword_range,
                });
            } else {
                check_instruction(trigger, &mut errors);
            }
        }
    }
    dockerfile.errors.extend(errors);
}

/// BuildKit refuses these as `ONBUILD` triggers.
fn forbidden_trigger(keyword: Keyword) -> Option<&'static str> {
    match keyword {
        Keyword::Onbuild => Some("`ONBUILD ONBUILD` is not allowed: a trigger cannot register another trigger"),
        Keyword::From => Some("`FROM` is not allowed as an `ONBUILD` trigger: a trigger runs inside the child's build stage"),
        Keyword::Maintainer => Some("`MAINTAINER` is not allowed as an `ONBUILD` trigger: use `LABEL` in the child image"),
        _ => None,
    }
}

fn no_instructions_message(source: &str) -> String {
    let what = if source.trim_start_matches('\u{FEFF}').trim().is_empty() {
        "The Dockerfile is empty"
    } else {
        "The Dockerfile holds only comments and blank lines"
    };
    format!("{what}: a build needs at least one instruction, starting with `FROM <image>`")
}

/// The first non-blank line, or an empty range at the start of an empty file.
fn first_line(source: &str) -> TextRange {
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start_matches('\u{FEFF}').trim();
        if !trimmed.is_empty() {
            let start = offset + content.find(trimmed).unwrap_or(0);
            return TextRange::new(start, start + trimmed.len());
        }
        offset += line.len();
    }
    TextRange::new(0, 0)
}

fn check_instruction(instruction: &Instruction, errors: &mut Vec<ParseError>) {
    let keyword = instruction.keyword;
    let body = instruction.body();
    if body.is_empty() && instruction.heredocs.is_empty() && NEED_ARGUMENTS.contains(&keyword) {
        errors.push(ParseError {
            message: format!("`{keyword}` needs at least one argument"),
            range: instruction.keyword_range,
        });
        return;
    }
    match keyword {
        Keyword::Env => check_env(instruction, errors),
        Keyword::From => check_from(instruction, errors),
        _ => {}
    }
    if let Form::Invalid(range) = instruction.form() {
        errors.push(ParseError {
            message: format!(
                "The exec form of `{keyword}` must be a JSON array of strings; this element is not a string (nested arrays and numbers are not allowed)"
            ),
            range,
        });
    }
    if let Some((Form::Invalid(range), _)) = instruction.healthcheck_command() {
        errors.push(ParseError {
            message: "The exec form of `HEALTHCHECK CMD` must be a JSON array of strings".into(),
            range,
        });
    }
}

/// `ENV key value` (old form, one pair) or `ENV k=v k2=v2`. `ENV key` alone is an error.
fn check_env(instruction: &Instruction, errors: &mut Vec<ParseError>) {
    let words = instruction.body_words();
    let Some(first) = words.first() else { return };
    if words.len() == 1 && !first.text.contains('=') {
        errors.push(ParseError {
            message: format!(
                "`ENV {}` has no value: write `ENV {}=<value>` (an empty value is `ENV {}=\"\"`)",
                first.text, first.text, first.text
            ),
            range: first.range,
        });
    }
}

/// `FROM [--platform=...] image [AS name]`: one or three arguments.
fn check_from(instruction: &Instruction, errors: &mut Vec<ParseError>) {
    let words = instruction.body_words();
    let valid = match words.len() {
        1 => true,
        3 => words[1].text.eq_ignore_ascii_case("as"),
        _ => false,
    };
    if !valid {
        let range = words
            .first()
            .zip(words.last())
            .map_or(instruction.keyword_range, |(a, b)| a.range.cover(b.range));
        errors.push(ParseError {
            message: "`FROM` takes an image and optionally `AS <name>`: `FROM <image> [AS <name>]`"
                .into(),
            range,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::dockerfile::parse;

    fn errors(src: &str) -> Vec<(String, String)> {
        parse(src)
            .errors
            .into_iter()
            .map(|e| (e.range.slice(src).to_owned(), e.message))
            .collect()
    }

    #[test]
    fn empty_and_comment_only_files() {
        let empty = errors("");
        assert_eq!(empty.len(), 1);
        assert!(empty[0].1.contains("empty"), "{empty:?}");
        let comments = errors("# Hello\n# just comments\n\n");
        assert_eq!(comments[0].0, "# Hello");
        assert!(comments[0].1.contains("only comments"));
    }

    #[test]
    fn a_fragment_is_one_stage_for_the_rules() {
        use crate::dockerfile::{parse, Model};
        let source = "RUN apt-get install curl\nCMD python app.py\n";
        let parsed = parse(source);
        let model = Model::new(source, &parsed);
        assert_eq!(model.stages.len(), 1);
        assert!(model.stages[0].fragment && model.stages[0].in_shipped_image);
        assert_eq!(model.stages[0].runs().len(), 1);
        let codes: Vec<_> = crate::Linter::new()
            .lint(crate::FileKind::Dockerfile, source)
            .into_iter()
            .map(|d| d.code)
            .collect();
        for code in ["DF013", "DF301", "DF007"] {
            assert!(codes.contains(&code), "{code} in {codes:?}");
        }
        // Nothing about the whole image: its user, health check or build tools.
        for code in ["DF200", "DF500", "DF104"] {
            assert!(!codes.contains(&code), "{code} in {codes:?}");
        }
    }

    #[test]
    fn onbuild_triggers_are_validated() {
        let found = errors(
            "FROM a\nONBUILD ONBUILD RUN x\nONBUILD from b\nONBUILD ENV PATH\nONBUILD RUN x\n",
        );
        let texts: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["ONBUILD", "from", "PATH"]);
        assert!(found[0].1.contains("ONBUILD ONBUILD"), "{found:?}");
    }

    #[test]
    fn env_without_value() {
        let found = errors("FROM busybox\n\nENV PATH\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "PATH");
        assert!(errors("FROM a\nENV A=1 B=2\nENV C d e\n").is_empty());
    }

    #[test]
    fn nested_json_and_missing_arguments() {
        let found = errors("CMD [ \"echo\", [ \"nested json\" ] ]");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "[ \"nested json\" ]");
        let found = errors("FROM a\nRUN\nFROM a b\n");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0, "RUN");
        assert_eq!(found[1].0, "a b");
        assert!(errors("FROM a AS b\nCMD\nENTRYPOINT []\n").is_empty());
    }
}
