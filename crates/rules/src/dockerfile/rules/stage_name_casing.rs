use crate::dockerfile::{Base, DockerfileContext, Keyword};
use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::{Edit, Fix};
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::engine::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Flags a stage name with capital letters (`FROM golang:1.23 AS Builder`).
    ///
    /// ## Why is this bad?
    /// Stage names are matched without regard to case, and lowercase names set them
    /// apart from the instructions' keywords. An image name must be lowercase, so a
    /// stage name written in capitals also reads like something it cannot be. BuildKit
    /// warns about it (`StageNameCasing`) in every build.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS BuilderBase
    /// FROM alpine:3.20
    /// COPY --from=BuilderBase /app /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23 AS builderbase
    /// FROM alpine:3.20
    /// COPY --from=builderbase /app /app
    /// ```
    ///
    /// ## Fix safety
    /// The name is lowercased, and so is every reference to the stage (`FROM <stage>`,
    /// `COPY --from=<stage>`, `RUN --mount=from=<stage>`) (safe: BuildKit matches stage
    /// names without regard to case). A name with a variable in it is not reported.
    pub struct StageNameCasing {
        code: "DF016",
        name: "stage-name-casing",
        severity: Info,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::same(Tool::BuildKit, "StageNameCasing"),
            Source::same(Tool::Tally, "buildkit/StageNameCasing"),
        ],
        fixes: [Safe],
        references: [],
    }
}

impl StageNameCasing {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &ctx.model.stages {
            let Some(name) = &stage.name else { continue };
            if name.text.contains('$') || !name.text.chars().any(|c| c.is_ascii_uppercase()) {
                continue;
            }
            let lower = name.text.to_ascii_lowercase();
            let mut ranges: Vec<TextRange> = vec![name.range];
            let names_this = |value: &str| {
                ctx.model
                    .stage_named(value)
                    .is_some_and(|s| s.index == stage.index)
                    && value.eq_ignore_ascii_case(&name.text)
            };
            for later in &ctx.model.stages[stage.index + 1..] {
                if let (Base::Stage(parent), Some(image)) = (&later.base, &later.image) {
                    if *parent == stage.index && image.text.eq_ignore_ascii_case(&name.text) {
                        ranges.push(image.range);
                    }
                }
                for copy in later.copies() {
                    let from = copy.from.as_ref().filter(|f| f.value.as_deref().is_some_and(names_this));
                    ranges.extend(from.and_then(|f| f.value_range));
                }
                for run in later.all(Keyword::Run) {
                    ranges.extend(
                        run.mount_sources()
                            .into_iter()
                            .filter(|w| names_this(&w.text))
                            .map(|w| w.range),
                    );
                }
            }
            // Only what is written plainly is rewritten (not a quoted reference).
            let edits: Vec<Edit> = ranges
                .into_iter()
                .filter(|r| r.slice(ctx.source).eq_ignore_ascii_case(&lower))
                .map(|r| Edit::replace(r, lower.clone()))
                .collect();
            out.push(
                Diagnostic::new(
                    &Self::META,
                    name.range,
                    format!("Stage name `{}` should be lowercase", name.text),
                )
                .with_help(format!("Name the stage `{lower}`"))
                .with_fix(Fix::safe(
                    format!("Rename the stage `{lower}` and the references to it"),
                    edits,
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::StageNameCasing::META)
            .pass(&[
                "FROM a AS builder-base\nFROM builder-base",
                "FROM a AS build_${TARGETARCH}",
                "FROM a",
            ])
            .fail(&[
                "FROM golang:1.23 AS BuilderBase\nRUN make\nFROM BuilderBase AS Test\nFROM alpine:3.20\nCOPY --from=BuilderBase /app /app\nRUN --mount=type=cache,from=builderBase,target=/x true\nCOPY --from=other /x /y\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
