use crate::engine::diagnostic::Diagnostic;
use crate::dockerfile::{PackageCommand, PackageManager};
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags a blanket upgrade of the base image's packages in a `RUN`:
    /// `apt-get upgrade`, `apt-get dist-upgrade`, `apk upgrade`, `yum update`/`upgrade`,
    /// `dnf upgrade` without package names.
    ///
    /// ## Why is this bad?
    /// The image then contains whatever versions the mirror had on the day of the build,
    /// not what the base image's maintainers tested and published: builds stop being
    /// reproducible, the image grows by a layer of replaced files, and scanners judge a
    /// package set no one else has. The fix for outdated packages is a newer base image
    /// (rebuilt often, pinned by digest); upgrade single packages by name when a fix
    /// cannot wait. This rule is informational: some teams upgrade on purpose.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get upgrade -y
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13-slim@sha256:<a recent digest>
    /// # or, for one urgent fix:
    /// RUN apt-get update && apt-get install -y --only-upgrade openssl && rm -rf /var/lib/apt/lists/*
    /// ```
    pub struct OsPackageUpgrade {
        code: "DF306",
        name: "os-package-upgrade",
        severity: Info,
        file_kind: Dockerfile,
        checklist: Some(Checklist::PinnedDependencies),
        sources: [Source::inspired(Tool::Hadolint, "DL3005")],
        references: [],
    }
}

impl OsPackageUpgrade {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for (_, _, command) in ctx.shell_commands() {
            let Some(package) = PackageCommand::recognise(command) else {
                continue;
            };
            let sub = package.subcommand().unwrap_or_default();
            let blanket = match package.manager {
                PackageManager::AptGet | PackageManager::Apt => {
                    matches!(sub, "upgrade" | "dist-upgrade" | "full-upgrade")
                }
                PackageManager::Apk => sub == "upgrade" && package.packages(&[]).is_empty(),
                PackageManager::Yum | PackageManager::Dnf | PackageManager::Microdnf => {
                    matches!(sub, "update" | "upgrade" | "distro-sync")
                        && package.packages(&[]).is_empty()
                }
                PackageManager::Zypper => matches!(sub, "update" | "up" | "dist-upgrade" | "dup"),
                _ => false,
            };
            if blanket {
                let program = command.program().unwrap_or_default();
                out.push(
                    Diagnostic::new(&Self::META, package.command_range(), format!("`{program} {sub}` upgrades every package of the base image at build time, so the image no longer matches any published base"))
                        .with_help("Use a newer base image (pinned by digest) instead, or upgrade only the packages that need a fix"),
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
        let rendered = RuleTest::new(&super::OsPackageUpgrade::META)
            .pass(&[
                "FROM a\nRUN apt-get install -y --only-upgrade openssl",
                "FROM a\nRUN apk upgrade --no-cache openssl",
                "FROM a\nRUN yum update -y openssl",
            ])
            .fail(&[
                "FROM a\nRUN apt-get update && apt-get upgrade -y",
                "FROM a\nRUN apk upgrade --no-cache",
                "FROM a\nRUN dnf -y upgrade",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
