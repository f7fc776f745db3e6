use crate::engine::diagnostic::Diagnostic;
use crate::dockerfile::Base;
use crate::engine::registry::{declare_rule, Checklist};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags a shipped `FROM scratch` image that copies in no CA certificates
    /// (`/etc/ssl/certs/ca-certificates.crt`).
    ///
    /// ## Why is this bad?
    /// `scratch` is empty: no CA bundle, no time zone data, no `/etc/passwd`, no `/tmp`.
    /// A static binary that makes any HTTPS call fails at runtime with "x509:
    /// certificate signed by unknown authority". `gcr.io/distroless/static` has the
    /// certificates, tzdata, a `nonroot` user and `/tmp`, and is usually the better choice.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM scratch
    /// COPY --from=build /app /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM scratch
    /// COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
    /// COPY --from=build /app /app
    /// USER 65532
    /// # or simply: FROM gcr.io/distroless/static-debian13:nonroot
    /// ```
    ///
    /// ## References
    /// - distroless documentation: `static` image contents
    pub struct ScratchWithoutCertificates {
        code: "DF105",
        name: "scratch-without-certificates",
        severity: Info,
        file_kind: Dockerfile,
        checklist: Some(Checklist::MinimalBase),
        sources: [],
        whole_file: true,
        references: [],
    }
}

impl ScratchWithoutCertificates {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        let Some(stage) = ctx.model.shipped() else {
            return;
        };
        if ctx.model.root_base(stage) != &Base::Scratch {
            return;
        }
        let copies_certificates = ctx.model.ancestry(stage).iter().any(|s| {
            s.copies().iter().any(|c| {
                c.sources.iter().chain(c.destination.iter()).any(|w| {
                    w.text.contains("/etc/ssl")
                        || w.text.contains("ca-certificates")
                        || w.text.contains("/etc/pki")
                })
            })
        });
        if copies_certificates {
            return;
        }
        let root = ctx.model.root_stage(stage);
        let range = root.image_range();
        out.push(
            Diagnostic::new(&Self::META, range, "The image is built `FROM scratch` without CA certificates: any HTTPS call will fail certificate verification")
                .with_help("Copy `/etc/ssl/certs/ca-certificates.crt` from the builder, or use `gcr.io/distroless/static-debian13:nonroot`, which has certificates, tzdata and a non-root user"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::ScratchWithoutCertificates::META)
            .pass(&[
                "FROM golang:1.27 AS b\nFROM scratch\nCOPY --from=b /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=b /app /app",
                "FROM scratch AS base\nFROM alpine:3.22",
            ])
            .fail(&["FROM golang:1.27 AS b\nFROM scratch\nCOPY --from=b /app /app"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
