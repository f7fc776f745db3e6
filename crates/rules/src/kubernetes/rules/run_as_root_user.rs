use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::kubernetes::KubernetesContext;
use crate::yaml::Entry;

declare_rule! {
    /// ## What it does
    /// Flags `runAsUser: 0` (and `runAsGroup: 0`) at pod or container level.
    ///
    /// ## Why is this bad?
    /// UID 0 is root: a process that escapes the container is root on the node, and
    /// inside it can change any file of the image. `runAsNonRoot: true` together with
    /// `runAsUser: 0` makes the pod fail to start.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   runAsUser: 0
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// securityContext:
    ///   runAsUser: 65532
    ///   runAsGroup: 65532
    /// ```
    pub struct RunAsRootUser {
        code: "KS204",
        name: "run-as-root-user",
        severity: Warning,
        file_kind: Kubernetes,
        checklist: Some(Checklist::NonRoot),
        sources: [
            Source::same(Tool::Pss, "Restricted: Running as Non-root user"),
            Source::same(Tool::Trivy, "KSV105"),
            Source::inspired(Tool::Checkov, "CKV_K8S_40"),
            Source::inspired(Tool::KubeScore, "container-security-context-user-group-id"),
            Source::inspired(Tool::Kubesec, "RunAsUser"),
            Source::inspired(Tool::Trivy, "KSV020"),
            Source::inspired(Tool::Trivy, "KSV021"),
        ],
        references: [same(OWASP_2), related(NSA_NON_ROOT)],
    }
}

fn check(entry: Option<Entry<'_>>, out: &mut Vec<Diagnostic>) {
    let Some(entry) = entry else { return };
    if entry.value.int() != Some(0) {
        return;
    }
    let field = entry.key.str().unwrap_or_default();
    let what = if field == "runAsGroup" {
        "group"
    } else {
        "user"
    };
    out.push(
        Diagnostic::new(&RunAsRootUser::META, entry.value.range(), format!("`{field}: 0` runs as the root {what}"))
            .with_help(format!("Use a non-zero ID such as 65532 (the `nonroot` {what} of distroless and Chainguard images)")),
    );
}

impl RunAsRootUser {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for pod in &ctx.manifest.pods {
            check(pod.own("runAsUser"), out);
            check(pod.own("runAsGroup"), out);
            for container in &pod.containers {
                check(container.own("runAsUser"), out);
                check(container.own("runAsGroup"), out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::RunAsRootUser::META)
            .pass(&["kind: Pod\nspec:\n  securityContext: {runAsUser: 65532, runAsGroup: 65532}\n  containers: [{name: a, image: x}]\n"])
            .fail(&["kind: Pod\nspec:\n  securityContext:\n    runAsUser: 0\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      runAsGroup: 0\n"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
