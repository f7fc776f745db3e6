use crate::dockerfile::Keyword;
use crate::engine::diagnostic::Diagnostic;
use crate::dockerfile::Form;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags a shell-form `RUN` with a pipe (`a | b`) when the shell does not run with
    /// `pipefail` (no `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`, no `set -o pipefail`).
    ///
    /// ## Why is this bad?
    /// `/bin/sh -c` reports only the exit status of the *last* command of a pipe: in
    /// `curl -fsSL $URL | tar -xz`, a failed download still "succeeds" if `tar` exits 0,
    /// and the build goes on with a broken or empty layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN curl -fsSL https://example.com/app.tgz | tar -xz -C /opt
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    /// RUN curl -fsSL https://example.com/app.tgz | tar -xz -C /opt
    /// ```
    pub struct MissingPipefail {
        code: "DF321",
        name: "missing-pipefail",
        severity: Info,
        file_kind: Dockerfile,
        checklist: None,
        sources: [Source::same(Tool::Hadolint, "DL4006")],
        whole_file: true,
        references: [],
    }
}

impl MissingPipefail {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &ctx.model.stages {
            if stage.non_posix_shell() {
                continue;
            }
            let mut shell_has_pipefail = ctx
                .model
                .ancestry(stage)
                .iter()
                .skip(1)
                .any(|s| s.all(Keyword::Shell).any(|i| i.body().contains("pipefail")));
            let triggers = stage
                .instructions
                .iter()
                .filter_map(|i| i.trigger.as_deref());
            for instruction in stage
                .instructions
                .iter()
                .chain(triggers.filter(|t| t.keyword == Keyword::Run))
            {
                if instruction.keyword == Keyword::Shell {
                    shell_has_pipefail = instruction.body().contains("pipefail");
                    continue;
                }
                if instruction.keyword != Keyword::Run
                    || shell_has_pipefail
                    || instruction.form() != Form::Shell
                {
                    continue;
                }
                let commands = instruction.commands(ctx.source);
                let sets_pipefail = commands.iter().any(|c| {
                    c.program() == Some("set")
                        && c.args()
                            .iter()
                            .any(|w| w.text == "pipefail" || w.text.contains("pipefail"))
                });
                if sets_pipefail {
                    continue;
                }
                if let Some(pipe) = commands.iter().find(|c| c.followed_by == Some("|")) {
                    let Some(range) = pipe.range() else { continue };
                    out.push(
                        Diagnostic::new(&Self::META, range, "This pipe hides failures: `/bin/sh` only reports the exit status of the last command")
                            .with_help("Add `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before this `RUN` (or start the command with `set -o pipefail &&` where the shell supports it)"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::MissingPipefail::META)
            .pass(&[
                "FROM a\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl x | tar -x",
                "FROM a\nRUN set -o pipefail && curl x | tar -x",
                "FROM a\nRUN set -eux -o pipefail; curl x | tar -x",
                "FROM a\nRUN curl x || true",
            ])
            .fail(&[
                "FROM a\nRUN curl -fsSL https://e.com/app.tgz | tar -xz -C /opt",
                "FROM a\nONBUILD RUN curl -fsSL https://e.com/app.tgz | tar -xz -C /opt",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
