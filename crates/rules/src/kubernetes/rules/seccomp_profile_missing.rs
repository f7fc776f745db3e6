use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::kubernetes::KubernetesContext;

declare_rule! {
    /// ## What it does
    /// Flags containers that run without a seccomp profile: `seccompProfile` unset on
    /// the container and on the pod.
    ///
    /// ## Why is this bad?
    /// Unless the kubelet is configured otherwise, "unset" means `Unconfined`: every
    /// system call allowed. The Restricted profile requires `RuntimeDefault` or a
    /// `Localhost` profile.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   containers:
    ///   - name: app
    ///     image: registry.example.com/app:1.4.2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   securityContext:
    ///     seccompProfile:
    ///       type: RuntimeDefault
    /// ```
    pub struct SeccompProfileMissing {
        code: "KS205",
        name: "seccomp-profile-missing",
        severity: Warning,
        file_kind: Kubernetes,
        checklist: None,
        sources: [
            Source::same(Tool::Pss, "Restricted: Seccomp"),
            Source::same(Tool::Checkov, "CKV_K8S_31"),
            Source::same(Tool::Trivy, "KSV030"),
            Source::same(Tool::KubeScore, "container-seccomp-profile"),
            Source::same(Tool::Kubesec, "SeccompAny"),
        ],
        whole_file: true,
        references: [related(OWASP_6), related(NSA_HARDENED_ENVIRONMENT)],
    }
}

impl SeccompProfileMissing {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        // Windows pods are exempt from this Linux-only control.
        for pod in ctx.manifest.pods.iter().filter(|pod| !pod.is_windows()) {
            for container in &pod.containers {
                let Some(setting) = pod.effective(container, "seccompProfile") else {
                    let name = container.name().unwrap_or_default();
                    let legacy = pod.annotations().into_iter().find(|a| {
                        a.key.str().is_some_and(|key| {
                            key == "seccomp.security.alpha.kubernetes.io/pod"
                                || key.strip_prefix("container.seccomp.security.alpha.kubernetes.io/") == Some(name)
                        })
                    });
                    let message = match legacy.and_then(|a| a.key.str()) {
                        Some(key) => format!("{} has its seccomp profile only in the annotation `{key}`, which current Kubernetes no longer reads, so every system call is allowed", container.label()),
                        None => format!("{} runs without a seccomp profile, which usually means every system call is allowed", container.label()),
                    };
                    out.push(
                        Diagnostic::new(&Self::META, container.missing_anchor(), message)
                            .with_help("Set `seccompProfile: {type: RuntimeDefault}` in the pod's `securityContext`"),
                    );
                    continue;
                };
                if setting.entry.value.get("type").is_none() {
                    out.push(
                        Diagnostic::new(
                            &Self::META,
                            setting.entry.key.range(),
                            "`seccompProfile` without a `type` is rejected by the API server",
                        )
                        .with_help("Add `type: RuntimeDefault`"),
                    );
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
        let rendered = RuleTest::new(&super::SeccompProfileMissing::META)
            .pass(&["kind: Pod\nspec:\n  securityContext:\n    seccompProfile: {type: RuntimeDefault}\n  containers: [{name: a, image: x}]\n"])
            .fail(&[
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      runAsNonRoot: true\n",
                "kind: Pod\nspec:\n  securityContext:\n    seccompProfile: {}\n  containers: [{name: a, image: x}]\n",
                "kind: Pod\nmetadata:\n  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: runtime/default\nspec:\n  containers: [{name: a, image: x}]\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
