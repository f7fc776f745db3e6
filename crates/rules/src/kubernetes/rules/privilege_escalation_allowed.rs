use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::{Edit, Fix};
use crate::kubernetes::is_false;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::kubernetes::KubernetesContext;
use crate::yaml;

declare_rule! {
    /// ## What it does
    /// Flags containers whose `allowPrivilegeEscalation` is not `false` (unset counts:
    /// the default is `true`).
    ///
    /// ## Why is this bad?
    /// With privilege escalation allowed, a setuid binary (`su`, `sudo`, `ping` in
    /// some images) can make a non-root process root again. `false` sets the kernel's
    /// `no_new_privs` flag, which closes that door.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   runAsNonRoot: true
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// securityContext:
    ///   runAsNonRoot: true
    ///   allowPrivilegeEscalation: false
    /// ```
    ///
    /// ## Fix safety
    /// Safe: `allowPrivilegeEscalation` becomes `false`, added to the container's
    /// `securityContext` (created if missing) or replacing `true`. It only takes away
    /// the setuid route to root the finding is about. A value that is not a boolean
    /// (a quoted `"false"`) gets no fix here; KS004 removes the quotes.
    pub struct PrivilegeEscalationAllowed {
        code: "KS202",
        name: "privilege-escalation-allowed",
        severity: Warning,
        file_kind: Kubernetes,
        checklist: Some(Checklist::NonRoot),
        sources: [
            Source::same(Tool::Pss, "Restricted: Privilege Escalation"),
            Source::same(Tool::KubeLinter, "privilege-escalation-container"),
            Source::same(Tool::Checkov, "CKV_K8S_20"),
            Source::same(Tool::Trivy, "KSV001"),
            Source::same(Tool::Polaris, "privilegeEscalationAllowed"),
            Source::same(Tool::Kubesec, "AllowPrivilegeEscalation"),
        ],
        fixes: [Safe],
        whole_file: true,
        references: [same(OWASP_4), related(NSA_POD_SECURITY)],
    }
}

impl PrivilegeEscalationAllowed {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        // Windows pods are exempt from this Linux-only control.
        for (_, container) in ctx.manifest.containers().filter(|(pod, _)| !pod.is_windows()) {
            let entry = container.own("allowPrivilegeEscalation");
            if is_false(entry) {
                continue;
            }
            let (range, message) = match entry {
                Some(entry) => (entry.value.range(), format!("{} allows privilege escalation: a setuid binary can make it root again", container.label())),
                None => (container.missing_anchor(), format!("{} does not set `allowPrivilegeEscalation: false`, and the default lets setuid binaries make it root again", container.label())),
            };
            let edit = match (entry, container.security_context()) {
                (Some(entry), _) => entry
                    .value
                    .bool()
                    .map(|_| Edit::replace(entry.value.range(), "false")),
                (None, Some(context)) => yaml::edit::add_entry(
                    ctx.source,
                    context.value,
                    "allowPrivilegeEscalation",
                    "false",
                ),
                (None, None) => yaml::edit::add_nested(
                    ctx.source,
                    container.node,
                    "securityContext",
                    yaml::edit::guess_step(ctx.source, container.node),
                    "allowPrivilegeEscalation",
                    "false",
                ),
            };
            out.push(
                Diagnostic::new(&Self::META, range, message)
                    .with_help("Set `allowPrivilegeEscalation: false` in the container's `securityContext`")
                    .with_fix_opt(edit.map(|e| Fix::safe("Set `allowPrivilegeEscalation: false`", vec![e]))),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::PrivilegeEscalationAllowed::META)
            .pass(&[
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      allowPrivilegeEscalation: false\n",
                "allowPrivilegeEscalation: false\nrunAsNonRoot: true\n",
            ])
            .fail(&[
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      runAsNonRoot: true\n",
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n",
                "securityContext:\n  allowPrivilegeEscalation: true\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
