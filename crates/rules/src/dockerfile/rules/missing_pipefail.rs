use crate::dockerfile::Keyword;
use crate::engine::diagnostic::Diagnostic;
use crate::dockerfile::syntax::shell::pipe_in_substitution;
use crate::dockerfile::{Command, Form, Word};
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
        sources: [
            Source::same(Tool::Hadolint, "DL4006"),
            Source::same(Tool::Tally, "hadolint/DL4006"),
        ],
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
                let help = "Add `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before this `RUN` (or start the command with `set -o pipefail &&` where the shell supports it)";
                if let Some(pipe) = commands.iter().find(|c| c.followed_by == Some("|")) {
                    let Some(range) = pipe.range() else { continue };
                    out.push(
                        Diagnostic::new(&Self::META, range, "This pipe hides failures: `/bin/sh` only reports the exit status of the last command")
                            .with_help(help),
                    );
                } else if let Some(word) = commands
                    .iter()
                    .flat_map(assigned_words)
                    .find(|w| pipe_in_substitution(&w.text).is_some())
                {
                    out.push(
                        Diagnostic::new(&Self::META, word.range, "The pipe in this `$(…)` hides failures: the variable gets the output, and the assignment the exit status, of the last command only")
                            .with_help(help),
                    );
                }
            }
        }
    }
}

/// The words of `command` that assign a variable, whose exit status is that of the
/// command substitutions in them: `x=$(…)` before or as a command, and the arguments of
/// `export`, `local`, `readonly` and `declare`.
fn assigned_words(command: &Command) -> impl Iterator<Item = &Word> {
    let declares = matches!(
        command.program(),
        Some("export" | "local" | "readonly" | "declare")
    );
    command.assignments.iter().chain(
        command
            .args()
            .iter()
            .filter(move |w| declares && w.text.contains('=')),
    )
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
                "FROM a\nRUN for f in $(ls | sort); do echo $f; done",
                "FROM a\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN d=\"$(echo x | tr -d 3)\"",
            ])
            .fail(&[
                "FROM a\nRUN curl -fsSL https://e.com/app.tgz | tar -xz -C /opt",
                "FROM a\nONBUILD RUN curl -fsSL https://e.com/app.tgz | tar -xz -C /opt",
                "FROM a\nRUN set -eux; for s in pip3 python3; do d=\"$(echo \"$s\" | tr -d 3)\"; ln -s \"$s\" \"$d\"; done",
                "FROM a\nRUN export V=$(curl -fsS https://e.com/v | head -1) && echo $V",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
