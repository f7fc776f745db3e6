use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::kubernetes::KubernetesContext;

/// Sysctls Pod Security Standards (Baseline) allow: namespaced, and isolated from
/// other pods on the node.
const SAFE_SYSCTLS: &[&str] = &[
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
    // v1.32
    "net.ipv4.tcp_rmem",
    "net.ipv4.tcp_wmem",
    // v1.37
    "net.ipv4.tcp_slow_start_after_idle",
    "net.ipv4.tcp_notsent_lowat",
];

declare_rule! {
    /// ## What it does
    /// Flags pod `sysctls` outside the safe set Pod Security Standards allow.
    ///
    /// ## Why is this bad?
    /// Other sysctls are not isolated per pod: setting them changes the kernel for
    /// every workload on the node, or lets a pod starve the others.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: app
    /// spec:
    ///   securityContext:
    ///     sysctls:
    ///       - {name: kernel.msgmax, value: "65536"}
    ///   containers:
    ///     - name: app
    ///       image: registry.example.com/app:1.0.0
    /// ```
    ///
    /// ## Use instead
    /// Only `kernel.shm_rmid_forced`, `net.ipv4.ip_local_port_range`,
    /// `net.ipv4.ip_unprivileged_port_start`, `net.ipv4.tcp_syncookies`,
    /// `net.ipv4.ping_group_range` and a few `tcp_keepalive`/`tcp_fin_timeout` ones.
    pub struct UnsafeSysctl {
        code: "KS111",
        name: "unsafe-sysctl",
        severity: Error,
        file_kind: Kubernetes,
        checklist: None,
        sources: [
            Source::same(Tool::Pss, "Baseline: Sysctls"),
            Source::same(Tool::Trivy, "KSV026"),
            Source::same(Tool::KubeLinter, "unsafe-sysctls"),
        ],
        references: [],
    }
}

impl UnsafeSysctl {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for pod in &ctx.manifest.pods {
            let sysctls = pod
                .own("sysctls")
                .map(|e| e.value.items())
                .unwrap_or_default();
            for sysctl in sysctls {
                let Some(name) = sysctl.entry("name") else {
                    continue;
                };
                let text = name.value.str().unwrap_or_default();
                if !SAFE_SYSCTLS.contains(&text) {
                    out.push(
                        Diagnostic::new(&Self::META, name.value.range(), format!("`{text}` is not isolated per pod: setting it changes the kernel for every workload on the node"))
                            .with_help("Remove it, or use one of the namespaced sysctls Pod Security Standards allow"),
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
        let rendered = RuleTest::new(&super::UnsafeSysctl::META)
            .pass(&["kind: Pod\nspec:\n  securityContext:\n    sysctls: [{name: net.ipv4.tcp_syncookies, value: \"1\"}]\n  containers: [{name: a, image: x}]\n"])
            .fail(&["kind: Pod\nspec:\n  securityContext:\n    sysctls:\n    - name: kernel.msgmax\n      value: \"65536\"\n  containers: [{name: a, image: x}]\n"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
