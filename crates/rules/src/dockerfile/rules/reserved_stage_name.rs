use crate::dockerfile::DockerfileContext;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};

declare_rule! {
    /// ## What it does
    /// Flags a stage named `scratch` or `context` (in any case).
    ///
    /// ## Why is this bad?
    /// Both names already mean something to BuildKit: `scratch` is the empty image, and
    /// `context` the build context in `COPY --from` and `RUN --mount`. A stage of that
    /// name cannot be told apart from them by whoever reads `FROM scratch` or
    /// `--from=context` later, and BuildKit warns about it (`ReservedStageName`).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20 AS scratch
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20 AS builder
    /// ```
    pub struct ReservedStageName {
        code: "DF019",
        name: "reserved-stage-name",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::same(Tool::BuildKit, "ReservedStageName"),
            Source::same(Tool::Tally, "buildkit/ReservedStageName"),
        ],
        references: [],
    }
}

impl ReservedStageName {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &ctx.model.stages {
            let Some(name) = &stage.name else { continue };
            let meaning = match name.text.to_ascii_lowercase().as_str() {
                "scratch" => "the empty image",
                "context" => "the build context",
                _ => continue,
            };
            out.push(
                Diagnostic::new(
                    &Self::META,
                    name.range,
                    format!(
                        "`{}` is reserved: it already names {meaning}",
                        name.text
                    ),
                )
                .with_help("Give the stage a name of its own, e.g. `builder`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::ReservedStageName::META)
            .pass(&["FROM alpine AS builder\nFROM scratch"])
            .fail(&["FROM alpine AS scratch", "FROM alpine AS Context"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
