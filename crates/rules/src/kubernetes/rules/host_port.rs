use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::kubernetes::KubernetesContext;

declare_rule! {
    /// ## What it does
    /// Flags container ports with a `hostPort`.
    ///
    /// ## Why is this bad?
    /// A host port opens the port on the node's own address, around Services and
    /// NetworkPolicies, and limits scheduling to one such pod per node.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: app
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: registry.example.com/app:1.0.0
    ///       ports:
    ///         - containerPort: 8080
    ///           hostPort: 80
    /// ```
    ///
    /// ## Use instead
    /// Remove `hostPort` and expose the port with a Service.
    pub struct HostPort {
        code: "KS104",
        name: "host-port",
        severity: Error,
        file_kind: Kubernetes,
        checklist: None,
        sources: [
            Source::same(Tool::Pss, "Baseline: Host Ports"),
            Source::same(Tool::KubeLinter, "host-port"),
            Source::same(Tool::Trivy, "KSV024"),
            Source::same(Tool::Polaris, "hostPortSet"),
            Source::same(Tool::Checkov, "CKV_K8S_26"),
        ],
        references: [],
    }
}

impl HostPort {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for (_, container) in ctx.manifest.containers() {
            for port in container.list("ports") {
                let Some(host_port) = port.entry("hostPort") else {
                    continue;
                };
                if host_port.value.int() == Some(0) {
                    continue;
                }
                out.push(
                    Diagnostic::new(&Self::META, host_port.key.range(), format!("{} opens a port on the node's own address, around Services and network policies", container.label()))
                        .with_help("Remove `hostPort` and expose the port with a Service"),
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
        let rendered = RuleTest::new(&super::HostPort::META)
            .pass(&["kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    ports: [{containerPort: 80}, {containerPort: 81, hostPort: 0}]\n"])
            .fail(&["kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    ports:\n    - containerPort: 8080\n      hostPort: 80\n"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
