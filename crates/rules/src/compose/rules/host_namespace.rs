use crate::compose::ComposeContext;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};

/// The settings that share a host namespace, with what the container then sees.
const HOST_NAMESPACES: &[(&str, &str)] = &[
    ("network_mode", "the host's network: every port and interface of the host, and services bound to its localhost"),
    ("pid", "the host's processes: it can see them, their arguments and environment, and signal them"),
    ("ipc", "the host's shared memory and message queues"),
    ("uts", "the host's hostname, which it can change"),
    ("userns_mode", "the host's user namespace, turning off the daemon's user remapping"),
];

declare_rule! {
    /// ## What it does
    /// Flags a service that shares a namespace with the host: `network_mode: host`,
    /// `pid: host`, `ipc: host`, `uts: host` or `userns_mode: host`.
    ///
    /// ## Why is this bad?
    /// Namespaces are what keep a container apart from the machine it runs on. With the
    /// host's network it can reach services bound to the host's localhost and listen on
    /// any port; with its processes it can read their environment (secrets included)
    /// and signal them; with its IPC it can read shared memory.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     image: registry.example.com/app:1.0.0
    ///     network_mode: host
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   app:
    ///     image: registry.example.com/app:1.0.0
    ///     ports:
    ///       - "127.0.0.1:8080:8080"
    /// ```
    pub struct HostNamespace {
        code: "CP102",
        name: "host-namespace",
        severity: Error,
        file_kind: Compose,
        checklist: None,
        sources: [
            Source::same(Tool::ComposeSpec, "network_mode"),
            Source::same(Tool::ComposeSpec, "pid"),
            Source::same(Tool::ComposeSpec, "ipc"),
        ],
        references: [same(CIS_5_10), same(CIS_5_16), same(CIS_5_17), same(CIS_5_21), same(CIS_5_31)],
    }
}

impl HostNamespace {
    pub fn check(ctx: &ComposeContext<'_>, out: &mut Vec<Diagnostic>) {
        for service in &ctx.compose.services {
            for (key, shares) in HOST_NAMESPACES {
                let Some(entry) = service.own(key) else {
                    continue;
                };
                if entry.value.str() == Some("host") {
                    out.push(
                        Diagnostic::new(&Self::META, entry.value.range(), format!("Service `{}` shares {shares}", service.name))
                            .with_help(format!("Remove `{key}: host`; publish the ports the service needs instead of sharing the host's network")),
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
        let rendered = RuleTest::new(&super::HostNamespace::META)
            .pass(&[
                "services:\n  app:\n    image: x:1\n    network_mode: bridge\n    pid: \"service:db\"\n",
                "services:\n  app:\n    image: x:1\n",
            ])
            .fail(&[
                "services:\n  app:\n    image: x:1\n    network_mode: host\n",
                "services:\n  app:\n    image: x:1\n    pid: host\n    ipc: host\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
