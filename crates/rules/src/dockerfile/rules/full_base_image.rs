use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags a shipped image built on a full distribution image (`python:3.13`,
    /// `node:22`, `ubuntu`, `golang`) where a slim, Chainguard, distroless or `scratch`
    /// base would do.
    ///
    /// ## Why is this bad?
    /// Full images carry compilers, package managers, shells and hundreds of libraries
    /// the app never uses: hundreds of megabytes to pull and, above all, hundreds of
    /// packages for scanners to flag and for an attacker to use. `python:3.13` has around
    /// 400 Debian packages; `python:3.13-slim` around 90; distroless Python a few dozen.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13
    /// COPY . /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// COPY . /app
    /// # or build in a full image and ship on distroless:
    /// # FROM gcr.io/distroless/python3-debian13:nonroot
    /// ```
    ///
    /// The catalog of base images lives in `crates/rules/data/images.toml`.
    ///
    /// ## References
    /// - Checkov and Trivy have no equivalent; Docker's best-practice guide: "choose the right base image"
    pub struct FullBaseImage {
        code: "DF100",
        name: "full-base-image",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: Some(Checklist::MinimalBase),
        sources: [Source::inspired(Tool::DockerDocs, "choose-the-right-base-image")],
        whole_file: true,
        references: [related(CIS_4_3)],
    }
}

impl FullBaseImage {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        let Some(stage) = ctx.model.shipped() else {
            return;
        };
        let Some(facts) = ctx.base_facts(stage) else {
            return;
        };
        // Toolchain images are reported by `build-tools-shipped`.
        if facts.minimal || facts.build_toolchain || facts.family == "windows" {
            return;
        }
        let root = ctx.model.root_stage(stage);
        let Some(image) = &root.image else { return };
        let instead = facts
            .full_alternative
            .unwrap_or("a slim, distroless or Chainguard image");
        out.push(
            Diagnostic::new(
                &Self::META,
                image.range,
                format!("The shipped image is built on `{}`, a full distribution image with compilers, tools and libraries the app does not need", image.text),
            )
            .with_help(format!("Ship on {instead}; build in a separate stage if you need the tools")),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::FullBaseImage::META)
            .pass(&[
                "FROM python:3.13-slim",
                "FROM golang:1.27 AS build\nFROM gcr.io/distroless/static-debian13:nonroot",
                "FROM example.com/unknown:1",
                "FROM node:22-alpine",
                "FROM golang:1.27",
            ])
            .fail(&[
                "FROM python:3.13",
                "FROM node:22 AS base\nFROM base\nCMD [\"node\"]",
                "FROM ubuntu:24.04",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
