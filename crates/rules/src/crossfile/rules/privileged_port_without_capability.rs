use crate::crossfile::{CrossFinding, ImageUser, ProjectContext};
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};

declare_rule! {
    /// ## What it does
    /// Flags a port below 1024 (exposed by the image or declared by the container)
    /// when the container runs as a non-root user and drops all capabilities without
    /// adding back `NET_BIND_SERVICE`, and the pod does not lower
    /// `net.ipv4.ip_unprivileged_port_start` to that port (a safe sysctl, allowed by the
    /// Restricted profile).
    ///
    /// ## Why is this bad?
    /// Binding a port below 1024 needs root or `CAP_NET_BIND_SERVICE`. Unless the
    /// container runtime lowers `net.ipv4.ip_unprivileged_port_start` (containerd 2
    /// does; older runtimes and many managed clusters do not), the app fails at start
    /// with "Permission denied".
    ///
    /// ## Example
    /// ```dockerfile
    /// EXPOSE 80
    /// USER 65532
    /// ```
    /// ```yaml
    /// capabilities: {drop: [ALL]}
    /// ```
    ///
    /// ## Use instead
    /// Listen on 8080 and let the Service map 80 → 8080; or set the pod's
    /// `securityContext.sysctls: [{name: net.ipv4.ip_unprivileged_port_start, value: "0"}]`;
    /// or add `capabilities: {add: [NET_BIND_SERVICE]}` (allowed by the Restricted
    /// profile, though a non-root process only gets it through file capabilities).
    pub struct PrivilegedPortWithoutCapability {
        code: "XF006",
        name: "privileged-port-without-capability",
        severity: Warning,
        file_kind: Project,
        checklist: Some(Checklist::NonRoot),
        sources: [Source::inspired(Tool::Kernel, "net.ipv4.ip_unprivileged_port_start")],
        whole_file: true,
        references: [],
    }
}

impl PrivilegedPortWithoutCapability {
    pub fn check(ctx: &ProjectContext<'_>, out: &mut Vec<CrossFinding>) {
        for paired in ctx.paired() {
            if !paired.container.drops_net_bind_service() {
                continue;
            }
            // When the manifest alone says the user is non-root, KS315 reports the
            // container's ports; this rule adds what only the image tells.
            let manifest_non_root = paired.pod.runs_as_non_root(paired.container);
            let non_root = manifest_non_root.unwrap_or_else(|| {
                matches!(
                    paired.image_user(),
                    ImageUser::Numeric { .. } | ImageUser::Named { .. }
                )
            });
            if !non_root {
                continue;
            }
            let unprivileged_from = paired.pod.unprivileged_port_start();
            let mut low = Vec::new();
            for port in paired
                .container
                .list("ports")
                .into_iter()
                .filter(|_| manifest_non_root.is_none())
            {
                if let Some(entry) = port.entry("containerPort") {
                    if entry.value.int().is_some_and(|p| p < unprivileged_from) {
                        low.push((
                            paired.manifest.file,
                            entry.value.range(),
                            entry.value.int().unwrap_or_default(),
                        ));
                    }
                }
            }
            for stage in paired.shipped_chain() {
                for exposed in stage.exposed_ports() {
                    if let Some(port) = exposed.port.filter(|p| i64::from(*p) < unprivileged_from) {
                        low.push((paired.dockerfile.file, exposed.word.range, i64::from(port)));
                    }
                }
            }
            let Some(drop_at) = paired
                .container
                .own("capabilities")
                .and_then(|c| c.value.entry("drop"))
            else {
                continue;
            };
            for (file, at, port) in low {
                out.push(
                    CrossFinding::new(&Self::META, format!("Port {port} needs root or `NET_BIND_SERVICE`, but the container runs as a non-root user with all capabilities dropped: the app cannot bind it (unless the runtime lowers `ip_unprivileged_port_start`) {}", paired.assumption()), (file, at))
                        .help("Listen on a port above 1023 (e.g. 8080) and map it in the Service, or add `NET_BIND_SERVICE` under `capabilities.add`")
                        .note(format!("port {port}"))
                        .other(paired.manifest.file, drop_at.key.range(), "all capabilities are dropped here"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::ProjectTest;

    const DROP_ALL: &str = "kind: Pod\nspec:\n  containers:\n  - name: app\n    image: registry.example/app:1.0\n    securityContext:\n      runAsUser: 65532\n      capabilities:\n        drop: [ALL]\n";

    #[test]
    fn cases() {
        let rendered = ProjectTest::new(&super::PrivilegedPortWithoutCapability::META)
            .pass(&[("Dockerfile", "FROM python:3.13-slim\nEXPOSE 8080\nUSER 65532\n"), ("deploy.yaml", DROP_ALL)])
            .pass(&[("Dockerfile", "FROM python:3.13-slim\nEXPOSE 80\nUSER 65532\n"), ("deploy.yaml", "kind: Pod\nspec:\n  containers:\n  - name: app\n    image: registry.example/app:1.0\n    securityContext:\n      capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}\n")])
            .pass(&[("Dockerfile", "FROM python:3.13-slim\nEXPOSE 80\nUSER 65532\n"), ("deploy.yaml", "kind: Pod\nspec:\n  securityContext:\n    sysctls:\n    - name: net.ipv4.ip_unprivileged_port_start\n      value: \"0\"\n  containers:\n  - name: app\n    image: registry.example/app:1.0\n    securityContext:\n      capabilities: {drop: [ALL]}\n")])
            .fail(&[("Dockerfile", "FROM python:3.13-slim\nEXPOSE 80\nUSER 65532\n"), ("deploy.yaml", DROP_ALL)])
            // The sysctl lowers the limit to 100 only: port 80 is still below it.
            .fail(&[("Dockerfile", "FROM python:3.13-slim\nEXPOSE 80\nUSER 65532\n"), ("deploy.yaml", "kind: Pod\nspec:\n  securityContext:\n    sysctls:\n    - {name: net.ipv4.ip_unprivileged_port_start, value: \"100\"}\n  containers:\n  - name: app\n    image: registry.example/app:1.0\n    securityContext:\n      capabilities: {drop: [ALL]}\n")])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
