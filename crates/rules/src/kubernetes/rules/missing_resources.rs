use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::Fix;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::kubernetes::KubernetesContext;
use crate::yaml;

declare_rule! {
    /// ## What it does
    /// Flags containers without memory and CPU `requests` and a memory `limit`
    /// (a CPU limit is recommended but not required: it throttles rather than
    /// protects).
    ///
    /// ## Why is this bad?
    /// Without a memory limit one leaking or attacked container can take the node's
    /// memory and get other pods evicted. Without requests the scheduler places the pod
    /// blindly and it is the first to be evicted under pressure.
    ///
    /// ## Example
    /// ```yaml
    /// - name: app
    ///   image: registry.example.com/app:1.4.2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - name: app
    ///   image: registry.example.com/app:1.4.2
    ///   resources:
    ///     requests: {cpu: 100m, memory: 128Mi}
    ///     limits: {memory: 256Mi}
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: a container with no `resources` at all gets
    /// `requests: {cpu: 100m, memory: 128Mi}` and `limits: {memory: 256Mi}`. These are
    /// placeholders to set from what the app uses under load: a limit too low gets it
    /// OOM-killed, and requests change where it is scheduled. A partly written
    /// `resources` gets no fix.
    pub struct MissingResources {
        code: "KS302",
        name: "missing-resources",
        severity: Warning,
        file_kind: Kubernetes,
        checklist: Some(Checklist::ReadOnlyAndLimits),
        sources: [
            Source::same(Tool::KubeLinter, "unset-memory-requirements"),
            Source::same(Tool::KubeLinter, "unset-cpu-requirements"),
            Source::same(Tool::Checkov, "CKV_K8S_10"),
            Source::same(Tool::Checkov, "CKV_K8S_12"),
            Source::same(Tool::Checkov, "CKV_K8S_13"),
            Source::inspired(Tool::Checkov, "CKV_K8S_11"),
            Source::same(Tool::Trivy, "KSV015"),
            Source::same(Tool::Trivy, "KSV016"),
            Source::same(Tool::Trivy, "KSV018"),
            Source::same(Tool::Polaris, "cpuRequestsMissing"),
            Source::same(Tool::Polaris, "memoryRequestsMissing"),
            Source::same(Tool::Polaris, "memoryLimitsMissing"),
            Source::same(Tool::KubeScore, "container-resources"),
            Source::same(Tool::Kubesec, "RequestsCPU"),
            Source::same(Tool::Kubesec, "RequestsMemory"),
            Source::same(Tool::Kubesec, "LimitsMemory"),
            Source::inspired(Tool::Trivy, "KSV011"),
        ],
        fixes: [Unsafe],
        whole_file: true,
        references: [same(OWASP_7), related(NSA_RESOURCE_POLICIES)],
    }
}

/// A `resources` block with placeholder values, marked as such (unsafe: the numbers
/// must come from measuring the app). Only when the container has no `resources` yet.
fn template(source: &str, container: &crate::kubernetes::Container<'_>, absent: bool) -> Option<Fix> {
    if !absent || container.bare_context {
        return None;
    }
    let value = "{requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}";
    let value = if yaml::edit::is_flow(source, container.node) {
        value.to_owned()
    } else {
        format!("{value}  # placeholders: set from what the app uses under load")
    };
    yaml::edit::add_entry(source, container.node, "resources", &value)
        .map(|e| Fix::unsafe_("Add `resources` with placeholder values", vec![e]))
}

impl MissingResources {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for (_, container) in ctx.manifest.containers() {
            if container.bare_context || container.kind == crate::kubernetes::ContainerKind::Ephemeral {
                continue;
            }
            let resources = container.field("resources");
            let value = resources.map(|r| r.value);
            let mut missing = Vec::new();
            let is_set = |path: [&str; 2]| {
                value
                    .and_then(|v| v.path(&path))
                    .is_some_and(|n| !n.is_null())
            };
            for (path, label) in [
                (["requests", "memory"], "memory request"),
                (["requests", "cpu"], "CPU request"),
                (["limits", "memory"], "memory limit"),
            ] {
                // Kubernetes sets a missing request to the limit.
                let set = is_set(path) || (path[0] == "requests" && is_set(["limits", path[1]]));
                if !set {
                    missing.push(label);
                }
            }
            if missing.is_empty() {
                continue;
            }
            let range = resources.map_or_else(|| container.anchor(), |r| r.key.range());
            let listed = match missing.split_last() {
                Some((last, [])) => (*last).to_owned(),
                Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
                None => String::new(),
            };
            out.push(
                Diagnostic::new(&Self::META, range, format!("{} has no {listed}: it can starve its neighbours, and the scheduler cannot place it well", container.label()))
                    .with_help("Set `resources.requests` (cpu, memory) and `resources.limits.memory` from what the app uses under load")
                    .with_fix_opt(template(ctx.source, container, resources.is_none())),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::MissingResources::META)
            .pass(&[
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    resources:\n      requests: {cpu: 100m, memory: 128Mi}\n      limits: {memory: 256Mi}\n",
                // Requests default to the limits.
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    resources:\n      limits: {cpu: 500m, memory: 256Mi}\n",
            ])
            .fail(&[
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n",
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    resources:\n      limits: {cpu: 1}\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
