//! Rule metadata: codes, names, severities, checklist items and documentation.
//!
//! Codes never change meaning; a retired code stays reserved (`linter/codes.rs`, the one
//! table of codes). Each rule lives in one
//! file under `rules/` and declares its metadata with [`declare_rule!`], whose doc
//! comment *is* the rule's documentation (rendered by the CLI, the playground and the
//! generated rule reference).

use serde::Serialize;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; no action strictly needed.
    Info,
    /// Weakens the image or pod, or is likely to break later.
    Warning,
    /// Broken, or a serious security problem.
    Error,
}

impl Severity {
    pub const ALL: [Self; 3] = [Self::Info, Self::Warning, Self::Error];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }

    /// `info`, `warning` or `error`, in any case.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|s| text.trim().eq_ignore_ascii_case(s.as_str()))
    }
}

/// The hardening checklist every finding is grouped under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Checklist {
    MinimalBase,
    MultiStage,
    NonRoot,
    IsolatedDependencies,
    NoSecrets,
    PinnedDependencies,
    Scanned,
    Signed,
    ReadOnlyAndLimits,
    HealthChecks,
}

impl Checklist {
    pub const ALL: [Checklist; 10] = [
        Self::MinimalBase,
        Self::MultiStage,
        Self::NonRoot,
        Self::IsolatedDependencies,
        Self::NoSecrets,
        Self::PinnedDependencies,
        Self::Scanned,
        Self::Signed,
        Self::ReadOnlyAndLimits,
        Self::HealthChecks,
    ];

    /// The stable identifier, as in JSON output (`pinned-dependencies`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MinimalBase => "minimal-base",
            Self::MultiStage => "multi-stage",
            Self::NonRoot => "non-root",
            Self::IsolatedDependencies => "isolated-dependencies",
            Self::NoSecrets => "no-secrets",
            Self::PinnedDependencies => "pinned-dependencies",
            Self::Scanned => "scanned",
            Self::Signed => "signed",
            Self::ReadOnlyAndLimits => "read-only-and-limits",
            Self::HealthChecks => "health-checks",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::MinimalBase => "Small, minimal base image",
            Self::MultiStage => "Multi-stage build",
            Self::NonRoot => "Runs as a non-root user",
            Self::IsolatedDependencies => "Dependencies installed as user / in a venv and copied",
            Self::NoSecrets => "No secrets in the image",
            Self::PinnedDependencies => "Base image and dependencies pinned",
            Self::Scanned => "Image scanned for vulnerabilities",
            Self::Signed => "Image signed",
            Self::ReadOnlyAndLimits => "Read-only root filesystem and resource limits",
            Self::HealthChecks => "Health checks and probes",
        }
    }
}

/// Which kind of file a rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileKind {
    Dockerfile,
    Kubernetes,
    Compose,
    Requirements,
}

impl FileKind {
    pub const ALL: [Self; 4] = [
        Self::Dockerfile,
        Self::Kubernetes,
        Self::Compose,
        Self::Requirements,
    ];

    /// `dockerfile`, `kubernetes`, `compose`, `requirements`: the kind's name in JSON,
    /// SARIF, the playground's documents and `bulkhead.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dockerfile => "dockerfile",
            Self::Kubernetes => "kubernetes",
            Self::Compose => "compose",
            Self::Requirements => "requirements",
        }
    }

    /// The kind [`as_str`](Self::as_str) names.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == name)
    }

    /// The kind of a file from its name and, where the name leaves it open, its text:
    /// a `.yaml` file with top-level `services:` (and no `kind:`) is a Compose file; a
    /// file whose name says nothing is [sniffed](Self::sniff).
    pub fn for_file(name: &str, text: &str) -> Option<Self> {
        match Self::from_file_name(name) {
            Some(Self::Kubernetes) if Self::looks_like_compose(text) => Some(Self::Compose),
            Some(kind) => Some(kind),
            None => Self::sniff(text),
        }
    }

    /// [`for_file`](Self::for_file), with manifests for a file that says nothing (the
    /// playground's tabs and the lessons' files always have a kind).
    pub fn for_file_or_manifest(name: &str, text: &str) -> Self {
        Self::for_file(name, text).unwrap_or(Self::Kubernetes)
    }

    /// The name a file of this kind gets where it has none of its own (an example's
    /// files, the fuzzer's).
    pub fn default_name(self) -> &'static str {
        match self {
            Self::Dockerfile => "Dockerfile",
            Self::Kubernetes => "deployment.yaml",
            Self::Compose => "compose.yaml",
            Self::Requirements => "requirements.txt",
        }
    }

    /// What a Dockerfile's path says it builds: `api.Dockerfile`, `Dockerfile.api` and
    /// `api/Dockerfile` all say `api`.
    pub fn dockerfile_image_name(path: &str) -> Option<String> {
        let mut parts = path.rsplit(['/', '\\']);
        let file = parts.next()?.to_ascii_lowercase();
        let stem = file
            .strip_suffix(".dockerfile")
            .or_else(|| file.strip_prefix("dockerfile."))
            .or_else(|| file.strip_suffix("-dockerfile"));
        match stem {
            Some(stem) if !stem.is_empty() => Some(stem.to_owned()),
            _ => parts.next().map(str::to_ascii_lowercase),
        }
    }

    /// [`from_file_name`](Self::from_file_name) as a regular expression (Python's and
    /// Rust's syntax), for tools that choose files by pattern: the pre-commit hook's
    /// `files:` (a CLI test holds the two to the same answers).
    pub const FILE_NAME_PATTERN: &'static str = r"(?i)(^|/)(dockerfile|containerfile)[^/]*$|[.-]dockerfile$|\.ya?ml$|(^|/)[^/]*requirements[^/]*\.txt$";

    /// Guess the kind of a file from its name (`Dockerfile`, `app.Dockerfile`,
    /// `Containerfile`, `compose.yaml`, `docker-compose.*.yml`, `*.yaml`,
    /// `requirements*.txt`).
    pub fn from_file_name(name: &str) -> Option<Self> {
        let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
        let lower = base.to_ascii_lowercase();
        let extension = lower.rsplit_once('.').map(|(_, ext)| ext);
        if lower.starts_with("dockerfile")
            || lower.starts_with("containerfile")
            || extension == Some("dockerfile")
            || lower.ends_with("-dockerfile")
        {
            Some(Self::Dockerfile)
        } else if matches!(extension, Some("yaml" | "yml"))
            && (lower.starts_with("compose.")
                || lower.starts_with("docker-compose.")
                || lower.starts_with("docker-compose-")
                || lower.contains(".compose."))
        {
            Some(Self::Compose)
        } else if matches!(extension, Some("yaml" | "yml")) {
            Some(Self::Kubernetes)
        } else if extension == Some("txt") && lower.contains("requirements") {
            Some(Self::Requirements)
        } else {
            None
        }
    }
}

impl FileKind {
    /// Whether a text is a Compose file rather than Kubernetes objects: a top-level
    /// `services:` key, and no top-level `apiVersion:` or `kind:`.
    pub fn looks_like_compose(text: &str) -> bool {
        let top = |key: &str| {
            text.lines().any(|l| {
                l.strip_prefix(key)
                    .is_some_and(|rest| rest.starts_with(':'))
            })
        };
        top("services") && !top("apiVersion") && !top("kind")
    }

    /// Guess the kind of a text with no telling name: a `FROM` line means a
    /// Dockerfile, top-level `services:` a Compose file, `apiVersion:` or `kind:` a
    /// manifest, `pkg==1.0` lines requirements.
    pub fn sniff(text: &str) -> Option<Self> {
        if Self::looks_like_compose(text) {
            return Some(Self::Compose);
        }
        let mut requirement_lines = 0;
        for line in text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let upper = line.get(..5).unwrap_or_default().to_ascii_uppercase();
            if upper == "FROM " {
                return Some(Self::Dockerfile);
            }
            if line.starts_with("apiVersion:") || line.starts_with("kind:") {
                return Some(Self::Kubernetes);
            }
            if line.contains("==") || line.starts_with("-r ") || line.starts_with("--hash") {
                requirement_lines += 1;
            }
        }
        (requirement_lines > 0).then_some(Self::Requirements)
    }
}

/// What a rule reads: one kind of file, files together, or any file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reads {
    File(FileKind),
    /// A Dockerfile with the manifests that run its image (the cross-file checks).
    Project,
    /// Any file: the engine's own limits (BH001, BH002).
    Any,
}

impl Reads {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::File(kind) => kind.as_str(),
            Self::Project => "cross-file",
            Self::Any => "any",
        }
    }

    /// The kind of file a single-file rule reads (`None`: several, or any).
    pub fn file_kind(self) -> Option<FileKind> {
        match self {
            Self::File(kind) => Some(kind),
            Self::Project | Self::Any => None,
        }
    }
}

impl Serialize for Reads {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// How a rule relates to another tool's check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    /// Reports the same problem.
    Same,
    /// Covers a similar concern in a different way.
    Inspired,
}

/// The tool (or standard) whose check a rule's [`Source`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tool {
    /// Hadolint, the Dockerfile linter.
    Hadolint,
    /// Trivy's misconfiguration checks.
    Trivy,
    /// Checkov's policies.
    Checkov,
    /// Kube-linter's checks.
    KubeLinter,
    /// The Compose Specification.
    ComposeSpec,
    /// The Pod Security Standards (a control, e.g. `Restricted: Seccomp`).
    Pss,
    /// Polaris's checks.
    Polaris,
    /// Kubesec's rules.
    Kubesec,
    /// BuildKit's build checks.
    BuildKit,
    /// Tally, the Dockerfile linter. Its ids name their namespace: its own rules
    /// (`tally/invalid-json-form`), and the BuildKit, hadolint and shellcheck checks it
    /// runs (`buildkit/StageNameCasing`, `hadolint/DL3014`, `shellcheck/SC2155`).
    Tally,
    /// Kube-score's checks.
    KubeScore,
    /// Kubeconform's schema validation.
    Kubeconform,
    /// The Linux kernel's documentation.
    Kernel,
    /// Pip's own options and checks.
    Pip,
    /// The kubelet's own checks.
    Kubelet,
    /// Kubectl's own checks.
    Kubectl,
    /// Yamllint's rules.
    Yamllint,
    /// Kustomize.
    Kustomize,
    /// Helm.
    Helm,
    /// Docker's documentation.
    DockerDocs,
    /// Bulkhead's own check, with no peer.
    Bulkhead,
}

impl Tool {
    /// Its name as the docs and the JSON output write it (`hadolint`, `kube-linter`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hadolint => "hadolint",
            Self::Trivy => "trivy",
            Self::Checkov => "checkov",
            Self::KubeLinter => "kube-linter",
            Self::ComposeSpec => "compose-spec",
            Self::Pss => "pss",
            Self::Polaris => "polaris",
            Self::Kubesec => "kubesec",
            Self::BuildKit => "buildkit",
            Self::Tally => "tally",
            Self::KubeScore => "kube-score",
            Self::Kubeconform => "kubeconform",
            Self::Kernel => "kernel",
            Self::Pip => "pip",
            Self::Kubelet => "kubelet",
            Self::Kubectl => "kubectl",
            Self::Yamllint => "yamllint",
            Self::Kustomize => "kustomize",
            Self::Helm => "helm",
            Self::DockerDocs => "docker-docs",
            Self::Bulkhead => "bulkhead",
        }
    }
}

impl std::fmt::Display for Tool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Tool {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The equivalent check in another tool (hadolint, Trivy, Checkov, kube-linter, PSS...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Source {
    pub tool: Tool,
    pub id: &'static str,
    pub relation: Relation,
}

impl Source {
    pub const fn same(tool: Tool, id: &'static str) -> Self {
        Self {
            tool,
            id,
            relation: Relation::Same,
        }
    }

    pub const fn inspired(tool: Tool, id: &'static str) -> Self {
        Self {
            tool,
            id,
            relation: Relation::Inspired,
        }
    }
}

/// Everything known about a rule except its check function.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RuleMeta {
    /// Stable code such as `DF001`.
    pub code: &'static str,
    /// Kebab-case name such as `latest-base-image`.
    pub name: &'static str,
    pub severity: Severity,
    /// What it reads (JSON: `file_kind`, as before).
    #[serde(rename = "file_kind")]
    pub reads: Reads,
    pub checklist: Option<Checklist>,
    pub sources: &'static [Source],
    /// The kinds of fix the rule can offer (empty: none). Its tests check that its fail
    /// cases offer exactly these, and that its docs have a `## Fix safety` section.
    pub fixes: &'static [crate::engine::fix::Applicability],
    /// The file could not be read (each kind's `parse-error` rule): other tools treat
    /// these findings apart (fixing stops short of them, a fixed file must add none).
    pub parse_error: bool,
    /// Its finding can rest on lines it does not cover: what the file lacks (no `USER`,
    /// no limits), which stage is the last, a later instruction, a setting inherited from
    /// the pod, another file. A part of a file (a pasted diff's hunks) cannot show it.
    pub whole_file: bool,
    /// Its finding says the file was not checked (a Helm template, a Kustomize file,
    /// YAML that is no manifest, a Compose file with no service, a file too large): the
    /// file's other findings are dropped, and a run whose files have only these checked
    /// nothing.
    pub not_checked: bool,
    /// The items of the CIS Docker Benchmark, the NSA/CISA guidance and the OWASP cheat
    /// sheet the rule implements, as its `declare_rule!` lists them (`[]`: none);
    /// [`RuleMeta::references`] adds the Pod Security Standards controls of `sources`.
    #[serde(skip)]
    pub standards: &'static [crate::knowledge::standards::Reference],
    /// Raw doc comment (each line keeps the single leading space rustdoc leaves).
    #[serde(skip)]
    pub raw_docs: &'static str,
}

impl RuleMeta {
    /// The rule's `sources` in one tool (its hadolint codes, its BuildKit checks, the
    /// PSS controls it implements).
    pub fn cites(&self, tool: Tool) -> impl Iterator<Item = &'static Source> {
        self.sources.iter().filter(move |s| s.tool == tool)
    }

    /// The standards' items the rule implements: its own list, then the Pod Security
    /// Standards controls its `sources` cite.
    pub fn references(&self) -> Vec<crate::knowledge::standards::Reference> {
        use crate::knowledge::standards::{Coverage, Item, Reference, PSS};
        let controls = self.cites(Tool::Pss).map(|s| Reference {
            item: Item {
                standard: PSS,
                id: s.id,
                title: s.id.split_once(": ").map_or(s.id, |(_, title)| title),
            },
            relation: match s.relation {
                Relation::Same => Coverage::Same,
                Relation::Inspired => Coverage::Related,
            },
        });
        self.standards.iter().copied().chain(controls).collect()
    }

    /// The Pod Security Standards level a finding of this rule breaks: Baseline when
    /// its `sources` cite a Baseline control, else Restricted when they cite a
    /// Restricted one, else none (the rule is not a PSS control).
    pub fn pss_level(&self) -> Option<crate::engine::pss::PssLevel> {
        use crate::engine::pss::PssLevel;
        let controls = || self.cites(Tool::Pss);
        if controls().any(|s| s.id.starts_with("Baseline:")) {
            Some(PssLevel::Baseline)
        } else if controls().any(|s| s.id.starts_with("Restricted:")) {
            Some(PssLevel::Restricted)
        } else {
            None
        }
    }
}

/// Declares a rule's unit struct and its [`RuleMeta`] from one block: the doc comment
/// becomes the rule documentation.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $name:ident {
            code: $code:literal,
            name: $rule_name:literal,
            severity: $severity:ident,
            file_kind: $kind:ident,
            checklist: $checklist:expr,
            sources: [$($source:expr),* $(,)?]
            $(, fixes: [$($fix:ident),* $(,)?])?
            $(, parse_error: $parse_error:literal)?
            $(, whole_file: $whole_file:literal)?
            $(, not_checked: $not_checked:literal)?,
            references: [$($reference:expr),* $(,)?] $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, Default)]
        $vis struct $name;

        impl $name {
            pub const META: $crate::engine::registry::RuleMeta = $crate::engine::registry::RuleMeta {
                code: $code,
                name: $rule_name,
                severity: $crate::engine::registry::Severity::$severity,
                reads: $crate::engine::registry::reads!($kind),
                checklist: $checklist,
                sources: &[$($source),*],
                fixes: &[$($($crate::engine::fix::Applicability::$fix),*)?],
                parse_error: false $(|| $parse_error)?,
                whole_file: false $(|| $whole_file)?,
                not_checked: false $(|| $not_checked)?,
                // Like the docs, only where they are shown (not in the playground's
                // wasm: its rule panel takes them from web/generated/rule-docs.js).
                standards: if cfg!(feature = "docs") {
                    #[allow(unused_imports)]
                    use $crate::knowledge::standards::*;
                    &[$($reference),*]
                } else {
                    &[]
                },
                raw_docs: if cfg!(feature = "docs") {
                    concat!($($doc, "\n"),*)
                } else {
                    ""
                },
            };
        }
    };
}
pub(crate) use declare_rule;

/// `file_kind: Dockerfile` in [`declare_rule!`] is a file rule; `Project` and `Any`
/// say what else the rule reads.
macro_rules! reads {
    (Project) => {
        $crate::engine::registry::Reads::Project
    };
    (Any) => {
        $crate::engine::registry::Reads::Any
    };
    ($kind:ident) => {
        $crate::engine::registry::Reads::File($crate::engine::registry::FileKind::$kind)
    };
}
pub(crate) use reads;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_kinds_from_names() {
        assert_eq!(
            FileKind::from_file_name("Dockerfile"),
            Some(FileKind::Dockerfile)
        );
        assert_eq!(
            FileKind::from_file_name("a/b/api.Dockerfile"),
            Some(FileKind::Dockerfile)
        );
        assert_eq!(
            FileKind::from_file_name("Containerfile"),
            Some(FileKind::Dockerfile)
        );
        assert_eq!(
            FileKind::from_file_name("Dockerfile.prod"),
            Some(FileKind::Dockerfile)
        );
        assert_eq!(
            FileKind::from_file_name("deploy.yml"),
            Some(FileKind::Kubernetes)
        );
        assert_eq!(
            FileKind::from_file_name("requirements-dev.txt"),
            Some(FileKind::Requirements)
        );
        assert_eq!(FileKind::from_file_name("notes.txt"), None);
    }

    #[test]
    fn checklist_identifiers_match_the_json_output() {
        for item in Checklist::ALL {
            let json = serde_json::to_value(item).expect("serialises");
            assert_eq!(json, item.as_str());
        }
    }

    #[test]
    fn file_kinds_from_content() {
        assert_eq!(
            FileKind::sniff("# syntax=x\nfrom alpine:3\n"),
            Some(FileKind::Dockerfile)
        );
        assert_eq!(
            FileKind::sniff("---\napiVersion: v1\nkind: Pod\n"),
            Some(FileKind::Kubernetes)
        );
        assert_eq!(
            FileKind::sniff("flask==3.0.0\n"),
            Some(FileKind::Requirements)
        );
        assert_eq!(FileKind::sniff("hello"), None);
    }
}
