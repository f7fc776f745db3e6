use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::{Edit, Fix};
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::dockerfile::syntax::json_form::{self, JsonForm};
use crate::dockerfile::{DockerfileContext, Keyword};

declare_rule! {
    /// ## What it does
    /// Flags `RUN`, `CMD`, `ENTRYPOINT`, `SHELL`, `COPY`, `ADD`, `VOLUME` or
    /// `HEALTHCHECK CMD` arguments that read as an array but are not valid JSON, such as
    /// `CMD ['python', 'app.py']`, `CMD [python, app.py]` (words without quotes) or
    /// `CMD [x"python", "app.py"]` (text before a quote).
    ///
    /// ## Why is this bad?
    /// Docker does not report the mistake: text that is not valid JSON silently falls back
    /// to the shell form, so `CMD ['python', 'app.py']` runs
    /// `/bin/sh -c "['python', 'app.py']"`, which fails at container start with a
    /// confusing "not found" error. JSON needs double quotes and commas.
    ///
    /// ## Example
    /// ```dockerfile
    /// CMD ['python', 'app.py']
    /// ENTRYPOINT ["gunicorn" "app:app"]
    /// HEALTHCHECK CMD [curl, -f, http://localhost/]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// CMD ["python", "app.py"]
    /// ENTRYPOINT ["gunicorn", "app:app"]
    /// HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]
    /// ```
    ///
    /// ## Fix safety
    /// `['a', 'b']` becomes `["a", "b"]` (safe). Plain words without quotes,
    /// `[python, app.py]`, are quoted to `["python", "app.py"]` (unsafe: the command
    /// that never ran now runs, so check it is the one meant). Where the intended command is not
    /// clear (text before a quote, `[x"a", "b"]`, a missing comma, pseudo-code such as `["uvicorn" if ... else "gunicorn"]`)
    /// there is no fix; `--fix` leaves a `# bulkhead: DF004` comment above the line, so
    /// the fixed file says what is left for a person to do.
    ///
    /// ## References
    /// - BuildKit parser: invalid JSON arrays fall back to the shell form
    pub struct InvalidJsonForm {
        code: "DF004",
        name: "invalid-json-form",
        severity: Error,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::inspired(Tool::Hadolint, "DL3025"),
            Source::same(Tool::Tally, "tally/invalid-json-form"),
        ],
        fixes: [Safe, Unsafe],
        references: [],
    }
}

/// A plain word, safe to put between double quotes as it is: no quotes, escapes,
/// variables, brackets or blanks.
fn plain_word(word: &str) -> bool {
    !word.is_empty()
        && !word.contains(|c: char| {
            c.is_whitespace() || matches!(c, '"' | '\'' | '\\' | '$' | '[' | ']' | '{' | '}' | '`')
        })
}

impl InvalidJsonForm {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for instruction in ctx.dockerfile.instructions_and_triggers() {
            let Some(offset) = instruction.meant_as_json_at() else {
                continue;
            };
            let body = instruction.args.as_str()[offset..].trim_end();
            let range = instruction.args.source_range(offset, offset + body.len());
            let one_line = range.slice(ctx.source) == body;
            let loose = json_form::loose_array(body);
            let words = loose
                .as_ref()
                .filter(|elements| elements.iter().all(|e| plain_word(e)));
            let hint = if let Some(words) = words {
                format!(
                    "Each element must be a double-quoted string: write [{}]",
                    words
                        .iter()
                        .map(|w| format!("\"{w}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            } else if let Some(stray) = loose.iter().flatten().find(|e| {
                let quoted = e.len() > 1 && e.starts_with('"') && e.ends_with('"');
                !(plain_word(e) || quoted)
            }) {
                format!("`{stray}` is not a JSON string: each element must be only a double-quoted string, with nothing before or after its quotes")
            } else if body.contains('\'') {
                "JSON strings need double quotes: write [\"a\", \"b\"], not ['a', 'b']".into()
            } else {
                "Check the quotes, commas and the closing `]`: each element must be a double-quoted string".into()
            };
            // `['a', 'b']` → `["a", "b"]` when that reads as a JSON array of strings
            // (and no element holds a quote of its own).
            let swapped = body.replace('\'', "\"");
            let exec = matches!(json_form::parse(&swapped), JsonForm::Exec(_));
            let fix = if exec && body.contains('\'') && !body.contains('"') && one_line {
                Some(Fix::safe(
                    "Use double quotes",
                    vec![Edit::replace(range, swapped.clone())],
                ))
            } else {
                // `[python, app.py]` → `["python", "app.py"]`.
                words.filter(|_| one_line).map(|words| {
                    let quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
                    Fix::unsafe_(
                        "Quote each word",
                        vec![Edit::replace(range, format!("[{}]", quoted.join(", ")))],
                    )
                })
            };
            let keyword = if instruction.keyword == Keyword::Healthcheck {
                format!("{} CMD", instruction.keyword)
            } else {
                instruction.keyword.to_string()
            };
            out.push(
                Diagnostic::new(
                    &Self::META,
                    range,
                    format!(
                        "This looks like the exec form but is not valid JSON, so `{keyword}` runs it through `/bin/sh -c` as one string"
                    ),
                )
                .with_help(hint)
                .with_fix_opt(fix),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::InvalidJsonForm::META)
            .pass(&[
                "FROM a\nCMD [\"python\", \"app.py\"]",
                "FROM a\nRUN [ -f x ] || echo missing",
                "FROM a\nCMD python app.py",
                "FROM a\nRUN [ -n \"$A\" ] || exit 1",
                "FROM a\nHEALTHCHECK CMD [\"curl\", \"-f\", \"http://localhost/\"]",
                "FROM a\nHEALTHCHECK CMD [ -f /tmp/ready ]",
            ])
            .fail(&[
                "FROM a\nCMD ['python', 'app.py']",
                "FROM a\nENTRYPOINT [\"gunicorn\" \"app:app\"]",
                "FROM a\nCMD [\"unterminated\n",
                "FROM a\nONBUILD CMD ['node', 'server.js']",
                "FROM a\nCMD [python, app.py]",
                "FROM a\nENTRYPOINT [x\"python\", \"app.py\"]",
                "FROM a\n# the packages\nRUN [pip, install, flask]",
                "FROM a\nSHELL [/bin/bash, -c]",
                "FROM a\nHEALTHCHECK --interval=30s CMD [curl, -f, http://localhost/]",
                "FROM a\nHEALTHCHECK CMD ['curl', '-f', 'http://localhost/']",
                "FROM a\nCMD [echo, $HOME]",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
