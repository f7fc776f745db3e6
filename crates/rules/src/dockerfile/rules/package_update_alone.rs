use crate::engine::diagnostic::Diagnostic;
use crate::dockerfile::{PackageCommand, PackageManager};
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags a `RUN` that refreshes the package index (`apt-get update`, `apk update`)
    /// without installing anything in the same `RUN`.
    ///
    /// ## Why is this bad?
    /// Docker caches each layer: the `update` layer is reused for months while a later
    /// `RUN apt-get install` layer is rebuilt against that stale index, and fails with
    /// 404s or installs outdated packages. Update and install belong in one `RUN`.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update
    /// RUN apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get update \
    ///  && apt-get install -y --no-install-recommends curl \
    ///  && rm -rf /var/lib/apt/lists/*
    /// ```
    pub struct PackageUpdateAlone {
        code: "DF305",
        name: "package-update-alone",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::same(Tool::Trivy, "DS-0017"),
            Source::same(Tool::Checkov, "CKV_DOCKER_5"),
        ],
        references: [],
    }
}

impl PackageUpdateAlone {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &ctx.model.stages {
            if stage.non_posix_shell() {
                continue;
            }
            for run in stage.runs().iter().chain(stage.trigger_runs()) {
                let packages: Vec<_> = run
                    .commands
                    .iter()
                    .filter_map(PackageCommand::recognise)
                    .collect();
                let update = packages.iter().find(|p| {
                    matches!(
                        p.manager,
                        PackageManager::AptGet | PackageManager::Apt | PackageManager::Apk
                    ) && p.subcommand() == Some("update")
                });
                let Some(update) = update else { continue };
                let installs = packages.iter().any(|p| {
                    matches!(
                        p.subcommand(),
                        Some("install" | "add" | "upgrade" | "dist-upgrade" | "full-upgrade")
                    )
                });
                if !installs {
                    let program = update.command.program().unwrap_or_default();
                    let range = update.command_range();
                    out.push(
                        Diagnostic::new(&Self::META, range, format!("`{program} update` alone in a `RUN`: its cached layer goes stale and later installs use an outdated index"))
                            .with_help(format!("Run `{program} update` in the same `RUN` as the install that needs it")),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::PackageUpdateAlone::META)
            .pass(&[
                "FROM a\nRUN apt-get update && apt-get install -y x",
                "FROM a\nRUN apk update && apk upgrade",
            ])
            .fail(&[
                "FROM a\nRUN apt-get update\nRUN apt-get install -y x",
                "FROM a\nRUN apk update",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
