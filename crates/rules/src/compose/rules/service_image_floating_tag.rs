use crate::compose::ComposeContext;
use crate::knowledge::image_ref::{ImageRef, Pinning};
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};

declare_rule! {
    /// ## What it does
    /// Flags a service `image:` without a tag, or tagged `latest`, and without a
    /// digest. A service with `build:` is left alone: its `image:` names what is built.
    ///
    /// ## Why is this bad?
    /// `latest` is whatever was pushed last: two hosts, or two `docker compose pull`s a
    /// day apart, run different code, a new major version arrives unannounced, and
    /// going back means guessing what ran before.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17.6
    /// ```
    pub struct ImageFloatingTag {
        code: "CP301",
        name: "service-image-floating-tag",
        severity: Warning,
        file_kind: Compose,
        checklist: Some(Checklist::PinnedDependencies),
        sources: [
            Source::same(Tool::ComposeSpec, "image"),
        ],
        whole_file: true,
        references: [related(CIS_5_28), related(OWASP_9)],
    }
}

impl ImageFloatingTag {
    pub fn check(ctx: &ComposeContext<'_>, out: &mut Vec<Diagnostic>) {
        for service in ctx.compose.services.iter().filter(|s| !s.is_built()) {
            let Some((entry, text)) = service.image() else {
                continue;
            };
            if text.contains('$') {
                continue;
            }
            let message = match ImageRef::parse(text).pinning() {
                Pinning::Untagged => format!("`{text}` has no tag, so it means `latest`: whatever was pushed last"),
                Pinning::Latest => format!("`{text}` is whatever was pushed last: each pull may bring different code"),
                Pinning::Tag | Pinning::Digest => continue,
            };
            out.push(
                Diagnostic::new(&Self::META, entry.value.range(), message)
                    .with_help("Pin a version tag, and better its digest (`image: name:1.2.3@sha256:...`)"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::ImageFloatingTag::META)
            .pass(&[
                "services:\n  db:\n    image: postgres:17.6\n",
                "services:\n  app:\n    build: .\n    image: app\n",
                "services:\n  app:\n    image: ${REGISTRY}/app\n",
            ])
            .fail(&["services:\n  db:\n    image: postgres\n  cache:\n    image: redis:latest\n"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
