use crate::dockerfile::Keyword;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags a stage with more than one `CMD`, `ENTRYPOINT` or `HEALTHCHECK`.
    ///
    /// ## Why is this bad?
    /// Only the last one takes effect; the earlier ones are dead code that readers (and
    /// reviewers) may believe in.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// CMD ["python", "worker.py"]
    /// CMD ["python", "app.py"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// CMD ["python", "app.py"]
    /// ```
    pub struct RepeatedInstruction {
        code: "DF006",
        name: "repeated-instruction",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::same(Tool::Hadolint, "DL4003"),
            Source::same(Tool::Hadolint, "DL4004"),
            Source::same(Tool::Hadolint, "DL3012"),
            Source::same(Tool::BuildKit, "MultipleInstructionsDisallowed"),
            Source::same(Tool::Trivy, "DS-0016"),
            Source::same(Tool::Trivy, "DS-0007"),
            Source::same(Tool::Trivy, "DS-0023"),
            Source::same(Tool::Tally, "buildkit/MultipleInstructionsDisallowed"),
        ],
        whole_file: true,
        references: [],
    }
}

impl RepeatedInstruction {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &ctx.model.stages {
            for keyword in [Keyword::Cmd, Keyword::Entrypoint, Keyword::Healthcheck] {
                let all: Vec<_> = stage.all(keyword).collect();
                let Some((last, earlier)) = all.split_last() else {
                    continue;
                };
                let last_line = ctx.line_of(last.keyword_range.start());
                for instruction in earlier {
                    out.push(
                        Diagnostic::new(
                            &Self::META,
                            instruction.keyword_range,
                            format!("This `{keyword}` has no effect: a later `{keyword}` in the same stage (line {last_line}) replaces it"),
                        )
                        .with_help(format!("Remove it, or keep only the `{keyword}` you mean")),
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
        let rendered = RuleTest::new(&super::RepeatedInstruction::META)
            .pass(&[
                "FROM a\nCMD [\"x\"]\nFROM b\nCMD [\"y\"]",
                "FROM a\nENTRYPOINT [\"x\"]\nCMD [\"y\"]",
            ])
            .fail(&[
                "FROM a\nCMD [\"a\"]\nCMD [\"b\"]",
                "FROM a\nENTRYPOINT x\nHEALTHCHECK NONE\nENTRYPOINT y\nHEALTHCHECK CMD true",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
