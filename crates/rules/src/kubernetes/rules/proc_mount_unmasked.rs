use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::kubernetes::{is_false, KubernetesContext};

declare_rule! {
    /// ## What it does
    /// Flags `procMount` set to anything but `Default` (that is, `Unmasked`).
    ///
    /// ## Why is this bad?
    /// The runtime masks parts of `/proc` (`/proc/kcore`, `/proc/sys`...) that leak
    /// node information or change kernel settings. `Unmasked` exposes them.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   procMount: Unmasked
    /// ```
    ///
    /// ## Use instead
    /// Remove `procMount`.
    pub struct ProcMountUnmasked {
        code: "KS109",
        name: "proc-mount-unmasked",
        severity: Error,
        file_kind: Kubernetes,
        checklist: None,
        sources: [
            Source::same(Tool::Pss, "Baseline: /proc Mount Type"),
            Source::same(Tool::Pss, "Restricted: /proc Mount Type"),
            Source::same(Tool::Trivy, "KSV027"),
            Source::same(Tool::Polaris, "procMount"),
            Source::same(Tool::KubeLinter, "unsafe-proc-mount"),
        ],
        references: [],
    }
}

impl ProcMountUnmasked {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for (pod, container) in ctx.manifest.containers() {
            let Some(entry) = container.own("procMount") else {
                continue;
            };
            if entry.value.str() == Some("Default") {
                continue;
            }
            // In a user namespace (`hostUsers: false`) the unmasked paths belong to the
            // pod's own namespace: Baseline allows it (since v1.35), Restricted does not.
            let own_users = is_false(pod.field("hostUsers"));
            let finding = if own_users {
                Diagnostic::new(&Self::META, entry.value.range(), format!("{} sees an unmasked `/proc`: the pod has its own user namespace (`hostUsers: false`), so Baseline allows it, but Restricted wants the default mask", container.label()))
                    .restricted_only()
            } else {
                Diagnostic::new(&Self::META, entry.value.range(), format!("{} sees an unmasked `/proc`, including files that leak node details or change kernel settings", container.label()))
            };
            out.push(finding.with_help("Remove `procMount` (the default masks those paths)"));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::ProcMountUnmasked::META)
            .pass(&["kind: Pod\nspec:\n  containers:\n  - {name: a, image: x, securityContext: {procMount: Default}}\n"])
            .fail(&[
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      procMount: Unmasked\n",
                "kind: Pod\nspec:\n  hostUsers: false\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      procMount: Unmasked\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
