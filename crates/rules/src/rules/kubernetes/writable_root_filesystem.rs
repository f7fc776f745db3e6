use crate::diagnostic::Diagnostic;
use crate::k8s::is_true;
use crate::registry::{declare_rule, Checklist, Source};
use crate::rules::KubernetesContext;

declare_rule! {
    /// ## What it does
    /// Flags containers without `readOnlyRootFilesystem: true`.
    ///
    /// ## Why is this bad?
    /// A writable image filesystem lets an attacker drop tools, change the app's code
    /// or plant a backdoor that lives as long as the container. Read-only, the only
    /// writable places are the volumes you mount (an `emptyDir` at `/tmp`).
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
    ///   readOnlyRootFilesystem: true
    /// volumeMounts:
    /// - {name: tmp, mountPath: /tmp}
    /// ```
    ///
    /// ## References
    /// - kube-linter `no-read-only-root-fs`; Checkov `CKV_K8S_22`; Trivy `KSV014`
    /// - Also: polaris `notReadOnlyRootFilesystem`, kube-score `container-security-context-readonlyrootfilesystem`, kubesec `ReadOnlyRootFilesystem`
    pub struct WritableRootFilesystem {
        code: "KS301",
        name: "writable-root-filesystem",
        severity: Warning,
        file_kind: Kubernetes,
        checklist: Some(Checklist::ReadOnlyAndLimits),
        sources: [
            Source::same("kube-linter", "no-read-only-root-fs"),
            Source::same("checkov", "CKV_K8S_22"),
            Source::same("trivy", "KSV014"),
            Source::same("polaris", "notReadOnlyRootFilesystem"),
            Source::same("kube-score", "container-security-context-readonlyrootfilesystem"),
            Source::same("kubesec", "ReadOnlyRootFilesystem"),
        ],
    }
}

impl WritableRootFilesystem {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for (_, container) in ctx.manifest.containers() {
            let entry = container.own("readOnlyRootFilesystem");
            if is_true(entry) {
                continue;
            }
            let range = entry.map_or_else(|| container.missing_anchor(), |e| e.value.range());
            out.push(
                Diagnostic::new(&Self::META, range, format!("{} can write to its image's filesystem, so an attacker's changes persist for the container's life", container.label()))
                    .with_help("Set `readOnlyRootFilesystem: true` and mount an `emptyDir` where the app must write (e.g. `/tmp`)"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::WritableRootFilesystem::META)
            .pass(&["kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext: {readOnlyRootFilesystem: true}\n"])
            .fail(&[
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n",
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      readOnlyRootFilesystem: false\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
