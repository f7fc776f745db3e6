use crate::dockerfile::{Base, DockerfileContext, ImageRef};
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};

declare_rule! {
    /// ## What it does
    /// Flags a `FROM` whose image comes from a registry that is not in the trusted
    /// list (`trusted-registries` in `bulkhead.toml`, `trustedRegistries` in
    /// `.hadolint.yaml`). `docker.io` in the list stands for Docker Hub names such as
    /// `python:3.13`; an entry with a path (`ghcr.io/acme`) trusts only that part of
    /// the registry. Without a list the rule is off.
    ///
    /// ## Why is this bad?
    /// A base image is code that runs in every build and ships in every image. Teams
    /// keep the registries they review, mirror and scan to a short list; an image
    /// pulled from elsewhere skips all of that, and a typo in a registry name can pull
    /// someone else's image.
    ///
    /// ## Example
    /// With `trusted-registries = ["registry.example.com"]`:
    /// ```dockerfile
    /// FROM quay.io/someone/python:3.13
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM registry.example.com/mirror/python:3.13-slim
    /// ```
    pub struct UntrustedRegistry {
        code: "DF108",
        name: "untrusted-registry",
        severity: Error,
        file_kind: Dockerfile,
        checklist: Some(Checklist::Scanned),
        sources: [
            Source::same(Tool::Hadolint, "DL3026"),
            Source::same(Tool::Tally, "hadolint/DL3026"),
        ],
        references: [same(CIS_4_2), related(OWASP_13), related(NSA_SECURE_IMAGES)],
    }
}

impl UntrustedRegistry {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        if ctx.options.trusted_registries.is_empty() {
            return;
        }
        for stage in &ctx.model.stages {
            let (Base::Image(resolved), Some(image)) = (&stage.base, &stage.image) else {
                continue;
            };
            let reference = ImageRef::parse(resolved);
            if ctx.options.trusts(reference.registry, reference.repository) {
                continue;
            }
            let registry = reference.registry.unwrap_or("docker.io");
            out.push(
                Diagnostic::new(&Self::META, image.range, format!("`{resolved}` comes from `{registry}`, which is not a trusted registry ({})", ctx.options.trusted_registries.join(", ")))
                    .with_help("Use the image from a trusted registry (your mirror), or add the registry to `trusted-registries`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{FileKind, Options, Linter};

    fn codes(source: &str, trusted: &[&str]) -> Vec<&'static str> {
        let options = Options {
            trusted_registries: trusted.iter().map(|s| (*s).to_owned()).collect(),
            ..Options::default()
        };
        Linter::new().options(&options).lint(FileKind::Dockerfile, source)
            .into_iter()
            .filter(|d| d.code == "DF108")
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn only_listed_registries_are_trusted() {
        let from = "FROM quay.io/someone/python:3.13\nFROM python:3.13-slim AS b\nFROM registry.example.com/mirror/python:3.13-slim\nFROM b\nFROM scratch\n";
        assert!(codes(from, &[]).is_empty(), "off without a list");
        assert_eq!(codes(from, &["registry.example.com"]).len(), 2, "quay.io and Docker Hub");
        assert_eq!(codes(from, &["registry.example.com", "docker.io"]).len(), 1);
        assert!(codes(from, &["registry.example.com", "docker.io", "quay.io/someone"]).is_empty());
        let found = Linter::new().options(&Options { trusted_registries: vec!["cgr.dev".into()], ..Options::default() }).lint(FileKind::Dockerfile, "FROM quay.io/someone/python:3.13\n");
        let message = &found.iter().find(|d| d.code == "DF108").expect("DF108").message;
        assert!(message.contains("`quay.io`") && message.contains("cgr.dev"), "{message}");
    }
}
