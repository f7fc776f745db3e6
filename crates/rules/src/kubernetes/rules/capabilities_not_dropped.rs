use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::Fix;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::knowledge::capabilities::DEFAULT_CAPABILITIES;
use crate::kubernetes::KubernetesContext;
use crate::yaml::Node;
use crate::yaml;

declare_rule! {
    /// ## What it does
    /// Flags containers that do not drop all capabilities (`capabilities.drop: [ALL]`).
    ///
    /// ## Why is this bad?
    /// By default a container keeps about 14 capabilities (`CHOWN`, `DAC_OVERRIDE`,
    /// `NET_RAW`, `SETUID`...). An application rarely needs any; each one is a piece
    /// of root an attacker can use.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   capabilities:
    ///     drop: ["NET_RAW"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// securityContext:
    ///   capabilities:
    ///     drop: ["ALL"]
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the fix adds `drop: [ALL]` to the container's `capabilities`, creating
    /// `capabilities` or `securityContext` if missing. A program that needs a default
    /// capability then fails (an entrypoint that runs `chown` or switches user with
    /// `gosu` needs `CHOWN`, `SETUID`, `SETGID`): add it back under `add`. When a
    /// `drop` list exists without `ALL`, there is no fix: a person edits the list.
    pub struct CapabilitiesNotDropped {
        code: "KS206",
        name: "capabilities-not-dropped",
        severity: Warning,
        file_kind: Kubernetes,
        checklist: None,
        sources: [
            Source::same(Tool::Pss, "Restricted: Capabilities"),
            Source::same(Tool::Checkov, "CKV_K8S_37"),
            Source::inspired(Tool::Checkov, "CKV_K8S_28"),
            Source::same(Tool::Trivy, "KSV003"),
            Source::inspired(Tool::KubeLinter, "drop-net-raw-capability"),
            Source::inspired(Tool::Polaris, "insecureCapabilities"),
            Source::same(Tool::Kubesec, "CapDropAll"),
        ],
        fixes: [Unsafe],
        whole_file: true,
        references: [same(OWASP_3)],
    }
}

impl CapabilitiesNotDropped {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        // Windows pods are exempt from this Linux-only control.
        for (_, container) in ctx.manifest.containers().filter(|(pod, _)| !pod.is_windows()) {
            let drop = container
                .own("capabilities")
                .and_then(|c| c.value.entry("drop"));
            let dropped: Vec<&str> = drop
                .map(|d| d.value.items().iter().filter_map(|i| Node::str(*i)).collect())
                .unwrap_or_default();
            // Pod Security Admission compares the names exactly as written.
            if dropped.contains(&"ALL") {
                continue;
            }
            let range = drop.map_or_else(
                || {
                    container
                        .own("capabilities")
                        .map_or_else(|| container.missing_anchor(), |c| c.key.range())
                },
                |d| d.key.range(),
            );
            // Unsafe: a program may need one of the default capabilities (add it back).
            let capabilities = container.own("capabilities");
            let edit = match (drop, capabilities, container.security_context()) {
                (None, Some(c), _) if c.value.is_mapping() => {
                    yaml::edit::add_entry(ctx.source, c.value, "drop", "[ALL]")
                }
                (None, None, Some(context)) => {
                    yaml::edit::add_entry(ctx.source, context.value, "capabilities", "{drop: [ALL]}")
                }
                (None, None, None) => yaml::edit::add_nested(
                    ctx.source,
                    container.node,
                    "securityContext",
                    yaml::edit::guess_step(ctx.source, container.node),
                    "capabilities",
                    "{drop: [ALL]}",
                ),
                _ => None,
            };
            out.push(
                Diagnostic::new(&Self::META, range, kept_message(&container.label(), &dropped))
                    .with_help("Add `capabilities: {drop: [\"ALL\"]}` to the container's `securityContext`")
                    .with_fix_opt(edit.map(|e| Fix::unsafe_("Drop all capabilities", vec![e]))),
            );
        }
    }
}

/// What the container keeps: the runtime's defaults it does not drop, most dangerous
/// first, or that it drops each one but not `ALL`.
fn kept_message(label: &str, dropped: &[&str]) -> String {
    if let Some(all) = dropped.iter().find(|c| c.eq_ignore_ascii_case("ALL")) {
        return format!("{label} drops `{all}`: Kubernetes compares capability names exactly, so this is not `ALL`, and Restricted wants `ALL` dropped");
    }
    let defaults = DEFAULT_CAPABILITIES;
    let kept: Vec<&str> = defaults
        .iter()
        .copied()
        .filter(|c| !dropped.contains(c))
        .collect();
    match kept.as_slice() {
        [] => format!("{label} drops each of the runtime's default capabilities but not `ALL`, which Restricted asks for: it also covers what a newer runtime adds"),
        [one] => format!("{label} keeps the runtime's default capability `{one}`"),
        [first, second, ..] if kept.len() == defaults.len() => format!(
            "{label} keeps all {} of the runtime's default capabilities, such as `{first}` and `{second}`",
            kept.len()
        ),
        [first, second, ..] => format!(
            "{label} keeps {} of the runtime's {} default capabilities, such as `{first}` and `{second}`",
            kept.len(),
            defaults.len()
        ),
    }
}


#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::CapabilitiesNotDropped::META)
            .pass(&[
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      capabilities: {drop: [ALL]}\n",
                "kind: Pod\nspec:\n  os: {name: windows}\n  containers:\n  - name: a\n    image: x\n",
            ])
            .fail(&[
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      capabilities:\n        drop: [\"NET_RAW\"]\n",
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n",
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      capabilities: {drop: [NET_RAW, DAC_OVERRIDE]}\n",
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      capabilities: {drop: [all]}\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
