//! What the user chooses about a run: the Pod Security Standards level the manifests
//! must meet, the registries base images may come from, and which rules are reported at
//! which severity (the CLI's `bulkhead.toml`, the playground's settings).

use crate::engine::diagnostic::Diagnostic;
use crate::engine::pss::PssLevel;
use crate::engine::registry::Severity;

/// The choices of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The level pods must meet when no Namespace in the input says otherwise with its
    /// `pod-security.kubernetes.io/enforce` label. Findings against a stricter level
    /// are not reported.
    pub pss_level: PssLevel,
    /// The registries (`registry.example.com`, `cgr.dev`, or with a path:
    /// `ghcr.io/acme`) base images may come from; `docker.io` stands for Docker Hub
    /// names such as `python:3.13`. Empty: any registry (DF108 is off).
    pub trusted_registries: Vec<String>,
    /// Rules not reported, by code (`DF500`) or name (`missing-healthcheck`).
    pub ignore: Vec<String>,
    /// A severity per rule, by code or name, in place of the rule's own.
    pub severity: Vec<(String, Severity)>,
    /// Folders that hold a Helm chart's `Chart.yaml` besides those of the files given
    /// (the CLI looks beside each file): YAML there is the chart's, not a manifest.
    pub chart_folders: Vec<String>,
}

impl Options {
    /// Whether `selector` (a code or a name) names the rule of `diagnostic`.
    fn names(selector: &str, diagnostic: &Diagnostic) -> bool {
        selector.eq_ignore_ascii_case(diagnostic.code) || selector == diagnostic.rule
    }

    /// Drop the ignored findings and give the others their chosen severity. The
    /// engine's own findings (BH001, BH002) and parse errors are always kept.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>) {
        if self.ignore.is_empty() && self.severity.is_empty() {
            return;
        }
        diagnostics.retain(|d| {
            d.parse_error
                || d.code.starts_with("BH")
                || !self.ignore.iter().any(|s| Self::names(s, d))
        });
        for d in diagnostics.iter_mut() {
            if let Some((_, severity)) = self.severity.iter().rev().find(|(s, _)| Self::names(s, d))
            {
                d.severity = *severity;
            }
        }
    }

    /// Whether a base image's `registry` (`None` for Docker Hub) and `repository` come
    /// from a trusted registry; always true when no registry is listed.
    pub fn trusts(&self, registry: Option<&str>, repository: &str) -> bool {
        if self.trusted_registries.is_empty() {
            return true;
        }
        let host = registry.unwrap_or("docker.io");
        let full = format!("{host}/{repository}");
        self.trusted_registries.iter().any(|trusted| {
            let trusted = trusted.trim_end_matches('/');
            let trusted = if crate::knowledge::image_ref::is_docker_hub(trusted) {
                "docker.io"
            } else {
                trusted
            };
            trusted.eq_ignore_ascii_case(host)
                || full
                    .strip_prefix(trusted)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registries_match_by_host_or_by_path_prefix() {
        let options = Options {
            trusted_registries: vec!["cgr.dev".into(), "ghcr.io/acme".into(), "docker.io".into()],
            ..Options::default()
        };
        assert!(options.trusts(Some("cgr.dev"), "chainguard/python"));
        assert!(options.trusts(Some("ghcr.io"), "acme/app"));
        assert!(!options.trusts(Some("ghcr.io"), "acmeevil/app"));
        assert!(!options.trusts(Some("quay.io"), "org/app"));
        assert!(options.trusts(None, "library/python"));
        assert!(Options::default().trusts(Some("quay.io"), "org/app"));
    }
}
