use crate::engine::diagnostic::Diagnostic;
use crate::knowledge::image_ref::{ImageRef, Pinning};
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::kubernetes::KubernetesContext;

declare_rule! {
    /// ## What it does
    /// Flags container images with no tag or the `latest` tag (and no digest).
    ///
    /// ## Why is this bad?
    /// `latest` is whatever was pushed last: two nodes can run different code, a
    /// rollback does not roll back, and an image-scan result says nothing about what
    /// runs tomorrow.
    ///
    /// ## Example
    /// ```yaml
    /// image: nginx
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// image: nginx:1.27.3
    /// ```
    pub struct ImageFloatingTag {
        code: "KS304",
        name: "image-floating-tag",
        severity: Warning,
        file_kind: Kubernetes,
        checklist: Some(Checklist::PinnedDependencies),
        sources: [
            Source::same(Tool::KubeLinter, "latest-tag"),
            Source::same(Tool::Checkov, "CKV_K8S_14"),
            Source::inspired(Tool::Checkov, "CKV_K8S_43"),
            Source::same(Tool::Trivy, "KSV013"),
            Source::same(Tool::Polaris, "tagNotSpecified"),
            Source::same(Tool::KubeScore, "container-image-tag"),
        ],
        references: [],
    }
}

impl ImageFloatingTag {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for (_, container) in ctx.manifest.containers() {
            let Some((image, text)) = container.image() else {
                continue;
            };
            let message = match ImageRef::parse(text).pinning() {
                Pinning::Untagged => format!("`{text}` has no tag, so it means `latest`: whatever was pushed last"),
                Pinning::Latest => format!("`{text}` is whatever was pushed last: nodes can run different code and rollbacks do not roll back"),
                Pinning::Tag | Pinning::Digest => continue,
            };
            out.push(
                Diagnostic::new(&Self::META, image.value.range(), message).with_help(
                    "Pin a version tag, and better its digest (`image: name:1.2.3@sha256:...`)",
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
        let rendered = RuleTest::new(&super::ImageFloatingTag::META)
            .pass(&["name: a\nimage: nginx:1.27.3\n", "name: a\nimage: nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n", "name: a\nimage: \"{{ .Values.image }}\"\n"])
            .fail(&["name: a\nimage: nginx\n", "name: a\nimage: registry:5000/team/app:latest\n"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
