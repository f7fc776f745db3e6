use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::{Edit, Fix};
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags `RUN`, `CMD`, `ENTRYPOINT`, `SHELL`, `COPY`, `ADD` or `VOLUME` arguments that
    /// start with `[` but are not valid JSON, such as `CMD ['python', 'app.py']`.
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
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// CMD ["python", "app.py"]
    /// ENTRYPOINT ["gunicorn", "app:app"]
    /// ```
    ///
    /// ## Fix safety
    /// `['a', 'b']` becomes `["a", "b"]` (safe). Where the intended command is not
    /// clear (a missing comma, pseudo-code such as `["uvicorn" if ... else "gunicorn"]`)
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
        sources: [Source::inspired(Tool::Hadolint, "DL3025")],
        fixes: [Safe],
        references: [],
    }
}

impl InvalidJsonForm {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for instruction in ctx.dockerfile.instructions_and_triggers() {
            if !instruction.meant_as_json() {
                continue;
            }
            let body = instruction.body();
            let offset = instruction.body_offset();
            let range = instruction.args.source_range(offset, offset + body.len());
            let hint = if body.contains('\'') {
                "JSON strings need double quotes: write [\"a\", \"b\"], not ['a', 'b']"
            } else {
                "Check the quotes, commas and the closing `]`: each element must be a double-quoted string"
            };
            // `['a', 'b']` → `["a", "b"]` when that reads as a JSON array of strings
            // (and no element holds a quote of its own).
            let swapped = body.replace('\'', "\"");
            let exec = matches!(
                crate::dockerfile::syntax::json_form::parse(&swapped),
                crate::dockerfile::syntax::json_form::JsonForm::Exec(_)
            );
            let fix = (exec
                && body.contains('\'')
                && !body.contains('"')
                && range.slice(ctx.source) == body)
                .then(|| {
                    Fix::safe(
                        "Use double quotes",
                        vec![Edit::replace(range, swapped.clone())],
                    )
                });
            out.push(
                Diagnostic::new(
                    &Self::META,
                    range,
                    format!(
                        "This looks like the exec form but is not valid JSON, so `{}` runs it through `/bin/sh -c` as one string",
                        instruction.keyword
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
            ])
            .fail(&[
                "FROM a\nCMD ['python', 'app.py']",
                "FROM a\nENTRYPOINT [\"gunicorn\" \"app:app\"]",
                "FROM a\nCMD [\"unterminated\n",
                "FROM a\nONBUILD CMD ['node', 'server.js']",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
