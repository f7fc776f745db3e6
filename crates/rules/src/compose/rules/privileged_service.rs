use crate::compose::ComposeContext;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};

declare_rule! {
    /// ## What it does
    /// Flags a service with `privileged: true`.
    ///
    /// ## Why is this bad?
    /// A privileged container gets every capability, every device of the host and no
    /// seccomp or AppArmor confinement: root in it is root on the host, and a process
    /// that breaks out owns the machine. It is almost never what an app needs.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     image: registry.example.com/app:1.0.0
    ///     privileged: true
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   app:
    ///     image: registry.example.com/app:1.0.0
    ///     cap_drop: [ALL]
    ///     cap_add: [NET_BIND_SERVICE] # only the one capability it needs, if any
    /// ```
    pub struct PrivilegedService {
        code: "CP101",
        name: "privileged-service",
        severity: Error,
        file_kind: Compose,
        checklist: Some(Checklist::NonRoot),
        sources: [
            Source::same(Tool::ComposeSpec, "privileged"),
        ],
        references: [same(CIS_5_5), same(OWASP_3)],
    }
}

impl PrivilegedService {
    pub fn check(ctx: &ComposeContext<'_>, out: &mut Vec<Diagnostic>) {
        for service in &ctx.compose.services {
            let Some(entry) = service.own("privileged") else {
                continue;
            };
            if entry.value.bool() == Some(true) {
                out.push(
                    Diagnostic::new(&Self::META, entry.value.range(), format!("Service `{}` runs privileged: every capability and device of the host, without confinement", service.name))
                        .with_help("Remove `privileged: true`; if one capability is needed, add just that one under `cap_add`"),
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
        let rendered = RuleTest::new(&super::PrivilegedService::META)
            .pass(&[
                "services:\n  app:\n    image: x:1\n    privileged: false\n",
                "services:\n  app:\n    image: x:1\n",
            ])
            .fail(&["services:\n  app:\n    image: x:1\n    privileged: true\n"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
