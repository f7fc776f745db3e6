use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::yaml::Node;
use crate::kubernetes::KubernetesContext;

declare_rule! {
    /// ## What it does
    /// Flags a `ClusterRoleBinding` or `RoleBinding` that grants the `cluster-admin`
    /// `ClusterRole`.
    ///
    /// ## Why is this bad?
    /// `cluster-admin` can do anything to any object in the cluster: read every Secret,
    /// start privileged pods on any node, change RBAC itself. A workload's
    /// `ServiceAccount` bound to it turns any bug in that workload (a request forgery, a
    /// dependency with a backdoor) into control of the whole cluster. Even a
    /// `RoleBinding` of it gives full control of its namespace.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRoleBinding
    /// metadata:
    ///   name: ci
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: ClusterRole
    ///   name: cluster-admin
    /// subjects:
    ///   - kind: ServiceAccount
    ///     name: ci
    ///     namespace: ci
    /// ```
    ///
    /// ## Use instead
    /// A Role with the verbs and resources the workload uses, bound in its namespace.
    pub struct ClusterAdminBinding {
        code: "KS313",
        name: "cluster-admin-binding",
        severity: Warning,
        file_kind: Kubernetes,
        checklist: None,
        sources: [
            Source::same(Tool::KubeLinter, "cluster-admin-role-binding"),
        ],
        references: [related(NSA_RBAC)],
    }
}

impl ClusterAdminBinding {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for object in &ctx.manifest.objects {
            if !matches!(object.kind, "ClusterRoleBinding" | "RoleBinding") {
                continue;
            }
            let Some(role) = object.node.get("roleRef").and_then(|r| r.get("name")) else {
                continue;
            };
            if role.str() != Some("cluster-admin") {
                continue;
            }
            let subjects: Vec<&str> = object
                .node
                .get("subjects")
                .map(Node::items)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|s| s.get("name").and_then(Node::str))
                .collect();
            let who = match subjects.as_slice() {
                [] => "its subjects".to_owned(),
                names => names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "),
            };
            let scope = if object.kind == "ClusterRoleBinding" {
                "the whole cluster"
            } else {
                "everything in its namespace"
            };
            out.push(
                Diagnostic::new(&Self::META, role.range(), format!("This {} gives {who} `cluster-admin`: full control of {scope}, Secrets and RBAC included", object.kind))
                    .with_help("Bind a Role that lists only the verbs and resources the workload needs"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::ClusterAdminBinding::META)
            .pass(&[
                "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: r}\nroleRef: {kind: Role, name: reader}\nsubjects: [{kind: ServiceAccount, name: app}]\n",
                "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: r}\nroleRef: {kind: ClusterRole, name: view}\n",
            ])
            .fail(&[
                "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: ci}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects: [{kind: ServiceAccount, name: ci, namespace: ci}]\n",
                "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: r, namespace: app}\nroleRef: {kind: ClusterRole, name: cluster-admin}\nsubjects: [{kind: User, name: alice}, {kind: ServiceAccount, name: app}]\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
