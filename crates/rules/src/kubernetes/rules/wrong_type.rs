use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::{Edit, Fix};
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::kubernetes::schema::{BOOLEANS, INTEGERS, POD_BOOLEANS};
use crate::kubernetes::KubernetesContext;
use crate::kubernetes::pod_template_path;
use crate::yaml::{Entry, Node};
use crate::yaml;

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
        sources: [Source::inspired(Tool::Kubeconform, "schema validation")],
        fixes: [Safe],
        references: [],
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

/// What a YAML value is, in words: `a list`, `a mapping`, `a string`...
fn what_it_is(node: Node<'_>) -> &'static str {
    if node.is_sequence() {
        "a list"
    } else if node.is_mapping() {
        "a mapping"
    } else if node.is_null() {
        "empty"
    } else if node.bool().is_some() {
        "a boolean"
    } else if node.int().is_some() {
        "a number"
    } else {
        "a string"
    }
}

/// A field that must be a mapping or a list and is something else: said with what it
/// is, and for `key:value` written without a space, why YAML read one string.
fn check_shape(entry: Entry<'_>, path: &str, mapping: bool, out: &mut Vec<Diagnostic>) {
    let value = entry.value;
    let right = if mapping { value.is_mapping() } else { value.is_sequence() };
    if right || value.is_null() {
        return;
    }
    let (expected, how) = if mapping {
        ("a mapping", "fields indented under it")
    } else {
        ("a list", "items that start with `- `")
    };
    let what = what_it_is(value);
    let text = value.str().unwrap_or_default();
    let squeezed = mapping && text.contains(':') && !text.contains(": ");
    let message = if squeezed {
        format!("`{path}` must be {expected} ({how}), but it is {what}: `{text}` has no space after its colon, so YAML reads one string, and the API server rejects the object")
    } else {
        format!("`{path}` must be {expected} ({how}), but it is {what}: the API server rejects the object")
    };
    let help = if squeezed {
        "Put a space after the colon, on its own indented line: `key: value`".to_owned()
    } else {
        format!("Write `{path}` as {expected}")
    };
    out.push(Diagnostic::new(&WrongType::META, value.range(), message).with_help(help));
}

impl WrongType {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        // The path down to each pod spec: every step a mapping.
        for object in &ctx.manifest.objects {
            let Some(template) = pod_template_path(object.kind) else {
                continue;
            };
            let mut node = object.node;
            let mut path = String::new();
            for step in template.iter().chain(&["spec"]) {
                let Some(entry) = node.entry(step) else { break };
                path = if path.is_empty() { (*step).to_owned() } else { format!("{path}.{step}") };
                if !entry.value.is_mapping() {
                    check_shape(entry, &path, true, out);
                    break;
                }
                node = entry.value;
            }
        }
        for pod in ctx.manifest.pods.iter().filter(|p| !p.is_lone_container()) {
            for field in ["containers", "initContainers", "ephemeralContainers", "volumes"] {
                if let Some(entry) = pod.spec.entry(field) {
                    check_shape(entry, field, false, out);
                }
            }
            if let Some(entry) = pod.spec.entry("securityContext") {
                check_shape(entry, "securityContext", true, out);
            }
            for container in &pod.containers {
                if let Some(entry) = container.node.entry("securityContext") {
                    check_shape(entry, "securityContext", true, out);
                }
            }
        }
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
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::WrongType::META)
            .pass(&["kind: Pod\nspec:\n  hostNetwork: false\n  securityContext: {runAsUser: 65532, runAsNonRoot: true}\n  containers: [{name: a, image: x, securityContext: {capabilities: {drop: [ALL]}}}]\n"])
            .fail(&[
                "kind: Pod\nspec:\n  hostPID: \"false\"\n  securityContext:\n    runAsNonRoot: \"true\"\n    runAsUser: \"65532\"\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      capabilities:\n        drop: ALL\n",
                // Objects that do not have the shape the API wants.
                "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n- containers: [{name: a, image: x}]\n",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec: containers\n",
                "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: \"runAsUser:65534\"\n  containers:\n    name: a\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
