use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::kubernetes::KubernetesContext;

declare_rule! {
    /// ## What it does
    /// Flags AppArmor turned off: `appArmorProfile.type: Unconfined` (pod or
    /// container), or the older annotation
    /// `container.apparmor.security.beta.kubernetes.io/<name>: unconfined`.
    ///
    /// ## Why is this bad?
    /// The runtime's default AppArmor profile blocks writes to `/proc` and `/sys` and
    /// mounting; turning it off removes one of the layers between a compromised
    /// process and the node.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   appArmorProfile:
    ///     type: Unconfined
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// securityContext:
    ///   appArmorProfile:
    ///     type: RuntimeDefault
    /// ```
    pub struct ApparmorUnconfined {
        code: "KS107",
        name: "apparmor-unconfined",
        severity: Error,
        file_kind: Kubernetes,
        checklist: None,
        sources: [
            Source::same(Tool::Pss, "Baseline: AppArmor"),
            Source::same(Tool::Trivy, "KSV002"),
            Source::inspired(Tool::Kubesec, "ApparmorAny"),
        ],
        references: [related(OWASP_6), related(NSA_POD_SECURITY)],
    }
}

impl ApparmorUnconfined {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        let help = "Use `type: RuntimeDefault` (or a `Localhost` profile)";
        for pod in &ctx.manifest.pods {
            let mut profiles: Vec<_> = pod.own("appArmorProfile").into_iter().collect();
            profiles.extend(
                pod.containers
                    .iter()
                    .filter_map(|c| c.own("appArmorProfile")),
            );
            for profile in profiles {
                let Some(kind) = profile.value.entry("type") else {
                    continue;
                };
                if kind.value.str() == Some("Unconfined") {
                    out.push(Diagnostic::new(&Self::META, kind.value.range(), "AppArmor is turned off: the runtime's profile would block writes to `/proc` and `/sys` and mounts").with_help(help));
                }
            }
            for annotation in pod.annotations() {
                let is_apparmor = annotation.key.str().is_some_and(|k| {
                    k.starts_with("container.apparmor.security.beta.kubernetes.io/")
                });
                let value = annotation.value.str().unwrap_or_default();
                if is_apparmor && value != "runtime/default" && !value.starts_with("localhost/") {
                    out.push(Diagnostic::new(&Self::META, annotation.value.range(), format!("AppArmor profile `{value}` is not allowed by Pod Security Standards (Baseline)")).with_help("Use `runtime/default`, or better the `appArmorProfile` field with `type: RuntimeDefault`"));
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
        let rendered = RuleTest::new(&super::ApparmorUnconfined::META)
            .pass(&["kind: Pod\nmetadata:\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/a: runtime/default\nspec:\n  securityContext:\n    appArmorProfile: {type: RuntimeDefault}\n  containers: [{name: a, image: x}]\n"])
            .fail(&[
                "kind: Deployment\nspec:\n  template:\n    metadata:\n      annotations:\n        container.apparmor.security.beta.kubernetes.io/a: unconfined\n    spec:\n      containers: [{name: a, image: x}]\n",
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      appArmorProfile:\n        type: Unconfined\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
