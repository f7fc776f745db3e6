use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::kubernetes::KubernetesContext;

declare_rule! {
    /// ## What it does
    /// Flags probes and lifecycle hooks whose `httpGet` or `tcpSocket` sets `host`.
    ///
    /// ## Why is this bad?
    /// The kubelet makes these requests from the node. With a `host` the pod can make
    /// the kubelet call any address the node reaches: other pods, the cloud metadata
    /// service, node-local admin ports.
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
    ///       livenessProbe:
    ///         httpGet: {host: 169.254.169.254, path: /latest/meta-data, port: 80}
    /// ```
    ///
    /// ## Use instead
    /// Leave `host` unset: the kubelet then probes the pod's own IP.
    ///
    /// ## References
    /// - Pod Security Standards, Baseline: Probes and Lifecycle Hooks (v1.34)
    pub struct ProbeHost {
        code: "KS112",
        name: "probe-host",
        severity: Error,
        file_kind: Kubernetes,
        checklist: None,
        sources: [Source::same(Tool::Pss, "Baseline: Host Probes / Lifecycle Hooks")],
        references: [],
    }
}

impl ProbeHost {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for (_, container) in ctx.manifest.containers() {
            let mut handlers = Vec::new();
            for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
                handlers.extend(container.node.get(probe));
            }
            if let Some(lifecycle) = container.node.get("lifecycle") {
                handlers.extend(lifecycle.get("postStart"));
                handlers.extend(lifecycle.get("preStop"));
            }
            for handler in handlers {
                for action in ["httpGet", "tcpSocket"] {
                    let Some(host) = handler.path(&[action]).and_then(|a| a.entry("host")) else {
                        continue;
                    };
                    if host.value.str().is_some_and(|h| !h.is_empty()) {
                        out.push(
                            Diagnostic::new(&Self::META, host.key.range(), "A `host` here makes the kubelet send requests from the node to any address the pod chooses")
                                .with_help("Remove `host`: the kubelet then calls the pod's own IP"),
                        );
                    }
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
        let rendered = RuleTest::new(&super::ProbeHost::META)
            .pass(&["kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    livenessProbe:\n      httpGet: {path: /healthz, port: 8080}\n"])
            .fail(&["kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    readinessProbe:\n      tcpSocket: {host: 10.0.0.1, port: 22}\n    lifecycle:\n      preStop:\n        httpGet:\n          host: 169.254.169.254\n          port: 80\n"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
