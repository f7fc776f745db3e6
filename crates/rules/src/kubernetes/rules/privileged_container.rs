use crate::engine::diagnostic::Diagnostic;
use crate::kubernetes::is_true;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::kubernetes::KubernetesContext;

declare_rule! {
    /// ## What it does
    /// Flags containers with `securityContext.privileged: true`.
    ///
    /// ## Why is this bad?
    /// A privileged container has every capability, every device of the node and no
    /// seccomp or AppArmor confinement: root in it is root on the node.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   privileged: true
    /// ```
    ///
    /// ## Use instead
    /// Remove `privileged` and add only the one capability the workload needs.
    pub struct PrivilegedContainer {
        code: "KS102",
        name: "privileged-container",
        severity: Error,
        file_kind: Kubernetes,
        checklist: Some(Checklist::NonRoot),
        sources: [
            Source::same(Tool::Pss, "Baseline: Privileged Containers"),
            Source::same(Tool::KubeLinter, "privileged-container"),
            Source::same(Tool::Checkov, "CKV_K8S_16"),
            Source::same(Tool::Trivy, "KSV017"),
            Source::same(Tool::Polaris, "runAsPrivileged"),
            Source::same(Tool::KubeScore, "container-security-context-privileged"),
            Source::same(Tool::Kubesec, "Privileged"),
        ],
        references: [related(OWASP_3), related(NSA_POD_SECURITY)],
    }
}

impl PrivilegedContainer {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for (_, container) in ctx.manifest.containers() {
            let entry = container.own("privileged");
            if is_true(entry) {
                let entry = entry.expect("checked");
                out.push(
                    Diagnostic::new(&Self::META, entry.key.range(), format!("{} is privileged: it has every capability and device of the node, so root in it is root on the node", container.label()))
                        .with_help("Remove `privileged: true`; if one capability is needed, add just that one under `capabilities.add`"),
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
        let rendered = RuleTest::new(&super::PrivilegedContainer::META)
            .pass(&["kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      privileged: false\n"])
            .fail(&[
                "kind: Pod\nspec:\n  initContainers:\n  - name: setup\n    image: x\n    securityContext: {privileged: true}\n  containers: [{name: a, image: x}]\n",
                "name: app\nimage: x\nsecurityContext:\n  privileged: true\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
