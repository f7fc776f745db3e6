use crate::compose::ComposeContext;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};

declare_rule! {
    /// ## What it does
    /// Flags a service with no memory limit: neither `mem_limit` nor
    /// `deploy.resources.limits.memory`.
    ///
    /// ## Why is this bad?
    /// A leak, a large request or an attacker's workload can then take all of the
    /// host's memory, and the kernel's out-of-memory killer picks a victim among all
    /// services (the database, often). A limit confines the damage to the service that
    /// caused it, which Docker then restarts.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     image: registry.example.com/app:1.0.0
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   app:
    ///     image: registry.example.com/app:1.0.0
    ///     deploy:
    ///       resources:
    ///         limits:
    ///           memory: 512M
    /// ```
    pub struct MemoryLimitMissing {
        code: "CP403",
        name: "memory-limit-missing",
        severity: Info,
        file_kind: Compose,
        checklist: Some(Checklist::ReadOnlyAndLimits),
        sources: [
            Source::same(Tool::ComposeSpec, "deploy.resources.limits"),
        ],
        whole_file: true,
        references: [same(CIS_5_11), same(OWASP_7)],
    }
}

impl MemoryLimitMissing {
    pub fn check(ctx: &ComposeContext<'_>, out: &mut Vec<Diagnostic>) {
        for service in &ctx.compose.services {
            // Set in a service of another file it extends: judged there.
            if service.inherits("mem_limit") || service.inherits("deploy") {
                continue;
            }
            let limited = service.field("mem_limit").is_some()
                || service
                    .path(&["deploy", "resources", "limits", "memory"])
                    .is_some();
            if !limited {
                out.push(
                    Diagnostic::new(&Self::META, service.anchor(), format!("Service `{}` has no memory limit: it can take all of the host's memory", service.name))
                        .with_help("Set `deploy.resources.limits.memory` (or `mem_limit`) to what the service needs, with some room"),
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
        let rendered = RuleTest::new(&super::MemoryLimitMissing::META)
            .pass(&[
                "services:\n  app:\n    image: x:1\n    mem_limit: 512m\n",
                "services:\n  app:\n    image: x:1\n    deploy:\n      resources:\n        limits: {memory: 512M}\n",
            ])
            .fail(&["services:\n  app:\n    image: x:1\n    deploy:\n      resources:\n        limits: {cpus: \"0.5\"}\n"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
