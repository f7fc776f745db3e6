use crate::engine::diagnostic::Diagnostic;
use crate::dockerfile::{PackageCommand, PackageManager};
use crate::engine::fix::Fix;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::dockerfile::edit::option_after_subcommand;
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags `pip install` without `--no-cache-dir` in a stage that ships, unless
    /// `PIP_NO_CACHE_DIR` is set or the `RUN` uses a cache mount.
    ///
    /// ## Why is this bad?
    /// pip keeps every downloaded wheel in `~/.cache/pip`, which then ships in the image
    /// layer: often as large as the installed packages themselves.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN pip install -r requirements.txt
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN pip install --no-cache-dir -r requirements.txt
    /// # or, with BuildKit, keep the cache out of the image but reuse it between builds:
    /// RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
    /// ```
    ///
    /// ## Fix safety
    /// The fix adds `--no-cache-dir` right after `install` (safe: pip installs the same
    /// packages, it just keeps no copy of the downloads). Where `install` is not written
    /// plainly (quoted, say) there is no fix.
    pub struct PipCacheKept {
        code: "DF310",
        name: "pip-cache-kept",
        severity: Info,
        file_kind: Dockerfile,
        checklist: Some(Checklist::MinimalBase),
        sources: [
            Source::same(Tool::Hadolint, "DL3042"),
            Source::inspired(Tool::Tally, "tally/prefer-package-cache-mounts"),
        ],
        fixes: [Safe],
        whole_file: true,
        references: [],
    }
}

impl PipCacheKept {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for (stage, instruction, command) in ctx.shell_commands() {
            if !stage.in_shipped_image {
                continue;
            }
            let Some(package) = PackageCommand::recognise(command) else {
                continue;
            };
            if package.manager != PackageManager::Pip || package.subcommand() != Some("install") {
                continue;
            }
            let env_off = ctx
                .model
                .ancestry(stage)
                .iter()
                .any(|s| s.env().iter().any(|(k, _)| k.text == "PIP_NO_CACHE_DIR"))
                || command
                    .assignments
                    .iter()
                    .any(|a| a.text.starts_with("PIP_NO_CACHE_DIR="));
            // `export PIP_NO_CACHE_DIR=1 && pip install …` in the same RUN.
            let exported = ctx.shell_commands().iter().any(|(_, i, earlier)| {
                std::ptr::eq(*i, *instruction)
                    && earlier.range() < command.range()
                    && earlier.program() == Some("export")
                    && earlier.words.iter().any(|w| w.text.starts_with("PIP_NO_CACHE_DIR="))
            });
            // A cache or tmpfs mount on pip's cache folder (`/root/.cache/pip`, or a
            // `.cache` folder holding it).
            let cache_mount = instruction
                .cache_mounts()
                .iter()
                .any(|t| t.ends_with("/.cache/pip") || t.ends_with("/.cache"));
            if env_off || exported || cache_mount || package.has_option(&["--no-cache-dir", "--no-cache"]) {
                continue;
            }
            let range = package.command_range();
            out.push(
                Diagnostic::new(
                    &Self::META,
                    range,
                    "`pip install` keeps its download cache in the shipped image",
                )
                .with_help(
                    "Add `--no-cache-dir`, or use `RUN --mount=type=cache,target=/root/.cache/pip`",
                )
                .with_fix_opt(
                    option_after_subcommand(ctx.source, &package, "--no-cache-dir")
                        .map(|edit| Fix::safe("Add `--no-cache-dir`", vec![edit])),
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
        let rendered = RuleTest::new(&super::PipCacheKept::META)
            .pass(&[
                "FROM a\nRUN pip install --no-cache-dir flask==3.1.0",
                "FROM a\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask==3.1.0",
                "FROM a\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask",
                "FROM a\nRUN --mount=type=tmpfs,target=/root/.cache/pip pip install flask==3.1.0",
                "FROM a\nRUN export PIP_NO_CACHE_DIR=1 && pip install flask==3.1.0",
                "FROM a\nENV PIP_NO_CACHE_DIR=false\nRUN pip install flask==3.1.0",
                "FROM a AS build\nRUN pip install flask\nFROM b\nCOPY --from=build /x /x",
            ])
            .fail(&[
                "FROM a\nRUN pip install -r requirements.txt",
                "FROM a\nRUN python3 -m pip install flask==3.1.0",
                // A cache mount on another folder keeps pip's own cache in the image.
                "FROM a\nRUN --mount=type=cache,target=/var/cache/apt pip install flask==3.1.0",
                // An export after the install is too late.
                "FROM a\nRUN pip install flask==3.1.0 && export PIP_NO_CACHE_DIR=1",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
