use crate::dockerfile::{DockerfileContext, Form, Keyword};
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};

declare_rule! {
    /// ## What it does
    /// Flags `export`, `local`, `readonly` or `declare` given a value from a command
    /// substitution in a `RUN`: `export GNUPGHOME="$(mktemp -d)"`.
    ///
    /// ## Why is this bad?
    /// The exit status of `export NAME="$(cmd)"` is `export`'s own, always 0, so a
    /// failing `cmd` is hidden: `set -e` does not stop the build and `&&` goes on, with
    /// the variable empty, and the next command works on the wrong path. Assigning
    /// first keeps the status (SC2155 in `ShellCheck`).
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN set -eux; export GNUPGHOME="$(mktemp -d)"; gpg --batch --recv-keys "$KEY"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN set -eux; GNUPGHOME="$(mktemp -d)"; export GNUPGHOME; gpg --batch --recv-keys "$KEY"
    /// ```

    pub struct ExportMasksFailure {
        code: "DF323",
        name: "export-masks-failure",
        severity: Info,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::same(Tool::Hadolint, "SC2155"),
            Source::same(Tool::Tally, "shellcheck/SC2155"),
        ],
        references: [],
    }
}

impl ExportMasksFailure {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &ctx.model.stages {
            if stage.non_posix_shell() {
                continue;
            }
            for instruction in stage.all(Keyword::Run) {
                if instruction.form() != Form::Shell {
                    continue;
                }
                for command in instruction.commands(ctx.source) {
                    let Some(program @ ("export" | "local" | "readonly" | "declare")) =
                        command.program()
                    else {
                        continue;
                    };
                    let Some(word) = command.args().iter().find(|w| {
                        w.text
                            .split_once('=')
                            .is_some_and(|(_, value)| value.contains("$(") || value.contains('`'))
                    }) else {
                        continue;
                    };
                    let name = word.text.split('=').next().unwrap_or_default();
                    out.push(
                        Diagnostic::new(
                            &Self::META,
                            word.range,
                            format!("`{program}` hides the exit status of the command that sets `{name}`: if it fails, the build goes on with `{name}` empty"),
                        )
                        .with_help(format!("Assign first, then `{program}` the name: `{name}=\"$(…)\"; {program} {name}`")),
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
        let rendered = RuleTest::new(&super::ExportMasksFailure::META)
            .pass(&[
                "FROM a\nRUN GNUPGHOME=\"$(mktemp -d)\"; export GNUPGHOME",
                "FROM a\nRUN export PATH=\"/opt/bin:$PATH\"",
                "FROM a\nSHELL [\"pwsh\", \"-Command\"]\nRUN export X=$(y)",
            ])
            .fail(&[
                "FROM a\nRUN set -ex; \\\n\texport GNUPGHOME=\"$(mktemp -d)\"; \\\n\tgpg --batch --recv-keys \"$key\"",
                "FROM a\nRUN export VERSION=`cat VERSION` && make",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
