use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::{Edit, Fix};
use crate::engine::registry::{declare_rule, Source};
use crate::kubernetes::schema::{BOOLEANS, INTEGERS, POD_BOOLEANS};
use crate::kubernetes::KubernetesContext;
use crate::kubernetes::yaml::Entry;
use crate::kubernetes::yaml;

declare_rule! {
    /// ## What it does
    /// Flags security settings written with the wrong type: `"true"` (a string) where
    /// a boolean belongs, `runAsUser: "65532"` where an integer belongs,
    /// `drop: ALL` where a list belongs.
    ///
    /// ## Why is this bad?
    /// The API server rejects the object ("cannot unmarshal string into ... bool"), so
    /// the deploy fails; and some tools that read YAML loosely treat `"false"` as
    /// true.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   runAsNonRoot: "true"
    ///   runAsUser: "65532"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// securityContext:
    ///   runAsNonRoot: true
    ///   runAsUser: 65532
    /// ```
    ///
    /// ## Fix safety
    /// Safe: where only the quotes are wrong (`"true"`, `"false"`, `"65532"`) they are
    /// removed, and a bare `drop: ALL` becomes `drop: [ALL]`; the API server rejected
    /// the object before, so the value now means what it always said. Other values
    /// (`"yes"`, `"True"`, a quoted capability) get no fix.
    ///
    /// ## References
    /// - kubeconform (schema validation)
    pub struct WrongType {
        code: "KS004",
        name: "wrong-type",
        severity: Error,
        file_kind: Kubernetes,
        checklist: None,
        sources: [Source::inspired("kubeconform", "schema validation")],
        fixes: [Safe],
    }
}

fn check_entry(source: &str, entry: Entry<'_>, out: &mut Vec<Diagnostic>) {
    let Some(field) = entry.key.str() else { return };
    let value = entry.value;
    let text = value.str().unwrap_or_default();
    let (expected, fixed) = if BOOLEANS.contains(&field) || POD_BOOLEANS.contains(&field) {
        if value.bool().is_some() {
            return;
        }
        ("a boolean", text.to_ascii_lowercase())
    } else if INTEGERS.contains(&field) {
        if value.int().is_some() {
            return;
        }
        ("an integer", text.to_owned())
    } else {
        return;
    };
    let written = value.range();
    let message = if value.is_quoted_string() {
        format!("`{field}` must be {expected}, but `{text}` is quoted, which makes it a string: the API server rejects the object")
    } else {
        format!("`{field}` must be {expected}: the API server rejects the object")
    };
    let help = if value.is_quoted_string() {
        format!("Remove the quotes: `{field}: {fixed}`")
    } else {
        format!("Write {expected}")
    };
    // The quotes were the only problem when the text inside is already right.
    let right_inside = if expected == "a boolean" {
        matches!(text, "true" | "false")
    } else {
        text.parse::<i64>().is_ok()
    };
    let fix = if right_inside {
        yaml::edit::unquote(source, value).map(|e| Fix::safe("Remove the quotes", vec![e]))
    } else {
        None
    };
    out.push(
        Diagnostic::new(&WrongType::META, written, message)
            .with_help(help)
            .with_fix_opt(fix),
    );
}

impl WrongType {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for pod in &ctx.manifest.pods {
            let mut contexts: Vec<_> = pod.security_context().into_iter().collect();
            contexts.extend(
                pod.containers
                    .iter()
                    .filter_map(crate::kubernetes::Container::security_context),
            );
            for context in contexts {
                for entry in context.value.entries() {
                    check_entry(ctx.source, entry, out);
                }
                if let Some(capabilities) = context.value.get("capabilities") {
                    for entry in capabilities.entries() {
                        if !entry.value.is_sequence() && !entry.value.is_null() {
                            let field = entry.key.str().unwrap_or_default();
                            out.push(
                                Diagnostic::new(&Self::META, entry.value.range(), format!("`capabilities.{field}` must be a list: the API server rejects the object"))
                                    .with_help(format!("Write `{field}: [\"{}\"]`", entry.value.str().unwrap_or("ALL")))
                                    .with_fix_opt(entry.value.str().filter(|v| entry.value.range().slice(ctx.source) == *v && !v.is_empty()).map(|v| {
                                        Fix::safe("Make it a list", vec![Edit::replace(entry.value.range(), format!("[{v}]"))])
                                    })),
                            );
                        }
                    }
                }
            }
            if !pod.is_lone_container() {
                for entry in pod.spec.entries() {
                    if entry.key.str().is_some_and(|k| POD_BOOLEANS.contains(&k)) {
                        check_entry(ctx.source, entry, out);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::WrongType::META)
            .pass(&["kind: Pod\nspec:\n  hostNetwork: false\n  securityContext: {runAsUser: 65532, runAsNonRoot: true}\n  containers: [{name: a, image: x, securityContext: {capabilities: {drop: [ALL]}}}]\n"])
            .fail(&[
                "kind: Pod\nspec:\n  hostPID: \"false\"\n  securityContext:\n    runAsNonRoot: \"true\"\n    runAsUser: \"65532\"\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      capabilities:\n        drop: ALL\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
