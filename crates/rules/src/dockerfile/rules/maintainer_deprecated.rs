use crate::dockerfile::Keyword;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::{Edit, Fix};
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags the deprecated `MAINTAINER` instruction.
    ///
    /// ## Why is this bad?
    /// `MAINTAINER` has been deprecated since Docker 1.13; tools read the standard OCI
    /// label instead.
    ///
    /// ## Example
    /// ```dockerfile
    /// MAINTAINER Jane Doe <jane@example.com>
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
    /// ```
    ///
    /// ## Fix safety
    /// A one-line `MAINTAINER <text>` becomes
    /// `LABEL org.opencontainers.image.authors="<text>"`, with `"` and `\` escaped (safe:
    /// only the image's metadata changes). A `MAINTAINER` continued over several lines
    /// has no fix, since a continuation could hide a comment.
    pub struct MaintainerDeprecated {
        code: "DF005",
        name: "maintainer-deprecated",
        severity: Info,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::same(Tool::Hadolint, "DL4000"),
            Source::same(Tool::BuildKit, "MaintainerDeprecated"),
            Source::same(Tool::Checkov, "CKV_DOCKER_6"),
            Source::same(Tool::Tally, "buildkit/MaintainerDeprecated"),
        ],
        fixes: [Safe],
        references: [],
    }
}

impl MaintainerDeprecated {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for instruction in ctx
            .dockerfile
            .instructions_and_triggers()
            .filter(|i| i.keyword == Keyword::Maintainer)
        {
            let label = format!(
                "LABEL org.opencontainers.image.authors=\"{}\"",
                instruction
                    .body()
                    .replace('\\', "\\\\")
                    .replace('"', "\\\"")
            );
            // Only a one-line MAINTAINER is rewritten: a continuation could hide a comment.
            let one_line = !instruction.range.slice(ctx.source).contains('\n');
            let fix = (one_line && !instruction.body().is_empty()).then(|| {
                Fix::safe(
                    format!("Replace with `{label}`"),
                    vec![Edit::replace(instruction.range, label.clone())],
                )
            });
            out.push(
                Diagnostic::new(
                    &Self::META,
                    instruction.keyword_range,
                    "`MAINTAINER` is deprecated",
                )
                .with_help(format!("Use `{label}`"))
                .with_fix_opt(fix),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::MaintainerDeprecated::META)
            .pass(&["FROM a\nLABEL org.opencontainers.image.authors=\"me\""])
            .fail(&["FROM a\nMAINTAINER Jane Doe <jane@example.com>"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
