use crate::compose::ComposeContext;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::knowledge::host_paths::{classify, HostPath};

declare_rule! {
    /// ## What it does
    /// Flags a service that bind-mounts a sensitive folder of the host: `/`, `/etc`,
    /// `/proc`, `/sys`, `/dev`, `/boot`, `/root`, `/home`, `/usr`, `/lib`, the
    /// runtimes' state (`/var/lib/docker`, `/var/lib/kubelet`), `/var/log`, or a
    /// user's `.ssh`, `.aws`, `.kube`, `.docker` or `.gnupg`. (The runtime's socket is
    /// CP201.)
    ///
    /// ## Why is this bad?
    /// These hold the host's configuration, its users' keys and credentials, and the
    /// kernel's interfaces. Read-only, they give away secrets (`/etc/shadow`, SSH and
    /// cloud keys); writable, a way to change the host (a cron job, a changed binary).
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   backup:
    ///     image: registry.example.com/backup:1.0.0
    ///     volumes:
    ///       - /:/host
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   backup:
    ///     image: registry.example.com/backup:1.0.0
    ///     volumes:
    ///       - ./data:/data:ro
    /// ```
    pub struct SensitiveHostPath {
        code: "CP202",
        name: "sensitive-host-path",
        severity: Warning,
        file_kind: Compose,
        checklist: None,
        sources: [
            Source::same(Tool::ComposeSpec, "volumes"),
        ],
        references: [same(CIS_5_6)],
    }
}

impl SensitiveHostPath {
    pub fn check(ctx: &ComposeContext<'_>, out: &mut Vec<Diagnostic>) {
        for service in &ctx.compose.services {
            for mount in service.mounts().iter().filter(|m| m.is_bind()) {
                let source = mount.source.as_deref().unwrap_or_default();
                if classify(source) != Some(HostPath::Sensitive) {
                    continue;
                }
                let how = if mount.read_only { "read-only" } else { "writable" };
                out.push(
                    Diagnostic::new(&Self::META, mount.node.range(), format!("Service `{}` mounts the host's `{source}` ({how}): the host's configuration, keys or kernel interfaces", service.name))
                        .with_help("Mount only the folder the app needs, read-only (`:ro`), or use a named volume"),
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
        let rendered = RuleTest::new(&super::SensitiveHostPath::META)
            .pass(&[
                "services:\n  app:\n    image: x:1\n    volumes:\n      - ./config:/etc/app:ro\n      - data:/etc\nvolumes:\n  data: {}\n",
                "services:\n  app:\n    image: x:1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n",
            ])
            .fail(&[
                "services:\n  backup:\n    image: x:1\n    volumes:\n      - /:/host:ro\n",
                "services:\n  exporter:\n    image: x:1\n    volumes:\n      - /proc:/host/proc:ro\n      - /sys:/host/sys:ro\n      - ~/.ssh:/root/.ssh\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
