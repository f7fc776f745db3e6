use crate::crossfile::{CrossFinding, ImageUser, ProjectContext};
use crate::engine::registry::{declare_rule, Checklist, Source};

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
        sources: [Source::inspired("kernel", "net.ipv4.ip_unprivileged_port_start")],
    }
}

/// The lowest port a non-root process may bind in this pod: 1024, unless the pod's
/// `net.ipv4.ip_unprivileged_port_start` sysctl lowers it.
fn unprivileged_port_start(pod: &crate::kubernetes::Pod<'_>) -> i64 {
    pod.own("sysctls")
        .map(|sysctls| sysctls.value.items())
        .unwrap_or_default()
        .into_iter()
        .filter(|s| {
            s.get("name").and_then(crate::kubernetes::yaml::Node::str)
                == Some("net.ipv4.ip_unprivileged_port_start")
        })
        .find_map(|s| s.get("value")?.str()?.trim().parse::<i64>().ok())
        .map_or(1024, |start| start.clamp(0, 1024))
}

impl PrivilegedPortWithoutCapability {
    pub fn check(ctx: &ProjectContext<'_>, out: &mut Vec<CrossFinding>) {
        for paired in ctx.paired() {
            let drops = paired.container.capabilities("drop");
            if !drops.iter().any(|d| d == "ALL" || d == "NET_BIND_SERVICE")
                || paired
                    .container
                    .capabilities("add")
                    .iter()
                    .any(|a| a == "NET_BIND_SERVICE")
            {
                continue;
            }
            let run_as = paired
                .pod
                .effective(paired.container, "runAsUser")
                .and_then(|s| s.entry.value.int());
            let non_root = match run_as {
                Some(uid) => uid != 0,
                None => matches!(
                    paired.image_user(),
                    ImageUser::Numeric { .. } | ImageUser::Named { .. }
                ),
            };
            if !non_root {
                continue;
            }
            let unprivileged_from = unprivileged_port_start(paired.pod);
            let mut low = Vec::new();
            for port in paired.container.list("ports") {
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
    use crate::engine::testing::ProjectTest;

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
