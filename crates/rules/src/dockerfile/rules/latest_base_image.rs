use crate::knowledge::catalog::catalog;
use crate::engine::diagnostic::Diagnostic;
use crate::dockerfile::{Base, ImageRef, Word};
use crate::engine::fix::{Edit, Fix};
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags a `FROM` whose image uses the `latest` tag or no tag at all (which means
    /// `latest`), unless it is pinned by digest.
    ///
    /// ## Why is this bad?
    /// `latest` is a moving label, not a version: the same Dockerfile builds a different
    /// image whenever upstream publishes, so a rebuild can silently switch the language
    /// version, the distribution or the C library, break the app, or reintroduce a
    /// vulnerability you had already fixed. You also cannot tell from the file what
    /// actually runs in production, which makes scanning results and incident
    /// investigations unreliable.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:latest
    /// FROM node
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// # or, fully reproducible:
    /// FROM python:3.13-slim@sha256:<digest>
    /// ```
    ///
    /// `scratch`, references to earlier build stages and images pinned by digest are
    /// not reported, nor an explicit `latest` on registries that publish no version
    /// tags to pin (Chainguard's free images: `latest` and `latest-dev` only); there,
    /// DF101 asks for the digest. Images named by a build argument without a default cannot be
    /// judged and are skipped.
    ///
    /// ## Fix safety
    /// Unsafe: where bulkhead's catalog knows the repository's current line, the image
    /// gets that tag (`python:latest` and `python` become `python:3.13-slim`). A pinned
    /// tag may be older than what `latest` gave you, or a slimmer variant with fewer
    /// tools, so rebuild and test. An image named through an `ARG` gets no fix.
    pub struct LatestBaseImage {
        code: "DF001",
        name: "latest-base-image",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: Some(Checklist::PinnedDependencies),
        sources: [
            Source::same(Tool::Hadolint, "DL3006"),
            Source::same(Tool::Hadolint, "DL3007"),
            Source::same(Tool::Trivy, "DS-0001"),
            Source::same(Tool::Checkov, "CKV_DOCKER_7"),
            Source::same(Tool::Tally, "hadolint/DL3006"),
            Source::same(Tool::Tally, "hadolint/DL3007"),
        ],
        fixes: [Unsafe],
        references: [related(CIS_5_28), related(OWASP_9)],
    }
}

/// Pin the catalog's current tag for the repository (unsafe: a different version may
/// behave differently). Only when the image is written literally, not via `ARG`s.
fn pin_fix(image: &Word, resolved: &str, reference: &ImageRef<'_>) -> Option<Fix> {
    if image.text != resolved {
        return None;
    }
    let pin = crate::knowledge::catalog::catalog().pin(reference)?;
    let name = resolved.split('@').next().unwrap_or(resolved);
    let name = name.strip_suffix(":latest").unwrap_or(name);
    let pinned = format!("{name}:{}", pin.tag);
    Some(Fix::unsafe_(
        format!(
            "Pin `{pinned}` (the catalog's current line, checked {})",
            pin.checked_on
        ),
        vec![Edit::replace(image.range, pinned.clone())],
    ))
}

impl LatestBaseImage {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &ctx.model.stages {
            // Earlier stages, `scratch` and unresolvable build arguments are not judged.
            let (Base::Image(resolved), Some(image)) = (&stage.base, &stage.image) else {
                continue;
            };
            if let Some(diagnostic) = Self::check_image(image, resolved) {
                out.push(diagnostic);
            }
        }
    }

    fn check_image(image: &Word, resolved: &str) -> Option<Diagnostic> {
        let reference = ImageRef::parse(resolved);
        if reference.digest.is_some() {
            return None;
        }
        let problem = match reference.tag {
            None => "has no tag, so Docker uses `latest`",
            // Nothing else is published to pin; DF101 asks for the digest.
            Some("latest") if catalog().facts(&reference).is_some_and(|f| f.only_latest) => {
                return None
            }
            Some("latest") => "uses the `latest` tag",
            Some(_) => return None,
        };
        let shown = if resolved == image.text {
            format!("`{resolved}`")
        } else {
            format!("`{}` (resolves to `{resolved}`)", image.text)
        };
        let repository = match reference.registry {
            Some(registry) => format!("{registry}/{}", reference.repository),
            None => reference.repository.to_owned(),
        };
        Some(
            Diagnostic::new(
                &Self::META,
                image.range,
                format!(
                    "Base image {shown} {problem}, which points to a different image whenever a new version is published"
                ),
            )
            .with_help(format!(
                "Pin an explicit version such as `{repository}:<version>`, and ideally its digest (`@sha256:…`) for reproducible builds"
            ))
            .with_fix_opt(pin_fix(image, resolved, &reference)),
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::LatestBaseImage::META)
            .pass(&[
                "FROM python:3.13-slim",
                "FROM python:3.13-slim@sha256:0123456789abcdef",
                "FROM python@sha256:0123456789abcdef",
                "FROM scratch",
                "FROM golang:1.23 AS build\nFROM build\n",
                "FROM golang:1.23 AS Build\nFROM build AS final\n",
                "ARG BASE\nFROM ${BASE}",
                "ARG PY=3.13\nFROM python:${PY}-slim",
                "FROM localhost:5000/team/app:1.2",
                "# FROM python:latest (a comment)\nFROM python:3.13",
                "FROM python:3.13\nRUN <<EOF\nFROM python:latest\nEOF\n",
                // Chainguard publishes only `latest` for free: an explicit `latest` passes
                // (DF101 asks for the digest); no tag at all still fails, below.
                "FROM cgr.dev/chainguard/python:latest-dev AS build\nFROM cgr.dev/chainguard/python:latest\n",
            ])
            .fail(&[
                "FROM python:latest",
                "FROM python",
                "from --platform=linux/amd64 node AS web",
                "FROM localhost:5000/team/app",
                "ARG TAG=latest\nFROM python:${TAG}",
                "FROM python:3.13 AS build\nFROM \\\n  cgr.dev/chainguard/python\n",
                "FROM ubuntu:latest AS base\nFROM base\nFROM alpine\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
