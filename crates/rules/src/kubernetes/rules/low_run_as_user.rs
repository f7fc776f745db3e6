use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::yaml::Entry;
use crate::kubernetes::KubernetesContext;

/// What to do instead, at both levels.
const HELP: &str = "Use a user ID of 10000 or more that no account on the node has, such as 65532 (the `nonroot` user of distroless and Chainguard images)";

declare_rule! {
    /// ## What it does
    /// Flags a `runAsUser` from 1 to 9999, set on the pod (and used by a container
    /// that does not set its own) or on a container. `runAsUser: 0` is root, reported
    /// by `run-as-root-user`.
    ///
    /// ## Why is this bad?
    /// Without user namespaces, the user ID in the container is the same number on the
    /// node. Low IDs are the ones the node's own accounts use (1000 is often the first
    /// login user of a cloud image, lower ones are system services), so a process that
    /// breaks out of the container lands on the node as a real account, with that
    /// account's files and rights. IDs of 10000 and above belong to nobody on the
    /// node.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: app
    /// spec:
    ///   securityContext:
    ///     runAsNonRoot: true
    ///     runAsUser: 1000
    ///   containers:
    ///     - name: app
    ///       image: registry.example.com/app:1.0.0
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: app
    /// spec:
    ///   securityContext:
    ///     runAsNonRoot: true
    ///     runAsUser: 65532
    ///     runAsGroup: 65532
    ///   containers:
    ///     - name: app
    ///       image: registry.example.com/app:1.0.0
    /// ```
    pub struct LowRunAsUser {
        code: "KS312",
        name: "low-run-as-user",
        severity: Info,
        file_kind: Kubernetes,
        checklist: None,
        sources: [
            Source::inspired(Tool::Checkov, "CKV_K8S_40"),
            Source::inspired(Tool::Kubesec, "RunAsUser"),
        ],
        whole_file: true,
        references: [],
    }
}

/// The user ID of a `runAsUser` entry, when it is a low one (root excluded).
fn low_uid(entry: Entry<'_>) -> Option<i64> {
    entry.value.int().filter(|uid| (1..=9999).contains(uid))
}

impl LowRunAsUser {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for pod in &ctx.manifest.pods {
            // The pod's own value, once, when a container runs with it.
            let inherited = pod.containers.iter().any(|container| {
                pod.effective(container, "runAsUser")
                    .is_some_and(|setting| setting.from_pod)
            });
            let pod_value = pod
                .own("runAsUser")
                .filter(|_| inherited)
                .and_then(|entry| low_uid(entry).map(|uid| (entry, uid)));
            if let Some((entry, uid)) = pod_value {
                out.push(
                    Diagnostic::new(&Self::META, entry.value.range(), format!("`runAsUser: {uid}` runs this pod's containers with a low user ID, which may be a real account on the node: a process that breaks out of the container would act as that account there"))
                        .with_help(HELP),
                );
            }
            for container in &pod.containers {
                let Some(setting) = pod.effective(container, "runAsUser") else {
                    continue;
                };
                if setting.from_pod {
                    continue;
                }
                let Some(uid) = low_uid(setting.entry) else {
                    continue;
                };
                out.push(
                    Diagnostic::new(&Self::META, setting.entry.value.range(), format!("{} runs as `runAsUser: {uid}`, a low user ID that may be a real account on the node: a process that breaks out of the container would act as that account there", container.label()))
                        .with_help(HELP),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::LowRunAsUser::META)
            .pass(&[
                "kind: Pod\nspec:\n  securityContext: {runAsUser: 65532}\n  containers: [{name: a, image: x}]\n",
                // Root is `run-as-root-user`'s finding.
                "kind: Pod\nspec:\n  securityContext: {runAsUser: 0}\n  containers: [{name: a, image: x}]\n",
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext: {runAsUser: 10000}\n",
                // Every container overrides the pod's value, so nothing runs with it.
                "kind: Pod\nspec:\n  securityContext: {runAsUser: 1000}\n  containers:\n  - name: a\n    image: x\n    securityContext: {runAsUser: 65532}\n",
                "kind: Pod\nspec:\n  securityContext: {runAsNonRoot: true}\n  containers: [{name: a, image: x}]\n",
                // A quoted number is a wrong type, reported elsewhere.
                "kind: Pod\nspec:\n  securityContext: {runAsUser: \"1000\"}\n  containers: [{name: a, image: x}]\n",
            ])
            .fail(&[
                // One finding for the pod's value, however many containers use it.
                "kind: Pod\nspec:\n  securityContext:\n    runAsUser: 1000\n  containers:\n  - name: a\n    image: x\n  - name: b\n    image: y\n",
                "kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        image: x\n        securityContext:\n          runAsUser: 1\n      - name: b\n        image: x\n        securityContext: {runAsUser: 9999}\n",
                // The pod's value reaches `b`, `a` has its own.
                "kind: Pod\nspec:\n  securityContext: {runAsUser: 1001}\n  containers:\n  - name: a\n    image: x\n    securityContext: {runAsUser: 999}\n  - name: b\n    image: x\n",
                "runAsNonRoot: true\nrunAsUser: 999\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
