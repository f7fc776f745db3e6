use crate::engine::diagnostic::Diagnostic;
use crate::dockerfile::{PackageCommand, PackageManager};
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags OS packages installed without a version: `apt-get install curl` rather than
    /// `curl=8.14.1-2`, `apk add curl` rather than `curl=8.14.1-r1`.
    ///
    /// ## Why is this bad?
    /// Without a version, each build installs whatever the mirror has that day, so two
    /// builds of the same commit can differ, and a bad update reaches production without
    /// a code change. Pinning trades this for regular, deliberate updates (and builds
    /// fail when the distribution drops the old version), so many teams pin the base
    /// image digest instead; this rule is informational.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get install -y --no-install-recommends curl=8.14.1-2
    /// ```
    ///
    /// ## Contested
    /// For: hadolint (DL3008) and the CIS Docker Benchmark's remediation ask for exact
    /// versions, so that a rebuild installs what was tested. Against: Debian and Ubuntu
    /// mirrors keep only the current version of a package, so a pin breaks the build as
    /// soon as a security update replaces it, and teams then drop the pin or stop
    /// rebuilding (and stop getting fixes). Pinning the base image by digest and
    /// rebuilding on a schedule gives reproducible builds without that breakage; this
    /// is why the rule is a note, not a warning.
    pub struct UnpinnedOsPackages {
        code: "DF304",
        name: "unpinned-os-packages",
        severity: Info,
        file_kind: Dockerfile,
        checklist: Some(Checklist::PinnedDependencies),
        sources: [
            Source::same(Tool::Hadolint, "DL3008"),
            Source::same(Tool::Hadolint, "DL3018"),
            Source::same(Tool::Hadolint, "DL3033"),
            Source::same(Tool::Hadolint, "DL3041"),
            Source::same(Tool::Hadolint, "DL3037"),
        ],
        references: [related(CIS_4_7), related(OWASP_9)],
    }
}

/// Options that take a value after the subcommand.
const VALUED: &[&str] = &[
    "-t",
    "--target-release",
    "-o",
    "--repository",
    "-X",
    "--virtual",
    "-t",
    "--setopt",
    "--enablerepo",
    "--disablerepo",
];

fn pinned(manager: PackageManager, package: &str) -> bool {
    if package.contains('$')
        || package.contains('/')
        || package.ends_with(".rpm")
        || package.ends_with(".deb")
        || package.ends_with(".apk")
    {
        return true;
    }
    match manager {
        debian if debian.is_debian() => package.contains('='),
        // `name=1.2.3-r0`, `name~1.2` (that version's releases), `name<2`, `name>=1.2`.
        PackageManager::Apk => package.contains(['=', '~', '<', '>']),
        // `name=1.2.3`, `name>1.2`, `name<2`, `name-1.2.3`.
        PackageManager::Zypper => {
            package.contains(['=', '<', '>'])
                || package
                    .split('-')
                    .skip(1)
                    .any(|part| part.starts_with(|c: char| c.is_ascii_digit()))
        }
        // name-1.2.3 or name-1.2.3-1.el9
        _ => {
            package.contains('=')
                || package
                    .split('-')
                    .skip(1)
                    .any(|part| part.starts_with(|c: char| c.is_ascii_digit()))
        }
    }
}

impl UnpinnedOsPackages {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for (_, _, command) in ctx.shell_commands() {
            let Some(package) = PackageCommand::recognise(command) else {
                continue;
            };
            let rpm = matches!(
                package.manager,
                PackageManager::Yum | PackageManager::Dnf | PackageManager::Microdnf
            );
            let mut packages = package.packages(VALUED);
            // `dnf module install nodejs:20`: the modules after `install`, pinned by a
            // stream (`name:stream`).
            let module = rpm
                && package.subcommand() == Some("module")
                && packages.first().is_some_and(|w| w.text == "install");
            let installs = match package.manager {
                debian if debian.is_debian() => {
                    package.subcommand() == Some("install")
                }
                _ if rpm => package.subcommand() == Some("install") || module,
                PackageManager::Zypper => matches!(package.subcommand(), Some("install" | "in")),
                PackageManager::Apk => package.subcommand() == Some("add"),
                _ => false,
            };
            if !installs {
                continue;
            }
            if module {
                packages.remove(0);
            }
            let unpinned: Vec<_> = packages
                .into_iter()
                .filter(|w| {
                    if module {
                        !w.text.contains(':')
                    } else {
                        !pinned(package.manager, &w.text)
                    }
                })
                .collect();
            let (Some(first), Some(last)) = (unpinned.first(), unpinned.last()) else {
                continue;
            };
            let names: Vec<&str> = unpinned.iter().map(|w| w.text.as_str()).collect();
            let example = if package.manager == PackageManager::Apk {
                "name=1.2.3-r0"
            } else {
                "name=1.2.3-1"
            };
            out.push(
                Diagnostic::new(
                    &Self::META,
                    first.range.cover(last.range),
                    format!("{} installed without a version: {}", if names.len() == 1 { "Package" } else { "Packages" }, names.join(", ")),
                )
                .with_help(format!("Pin versions (`{example}`), or pin the base image by digest and rebuild deliberately")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::UnpinnedOsPackages::META)
            .pass(&[
                "FROM a\nRUN apt-get install -y curl=8.14.1-2",
                "FROM a\nRUN apk add --no-cache curl=8.14.1-r1",
                "FROM a\nRUN yum install -y httpd-2.4.6",
                "FROM a\nRUN apt-get install -y ./local.deb $PKGS",
                "FROM a\nRUN apk add --no-cache git~2.52.0 'curl<9' 'musl>=1.2'",
                "FROM a\nRUN apk add --allow-untrusted local-1.0.apk",
                "FROM a\nRUN zypper install -y 'curl>8' 'git<3' vim=9.1",
                "FROM a\nRUN dnf module install -y nodejs:20",
            ])
            .fail(&[
                "FROM a\nRUN apt-get install -y --no-install-recommends curl ca-certificates",
                "FROM a\nRUN apk add --no-cache --virtual .build-deps gcc",
                "FROM a\nRUN dnf install -y httpd",
                "FROM a\nRUN yum module install -y nodejs && microdnf module install postgresql",
                "FROM a\nRUN aptitude install -y curl",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
