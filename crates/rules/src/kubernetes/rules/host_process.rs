use crate::engine::diagnostic::Diagnostic;
use crate::kubernetes::is_true;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::kubernetes::KubernetesContext;
use crate::yaml::Entry;

declare_rule! {
    /// ## What it does
    /// Flags Windows `hostProcess` containers (`windowsOptions.hostProcess: true`, at
    /// pod or container level).
    ///
    /// ## Why is this bad?
    /// A host-process container runs directly on the Windows node with the node's
    /// network and file system: it is not isolated at all.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   windowsOptions:
    ///     hostProcess: true
    /// ```
    ///
    /// ## Use instead
    /// Remove `hostProcess`, or run such node agents outside the restricted namespaces.
    pub struct HostProcess {
        code: "KS106",
        name: "host-process",
        severity: Error,
        file_kind: Kubernetes,
        checklist: None,
        sources: [
            Source::same(Tool::Pss, "Baseline: HostProcess"),
            Source::same(Tool::Trivy, "KSV103"),
            Source::same(Tool::Polaris, "hostProcess"),
        ],
        references: [],
    }
}

fn host_process(options: Option<Entry<'_>>) -> Option<Entry<'_>> {
    let entry = options?.value.entry("hostProcess");
    is_true(entry).then_some(entry).flatten()
}

impl HostProcess {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        let message = "A host-process container runs on the Windows node itself, with no isolation";
        let help = "Remove `hostProcess: true`";
        for pod in &ctx.manifest.pods {
            if let Some(entry) = host_process(pod.own("windowsOptions")) {
                out.push(Diagnostic::new(&Self::META, entry.key.range(), message).with_help(help));
            }
            for container in &pod.containers {
                if let Some(entry) = host_process(container.own("windowsOptions")) {
                    out.push(
                        Diagnostic::new(&Self::META, entry.key.range(), message).with_help(help),
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
        let rendered = RuleTest::new(&super::HostProcess::META)
            .pass(&["kind: Pod\nspec:\n  securityContext:\n    windowsOptions: {hostProcess: false}\n  containers: [{name: a, image: x}]\n"])
            .fail(&["kind: Pod\nspec:\n  securityContext:\n    windowsOptions:\n      hostProcess: true\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      windowsOptions: {hostProcess: true}\n"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
