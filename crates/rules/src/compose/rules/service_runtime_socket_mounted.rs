use crate::compose::ComposeContext;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::knowledge::host_paths::{classify, HostPath};

declare_rule! {
    /// ## What it does
    /// Flags a service that mounts a container runtime's socket
    /// (`/var/run/docker.sock`, `containerd.sock`, `podman.sock`) or the host folder
    /// that holds it (`/var/run`, `/run`), read-only or not.
    ///
    /// ## Why is this bad?
    /// The Docker API is root on the host: whoever can talk to the socket can start a
    /// privileged container that mounts the host's `/`. `:ro` does not help, since it
    /// only stops the socket file from being replaced, not the API calls made through
    /// it. Reverse proxies and dashboards that "need" it can use a socket proxy that
    /// allows only the read-only calls they make.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   proxy:
    ///     image: traefik:v3.5
    ///     volumes:
    ///       - /var/run/docker.sock:/var/run/docker.sock:ro
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   proxy:
    ///     image: traefik:v3.5
    ///     volumes:
    ///       - ./traefik.yml:/etc/traefik/traefik.yml:ro # routes from a file, not the Docker API
    /// ```
    pub struct RuntimeSocketMounted {
        code: "CP201",
        name: "service-runtime-socket-mounted",
        severity: Error,
        file_kind: Compose,
        checklist: None,
        sources: [
            Source::same(Tool::ComposeSpec, "volumes"),
        ],
        references: [same(CIS_5_32), same(OWASP_1)],
    }
}

impl RuntimeSocketMounted {
    pub fn check(ctx: &ComposeContext<'_>, out: &mut Vec<Diagnostic>) {
        for service in &ctx.compose.services {
            for mount in service.mounts().iter().filter(|m| m.is_bind()) {
                let source = mount.source.as_deref().unwrap_or_default();
                let what = match classify(source) {
                    Some(HostPath::RuntimeSocket) => format!("the container runtime's socket `{source}`"),
                    Some(HostPath::SocketFolder) => format!("`{source}`, the host folder that holds the container runtime's socket"),
                    _ => continue,
                };
                out.push(
                    Diagnostic::new(&Self::META, mount.node.range(), format!("Service `{}` mounts {what}: whoever runs code in it controls the host, `:ro` or not", service.name))
                        .with_help("Remove the mount; if a proxy or dashboard needs the Docker API, put a socket proxy in between that allows only the calls it makes"),
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
        let rendered = RuleTest::new(&super::RuntimeSocketMounted::META)
            .pass(&[
                "services:\n  app:\n    image: x:1\n    volumes:\n      - ./data:/data\n      - docker:/var/lib/docker\nvolumes:\n  docker: {}\n",
            ])
            .fail(&[
                "services:\n  proxy:\n    image: traefik:v3.5\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n",
                "services:\n  agent:\n    image: x:1\n    volumes:\n      - type: bind\n        source: /run\n        target: /host/run\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
