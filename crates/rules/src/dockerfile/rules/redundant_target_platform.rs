use crate::dockerfile::DockerfileContext;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::{Edit, Fix};
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::engine::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Flags `FROM --platform=$TARGETPLATFORM` (or `${TARGETPLATFORM}`).
    ///
    /// ## Why is this bad?
    /// A stage's base is pulled for the target platform unless `--platform` says
    /// otherwise, so the flag only repeats the default, and it reads as if the stage
    /// did something special about platforms. BuildKit warns about it
    /// (`RedundantTargetPlatform`).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=$TARGETPLATFORM alpine:3.20 AS builder
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20 AS builder
    /// ```
    ///
    /// ## Fix safety
    /// The flag is removed (safe: the base is the same image for every platform).
    pub struct RedundantTargetPlatform {
        code: "DF023",
        name: "redundant-target-platform",
        severity: Info,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::same(Tool::BuildKit, "RedundantTargetPlatform"),
            Source::same(Tool::Tally, "buildkit/RedundantTargetPlatform"),
        ],
        fixes: [Safe],
        references: [],
    }
}

impl RedundantTargetPlatform {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for stage in ctx.model.stages.iter().filter(|s| !s.fragment) {
            let Some(flag) = &stage.platform else { continue };
            let value = flag.value.as_deref().unwrap_or_default().trim_matches(['"', '\'']);
            if !matches!(value, "$TARGETPLATFORM" | "${TARGETPLATFORM}") {
                continue;
            }
            // The flag and the blanks after it, when they are on its line.
            let rest = &ctx.source[flag.range.end()..];
            let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
            let fix = Fix::safe(
                "Remove `--platform`",
                vec![Edit::delete(TextRange::new(
                    flag.range.start(),
                    flag.range.end() + blanks,
                ))],
            );
            out.push(
                Diagnostic::new(
                    &Self::META,
                    flag.range,
                    "`--platform=$TARGETPLATFORM` is the default: the base is pulled for the target platform anyway",
                )
                .with_help("Remove the flag")
                .with_fix(fix),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::RedundantTargetPlatform::META)
            .pass(&[
                "FROM alpine AS builder",
                "FROM --platform=$BUILDPLATFORM golang:1.23 AS build",
            ])
            .fail(&[
                "FROM --platform=$TARGETPLATFORM alpine AS builder",
                "FROM --platform=${TARGETPLATFORM}  alpine",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
