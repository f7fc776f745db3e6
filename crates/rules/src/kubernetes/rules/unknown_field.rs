use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::{Edit, Fix};
use crate::kubernetes::schema::{
    CONTAINER_FIELDS, CONTAINER_ONLY_FIELDS, POD_ONLY_FIELDS, SHARED_FIELDS,
};
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::kubernetes::KubernetesContext;
use crate::yaml::Node;

declare_rule! {
    /// ## What it does
    /// Flags keys in a `securityContext`, its `capabilities` and `seccompProfile`, or a
    /// container, that Kubernetes does not know, usually a misspelling such as
    /// `runAsNonroot` or `readOnlyRootFileSystem`, and says which field was meant.
    ///
    /// ## Why is this bad?
    /// The API server drops unknown fields with at most a warning, so the misspelt
    /// setting silently does nothing while the manifest looks hardened.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   runAsNonroot: true
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// securityContext:
    ///   runAsNonRoot: true
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the key is renamed to the known field it is closest to, at most two
    /// letters added, removed or changed, ignoring case (`runAsNonroot` becomes
    /// `runAsNonRoot`). That turns on a setting that was being ignored, so the pod
    /// may run differently. A key with no such match, or written in quotes, gets no
    /// fix.
    ///
    /// ## References
    /// - `kubectl apply --validate=strict`; kubeconform `-strict`
    pub struct UnknownField {
        code: "KS003",
        name: "unknown-field",
        severity: Error,
        file_kind: Kubernetes,
        checklist: None,
        sources: [
            Source::inspired(Tool::Kubectl, "--validate=strict"),
            Source::inspired(Tool::Kubeconform, "-strict"),
        ],
        fixes: [Unsafe],
        references: [],
    }
}

fn check_keys(
    source: &str,
    node: Node<'_>,
    known: &[&str],
    also_fine: &[&str],
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    for entry in node.entries() {
        let Some(field) = entry.key.str() else {
            continue;
        };
        if known.contains(&field) || also_fine.contains(&field) {
            continue;
        }
        let candidates = known.iter().chain(also_fine).copied();
        let (message, help) = match crate::engine::text::closest(field, candidates) {
            Some(meant) => (
                format!("`{field}` is not a {what} field; Kubernetes drops it, so the setting has no effect. Did you mean `{meant}`?"),
                format!("Write `{meant}`"),
            ),
            None => (
                format!("`{field}` is not a {what} field; Kubernetes drops it"),
                "Remove it, or check the field name in the Kubernetes API reference".to_owned(),
            ),
        };
        // Unsafe: the corrected name turns on a setting that was being ignored.
        let fix = crate::engine::text::closest(field, known.iter().chain(also_fine).copied())
            .filter(|_| entry.key.range().slice(source) == field)
            .map(|meant| {
                Fix::unsafe_(
                    format!("Rename to `{meant}`"),
                    vec![Edit::replace(entry.key.range(), meant)],
                )
            });
        out.push(
            Diagnostic::new(&UnknownField::META, entry.key.range(), message)
                .with_help(help)
                .with_fix_opt(fix),
        );
    }
}

fn check_context(source: &str, context: Node<'_>, out: &mut Vec<Diagnostic>) {
    let all: Vec<&str> = CONTAINER_ONLY_FIELDS
        .iter()
        .chain(SHARED_FIELDS)
        .chain(POD_ONLY_FIELDS)
        .copied()
        .collect();
    check_keys(source, context, &all, &[], "securityContext", out);
    if let Some(capabilities) = context.get("capabilities") {
        check_keys(
            source,
            capabilities,
            &["add", "drop"],
            &[],
            "capabilities",
            out,
        );
    }
    if let Some(profile) = context.get("seccompProfile") {
        check_keys(
            source,
            profile,
            &["type", "localhostProfile"],
            &[],
            "seccompProfile",
            out,
        );
    }
}

impl UnknownField {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for pod in &ctx.manifest.pods {
            if let Some(context) = pod.security_context() {
                check_context(ctx.source, context.value, out);
            }
            for container in &pod.containers {
                if let Some(context) = container.security_context() {
                    check_context(ctx.source, context.value, out);
                }
                let real_container =
                    !container.bare_context && container.node.get("image").is_some();
                if real_container {
                    // Security fields here are misplaced, a rule of their own.
                    let misplaced: Vec<&str> = CONTAINER_ONLY_FIELDS
                        .iter()
                        .chain(SHARED_FIELDS)
                        .copied()
                        .collect();
                    check_keys(
                        ctx.source,
                        container.node,
                        CONTAINER_FIELDS,
                        &misplaced,
                        "container",
                        out,
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
        let rendered = RuleTest::new(&super::UnknownField::META)
            .pass(&["kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      runAsNonRoot: true\n      capabilities: {drop: [ALL]}\n      seccompProfile: {type: RuntimeDefault}\n"])
            .fail(&[
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      runAsNonroot: true\n      readOnlyRootFileSystem: true\n      capabilities: {drops: [ALL]}\n",
                "name: a\nimage: x\nsecuritycontext:\n  runAsNonRoot: true\nlivenesProbe: {}\nfoo: 1\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
