use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::kubernetes::KubernetesContext;

declare_rule! {
    /// ## What it does
    /// Flags objects placed in the `default` namespace explicitly.
    ///
    /// ## Why is this bad?
    /// Everything lands in `default` unless told otherwise, so it is where unrelated
    /// workloads, quotas and RBAC grants mix. Namespaces are where Pod Security
    /// admission levels, network policies and resource quotas are set.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: app
    ///   namespace: default
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: registry.example.com/app:1.0.0
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// metadata:
    ///   namespace: shop   # labelled pod-security.kubernetes.io/enforce: restricted
    /// ```
    pub struct DefaultNamespace {
        code: "KS308",
        name: "default-namespace",
        severity: Info,
        file_kind: Kubernetes,
        checklist: None,
        sources: [
            Source::same(Tool::Checkov, "CKV_K8S_21"),
            Source::same(Tool::Trivy, "KSV110"),
        ],
        references: [],
    }
}

impl DefaultNamespace {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for object in &ctx.manifest.objects {
            let Some(namespace) = object.namespace() else {
                continue;
            };
            if namespace.value.str() == Some("default") {
                out.push(
                    Diagnostic::new(&Self::META, namespace.value.range(), format!("This {} goes into the `default` namespace, where unrelated workloads, quotas and permissions mix", object.kind))
                        .with_help("Use a namespace of its own, labelled with the Pod Security level it must meet"),
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
        let rendered = RuleTest::new(&super::DefaultNamespace::META)
            .pass(&[
                "kind: Service\nmetadata: {name: a, namespace: shop}\n",
                "kind: Service\nmetadata: {name: a}\n",
            ])
            .fail(&["kind: Deployment\nmetadata:\n  name: a\n  namespace: default\n"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
