use crate::knowledge::catalog::python_version;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::{Edit, Fix};
use crate::engine::registry::{declare_rule, Checklist};
use crate::dockerfile::{DockerfileContext, StageCopy};

declare_rule! {
    /// ## What it does
    /// Flags `COPY --from=<builder>` of Python packages (a venv, `site-packages`,
    /// `~/.local`, or any folder the builder installs packages into: `pip install
    /// --target`, `--prefix`, `--root`, `python -m venv`, `virtualenv`, `uv venv`)
    /// between stages whose Python versions differ, when both can be known from the tags
    /// or the base-image catalog (`python:3.12-slim` → distroless `python3-debian13`,
    /// which is Python 3.13).
    ///
    /// ## Why is this bad?
    /// Packages are installed into `lib/python3.12/site-packages` and compiled for that
    /// interpreter: a Python 3.13 runtime does not look there, and compiled extensions
    /// do not load. The image builds fine and fails at start-up with `ModuleNotFoundError`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim AS build
    /// RUN python -m venv /opt/venv && /opt/venv/bin/pip install -r requirements.txt
    /// FROM gcr.io/distroless/python3-debian13:nonroot
    /// COPY --from=build /opt/venv /opt/venv
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13-slim AS build
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: where the builder is the official `python:<version>` image, its tag moves
    /// to the runtime's version (`python:3.12-slim` → `python:3.14-slim`), which changes
    /// the Python the packages are built for; run your tests on it.
    ///
    /// ## References
    /// - distroless Python examples: builder and runtime use the same Python minor version
    pub struct PythonVersionMismatch {
        code: "DF106",
        name: "python-version-mismatch",
        severity: Error,
        file_kind: Dockerfile,
        checklist: Some(Checklist::IsolatedDependencies),
        sources: [],
        fixes: [Unsafe],
        whole_file: true,
        references: [],
    }
}

pub(crate) fn is_python_payload(path: &str) -> bool {
    path.contains("venv")
        || path.contains("site-packages")
        || path.contains(".local")
        || path.contains("/lib/python")
        || path.contains("dist-packages")
}

/// Build with the runtime's Python: the builder's `python:<built><suffix>` tag becomes
/// `python:<runtime><suffix>` (`python:3.12-slim` → `python:3.14-slim`). Only for the
/// official image's plain tags (no digest, no variable), where that tag exists.
fn retag(
    ctx: &DockerfileContext<'_>,
    builder: &crate::dockerfile::Stage<'_>,
    built: &str,
    runtime: &str,
) -> Option<Fix> {
    let range = builder.image_range();
    let text = range.slice(ctx.source);
    if text.contains(['@', '$']) {
        return None;
    }
    let (name, tag) = text.rsplit_once(':')?;
    let official = matches!(
        name,
        "python" | "library/python" | "docker.io/library/python"
    );
    let suffix = tag.strip_prefix(built)?;
    if !official || suffix.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let new = format!("{name}:{runtime}{suffix}");
    Some(Fix::unsafe_(
        format!("Build with Python {runtime}: `{new}`"),
        vec![Edit::replace(range, new)],
    ))
}

impl PythonVersionMismatch {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        let version_of = |stage| python_version(&ctx.root_image(stage)?);
        for StageCopy {
            into,
            copy,
            from,
            source,
        } in ctx.stage_copies()
        {
            // A folder the builder installed packages into, or a path that is one.
            let folders = ctx.python_package_folders(source);
            let installed = |path: &str| {
                let path = path.trim_end_matches('/');
                folders.iter().any(|folder| {
                    let folder = folder.trim_end_matches('/');
                    !folder.is_empty()
                        && (path == folder
                            || path.starts_with(&format!("{folder}/"))
                            || folder.starts_with(&format!("{path}/")))
                })
            };
            if !copy
                .sources
                .iter()
                .any(|s| is_python_payload(&s.text) || installed(&s.text))
            {
                continue;
            }
            let (Some(runtime), Some(built)) = (version_of(into), version_of(source)) else {
                continue;
            };
            if built == runtime {
                continue;
            }
            let label = source.label();
            let builder = ctx.model.root_stage(source);
            out.push(
                Diagnostic::new(&Self::META, from.range, format!("Python packages built for Python {built} (stage `{label}`) are copied into a Python {runtime} image: they will not be found or will not load"))
                    .with_help(format!("Use the same Python minor version in both stages, e.g. a `python:{runtime}-slim` builder"))
                    .with_fix_opt(retag(ctx, builder, &built, &runtime)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::PythonVersionMismatch::META)
            .pass(&[
                "FROM python:3.13-slim AS build\nFROM gcr.io/distroless/python3-debian13:nonroot\nCOPY --from=build /opt/venv /opt/venv",
                "FROM python:3.12-slim AS build\nFROM python:3.13-slim\nCOPY --from=build /app/static /app/static",
                // The folder pip installed into is not the one copied.
                "FROM python:3.12-slim AS build\nRUN pip install --target /deps flask==3.1.0\nFROM python:3.13-slim\nCOPY --from=build /app /app",
            ])
            .fail(&[
                "FROM python:3.12-slim AS build\nFROM gcr.io/distroless/python3-debian13:nonroot\nCOPY --from=build /opt/venv /opt/venv",
                "FROM cgr.dev/chainguard/python:latest-dev AS b\nFROM python:3.13-slim\nCOPY --from=b /home/nonroot/.local /home/nonroot/.local",
                "FROM python:3.12-slim AS builder\nRUN pip install --user flask==3.1.0\nFROM cgr.dev/chainguard/python:latest-dev\nCOPY --from=builder /root/.local /home/nonroot/.local",
                // Folders that say nothing of Python, known by how they were filled.
                "FROM python:3.12-slim AS build\nRUN pip install --target /deps flask==3.1.0\nFROM gcr.io/distroless/python3-debian13:nonroot\nCOPY --from=build /deps /app/deps",
                "FROM python:3.12-slim AS build\nRUN pip install --prefix=/install flask==3.1.0\nFROM python:3.13-slim\nCOPY --from=build /install /usr/local",
                "FROM python:3.12-slim AS build\nRUN python -m venv /opt/env && /opt/env/bin/pip install flask==3.1.0\nFROM python:3.13-slim\nCOPY --from=build /opt/env /opt/env",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
