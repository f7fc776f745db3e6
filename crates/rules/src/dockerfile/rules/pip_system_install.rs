use crate::engine::diagnostic::Diagnostic;
use crate::dockerfile::{PackageCommand, PackageManager};
use crate::engine::registry::{declare_rule, Checklist};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags `pip install` into the system Python of the stage that ships: no virtual
    /// environment (`VIRTUAL_ENV`, a `venv` on `PATH`, `python -m venv` earlier), no
    /// `--user`, `--target` or `--prefix`.
    ///
    /// ## Why is this bad?
    /// Installing into the system site-packages of the runtime image mixes your
    /// dependencies with the distribution's, needs root, and leaves pip, build tools and
    /// caches in the image. The hardened pattern is: install into a venv (or `--user`) in
    /// a builder stage, then `COPY --from=builder` only that directory into a minimal
    /// runtime.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// COPY requirements.txt .
    /// RUN pip install --no-cache-dir -r requirements.txt
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13-slim AS build
    /// RUN python -m venv /opt/venv
    /// COPY requirements.txt .
    /// RUN /opt/venv/bin/pip install --no-cache-dir --require-hashes -r requirements.txt
    ///
    /// FROM python:3.13-slim
    /// COPY --from=build /opt/venv /opt/venv
    /// ENV PATH=/opt/venv/bin:$PATH
    /// USER 65532
    /// ```
    ///
    /// ## References
    /// - Python packaging guide: virtual environments
    pub struct PipSystemInstall {
        code: "DF313",
        name: "pip-system-install",
        severity: Info,
        file_kind: Dockerfile,
        checklist: Some(Checklist::IsolatedDependencies),
        sources: [],
        whole_file: true,
        references: [],
    }
}

impl PipSystemInstall {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        let mut venv_created = false;
        for (stage, _, command) in ctx.shell_commands() {
            let program = command.program().unwrap_or_default();
            if command
                .words
                .iter()
                .any(|w| w.text == "venv" || w.text == "virtualenv")
                || program == "virtualenv"
            {
                venv_created = true;
            }
            if !stage.in_shipped_image || venv_created {
                continue;
            }
            let Some(package) = PackageCommand::recognise(command) else {
                continue;
            };
            if package.manager != PackageManager::Pip || package.subcommand() != Some("install") {
                continue;
            }
            // `/opt/venv/bin/pip` is a venv's pip.
            let venv_pip = command.words[0].text.contains("/bin/pip")
                && !command.words[0].text.starts_with("/usr/");
            let venv_env = ctx.model.ancestry(stage).iter().any(|s| {
                s.env().iter().any(|(k, v)| {
                    k.text == "VIRTUAL_ENV"
                        || (k.text == "PATH" && (v.contains("venv") || v.contains("/opt/")))
                })
            });
            let isolated = package.has_option(&["--user"])
                || crate::knowledge::pip::INTO_FOLDER
                    .iter()
                    .any(|names| package.has_option(names))
                || package.has_flag('t', &[]);
            if venv_pip || venv_env || isolated {
                continue;
            }
            let range = package.command_range();
            out.push(
                Diagnostic::new(&Self::META, range, "`pip install` into the system Python of the shipped image")
                    .with_help("Install into a venv (or with `--user`) in a builder stage and copy only that directory into the runtime stage"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::PipSystemInstall::META)
            .pass(&[
                "FROM python:3.13-slim AS build\nRUN pip install -r r.txt\nFROM python:3.13-slim\nCOPY --from=build /x /x",
                "FROM python:3.13-slim\nRUN python -m venv /opt/venv && /opt/venv/bin/pip install -r r.txt",
                "FROM python:3.13-slim\nENV VIRTUAL_ENV=/opt/venv\nRUN pip install -r r.txt",
                "FROM python:3.13-slim\nRUN pip install --user -r r.txt",
            ])
            .fail(&["FROM python:3.13-slim\nRUN pip install --no-cache-dir -r requirements.txt"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
