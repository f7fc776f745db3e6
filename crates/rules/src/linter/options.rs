//! What the user chooses about a run: the Pod Security Standards level the manifests
//! must meet, the registries base images may come from, and which rules are reported at
//! which severity (the CLI's `bulkhead.toml`, the playground's settings).

use crate::engine::diagnostic::Diagnostic;
use crate::engine::pss::PssLevel;
use crate::engine::registry::{RuleMeta, Severity};

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
    /// Run the rules in preview too (`--preview`, `preview = true`): the newest rules,
    /// which a run leaves out until they are stable (`linter/codes.rs`), so that an
    /// upgrade adds no finding to a CI that did not ask for them.
    pub preview: bool,
    /// A suppression comment without `reason="…"` is a finding (BH004):
    /// `--require-reason`, `require-reason = true`. The CLI's alone; not stored.
    pub require_reason: bool,
}

impl Options {
    /// Whether `selector` (a code or a name) names the rule of `diagnostic`.
    fn names(selector: &str, diagnostic: &Diagnostic) -> bool {
        selector.eq_ignore_ascii_case(diagnostic.code) || selector == diagnostic.rule
    }

    /// Whether the rule is ignored, by its code or its name.
    pub fn ignores(&self, meta: &RuleMeta) -> bool {
        self.ignore
            .iter()
            .any(|s| s.eq_ignore_ascii_case(meta.code) || s == meta.name)
    }

    /// Drop the ignored findings and give the others their chosen severity. The
    /// engine's limits (BH001, BH002) and parse errors are always kept.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>) {
        if self.ignore.is_empty() && self.severity.is_empty() {
            return;
        }
        diagnostics.retain(|d| {
            d.parse_error
                || crate::linter::limits::is_limit(d.code)
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

/// One setting of [`Options`] in their stored form: a text, a list of texts, or a map
/// of texts to texts in the order written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Setting {
    Text(String),
    List(Vec<String>),
    Map(Vec<(String, String)>),
}

/// How many entries of a list, and characters of a name, are read from stored options.
const READ_AT_MOST: usize = 200;

impl Options {
    /// The settings' names in their stored form, in order: what the playground's drafts,
    /// share links and lessons hold (`{ pssLevel, trustedRegistries: [...], ignore:
    /// [...], severity: { rule: level } }` as a JavaScript object) and its requests to
    /// the lint worker carry. The chart folders are the CLI's own and are not stored.
    /// (`bulkhead.toml` is a file format of its own, read by the CLI with positioned
    /// errors.)
    /// `preview` is `on` or `off`; stored options without it (drafts and share links
    /// made before it existed) run the preview rules, as [`Self::playground`] does.
    pub const STORED: [&'static str; 5] = [
        "pssLevel",
        "trustedRegistries",
        "ignore",
        "severity",
        "preview",
    ];

    /// The playground's options before its settings change them: preview rules run, so
    /// that a learner sees every check (Settings turns them off, to see what the CLI
    /// reports by default). The CLI's default is [`Options::default`], without them.
    pub fn playground() -> Self {
        Self {
            preview: true,
            ..Self::default()
        }
    }

    /// The options in their stored form, one [`Setting`] per name of [`Self::STORED`].
    pub fn to_stored(&self) -> [(&'static str, Setting); 5] {
        let [pss, registries, ignore, severity, preview] = Self::STORED;
        [
            (pss, Setting::Text(self.pss_level.as_str().to_owned())),
            (registries, Setting::List(self.trusted_registries.clone())),
            (ignore, Setting::List(self.ignore.clone())),
            (
                severity,
                Setting::Map(
                    self.severity
                        .iter()
                        .map(|(rule, level)| (rule.clone(), level.as_str().to_owned()))
                        .collect(),
                ),
            ),
            (
                preview,
                Setting::Text(if self.preview { "on" } else { "off" }.to_owned()),
            ),
        ]
    }

    /// Read stored options leniently, as they come from a browser's storage or a share
    /// link: `get` gives the setting of a name, if it has one of the right shape; what
    /// is not understood is left out, never an error (an unknown level is the default),
    /// and lists and names are cut at 200.
    pub fn from_stored(mut get: impl FnMut(&'static str) -> Option<Setting>) -> Self {
        let [pss, registries, ignore, severity, preview] = Self::STORED;
        let preview = !matches!(get(preview), Some(Setting::Text(t)) if t == "off");
        let mut names = |name| match get(name) {
            Some(Setting::List(items)) => items
                .iter()
                .map(|s| s.trim().chars().take(READ_AT_MOST).collect::<String>())
                .filter(|s| !s.is_empty())
                .take(READ_AT_MOST)
                .collect(),
            _ => Vec::new(),
        };
        let trusted_registries = names(registries);
        let ignore = names(ignore);
        Self {
            pss_level: match get(pss) {
                Some(Setting::Text(level)) => PssLevel::parse(&level).unwrap_or_default(),
                _ => PssLevel::default(),
            },
            trusted_registries,
            ignore,
            severity: match get(severity) {
                Some(Setting::Map(entries)) => entries
                    .into_iter()
                    .filter_map(|(rule, level)| Some((rule, Severity::parse(&level)?)))
                    .take(READ_AT_MOST)
                    .collect(),
                _ => Vec::new(),
            },
            chart_folders: Vec::new(),
            preview,
            require_reason: false,
        }
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

    #[test]
    fn options_are_stored_and_read_back() {
        let options = Options {
            pss_level: PssLevel::Baseline,
            trusted_registries: vec!["cgr.dev".into()],
            ignore: vec!["DF100".into(), "cd-in-run".into()],
            severity: vec![
                ("DF500".into(), Severity::Warning),
                ("KS100".into(), Severity::Info),
            ],
            chart_folders: Vec::new(),
            preview: false,
            require_reason: false,
        };
        let stored = options.to_stored();
        assert_eq!(stored.clone().map(|(name, _)| name), Options::STORED);
        let read = Options::from_stored(|name| {
            stored
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, s)| s.clone())
        });
        assert_eq!(read, options);
    }

    #[test]
    fn stored_options_are_read_leniently() {
        assert_eq!(Options::from_stored(|_| None), Options::playground());
        let off =
            Options::from_stored(|name| (name == "preview").then(|| Setting::Text("off".into())));
        assert_eq!(off, Options::default());
        let odd = Options::from_stored(|name| match name {
            "pssLevel" => Some(Setting::Text("strict".into())),
            "trustedRegistries" => Some(Setting::Text("cgr.dev".into())),
            "ignore" => Some(Setting::List(vec![" DF100 ".into(), String::new()])),
            "severity" => Some(Setting::Map(vec![
                ("DF500".into(), "loud".into()),
                ("DF501".into(), "error".into()),
            ])),
            _ => None,
        });
        assert_eq!(odd.pss_level, PssLevel::Restricted);
        assert!(odd.trusted_registries.is_empty());
        assert_eq!(odd.ignore, ["DF100"]);
        assert_eq!(odd.severity, [("DF501".to_owned(), Severity::Error)]);
        let many = Options::from_stored(|name| {
            (name == "ignore").then(|| Setting::List(vec!["x".repeat(300); 300]))
        });
        assert_eq!(many.ignore.len(), READ_AT_MOST);
        assert_eq!(many.ignore[0].len(), READ_AT_MOST);
    }
}
