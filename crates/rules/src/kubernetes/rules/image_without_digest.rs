use crate::engine::diagnostic::Diagnostic;
use crate::knowledge::image_ref::{ImageRef, Pinning};
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::kubernetes::KubernetesContext;

declare_rule! {
    /// ## What it does
    /// Flags container images pinned by tag but not by digest.
    ///
    /// ## Why is this bad?
    /// Tags can be moved: `app:1.4.2` may be re-pushed, by mistake or by an attacker
    /// with registry access. A digest names exactly the bytes that were scanned and
    /// signed, which is what `cosign verify` and admission policies check.
    ///
    /// ## Example
    /// ```yaml
    /// image: registry.example.com/app:1.4.2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// image: registry.example.com/app:1.4.2@sha256:4f1c...
    /// ```
    pub struct ImageWithoutDigest {
        code: "KS305",
        name: "image-without-digest",
        severity: Info,
        file_kind: Kubernetes,
        checklist: Some(Checklist::Signed),
        sources: [Source::same(Tool::Checkov, "CKV_K8S_43")],
        references: [related(OWASP_13)],
    }
}

impl ImageWithoutDigest {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for (_, container) in ctx.manifest.containers() {
            let Some((image, text)) = container.image() else {
                continue;
            };
            // A floating tag is the bigger problem and has its own rule.
            if ImageRef::parse(text).pinning() != Pinning::Tag {
                continue;
            }
            out.push(
                Diagnostic::new(&Self::META, image.value.range(), format!("`{text}` is pinned by a tag, which can be moved; only a digest names the image that was scanned and signed"))
                    .with_help("Append the digest: `crane digest <image>` or `docker buildx imagetools inspect <image>` prints it"),
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
            .pass(&["name: a\nimage: nginx:1.27@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n", "name: a\nimage: nginx\n"])
            .fail(&["name: a\nimage: nginx:1.27.3\n"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
