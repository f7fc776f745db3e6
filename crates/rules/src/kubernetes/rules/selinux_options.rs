use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::kubernetes::KubernetesContext;
use crate::yaml::Entry;

/// SELinux types Pod Security Standards (Baseline) allow.
const ALLOWED_TYPES: &[&str] = &[
    "container_t",
    "container_init_t",
    "container_kvm_t",
    "container_engine_t",
];

declare_rule! {
    /// ## What it does
    /// Flags `seLinuxOptions` that set a custom `user` or `role`, or a `type` other
    /// than the container types (`container_t`, `container_init_t`,
    /// `container_kvm_t`, `container_engine_t`).
    ///
    /// ## Why is this bad?
    /// SELinux labels decide what the process may touch on the node. A label such as
    /// `spc_t` ("super privileged container") or `unconfined_t` turns that confinement
    /// off.
    ///
    /// ## Example
    /// ```yaml
    /// seLinuxOptions:
    ///   type: spc_t
    /// ```
    ///
    /// ## Use instead
    /// Leave `seLinuxOptions` unset, or set only `level`.
    pub struct SelinuxOptions {
        code: "KS108",
        name: "selinux-options",
        severity: Error,
        file_kind: Kubernetes,
        checklist: None,
        sources: [
            Source::same(Tool::Pss, "Baseline: SELinux"),
            Source::same(Tool::Trivy, "KSV025"),
        ],
        references: [related(OWASP_6), related(NSA_POD_SECURITY)],
    }
}

fn check_options(options: Entry<'_>, out: &mut Vec<Diagnostic>) {
    for entry in options.value.entries() {
        let field = entry.key.str().unwrap_or_default();
        let value = entry.value.str().unwrap_or_default();
        let message = match field {
            "type" if !ALLOWED_TYPES.contains(&value) => format!(
                "SELinux type `{value}` lifts the confinement containers get from `container_t`"
            ),
            "user" | "role" => format!(
                "A custom SELinux `{field}` is not allowed by Pod Security Standards (Baseline)"
            ),
            _ => continue,
        };
        out.push(
            Diagnostic::new(&SelinuxOptions::META, entry.value.range(), message)
                .with_help("Leave `seLinuxOptions` unset, or set only `level` (and `type: container_t` variants)"),
        );
    }
}

impl SelinuxOptions {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for pod in &ctx.manifest.pods {
            if let Some(options) = pod.own("seLinuxOptions") {
                check_options(options, out);
            }
            for container in &pod.containers {
                if let Some(options) = container.own("seLinuxOptions") {
                    check_options(options, out);
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
        let rendered = RuleTest::new(&super::SelinuxOptions::META)
            .pass(&["kind: Pod\nspec:\n  securityContext:\n    seLinuxOptions: {level: \"s0:c123,c456\", type: container_t}\n  containers: [{name: a, image: x}]\n"])
            .fail(&["kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      seLinuxOptions:\n        type: spc_t\n        user: system_u\n"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
