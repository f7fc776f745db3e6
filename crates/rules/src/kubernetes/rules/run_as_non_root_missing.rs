use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::kubernetes::KubernetesContext;

declare_rule! {
    /// ## What it does
    /// Flags containers that do not run with `runAsNonRoot: true`, set on the container
    /// or inherited from the pod's `securityContext`.
    ///
    /// ## Why is this bad?
    /// Without it the kubelet starts the image as whatever user it declares, and most
    /// images declare root. With it, the kubelet refuses to start a container that
    /// would run as UID 0, so a base-image change cannot silently bring root back.
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
    ///     runAsNonRoot: true
    ///     runAsUser: 65532
    ///   containers:
    ///   - name: app
    ///     image: registry.example.com/app:1.4.2
    /// ```
    pub struct RunAsNonRootMissing {
        code: "KS203",
        name: "run-as-non-root-missing",
        severity: Warning,
        file_kind: Kubernetes,
        checklist: Some(Checklist::NonRoot),
        sources: [
            Source::same(Tool::Pss, "Restricted: Running as Non-root"),
            Source::same(Tool::KubeLinter, "run-as-non-root"),
            Source::same(Tool::Checkov, "CKV_K8S_23"),
            Source::same(Tool::Trivy, "KSV012"),
            Source::same(Tool::Polaris, "runAsRootAllowed"),
            Source::inspired(Tool::KubeScore, "container-security-context-user-group-id"),
            Source::same(Tool::Kubesec, "RunAsNonRoot"),
        ],
        whole_file: true,
        references: [related(OWASP_2), related(NSA_NON_ROOT)],
    }
}

impl RunAsNonRootMissing {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for pod in &ctx.manifest.pods {
            for container in &pod.containers {
                let setting = pod.effective(container, "runAsNonRoot");
                if setting.is_some_and(|s| s.entry.value.bool() == Some(true)) {
                    continue;
                }
                let (range, message) = if let Some(s) = setting {
                    (s.entry.value.range(), format!("{} may run as root: `runAsNonRoot` is not `true`{}", container.label(), if s.from_pod { " at pod level" } else { "" }))
                } else {
                    let uid = pod
                        .effective(container, "runAsUser")
                        .and_then(|s| s.entry.value.str())
                        .and_then(|v| v.parse::<u64>().ok());
                    let message = match uid {
                        Some(uid) if uid > 0 => format!("{} runs as UID {uid}, which is not root, but sets no `runAsNonRoot: true`: Restricted still wants it, so the kubelet refuses to start the container as root if the UID ever changes", container.label()),
                        _ => format!("{} sets no `runAsNonRoot: true`, so it runs as whatever user the image declares, often root", container.label()),
                    };
                    (container.missing_anchor(), message)
                };
                out.push(Diagnostic::new(&Self::META, range, message).with_help("Set `runAsNonRoot: true` (with a numeric `runAsUser`, e.g. 65532) in the pod's or the container's `securityContext`"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::RunAsNonRootMissing::META)
            .pass(&[
                "kind: Pod\nspec:\n  securityContext: {runAsNonRoot: true}\n  containers: [{name: a, image: x}, {name: b, image: y}]\n",
                "runAsNonRoot: true\n",
            ])
            .fail(&[
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n",
                "kind: Pod\nspec:\n  securityContext: {runAsNonRoot: true}\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      runAsNonRoot: false\n",
                "kind: Pod\nspec:\n  securityContext: {runAsUser: 1000}\n  containers:\n  - name: a\n    image: x\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
