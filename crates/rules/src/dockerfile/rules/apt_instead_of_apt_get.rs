use crate::engine::diagnostic::Diagnostic;
use crate::dockerfile::{PackageCommand, PackageManager};
use crate::engine::fix::{Edit, Fix};
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags `apt` in a `RUN` command.
    ///
    /// ## Why is this bad?
    /// `apt` is the interactive front end: its output and behaviour may change between
    /// releases and it warns "apt does not have a stable CLI interface. Use with caution
    /// in scripts." `apt-get` is the stable interface for scripts and Dockerfiles.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt update && apt install -y curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Fix safety
    /// `apt` becomes `apt-get` (safe) for `install`, `update`, `dist-upgrade`, `remove`,
    /// `purge`, `autoremove` and `clean`, which `apt-get` runs with the same arguments and
    /// the same result. `apt upgrade` has no fix: it installs new dependencies, where
    /// `apt-get upgrade` holds those packages back. Other subcommands, such as
    /// `apt search` (use `apt-cache search`), have no fix either.
    pub struct AptInsteadOfAptGet {
        code: "DF300",
        name: "apt-instead-of-apt-get",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::same(Tool::Hadolint, "DL3027"),
            Source::same(Tool::Checkov, "CKV_DOCKER_9"),
            Source::same(Tool::Tally, "hadolint/DL3027"),
        ],
        fixes: [Safe],
        references: [],
    }
}

impl AptInsteadOfAptGet {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for (_, _, command) in ctx.shell_commands() {
            let Some(package) = PackageCommand::recognise(command) else {
                continue;
            };
            if package.manager == PackageManager::Apt {
                let word = &command.words[0];
                let mut diagnostic = Diagnostic::new(&Self::META, word.range, "`apt` is meant for people at a terminal; its command-line interface is not stable for scripts")
                    .with_help("Use `apt-get` (or `apt-cache` for searches)");
                // `apt-get` takes the same arguments for the commands scripts use. Not
                // `upgrade`: `apt upgrade` installs new dependencies, `apt-get upgrade`
                // holds those packages back.
                let scriptable = matches!(
                    package.subcommand(),
                    Some(
                        "install"
                            | "update"
                            | "remove"
                            | "purge"
                            | "autoremove"
                            | "clean"
                            | "dist-upgrade"
                    )
                );
                if scriptable && word.range.slice(ctx.source) == "apt" {
                    diagnostic = diagnostic.with_fix(Fix::safe(
                        "Use `apt-get`",
                        vec![Edit::replace(word.range, "apt-get")],
                    ));
                }
                out.push(diagnostic);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::AptInsteadOfAptGet::META)
            .pass(&["FROM a\nRUN apt-get update", "FROM a\nRUN echo apt"])
            .fail(&[
                "FROM a\nRUN apt update && apt install -y curl",
                // `apt upgrade` and `apt-get upgrade` differ: reported, not fixed.
                "FROM a\nRUN apt update && apt upgrade -y",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
