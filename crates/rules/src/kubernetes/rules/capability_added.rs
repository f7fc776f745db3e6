use crate::engine::diagnostic::Diagnostic;
use crate::knowledge::capabilities::DEFAULT_CAPABILITIES;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::kubernetes::KubernetesContext;
use crate::yaml::Node;

/// Whether Baseline allows adding this capability, compared exactly as written.
fn baseline_allows(name: &str) -> bool {
    name != "NET_RAW" && DEFAULT_CAPABILITIES.contains(&name)
}

declare_rule! {
    /// ## What it does
    /// Flags capabilities added to a container: any beyond the runtime's defaults
    /// break Baseline (`SYS_ADMIN`, `NET_ADMIN`, `NET_RAW`, `ALL`...), and any but
    /// `NET_BIND_SERVICE` break Restricted.
    ///
    /// ## Why is this bad?
    /// Capabilities are slices of root. `SYS_ADMIN` alone allows mounting filesystems
    /// and most container escapes; `NET_RAW` allows spoofing packets on the pod
    /// network.
    ///
    /// ## Example
    /// ```yaml
    /// capabilities:
    ///   add: ["SYS_ADMIN", "CHOWN"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// capabilities:
    ///   drop: ["ALL"]
    ///   add: ["NET_BIND_SERVICE"]  # only if it must bind a port below 1024
    /// ```
    pub struct CapabilityAdded {
        code: "KS105",
        name: "capability-added",
        severity: Error,
        file_kind: Kubernetes,
        checklist: None,
        sources: [
            Source::same(Tool::Pss, "Baseline: Capabilities"),
            Source::same(Tool::Pss, "Restricted: Capabilities"),
            Source::same(Tool::Checkov, "CKV_K8S_39"),
            Source::same(Tool::Checkov, "CKV_K8S_25"),
            Source::same(Tool::Trivy, "KSV005"),
            Source::same(Tool::Trivy, "KSV022"),
            Source::inspired(Tool::Polaris, "dangerousCapabilities"),
            Source::inspired(Tool::Polaris, "insecureCapabilities"),
            Source::inspired(Tool::Kubesec, "CapSysAdmin"),
        ],
        references: [same(OWASP_3)],
    }
}

impl CapabilityAdded {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for (_, container) in ctx.manifest.containers() {
            let Some(capabilities) = container.own("capabilities") else {
                continue;
            };
            for item in capabilities
                .value
                .get("add")
                .map(Node::items)
                .unwrap_or_default()
            {
                let Some(name) = item.str() else { continue };
                // Pod Security Admission compares the names exactly as written.
                if name == "NET_BIND_SERVICE" {
                    continue;
                }
                let label = container.label();
                let finding = if baseline_allows(name) {
                    Diagnostic::new(&Self::META, item.range(), format!("{label} adds `{name}`: Baseline allows it, but the Restricted profile allows only `NET_BIND_SERVICE`"))
                        .restricted_only()
                        .with_help("Drop `ALL` and add back only `NET_BIND_SERVICE` if the process binds a port below 1024")
                } else {
                    let written_as = name.trim_start_matches("CAP_").to_ascii_uppercase();
                    if written_as != name
                        && (written_as == "NET_BIND_SERVICE"
                            || baseline_allows(&written_as))
                    {
                        Diagnostic::new(&Self::META, item.range(), format!("{label} adds `{name}`: Kubernetes compares capability names exactly, so this is not `{written_as}`, and even the Baseline profile refuses it"))
                            .with_help(format!("Write it as `{written_as}` (capitals, no `CAP_`)"))
                    } else {
                        Diagnostic::new(&Self::META, item.range(), format!("{label} adds `{name}`, beyond the runtime's defaults: even the Baseline profile forbids it"))
                            .with_help("Drop `ALL` and add back only `NET_BIND_SERVICE` if the process binds a port below 1024")
                    }
                };
                out.push(finding);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::CapabilityAdded::META)
            .pass(&["kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}\n"])
            .fail(&[
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      capabilities:\n        add: [\"SYS_ADMIN\", CHOWN, CAP_NET_RAW]\n",
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      capabilities:\n        add: [chown, CAP_CHOWN, net_bind_service]\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
