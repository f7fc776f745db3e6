use crate::compose::ComposeContext;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::knowledge::capabilities::DEFAULT_CAPABILITIES;

declare_rule! {
    /// ## What it does
    /// Flags capabilities a service adds with `cap_add` beyond the runtime's defaults:
    /// `ALL`, `SYS_ADMIN`, `NET_ADMIN`, `SYS_PTRACE`, `SYS_MODULE` and the others a
    /// container does not get unless asked. Adding back a default one (`CHOWN`,
    /// `SETUID`, `NET_BIND_SERVICE`...) after `cap_drop: [ALL]` is how a service gets
    /// only what it needs, and is not reported.
    ///
    /// ## Why is this bad?
    /// Each capability is a piece of root. `SYS_ADMIN` is nearly all of it (mounts,
    /// namespaces: the usual way out of a container), `NET_ADMIN` rewrites the host's
    /// firewall when the network is shared, `SYS_PTRACE` reads other processes' memory,
    /// `SYS_MODULE` loads kernel modules.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     image: registry.example.com/app:1.0.0
    ///     cap_add: [SYS_ADMIN]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   app:
    ///     image: registry.example.com/app:1.0.0
    ///     cap_drop: [ALL]
    /// ```
    pub struct CapabilityAdded {
        code: "CP104",
        name: "service-capability-added",
        severity: Warning,
        file_kind: Compose,
        checklist: Some(Checklist::NonRoot),
        sources: [
            Source::same(Tool::ComposeSpec, "cap_add"),
        ],
        references: [same(CIS_5_4), same(OWASP_3)],
    }
}


impl CapabilityAdded {
    pub fn check(ctx: &ComposeContext<'_>, out: &mut Vec<Diagnostic>) {
        for service in &ctx.compose.services {
            for (capability, node) in service.strings("cap_add").into_iter().filter(|(_, n)| service.writes(*n)) {
                let name = capability.trim_start_matches("CAP_").to_ascii_uppercase();
                if DEFAULT_CAPABILITIES.contains(&name.as_str()) {
                    continue;
                }
                let how = if name == "ALL" {
                    "every capability: root's powers over the host's kernel"
                } else {
                    "a power the runtime does not give containers, for good reason"
                };
                out.push(
                    Diagnostic::new(&Self::META, node.range(), format!("Service `{}` adds the capability `{name}`, {how}", service.name))
                        .with_help("Remove it from `cap_add` unless the app fails without it; keep `cap_drop: [ALL]`"),
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
        let rendered = RuleTest::new(&super::CapabilityAdded::META)
            .pass(&[
                "services:\n  app:\n    image: x:1\n    cap_drop: [ALL]\n    cap_add: [NET_BIND_SERVICE]\n",
                "services:\n  app:\n    image: x:1\n",
                "services:\n  db:\n    image: postgres:17\n    cap_drop: [ALL]\n    cap_add: [CHOWN, SETUID, SETGID, DAC_OVERRIDE, FOWNER]\n",
            ])
            .fail(&[
                "services:\n  app:\n    image: x:1\n    cap_add:\n      - SYS_ADMIN\n      - CHOWN\n      - CAP_NET_ADMIN\n",
                "services:\n  app:\n    image: x:1\n    cap_add: [ALL]\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
