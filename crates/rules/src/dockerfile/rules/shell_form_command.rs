use crate::dockerfile::Keyword;
use crate::engine::diagnostic::Diagnostic;
use crate::dockerfile::Form;
use crate::engine::fix::{Edit, Fix};
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::dockerfile::DockerfileContext;
use crate::engine::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Flags `CMD` and `ENTRYPOINT` in shell form (`CMD python app.py`) in the stage that
    /// ships.
    ///
    /// ## Why is this bad?
    /// The shell form runs `/bin/sh -c "python app.py"`: the shell becomes PID 1 and does
    /// not forward `SIGTERM`, so `docker stop` and Kubernetes wait for the grace period
    /// and then kill the app without a clean shutdown. It also needs a shell in the image,
    /// which distroless, Chainguard and scratch images do not have.
    ///
    /// ## Example
    /// ```dockerfile
    /// CMD python app.py
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// CMD ["python", "app.py"]
    /// ```
    ///
    /// ## Fix safety
    /// `CMD python app.py` becomes `CMD ["python", "app.py"]` (safe) when the shell would
    /// only split words: no variables, operators, redirections, globs or escapes;
    /// otherwise there is no fix. For `ENTRYPOINT` the same fix is unsafe: in exec form
    /// it receives `CMD` as arguments, which the shell form ignored.
    pub struct ShellFormCommand {
        code: "DF007",
        name: "shell-form-command",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::same(Tool::Hadolint, "DL3025"),
            Source::same(Tool::BuildKit, "JSONArgsRecommended"),
            Source::same(Tool::Tally, "buildkit/JSONArgsRecommended"),
        ],
        fixes: [Safe, Unsafe],
        whole_file: true,
        references: [],
    }
}

/// The exec form of a command line, when the shell would do nothing to it but split
/// words: no variables, globs, operators, redirections or escapes.
/// For `ENTRYPOINT` the fix is unsafe: in exec form it receives `CMD` as arguments,
/// which the shell form ignored.
fn exec_form_fix(
    source: &str,
    range: TextRange,
    body: &str,
    words: &[String],
    keyword: Keyword,
) -> Option<Fix> {
    let plain = !body.contains([
        '$', '`', '\\', '|', '&', ';', '<', '>', '(', ')', '*', '?', '[', ']', '{', '}', '~', '#',
        '!',
    ]);
    let exec = format!("[{}]", words.join(", "));
    (plain && !words.is_empty() && range.slice(source) == body).then(|| {
        let message = format!("Use the exec form, `{exec}`");
        let edits = vec![Edit::replace(range, exec)];
        if keyword == Keyword::Entrypoint {
            Fix::unsafe_(message, edits)
        } else {
            Fix::safe(message, edits)
        }
    })
}

impl ShellFormCommand {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &ctx.model.stages {
            if stage.non_posix_shell() {
                continue;
            }
            for keyword in [Keyword::Cmd, Keyword::Entrypoint] {
                let Some(instruction) = stage.last(keyword) else {
                    continue;
                };
                if instruction.form() != Form::Shell
                    || instruction.body().starts_with('[')
                    || instruction.body().is_empty()
                {
                    continue;
                }
                let words: Vec<String> = instruction
                    .unquoted_body_words()
                    .into_iter()
                    .map(|w| format!("\"{}\"", w.text.replace('"', "\\\"")))
                    .collect();
                let offset = instruction.body_offset();
                let range = instruction
                    .args
                    .source_range(offset, offset + instruction.body().len());
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        range,
                        format!("Shell-form `{keyword}` runs under `/bin/sh -c`, so the app does not receive SIGTERM and cannot shut down cleanly"),
                    )
                    .with_help(format!("Use the exec form: `{keyword} [{}]`", words.join(", ")))
                    .with_fix_opt(exec_form_fix(ctx.source, range, instruction.body(), &words, keyword)),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::ShellFormCommand::META)
            .pass(&[
                "FROM a\nCMD [\"python\", \"app.py\"]",
                "FROM a\nSHELL [\"powershell\", \"-Command\"]\nCMD Write-Host hi",
                "FROM a\nCMD python one.py\nCMD [\"python\", \"two.py\"]",
            ])
            .fail(&[
                "FROM a\nCMD python app.py",
                "FROM a\nENTRYPOINT exec gunicorn \"app:create()\"",
                "FROM a\nENTRYPOINT gunicorn app:app",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
