use crate::engine::diagnostic::Diagnostic;
use crate::dockerfile::{PackageCommand, PackageManager};
use crate::engine::fix::{Edit, Fix};
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::dockerfile::edit::option_after_subcommand;
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags `apt-get install`, `yum install`, `dnf install` and `zypper install`
    /// without the option that answers "yes" (`-y` / `-n` for zypper).
    ///
    /// ## Why is this bad?
    /// A build has no one to answer the "Do you want to continue? [Y/n]" prompt: the
    /// command reads end of input, aborts, and the build fails, or worse, installs
    /// nothing in a later refactoring that swallows the error.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get install curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Fix safety
    /// The fix adds `-y` right after the subcommand (`apt-get install -y`), or for zypper
    /// `--non-interactive` right after `zypper`, where its global options go (safe: it
    /// answers the prompt that no one can answer during a build). Where that word is not
    /// written plainly (quoted, say) there is no fix.
    pub struct MissingAssumeYes {
        code: "DF301",
        name: "missing-assume-yes",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::same(Tool::Hadolint, "DL3014"),
            Source::same(Tool::Hadolint, "DL3030"),
            Source::same(Tool::Hadolint, "DL3038"),
            Source::same(Tool::Hadolint, "DL3034"),
            Source::same(Tool::Trivy, "DS-0021"),
            Source::same(Tool::Tally, "hadolint/DL3014"),
            Source::same(Tool::Tally, "hadolint/DL3030"),
            Source::same(Tool::Tally, "hadolint/DL3038"),
            Source::same(Tool::Tally, "hadolint/DL3034"),
        ],
        fixes: [Safe],
        references: [],
    }
}

/// Add the option: zypper's is global and goes before the subcommand, the others'
/// after it.
fn fix(source: &str, package: &PackageCommand<'_>, option: &str) -> Option<Fix> {
    let edit = if package.manager == PackageManager::Zypper {
        let program = package.command.words.first()?;
        (program.range.slice(source) == program.text)
            .then(|| Edit::insert(program.range.end(), format!(" {option}")))?
    } else {
        option_after_subcommand(source, package, option)?
    };
    Some(Fix::safe(format!("Add `{option}`"), vec![edit]))
}

/// How quiet apt is asked to be: each `-q` or `--quiet` counts one (`-qq` two,
/// `--quiet=2` two). apt takes a quiet level of 2 or more as "assume yes".
fn quiet_level(package: &PackageCommand<'_>) -> usize {
    package
        .command
        .words
        .iter()
        .skip(1)
        .map(|w| {
            let text = w.text.as_str();
            if let Some(level) = text
                .strip_prefix("--quiet=")
                .or_else(|| text.strip_prefix("-q="))
            {
                level.parse().unwrap_or(0)
            } else if text == "--quiet" {
                1
            } else if text.starts_with('-') && !text.starts_with("--") {
                text.chars().filter(|&c| c == 'q').count()
            } else {
                0
            }
        })
        .sum()
}

impl MissingAssumeYes {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for (_, _, command) in ctx.shell_commands() {
            let Some(package) = PackageCommand::recognise(command) else {
                continue;
            };
            let answered = match package.manager {
                debian if debian.is_debian() => {
                    package.has_flag('y', &["--yes", "--assume-yes"]) || quiet_level(&package) >= 2
                }
                PackageManager::Yum | PackageManager::Dnf | PackageManager::Microdnf => {
                    package.has_flag('y', &["--assumeyes"])
                }
                PackageManager::Zypper => {
                    package.has_flag('n', &["--non-interactive", "--no-confirm"])
                        || package.has_flag('y', &[])
                }
                _ => continue,
            };
            let installs = matches!(
                package.subcommand(),
                Some(
                    "install"
                        | "upgrade"
                        | "dist-upgrade"
                        | "remove"
                        | "purge"
                        | "autoremove"
                        | "groupinstall"
                        | "in"
                )
            );
            if installs && !answered {
                let program = command.program().unwrap_or_default();
                let option = if package.manager == PackageManager::Zypper {
                    "--non-interactive"
                } else {
                    "-y"
                };
                let range = package.command_range();
                out.push(
                    Diagnostic::new(&Self::META, range, format!("`{program} {}` without `{option}` waits for a confirmation no one can give during a build", package.subcommand().unwrap_or_default()))
                        .with_help(format!("Add `{option}`"))
                        .with_fix_opt(fix(ctx.source, &package, option)),
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
        let rendered = RuleTest::new(&super::MissingAssumeYes::META)
            .pass(&[
                "FROM a\nRUN apt-get install -y curl",
                "FROM a\nRUN apt-get -qq install curl",
                "FROM a\nRUN apt-get install --yes curl",
                "FROM a\nRUN yum install -y x && dnf -y install z",
                "FROM a\nRUN zypper -n install x",
                "FROM a\nRUN apt-get update",
                "FROM a\nRUN apt-get install -q -q curl",
                "FROM a\nRUN apt-get --quiet --quiet install curl",
                "FROM a\nRUN microdnf install -y curl",
            ])
            .fail(&[
                "FROM a\nRUN apt-get update && apt-get install curl",
                "FROM a\nRUN yum install httpd",
                "FROM a\nRUN dnf install -q httpd",
                "FROM a\nRUN zypper install x",
                "FROM a\nRUN apt-get install -q curl",
                "FROM a\nRUN microdnf install curl",
                "FROM a\nRUN aptitude install curl",
                "FROM a\nONBUILD RUN apt-get install curl",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
