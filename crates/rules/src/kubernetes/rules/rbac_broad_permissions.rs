use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::yaml::Node;
use crate::kubernetes::KubernetesContext;

/// Resources whose access is as good as control of other workloads or their secrets.
const SENSITIVE: &[(&str, &str)] = &[
    ("secrets", "reads every Secret of its scope (passwords, tokens, keys)"),
    ("pods/exec", "runs commands in other pods"),
    ("pods/attach", "attaches to other pods' processes"),
    ("serviceaccounts/token", "mints tokens for other ServiceAccounts"),
];

/// Verbs that hand out more permissions than the role has.
const ESCALATING: &[&str] = &["escalate", "bind", "impersonate"];

declare_rule! {
    /// ## What it does
    /// Flags RBAC rules of a `Role` or `ClusterRole` that grant more than a workload
    /// should have: `*` as a verb, resource or API group; access to `secrets`,
    /// `pods/exec`, `pods/attach` or `ServiceAccount` tokens; and the `escalate`, `bind`
    /// and `impersonate` verbs.
    ///
    /// ## Why is this bad?
    /// A wildcard grants every verb on every resource, including ones added later, and
    /// makes the role impossible to review. Reading Secrets, exec into pods and minting
    /// tokens each let the holder act as other workloads; `escalate`, `bind` and
    /// `impersonate` let it give itself more. A workload whose `ServiceAccount` holds
    /// them turns one bug into a breach of everything the role reaches.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: Role
    /// metadata:
    ///   name: app
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: ["*"]
    ///     verbs: ["*"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: Role
    /// metadata:
    ///   name: app
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: ["configmaps"]
    ///     verbs: ["get", "watch"]
    /// ```
    pub struct RbacBroadPermissions {
        code: "KS314",
        name: "rbac-broad-permissions",
        severity: Warning,
        file_kind: Kubernetes,
        checklist: None,
        sources: [
            Source::same(Tool::KubeLinter, "wildcard-in-rules"),
            Source::same(Tool::KubeLinter, "access-to-secrets"),
            Source::inspired(Tool::Checkov, "CKV_K8S_49"),
        ],
        references: [related(NSA_RBAC)],
    }
}

fn strings<'y>(rule: Node<'y>, key: &str) -> Vec<Node<'y>> {
    rule.get(key).map(Node::items).unwrap_or_default()
}

impl RbacBroadPermissions {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for object in &ctx.manifest.objects {
            if !matches!(object.kind, "Role" | "ClusterRole") {
                continue;
            }
            let kind = object.kind;
            for rule in object.node.get("rules").map(Node::items).unwrap_or_default() {
                let verbs = strings(rule, "verbs");
                let resources = strings(rule, "resources");
                let groups = strings(rule, "apiGroups");
                for (field, items) in [("verbs", &verbs), ("resources", &resources), ("apiGroups", &groups)] {
                    if let Some(star) = items.iter().find(|n| n.str() == Some("*")) {
                        out.push(
                            Diagnostic::new(&Self::META, star.range(), format!("This {kind} grants `*` in `{field}`: every one there is, and every one added later"))
                                .with_help(format!("List the {field} the workload uses")),
                        );
                    }
                }
                let only_reads_nothing = verbs.is_empty();
                if only_reads_nothing {
                    continue;
                }
                for resource in &resources {
                    let Some(name) = resource.str() else { continue };
                    if let Some((_, what)) = SENSITIVE.iter().find(|(r, _)| *r == name) {
                        out.push(
                            Diagnostic::new(&Self::META, resource.range(), format!("This {kind} grants access to `{name}`: its holder {what}"))
                                .with_help("Drop it unless the workload's job is exactly this; mount the one Secret the app needs instead of reading Secrets through the API"),
                        );
                    }
                }
                for verb in &verbs {
                    let Some(name) = verb.str() else { continue };
                    if ESCALATING.contains(&name) {
                        out.push(
                            Diagnostic::new(&Self::META, verb.range(), format!("This {kind} grants `{name}`: its holder can give itself permissions it does not have"))
                                .with_help("Remove the verb; only cluster administrators need it"),
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
        let rendered = RuleTest::new(&super::RbacBroadPermissions::META)
            .pass(&[
                "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: app}\nrules:\n- apiGroups: [\"\"]\n  resources: [configmaps, pods]\n  verbs: [get, list, watch]\n",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {rules: \"*\"}\n",
            ])
            .fail(&[
                "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: app}\nrules:\n- apiGroups: [\"*\"]\n  resources: [\"*\"]\n  verbs: [\"*\"]\n",
                "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: reader}\nrules:\n- apiGroups: [\"\"]\n  resources: [secrets, pods/exec]\n  verbs: [get, create]\n- apiGroups: [rbac.authorization.k8s.io]\n  resources: [clusterroles]\n  verbs: [bind, escalate]\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
