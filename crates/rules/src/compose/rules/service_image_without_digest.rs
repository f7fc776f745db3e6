use crate::compose::ComposeContext;
use crate::knowledge::image_ref::{ImageRef, Pinning};
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};

declare_rule! {
    /// ## What it does
    /// Flags a service `image:` with a version tag but no digest
    /// (`postgres:17.6` rather than `postgres:17.6@sha256:...`). Untagged and `latest`
    /// images are CP301; services with `build:` are left alone.
    ///
    /// ## Why is this bad?
    /// A tag can be moved: a rebuilt image, a compromised registry account, or a
    /// mirror that serves something else all come under the same tag. A digest names
    /// exactly the bytes that were reviewed and scanned, and keeps naming them.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17.6
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17.6@sha256:0000000000000000000000000000000000000000000000000000000000000000
    /// ```
    pub struct ImageWithoutDigest {
        code: "CP302",
        name: "service-image-without-digest",
        severity: Info,
        file_kind: Compose,
        checklist: Some(Checklist::PinnedDependencies),
        sources: [Source::same(Tool::ComposeSpec, "image")],
        whole_file: true,
        references: [related(CIS_5_28)],
    }
}

impl ImageWithoutDigest {
    pub fn check(ctx: &ComposeContext<'_>, out: &mut Vec<Diagnostic>) {
        for service in ctx.compose.services.iter().filter(|s| !s.is_built()) {
            let Some((entry, text)) = service.image() else {
                continue;
            };
            // A floating tag is CP301's.
            if text.contains('$') || ImageRef::parse(text).pinning() != Pinning::Tag {
                continue;
            }
            out.push(
                Diagnostic::new(&Self::META, entry.value.range(), format!("`{text}` is pinned by a tag only, which can be moved to other bytes"))
                    .with_help("Add the digest: `docker buildx imagetools inspect <image>` prints it; write `name:tag@sha256:...`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::ImageWithoutDigest::META)
            .pass(&[
                "services:\n  db:\n    image: postgres:17.6@sha256:0000000000000000000000000000000000000000000000000000000000000000\n",
                "services:\n  db:\n    image: postgres\n",
            ])
            .fail(&["services:\n  db:\n    image: postgres:17.6\n"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
