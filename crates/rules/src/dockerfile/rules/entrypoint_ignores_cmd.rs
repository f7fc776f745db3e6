use crate::dockerfile::Keyword;
use crate::engine::diagnostic::Diagnostic;
use crate::dockerfile::Form;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags a shell-form `ENTRYPOINT` in a stage that also has a `CMD` (its own or
    /// inherited).
    ///
    /// ## Why is this bad?
    /// With `ENTRYPOINT python app.py`, Docker runs `/bin/sh -c "python app.py" <CMD...>`:
    /// the `CMD` values become arguments of `sh`, not of the app, and are silently
    /// ignored. The same happens to `args:` in a Kubernetes pod spec.
    ///
    /// ## Example
    /// ```dockerfile
    /// ENTRYPOINT python app.py
    /// CMD ["--port", "8080"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ENTRYPOINT ["python", "app.py"]
    /// CMD ["--port", "8080"]
    /// ```
    ///
    /// ## References
    /// - Docker docs: "Understand how CMD and ENTRYPOINT interact"
    pub struct EntrypointIgnoresCmd {
        code: "DF008",
        name: "entrypoint-ignores-cmd",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: None,
        sources: [Source::inspired(Tool::Tally, "buildkit/JSONArgsRecommended")],
        whole_file: true,
        references: [],
    }
}

impl EntrypointIgnoresCmd {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &ctx.model.stages {
            let Some(entrypoint) = stage.last(Keyword::Entrypoint) else {
                continue;
            };
            if entrypoint.form() != Form::Shell
                || entrypoint.body().is_empty()
                || stage.non_posix_shell()
            {
                continue;
            }
            let Some(cmd) = ctx.model.effective(stage, Keyword::Cmd) else {
                continue;
            };
            let cmd_line = ctx.line_of(cmd.keyword_range.start());
            out.push(
                Diagnostic::new(
                    &Self::META,
                    entrypoint.keyword_range,
                    format!("A shell-form `ENTRYPOINT` ignores `CMD` (line {cmd_line}): its values never reach the app"),
                )
                .with_help("Write the `ENTRYPOINT` in exec form, `ENTRYPOINT [\"program\", \"arg\"]`, so `CMD` supplies its default arguments"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::EntrypointIgnoresCmd::META)
            .pass(&[
                "FROM a\nENTRYPOINT [\"python\", \"app.py\"]\nCMD [\"--port\", \"80\"]",
                "FROM a\nENTRYPOINT python app.py",
            ])
            .fail(&[
                "FROM a\nENTRYPOINT python app.py\nCMD [\"--port\", \"80\"]",
                "FROM a AS base\nCMD [\"x\"]\nFROM base\nENTRYPOINT run.sh",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
