use crate::engine::diagnostic::Diagnostic;
use crate::dockerfile::Base;
use crate::engine::fix::Fix;
use crate::engine::registry::{declare_rule, Checklist};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags base images referenced by tag only (`python:3.13-slim`) rather than by
    /// digest (`python:3.13-slim@sha256:…`).
    ///
    /// ## Why is this bad?
    /// Tags move: `3.13-slim` is rebuilt for every patch release and Debian update, so
    /// the same Dockerfile produces different images over time, and a compromised
    /// registry account can point a tag at anything. A digest names exactly one image;
    /// tools such as Renovate or Dependabot keep digests up to date.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13-slim@sha256:<digest>
    /// ```
    ///
    /// ## Fix safety
    /// Display-only: the fix shows the command that prints the digest,
    /// `docker buildx imagetools inspect <image>`, and the form to write,
    /// `<image>@sha256:<digest>`. It edits nothing: the digest has to be looked up in the
    /// registry.
    ///
    /// ## References
    /// - OpenSSF Scorecard "Pinned-Dependencies"
    pub struct BaseWithoutDigest {
        code: "DF101",
        name: "base-without-digest",
        severity: Info,
        file_kind: Dockerfile,
        checklist: Some(Checklist::PinnedDependencies),
        sources: [],
        fixes: [DisplayOnly],
        references: [related(CIS_5_28), related(OWASP_9)],
    }
}

impl BaseWithoutDigest {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &ctx.model.stages {
            let Base::Image(_) = stage.base else { continue };
            let Some(reference) = stage.image_ref() else {
                continue;
            };
            // Floating tags are reported by `latest-base-image`.
            if reference.digest.is_some() || matches!(reference.tag, None | Some("latest")) {
                continue;
            }
            let Some(image) = &stage.image else { continue };
            out.push(
                Diagnostic::new(&Self::META, image.range, format!("`{}` is pinned by tag only; the image behind a tag changes over time", image.text))
                    .with_help("Add the digest, `image:tag@sha256:<digest>` (find it with `docker buildx imagetools inspect`), and let Renovate or Dependabot update it")
                    .with_fix(Fix::display_only(format!("Pin the digest: `docker buildx imagetools inspect {}` prints it; write `{}@sha256:<digest>`", image.text, image.text), Vec::new())),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::BaseWithoutDigest::META)
            .pass(&[
                "FROM python:3.13-slim@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                "FROM scratch",
                "FROM python:latest",
                "ARG BASE\nFROM $BASE",
            ])
            .fail(&["FROM python:3.13-slim", "FROM golang:1.27 AS b\nFROM b\n"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
