use crate::compose::ComposeContext;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};

declare_rule! {
    /// ## What it does
    /// Notes a file that the Compose file reads but that was not given with it: one
    /// named by `include:`, or by a service's `extends: {file: ...}`. What comes from it
    /// is not checked: the included services, the settings a service inherits.
    ///
    /// ## Why is this bad?
    /// A service that extends `privileged: true` from another file is as dangerous as
    /// one that writes it, and a missing `user:` may be set there. Judging only half of
    /// the configuration would read like a pass.
    ///
    /// ## Example
    /// ```yaml
    /// include:
    ///   - compose.db.yaml
    /// services:
    ///   web:
    ///     extends: {file: compose.base.yaml, service: app}
    /// ```
    ///
    /// ## Use instead
    /// Lint the files together: `bulkhead lint compose.yaml compose.db.yaml
    /// compose.base.yaml`, or open them as tabs in the playground. Paths are relative to
    /// the Compose file's folder, as `docker compose` reads them.
    pub struct FileNotGiven {
        code: "CP003",
        name: "file-not-given",
        severity: Info,
        file_kind: Compose,
        checklist: None,
        sources: [
            Source::same(Tool::ComposeSpec, "include"),
            Source::same(Tool::ComposeSpec, "extends"),
        ],
        whole_file: true,
        references: [],
    }
}

impl FileNotGiven {
    pub fn check(ctx: &ComposeContext<'_>, out: &mut Vec<Diagnostic>) {
        let help = "Lint it together with this file (another argument, or another tab)";
        for file in ctx.compose.includes.iter().filter(|f| !f.given) {
            out.push(
                Diagnostic::new(&Self::META, file.range, format!("This file includes `{}`, which was not given with it: its services are not checked", file.path))
                    .with_help(help),
            );
        }
        for service in &ctx.compose.services {
            let Some(base) = service.foreign.as_ref().filter(|b| !b.file.given) else {
                continue;
            };
            out.push(
                Diagnostic::new(&Self::META, base.file.range, format!("Service `{}` extends `{}` from `{}`, which was not given with this file: the settings it inherits are not checked", service.name, base.service, base.file.path))
                    .with_help(help),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::{ProjectTest, RuleTest};

    const APP: &str = "include:\n  - compose.db.yaml\nservices:\n  web:\n    extends: {file: ./compose.base.yaml, service: app}\n";
    const DB: &str = "services:\n  db:\n    image: postgres:17\n";
    const BASE: &str = "services:\n  app:\n    image: registry.example.com/app:1\n";

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::FileNotGiven::META)
            .pass(&["services:\n  web:\n    image: x:1\n  worker:\n    extends: web\n"])
            .fail(&[
                APP,
                "include:\n  - path: [../shared/compose.db.yaml, compose.cache.yaml]\nservices:\n  web:\n    image: x:1\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }

    /// Given together, by path (relative to the including file's folder), nothing is
    /// left out.
    #[test]
    fn files_given_together() {
        let rendered = ProjectTest::new(&super::FileNotGiven::META)
            .pass(&[("app/compose.yaml", APP), ("app/compose.db.yaml", DB), ("app/compose.base.yaml", BASE)])
            .fail(&[("app/compose.yaml", APP), ("other/compose.db.yaml", DB), ("app/compose.base.yaml", BASE), ("more/compose.db.yaml", DB)])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
