use crate::knowledge::catalog::catalog;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags base images whose language or distribution version is past its end of
    /// life: Python 3.9 and older, Node.js 18, Debian 11, Ubuntu 20.04, distroless on
    /// Debian 12, and others listed in `crates/rules/data/images.toml`, judged as of
    /// the catalog's `checked_on` date.
    ///
    /// ## Why is this bad?
    /// Nobody fixes security bugs in an end-of-life release: every new vulnerability
    /// stays open forever, scanners report more each month, and eventually the images
    /// stop being rebuilt at all.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.9-slim
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// ```
    ///
    /// ## References
    /// - endoflife.date; the Python, Node.js, Debian and Ubuntu release schedules
    /// - Trivy reports EOL operating systems when scanning images
    pub struct EndOfLifeBase {
        code: "DF103",
        name: "end-of-life-base",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: Some(Checklist::Scanned),
        sources: [Source::inspired(Tool::Trivy, "eosl")],
        references: [related(CIS_4_4), related(OWASP_9), related(NSA_SECURE_IMAGES)],
    }
}

impl EndOfLifeBase {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &ctx.model.stages {
            let Some(reference) = stage.image_ref() else {
                continue;
            };
            let Some(eol) = catalog().end_of_life(&reference) else {
                continue;
            };
            let Some(image) = &stage.image else { continue };
            let estimate = if eol.estimate {
                " (date from the published schedule)"
            } else {
                ""
            };
            out.push(
                Diagnostic::new(&Self::META, image.range, format!("`{}`: {} reached end of life on {}{estimate}, so it no longer gets security fixes", image.text, eol.what, eol.date))
                    .with_help("Move to a supported release (see the catalog's variants and the release schedule)"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::EndOfLifeBase::META)
            .pass(&[
                "FROM python:3.13-slim",
                "FROM node:22-alpine",
                "FROM gcr.io/distroless/python3-debian13",
            ])
            .fail(&[
                "FROM python:3.9-slim",
                "FROM node:18-alpine AS build\nFROM debian:bullseye-slim",
                "FROM gcr.io/distroless/python3-debian12:nonroot",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
