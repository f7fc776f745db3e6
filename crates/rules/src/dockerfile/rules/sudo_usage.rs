use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags `sudo` in a `RUN` command.
    ///
    /// ## Why is this bad?
    /// Build steps already run as the current `USER`; switch with `USER root` for the
    /// steps that need it. `sudo` in an image means a setuid-root binary and usually a
    /// sudoers entry that lets the app's user become root at runtime.
    ///
    /// ## Example
    /// ```dockerfile
    /// USER app
    /// RUN sudo apt-get install -y curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// USER root
    /// RUN apt-get install -y curl
    /// USER app
    /// ```
    pub struct SudoUsage {
        code: "DF202",
        name: "sudo-usage",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: Some(Checklist::NonRoot),
        sources: [
            Source::same(Tool::Hadolint, "DL3004"),
            Source::same(Tool::Tally, "hadolint/DL3004"),
        ],
        references: [],
    }
}

impl SudoUsage {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for (_, _, command) in ctx.shell_commands() {
            if command.program() == Some("sudo") {
                out.push(
                    Diagnostic::new(&Self::META, command.words[0].range, "`sudo` in a build step: switch users with `USER` instead")
                        .with_help("Use `USER root` before the step and `USER <uid>` after it; do not install sudo in the image"),
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
        let rendered = RuleTest::new(&super::SudoUsage::META)
            .pass(&[
                "FROM a\nRUN echo sudo",
                "FROM a\nRUN apt-get install -y sudo",
            ])
            .fail(&[
                "FROM a\nRUN sudo apt-get update",
                "FROM a\nRUN true && sudo -u x id",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
