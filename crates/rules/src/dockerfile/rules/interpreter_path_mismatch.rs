use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Checklist};
use crate::dockerfile::{DockerfileContext, StageCopy};

declare_rule! {
    /// ## What it does
    /// Flags a virtual environment or console scripts (`bin/` of a venv or `~/.local`)
    /// copied from a builder whose Python interpreter lives at a different path than the
    /// runtime's: `python:*` images have `/usr/local/bin/python`, distroless
    /// `/usr/bin/python3`, Chainguard `/usr/bin/python`.
    ///
    /// ## Why is this bad?
    /// A venv's `bin/python` is a symlink to the builder's interpreter, and every console
    /// script (`gunicorn`, `uvicorn`) starts with a `#!` line naming it. On a runtime
    /// where that path does not exist they fail with "no such file or directory", even
    /// though the file is plainly there.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim AS build
    /// RUN python -m venv /opt/venv && /opt/venv/bin/pip install gunicorn==23.0.0
    /// FROM gcr.io/distroless/python3-debian13:nonroot
    /// COPY --from=build /opt/venv /opt/venv
    /// ENTRYPOINT ["/opt/venv/bin/gunicorn", "app:app"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM gcr.io/distroless/python3-debian13:nonroot
    /// COPY --from=build /opt/venv/lib/python3.13/site-packages /app/site-packages
    /// ENV PYTHONPATH=/app/site-packages
    /// ENTRYPOINT ["python3", "-m", "gunicorn", "app:app"]
    /// ```
    ///
    /// ## References
    /// - distroless Python examples
    pub struct InterpreterPathMismatch {
        code: "DF107",
        name: "interpreter-path-mismatch",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: Some(Checklist::IsolatedDependencies),
        sources: [],
        whole_file: true,
        references: [],
    }
}

impl InterpreterPathMismatch {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for StageCopy {
            into,
            copy,
            from,
            source,
        } in ctx.stage_copies()
        {
            let interpreter = |s| ctx.base_facts(s).and_then(|f| f.interpreter);
            let (Some(runtime), Some(built)) = (interpreter(into), interpreter(source)) else {
                continue;
            };
            if built == runtime {
                continue;
            }
            let copies_scripts = copy.sources.iter().any(|s| {
                let t = s.text.trim_end_matches('/');
                t.contains("venv") && !t.contains("site-packages")
                    || t.ends_with(".local")
                    || t.ends_with("/bin")
            });
            if !copies_scripts {
                continue;
            }
            let label = source.label();
            out.push(
                Diagnostic::new(&Self::META, from.range, format!("Scripts copied from stage `{label}` point at `{built}`, but this image's interpreter is `{runtime}`"))
                    .with_help("Copy only `site-packages` and run modules with the runtime's interpreter (`python3 -m gunicorn`), or use the same base family in both stages"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::InterpreterPathMismatch::META)
            .pass(&[
                "FROM python:3.13-slim AS build\nFROM python:3.13-slim\nCOPY --from=build /opt/venv /opt/venv",
                "FROM python:3.13-slim AS build\nFROM gcr.io/distroless/python3-debian13\nCOPY --from=build /opt/venv/lib/python3.13/site-packages /sp",
            ])
            .fail(&["FROM python:3.13-slim AS build\nFROM gcr.io/distroless/python3-debian13:nonroot\nCOPY --from=build /opt/venv /opt/venv"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
