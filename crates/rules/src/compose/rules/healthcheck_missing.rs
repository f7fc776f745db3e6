use crate::compose::ComposeContext;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::yaml::Node;

declare_rule! {
    /// ## What it does
    /// Flags a long-running service without a `healthcheck`, or whose healthcheck is
    /// turned off (`disable: true`, or `test: ["NONE"]`). A service whose image has a
    /// `HEALTHCHECK` needs none here; when its Dockerfile is in the input, the
    /// cross-file check knows that. One-off services (`restart: "no"` with a
    /// `profiles` entry, such as a migration run by hand) are not judged.
    ///
    /// ## Why is this bad?
    /// Without a health check, Docker only knows whether the process runs, not whether
    /// it answers: a hung server stays "up", `depends_on: {condition:
    /// service_healthy}` cannot wait for it, and nothing restarts it.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: registry.example.com/web:1.0.0
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   web:
    ///     image: registry.example.com/web:1.0.0
    ///     healthcheck:
    ///       test: ["CMD", "/app/healthcheck"]
    ///       interval: 30s
    ///       timeout: 3s
    ///       retries: 3
    /// ```
    pub struct HealthcheckMissing {
        code: "CP402",
        name: "healthcheck-missing",
        severity: Info,
        file_kind: Compose,
        checklist: Some(Checklist::HealthChecks),
        sources: [
            Source::same(Tool::ComposeSpec, "healthcheck"),
        ],
        whole_file: true,
        references: [same(CIS_5_27)],
    }
}

impl HealthcheckMissing {
    pub fn check(ctx: &ComposeContext<'_>, out: &mut Vec<Diagnostic>) {
        for service in &ctx.compose.services {
            // Set in a service of another file it extends: judged there.
            if service.inherits("healthcheck") {
                continue;
            }
            let one_off = service.field("restart").and_then(|e| e.value.str()) == Some("no")
                && service.field("profiles").is_some();
            if one_off {
                continue;
            }
            let (range, message) = match service.field("healthcheck") {
                None => (service.anchor(), format!("Service `{}` has no health check: Docker cannot tell a hung service from a healthy one", service.name)),
                Some(entry) => {
                    let disabled = entry.value.get("disable").and_then(Node::bool) == Some(true)
                        || entry.value.get("test").is_some_and(|t| {
                            t.str() == Some("NONE")
                                || t.items().first().and_then(|n| n.str()) == Some("NONE")
                        });
                    if !disabled {
                        continue;
                    }
                    (entry.key.range(), format!("Service `{}` turns its health check off, the image's own included", service.name))
                }
            };
            out.push(
                Diagnostic::new(&Self::META, range, message)
                    .with_help("Add a `healthcheck` whose `test` runs a program the image has (an HTTP probe binary, or the app's own check command)"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::HealthcheckMissing::META)
            .pass(&[
                "services:\n  db:\n    image: postgres:17.6\n    healthcheck:\n      test: [\"CMD-SHELL\", \"pg_isready -U postgres\"]\n",
                "services:\n  migrate:\n    image: x:1\n    restart: \"no\"\n    profiles: [tools]\n",
            ])
            .fail(&[
                "services:\n  web:\n    image: x:1\n",
                "services:\n  web:\n    image: x:1\n    healthcheck:\n      disable: true\n  api:\n    image: y:1\n    healthcheck:\n      test: [\"NONE\"]\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
