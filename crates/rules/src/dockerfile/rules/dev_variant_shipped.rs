use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Checklist};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags a shipped image built on a development or debug variant:
    /// Chainguard `:latest-dev` / `-dev`, distroless `:debug`.
    ///
    /// ## Why is this bad?
    /// These variants add a shell, a package manager and busybox tools so you can build
    /// or debug; shipping them gives up the point of a minimal base. Use them in a
    /// builder stage, and debug production with `kubectl debug` and an ephemeral
    /// container instead.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM cgr.dev/chainguard/python:latest-dev
    /// COPY app.py /app/
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM cgr.dev/chainguard/python:latest-dev AS build
    /// # ... install dependencies into a venv ...
    /// FROM cgr.dev/chainguard/python:latest
    /// COPY --from=build /app /app
    /// ```
    ///
    /// ## References
    /// - Chainguard and distroless documentation on `-dev` and `:debug` images
    pub struct DevVariantShipped {
        code: "DF102",
        name: "dev-variant-shipped",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: Some(Checklist::MinimalBase),
        sources: [],
        whole_file: true,
        references: [related(CIS_4_3)],
    }
}

impl DevVariantShipped {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        let Some(stage) = ctx.model.shipped() else {
            return;
        };
        let Some(facts) = ctx.base_facts(stage) else {
            return;
        };
        if !facts.dev_variant {
            return;
        }
        let root = ctx.model.root_stage(stage);
        let Some(image) = &root.image else { return };
        out.push(
            Diagnostic::new(&Self::META, image.range, format!("`{}` is a development/debug variant with a shell and tools, shipped as the runtime image", image.text))
                .with_help("Use it only in a builder stage and ship the plain variant (without `-dev` / `:debug`)"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::DevVariantShipped::META)
            .pass(&[
                "FROM cgr.dev/chainguard/python:latest-dev AS build\nFROM cgr.dev/chainguard/python:latest",
                "FROM gcr.io/distroless/python3-debian13:nonroot",
            ])
            .fail(&["FROM cgr.dev/chainguard/python:latest-dev", "FROM gcr.io/distroless/static-debian13:debug-nonroot"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
