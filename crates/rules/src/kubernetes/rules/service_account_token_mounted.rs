use crate::engine::diagnostic::Diagnostic;
use crate::kubernetes::model::Object;
use crate::kubernetes::{is_false, Pod};
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::kubernetes::KubernetesContext;

declare_rule! {
    /// ## What it does
    /// Flags pods (and ServiceAccounts) that do not set
    /// `automountServiceAccountToken: false`.
    ///
    /// ## Why is this bad?
    /// By default every pod gets a token for the Kubernetes API at
    /// `/var/run/secrets/kubernetes.io/serviceaccount`. Most apps never call the API;
    /// for them the token only helps an attacker who gets a shell.
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
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   automountServiceAccountToken: false
    ///   containers: [...]
    /// ```
    pub struct ServiceAccountTokenMounted {
        code: "KS306",
        name: "service-account-token-mounted",
        severity: Info,
        file_kind: Kubernetes,
        checklist: None,
        sources: [
            Source::same(Tool::Checkov, "CKV_K8S_38"),
            Source::inspired(Tool::Trivy, "KSV036"),
            Source::inspired(Tool::Kubesec, "ServiceAccountName"),
            Source::same(Tool::Polaris, "automountServiceAccountToken"),
        ],
        whole_file: true,
        references: [same(NSA_SERVICE_ACCOUNT_TOKENS)],
    }
}

impl ServiceAccountTokenMounted {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for pod in ctx.manifest.pods.iter().filter(|p| !p.fragment) {
            let entry = pod.field("automountServiceAccountToken");
            if is_false(entry) {
                continue;
            }
            // Unset on the pod: its ServiceAccount's setting applies.
            if entry.is_none() && account_turns_it_off(ctx, pod) {
                continue;
            }
            let range = entry.map_or_else(
                || {
                    pod.spec_key
                        .map_or_else(|| pod.missing_anchor(), crate::yaml::Node::range)
                },
                |e| e.value.range(),
            );
            out.push(
                Diagnostic::new(&Self::META, range, "Every container of this pod gets a Kubernetes API token, which an attacker with a shell can use")
                    .with_help("Set `automountServiceAccountToken: false` unless the app calls the Kubernetes API"),
            );
        }
    }
}

/// Whether the pod's `ServiceAccount` (`serviceAccountName`, else `default`) is in the
/// input (in any of its files), in the same namespace, with
/// `automountServiceAccountToken: false`.
fn account_turns_it_off(ctx: &KubernetesContext<'_>, pod: &Pod<'_>) -> bool {
    let name = pod
        .field("serviceAccountName")
        .and_then(|e| e.value.str())
        .unwrap_or("default");
    let pod_namespace = ctx.manifest.object_of(pod).map_or("default", Object::namespace_name);
    ctx.project.iter().flat_map(|m| &m.objects).any(|object| {
        object.kind == "ServiceAccount"
            && object.name() == Some(name)
            && object.namespace_name() == pod_namespace
            && is_false(object.node.entry("automountServiceAccountToken"))
    })
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::ServiceAccountTokenMounted::META)
            .pass(&[
                "kind: Pod\nspec:\n  automountServiceAccountToken: false\n  containers: [{name: a, image: x}]\n",
                "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app}\nautomountServiceAccountToken: false\n---\nkind: Pod\nmetadata: {name: p}\nspec:\n  serviceAccountName: app\n  containers: [{name: a, image: x}]\n",
            ])
            .fail(&[
                "kind: Pod\nspec:\n  containers: [{name: a, image: x}]\n",
                // The pod's own `true` wins over the account's `false`.
                "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app}\nautomountServiceAccountToken: false\n---\nkind: Pod\nmetadata: {name: p}\nspec:\n  serviceAccountName: app\n  automountServiceAccountToken: true\n  containers: [{name: a, image: x}]\n",
                // Another namespace's account is another account.
                "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app, namespace: other}\nautomountServiceAccountToken: false\n---\nkind: Pod\nmetadata: {name: p}\nspec:\n  serviceAccountName: app\n  containers: [{name: a, image: x}]\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }

    /// The `ServiceAccount` may be in another file of the input (another tab).
    #[test]
    fn the_account_in_another_file() {
        const ACCOUNT: &str = "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app}\nautomountServiceAccountToken: false\n";
        const POD: &str = "kind: Pod\nmetadata: {name: p}\nspec:\n  serviceAccountName: app\n  containers: [{name: a, image: x}]\n";
        let rendered = crate::linter::testing::ProjectTest::new(&super::ServiceAccountTokenMounted::META)
            .pass(&[("account.yaml", ACCOUNT), ("pod.yaml", POD)])
            .fail(&[("account.yaml", "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: other}\nautomountServiceAccountToken: false\n"), ("pod.yaml", POD)])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
