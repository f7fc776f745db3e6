use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::kubernetes::KubernetesContext;
use crate::yaml::Entry;

declare_rule! {
    /// ## What it does
    /// Flags `seccompProfile.type: Unconfined` at pod or container level.
    ///
    /// ## Why is this bad?
    /// The runtime's default seccomp profile blocks about 50 rarely needed system
    /// calls that most kernel exploits use. `Unconfined` allows them all.
    ///
    /// ## Example
    /// ```yaml
    /// seccompProfile:
    ///   type: Unconfined
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// seccompProfile:
    ///   type: RuntimeDefault
    /// ```
    pub struct SeccompUnconfined {
        code: "KS110",
        name: "seccomp-unconfined",
        severity: Error,
        file_kind: Kubernetes,
        checklist: None,
        sources: [
            Source::same(Tool::Pss, "Baseline: Seccomp"),
            Source::same(Tool::Pss, "Restricted: Seccomp"),
            Source::same(Tool::Checkov, "CKV_K8S_31"),
            Source::inspired(Tool::Trivy, "KSV104"),
            Source::same(Tool::Kubesec, "SeccompUnconfined"),
        ],
        references: [same(OWASP_6), related(NSA_HARDENED_ENVIRONMENT)],
    }
}

fn check_profile(profile: Option<Entry<'_>>, out: &mut Vec<Diagnostic>) {
    let Some(kind) = profile.and_then(|p| p.value.entry("type")) else {
        return;
    };
    if kind.value.str() == Some("Unconfined") {
        out.push(
            Diagnostic::new(&SeccompUnconfined::META, kind.value.range(), "Seccomp is turned off: every system call is allowed, including those most kernel exploits use")
                .with_help("Use `type: RuntimeDefault`"),
        );
    }
}

impl SeccompUnconfined {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for pod in &ctx.manifest.pods {
            check_profile(pod.own("seccompProfile"), out);
            for container in &pod.containers {
                check_profile(container.own("seccompProfile"), out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::SeccompUnconfined::META)
            .pass(&["kind: Pod\nspec:\n  securityContext:\n    seccompProfile: {type: RuntimeDefault}\n  containers: [{name: a, image: x}]\n"])
            .fail(&["kind: Pod\nspec:\n  securityContext:\n    seccompProfile:\n      type: Unconfined\n  containers: [{name: a, image: x}]\n"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
