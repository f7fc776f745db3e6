use crate::engine::diagnostic::Diagnostic;
use crate::dockerfile::{PackageCommand, PackageManager};
use crate::engine::fix::Fix;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::dockerfile::edit::option_after_subcommand;
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags `apt-get install` without `--no-install-recommends` in a stage that ships.
    ///
    /// ## Why is this bad?
    /// By default apt also installs every *recommended* package: often tens of megabytes
    /// of documentation, extra tools and libraries the app never uses, each one more
    /// thing to download, scan and patch.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl \
    ///  && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// Builder stages whose files are not shipped are not reported.
    ///
    /// ## Fix safety
    /// Unsafe: the fix adds `--no-install-recommends` right after `install`, and the app
    /// may rely on a package that was only recommended (without `ca-certificates`, which
    /// `curl` brings in only as a recommendation, HTTPS downloads fail). Where `install`
    /// is not written plainly (quoted, say) there is no fix.
    pub struct InstallRecommends {
        code: "DF302",
        name: "install-recommends",
        severity: Info,
        file_kind: Dockerfile,
        checklist: Some(Checklist::MinimalBase),
        sources: [Source::same(Tool::Hadolint, "DL3015")],
        fixes: [Unsafe],
        whole_file: true,
        references: [related(CIS_4_3)],
    }
}

impl InstallRecommends {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for (stage, _, command) in ctx.shell_commands() {
            if !stage.in_shipped_image {
                continue;
            }
            let Some(package) = PackageCommand::recognise(command) else {
                continue;
            };
            if !matches!(
                package.manager,
                PackageManager::AptGet | PackageManager::Apt
            ) || package.subcommand() != Some("install")
            {
                continue;
            }
            let disabled = package.has_option(&["--no-install-recommends"])
                || command.words.iter().any(|w| {
                    w.text.contains("APT::Install-Recommends=false")
                        || w.text.contains("APT::Install-Recommends=0")
                });
            if !disabled {
                let range = package.command_range();
                out.push(
                    Diagnostic::new(&Self::META, range, "`apt-get install` also installs recommended packages the app does not need")
                        .with_help("Add `--no-install-recommends`")
                        // Unsafe: a program may rely on a package that was only recommended.
                        .with_fix_opt(option_after_subcommand(ctx.source, &package, "--no-install-recommends").map(|edit| Fix::unsafe_("Add `--no-install-recommends`", vec![edit]))),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::InstallRecommends::META)
            .pass(&[
                "FROM a\nRUN apt-get install -y --no-install-recommends curl",
                "FROM a\nRUN apt-get -o APT::Install-Recommends=false install -y curl",
                "FROM a AS build\nRUN apt-get install -y gcc\nFROM b\nCOPY --from=build /x /x",
            ])
            .fail(&["FROM a\nRUN apt-get update && apt-get install -y curl"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
