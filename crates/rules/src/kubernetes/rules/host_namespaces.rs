use crate::engine::diagnostic::Diagnostic;
use crate::kubernetes::is_true;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::kubernetes::KubernetesContext;

declare_rule! {
    /// ## What it does
    /// Flags pods that share the node's network, process or IPC namespace
    /// (`hostNetwork`, `hostPID`, `hostIPC: true`).
    ///
    /// ## Why is this bad?
    /// With the host's namespaces the container sees every process on the node (and
    /// their environment variables), every network interface including the node's
    /// loopback services, and shared memory of other workloads. It is most of the way
    /// to being the node.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: app
    /// spec:
    ///   hostNetwork: true
    ///   containers:
    ///     - name: app
    ///       image: registry.example.com/app:1.0.0
    /// ```
    ///
    /// ## Use instead
    /// Remove the field; expose ports with a Service.
    pub struct HostNamespaces {
        code: "KS101",
        name: "host-namespaces",
        severity: Error,
        file_kind: Kubernetes,
        checklist: None,
        sources: [
            Source::same(Tool::Pss, "Baseline: Host Namespaces"),
            Source::same(Tool::KubeLinter, "host-network"),
            Source::same(Tool::KubeLinter, "host-pid"),
            Source::same(Tool::KubeLinter, "host-ipc"),
            Source::same(Tool::Checkov, "CKV_K8S_17"),
            Source::same(Tool::Checkov, "CKV_K8S_18"),
            Source::same(Tool::Checkov, "CKV_K8S_19"),
            Source::same(Tool::Trivy, "KSV008"),
            Source::same(Tool::Trivy, "KSV009"),
            Source::same(Tool::Trivy, "KSV010"),
            Source::same(Tool::Polaris, "hostNetworkSet"),
            Source::same(Tool::Polaris, "hostPIDSet"),
            Source::same(Tool::Polaris, "hostIPCSet"),
            Source::same(Tool::Kubesec, "HostNetwork"),
            Source::same(Tool::Kubesec, "HostPID"),
            Source::same(Tool::Kubesec, "HostIPC"),
        ],
        references: [related(NSA_POD_SECURITY)],
    }
}

impl HostNamespaces {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for pod in &ctx.manifest.pods {
            for (field, what) in [
                ("hostNetwork", "the node's network: its interfaces and every service listening on its loopback"),
                ("hostPID", "the node's process table: it can see and signal every process on the node"),
                ("hostIPC", "the node's shared memory and message queues"),
            ] {
                let entry = pod.field(field);
                if is_true(entry) {
                    let entry = entry.expect("checked");
                    out.push(
                        Diagnostic::new(&Self::META, entry.key.range(), format!("`{field}: true` gives the pod {what}"))
                            .with_help(format!("Remove `{field}`; Pod Security Standards (Baseline) forbid it")),
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
        let rendered = RuleTest::new(&super::HostNamespaces::META)
            .pass(&["kind: Pod\nspec:\n  hostNetwork: false\n  containers: [{name: a, image: x}]\n"])
            .fail(&[
                "kind: Deployment\nspec:\n  template:\n    spec:\n      hostNetwork: true\n      hostPID: true\n      containers: [{name: a, image: x}]\n",
                "kind: Pod\nspec:\n  hostIPC: yes\n  containers: [{name: a, image: x}]\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
