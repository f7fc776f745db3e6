use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags `cd` used in a `RUN` command to change directory.
    ///
    /// ## Why is this bad?
    /// The directory change lasts only for that `RUN`; later instructions run elsewhere,
    /// which confuses readers and makes relative paths fragile. `WORKDIR` sets the
    /// directory for every following instruction and creates it if needed.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN cd /app && make
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// WORKDIR /app
    /// RUN make
    /// ```
    pub struct CdInRun {
        code: "DF322",
        name: "cd-in-run",
        severity: Info,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::same(Tool::Hadolint, "DL3003"),
            Source::same(Tool::Tally, "hadolint/DL3003"),
        ],
        references: [],
    }
}

impl CdInRun {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        let mut last_instruction = None;
        for (_, instruction, command) in ctx.shell_commands() {
            if command.program() != Some("cd") || command.in_heredoc {
                continue;
            }
            // One finding per RUN is enough.
            if last_instruction.is_some_and(|last| std::ptr::eq(last, *instruction)) {
                continue;
            }
            last_instruction = Some(*instruction);
            out.push(
                Diagnostic::new(
                    &Self::META,
                    command.words[0].range,
                    "`cd` in a `RUN` only lasts for this instruction",
                )
                .with_help(
                    "Use `WORKDIR <dir>` to set the directory for the following instructions",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::CdInRun::META)
            .pass(&["FROM a\nWORKDIR /app\nRUN make", "FROM a\nRUN echo cd"])
            .fail(&[
                "FROM a\nRUN cd /app && make",
                "FROM a\nRUN make && cd .. && cd x",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
