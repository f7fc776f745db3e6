//! `bulkhead.toml`: the settings of a run, found by looking upward from the linted
//! paths (`--config` and `--no-config` override that). Without one, `.hadolint.yaml`
//! (or `.hadolint.yml`) is read for the keys bulkhead shares with hadolint, so its users
//! migrate with nothing to rewrite.
//!
//! ```toml
//! fail-on = "warning"            # error | warning | info | never (default: info)
//! pss-level = "restricted"       # baseline | restricted
//! trusted-registries = ["registry.example.com", "cgr.dev"]
//! ignore = ["DF500", "missing-healthcheck"]
//! strict = true                  # exit 1 when nothing was checked
//! baseline = "bulkhead-baseline.json"   # report only findings it does not record
//! preview = true                 # run the rules in preview too
//! require-reason = true          # a suppression without reason="…" is a finding
//! [severity]
//! DF001 = "error"
//! [[per-path]]
//! paths = ["legacy/**"]
//! ignore = ["DF200"]
//! ```
//!
//! A key bulkhead does not know, or a value it cannot use, is an error that names the
//! key at its line and column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use bulkhead_rules::engine::registry::Tool;
use bulkhead_rules::linter::registry::RULES;
use bulkhead_rules::yaml::{Node, Yaml};
use bulkhead_rules::{Diagnostic, LineIndex, Options, PssLevel, Severity};
use serde::Deserialize;
use toml::Spanned;

/// The file names looked for, in order.
pub const FILE_NAME: &str = "bulkhead.toml";
pub const HADOLINT_NAMES: [&str; 2] = [".hadolint.yaml", ".hadolint.yml"];

/// From which severity findings fail the run (exit 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    /// Whether these findings fail the run.
    pub fn fails(self, diagnostics: &[Diagnostic]) -> bool {
        let at = match self {
            Self::Error => Severity::Error,
            Self::Warning => Severity::Warning,
            Self::Info => Severity::Info,
            Self::Never => return false,
        };
        diagnostics.iter().any(|d| d.severity >= at)
    }
}

/// Rules left out for files whose path matches one of `patterns`.
#[derive(Debug, Clone, Default)]
pub struct PerPath {
    pub patterns: Vec<String>,
    pub ignore: Vec<String>,
}

/// The settings of a run.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file they were read from, if any.
    pub path: Option<PathBuf>,
    pub fail_on: FailOn,
    pub strict: bool,
    pub options: Options,
    pub per_path: Vec<PerPath>,
    /// The baseline file (`baseline = "FILE"`, relative to the config file's folder):
    /// the findings it records are not reported.
    pub baseline: Option<PathBuf>,
    /// What was read but has no bulkhead equivalent (from `.hadolint.yaml`).
    pub notes: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            path: None,
            fail_on: FailOn::Info,
            strict: false,
            options: Options::default(),
            per_path: Vec::new(),
            baseline: None,
            notes: Vec::new(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    fail_on: Option<FailOn>,
    pss_level: Option<Spanned<String>>,
    trusted_registries: Option<Vec<String>>,
    ignore: Option<Vec<Spanned<String>>>,
    strict: Option<bool>,
    severity: Option<BTreeMap<Spanned<String>, SeverityName>>,
    per_path: Option<Vec<RawPerPath>>,
    baseline: Option<PathBuf>,
    preview: Option<bool>,
    require_reason: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerPath {
    paths: Vec<String>,
    ignore: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum SeverityName {
    Error,
    Warning,
    Info,
}

impl From<SeverityName> for Severity {
    fn from(name: SeverityName) -> Self {
        match name {
            SeverityName::Error => Self::Error,
            SeverityName::Warning => Self::Warning,
            SeverityName::Info => Self::Info,
        }
    }
}

/// `path:line:column: message` for a byte range of `text`.
fn at(path: &Path, text: &str, offset: usize, message: &str) -> String {
    let position = LineIndex::new(text).line_col(offset.min(text.len()), text);
    format!(
        "{}:{}:{}: {message}",
        path.display(),
        position.line,
        position.column
    )
}

/// The key whose value holds `offset`: the nearest `key =` at or above its line (a
/// value may run over several lines, as an array does).
fn key_at(text: &str, offset: usize) -> Option<&str> {
    let before = text.get(..offset.min(text.len()))?;
    let line_end = text[before.len()..]
        .find('\n')
        .map_or(text.len(), |n| before.len() + n);
    text[..line_end].lines().rev().find_map(|line| {
        let (key, _) = line.split_once('=')?;
        let key = key.trim().trim_matches('"');
        let is_key = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        is_key.then_some(key)
    })
}

/// Whether `selector` is a rule's code or name.
fn known_rule(selector: &str) -> bool {
    RULES
        .iter()
        .any(|r| r.meta.code.eq_ignore_ascii_case(selector) || r.meta.name == selector)
}

/// Rule selectors, each checked to name a rule.
fn selectors(
    path: &Path,
    text: &str,
    key: &str,
    items: Vec<Spanned<String>>,
) -> Result<Vec<String>, String> {
    items
        .into_iter()
        .map(|item| {
            if known_rule(item.get_ref()) {
                Ok(item.into_inner())
            } else {
                Err(at(path, text, item.span().start, &format!("`{key}`: no rule is called `{}` (give a code such as `DF500` or a name such as `missing-healthcheck`)", item.get_ref())))
            }
        })
        .collect()
}

/// Read `bulkhead.toml` at `path`.
pub fn read_toml(path: &Path, text: &str) -> Result<Config, String> {
    let raw: Raw = toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        let message = e.message().trim();
        // Name the key a bad value belongs to (the parser's message says only what is
        // wrong with the value); a message about a key already names it.
        match key_at(text, offset) {
            Some(key) if !message.contains(&format!("`{key}`")) => {
                at(path, text, offset, &format!("`{key}`: {message}"))
            }
            _ => at(path, text, offset, message),
        }
    })?;
    let mut config = Config {
        path: Some(path.to_owned()),
        ..Config::default()
    };
    if let Some(fail_on) = raw.fail_on {
        config.fail_on = fail_on;
    }
    config.strict = raw.strict.unwrap_or(false);
    config.options.preview = raw.preview.unwrap_or(false);
    config.options.require_reason = raw.require_reason.unwrap_or(false);
    if let Some(level) = raw.pss_level {
        config.options.pss_level = PssLevel::parse(level.get_ref()).ok_or_else(|| {
            at(
                path,
                text,
                level.span().start,
                &format!(
                    "`pss-level`: `{}` is not a level; use `baseline` or `restricted`",
                    level.get_ref()
                ),
            )
        })?;
    }
    config.options.trusted_registries = raw.trusted_registries.unwrap_or_default();
    config.options.ignore = selectors(path, text, "ignore", raw.ignore.unwrap_or_default())?;
    for (rule, severity) in raw.severity.unwrap_or_default() {
        let [name] = selectors(path, text, "severity", vec![rule])?
            .try_into()
            .unwrap_or_default();
        config.options.severity.push((name, severity.into()));
    }
    config.baseline = raw.baseline.map(|file| {
        path.parent()
            .map_or_else(|| file.clone(), |dir| dir.join(&file))
    });
    for section in raw.per_path.unwrap_or_default() {
        config.per_path.push(PerPath {
            patterns: section.paths,
            ignore: selectors(path, text, "per-path.ignore", section.ignore)?,
        });
    }
    Ok(config)
}

/// Our rules for a hadolint code: those that name it among their sources.
fn for_hadolint(code: &str) -> Vec<&'static str> {
    RULES
        .iter()
        .filter(|r| {
            r.meta
                .cites(Tool::Hadolint)
                .any(|s| s.id.eq_ignore_ascii_case(code))
        })
        .map(|r| r.meta.code)
        .collect()
}

/// The strings of a YAML list (or of a single string).
fn strings(node: Option<Node<'_>>) -> Vec<String> {
    let Some(node) = node else { return Vec::new() };
    let items = if node.is_sequence() {
        node.items()
    } else {
        vec![node]
    };
    items
        .into_iter()
        .filter_map(|n| n.str().map(str::to_owned))
        .collect()
}

/// Read `.hadolint.yaml` at `path`: `ignored`, `override`, `trustedRegistries`,
/// `failure-threshold` and `no-fail`. Other keys are noted as having no equivalent.
pub fn read_hadolint(path: &Path, text: &str) -> Result<Config, String> {
    let yaml = Yaml::parse(text);
    if let Some(error) = &yaml.error {
        return Err(at(path, text, error.range.start(), &error.message));
    }
    let mut config = Config {
        path: Some(path.to_owned()),
        ..Config::default()
    };
    let Some(root) = yaml.roots().next().filter(|r| r.is_mapping()) else {
        return Ok(config);
    };
    let map = |codes: Vec<String>, notes: &mut Vec<String>| -> Vec<String> {
        let mut ours = Vec::new();
        for code in codes {
            let mapped = for_hadolint(&code);
            if mapped.is_empty() {
                notes.push(format!(
                    "{}: `{code}` has no bulkhead rule, so it changes nothing",
                    path.display()
                ));
            }
            ours.extend(mapped.into_iter().map(str::to_owned));
        }
        ours
    };
    for entry in root.entries() {
        let Some(key) = entry.key.str() else { continue };
        match key {
            "ignored" => {
                let codes = strings(Some(entry.value));
                config.options.ignore = map(codes, &mut config.notes);
            }
            "override" => {
                for level in entry.value.entries() {
                    let severity = match level.key.str() {
                        Some("error") => Severity::Error,
                        Some("warning") => Severity::Warning,
                        Some("info" | "style") => Severity::Info,
                        other => {
                            return Err(at(path, text, level.key.range().start(), &format!("`override`: `{}` is not a level; use error, warning, info or style", other.unwrap_or("?"))));
                        }
                    };
                    for rule in map(strings(Some(level.value)), &mut config.notes) {
                        config.options.severity.push((rule, severity));
                    }
                }
            }
            "trustedRegistries" => config.options.trusted_registries = strings(Some(entry.value)),
            "failure-threshold" => {
                config.fail_on = match entry.value.str() {
                    Some("error") => FailOn::Error,
                    Some("warning") => FailOn::Warning,
                    Some("info" | "style") => FailOn::Info,
                    Some("ignore" | "none") => FailOn::Never,
                    other => {
                        return Err(at(path, text, entry.value.range().start(), &format!("`failure-threshold`: `{}` is not a threshold; use error, warning, info, style or none", other.unwrap_or("?"))));
                    }
                };
            }
            "no-fail" if entry.value.bool() == Some(true) => config.fail_on = FailOn::Never,
            other => config.notes.push(format!(
                "{}: `{other}` has no bulkhead equivalent, so it is not used",
                path.display()
            )),
        }
    }
    Ok(config)
}

/// Read the config file at `path`, by its name (`.hadolint.yaml` or TOML).
pub fn read(path: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if HADOLINT_NAMES.contains(&name) {
        read_hadolint(path, &text)
    } else {
        read_toml(path, &text)
    }
}

/// The config file for a linted path: the nearest `bulkhead.toml` in its folder or
/// above, else the nearest `.hadolint.yaml`.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(start).unwrap_or_else(|_| start.to_owned());
    let dir = if start.is_dir() {
        start.as_path()
    } else {
        start.parent()?
    };
    let find = |names: &[&str]| {
        dir.ancestors()
            .flat_map(|d| names.iter().map(move |n| d.join(n)))
            .find(|p| p.is_file())
    };
    find(&[FILE_NAME]).or_else(|| find(&HADOLINT_NAMES))
}

/// Whether `path` matches a glob: `**` any folders, `*` any characters but `/`, `?` one.
pub fn glob_matches(pattern: &str, path: &str) -> bool {
    fn go(p: &[u8], s: &[u8]) -> bool {
        match p {
            [] => s.is_empty(),
            [b'*', b'*', rest @ ..] => {
                let rest = rest.strip_prefix(b"/").unwrap_or(rest);
                (0..=s.len())
                    .any(|i| (i == 0 || s[i - 1] == b'/' || rest.is_empty()) && go(rest, &s[i..]))
            }
            [b'*', rest @ ..] => (0..=s.len())
                .take_while(|&i| i == 0 || s[i - 1] != b'/')
                .any(|i| go(rest, &s[i..])),
            [b'?', rest @ ..] => s.first().is_some_and(|&c| c != b'/') && go(rest, &s[1..]),
            [c, rest @ ..] => s.first() == Some(c) && go(rest, &s[1..]),
        }
    }
    let path = path.replace('\\', "/");
    let path = path.trim_start_matches("./");
    go(pattern.trim_start_matches("./").as_bytes(), path.as_bytes())
}

/// `path` relative to the folder `base` when it is below it (else as given), with
/// forward slashes: how `per-path` globs and baseline entries name a file, whichever
/// folder bulkhead runs in.
pub fn relative_to(base: Option<&Path>, path: &str) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| PathBuf::from(path));
    // The folder of `bulkhead.toml` is `""`: the current one.
    let base = base.map(|b| {
        let b = if b.as_os_str().is_empty() {
            Path::new(".")
        } else {
            b
        };
        std::path::absolute(b).unwrap_or_else(|_| b.to_owned())
    });
    base.and_then(|b| absolute.strip_prefix(b).ok().map(Path::to_path_buf))
        .map_or_else(|| path.to_owned(), |r| r.to_string_lossy().into_owned())
        .replace('\\', "/")
}

impl Config {
    /// The rules `per-path` leaves out for the file at `path` (relative to the config
    /// file's folder when it is below it).
    pub fn ignored_for(&self, path: &str) -> Vec<String> {
        let relative = relative_to(self.path.as_deref().and_then(Path::parent), path);
        self.per_path
            .iter()
            .filter(|section| section.patterns.iter().any(|p| glob_matches(p, &relative)))
            .flat_map(|section| section.ignore.iter().cloned())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_in_a_value_names_its_key() {
        let error = |text: &str| {
            read_toml(Path::new("bulkhead.toml"), text)
                .err()
                .unwrap_or_default()
        };
        let bad = error("fail-on = \"nonsense\"\n");
        assert!(bad.starts_with("bulkhead.toml:1:11: `fail-on`: "), "{bad}");
        let bad = error("ignore = [\n  \"DF100\",\n  7,\n]\n");
        assert!(bad.contains("`ignore`: "), "{bad}");
        let bad = error("strict = true\n[[per-path]]\npaths = [\"a\"]\nignore = \"DF100\"\n");
        assert!(bad.contains("`ignore`: "), "{bad}");
        // An unknown key is named once, by the parser's own message.
        let bad = error("fail_on = \"error\"\n");
        assert_eq!(bad.matches("`fail_on`").count(), 1, "{bad}");
    }

    #[test]
    fn globs_match_folders_and_names() {
        assert!(glob_matches("legacy/**", "legacy/a/Dockerfile"));
        assert!(glob_matches("legacy/**", "legacy/Dockerfile"));
        assert!(!glob_matches("legacy/**", "src/legacy/Dockerfile"));
        assert!(glob_matches("**/Dockerfile", "a/b/Dockerfile"));
        assert!(glob_matches("**/Dockerfile", "Dockerfile"));
        assert!(glob_matches("*.yaml", "pod.yaml"));
        assert!(!glob_matches("*.yaml", "k8s/pod.yaml"));
        assert!(glob_matches("k8s/*.y?ml", "k8s/pod.yaml"));
        assert!(!glob_matches("k8s/*.y?ml", "k8s/pod.yml"));
    }

    #[test]
    fn the_toml_is_read_and_its_errors_are_positioned() {
        let path = Path::new("bulkhead.toml");
        let config = read_toml(path, "fail-on = \"warning\"\npss-level = \"baseline\"\ntrusted-registries = [\"cgr.dev\"]\nignore = [\"DF500\", \"missing-healthcheck\"]\n[severity]\nDF001 = \"error\"\n[[per-path]]\npaths = [\"legacy/**\"]\nignore = [\"DF200\"]\n").expect("valid");
        assert_eq!(config.fail_on, FailOn::Warning);
        assert_eq!(config.options.pss_level, PssLevel::Baseline);
        assert_eq!(config.options.trusted_registries, ["cgr.dev"]);
        assert_eq!(config.options.ignore, ["DF500", "missing-healthcheck"]);
        assert_eq!(
            config.options.severity,
            [("DF001".to_owned(), Severity::Error)]
        );
        assert_eq!(config.per_path[0].ignore, ["DF200"]);

        let error = read_toml(path, "fail-on = \"warning\"\nfail_on = \"error\"\n")
            .expect_err("unknown key");
        assert!(
            error.starts_with("bulkhead.toml:2:1: ") && error.contains("fail_on"),
            "{error}"
        );
        let error = read_toml(path, "fail-on = \"warn\"\n").expect_err("bad value");
        assert!(
            error.starts_with("bulkhead.toml:1:11: ") && error.contains("warn"),
            "{error}"
        );
        let error = read_toml(path, "ignore = [\"DF500\", \"DF999\"]\n").expect_err("unknown rule");
        assert!(
            error.starts_with("bulkhead.toml:1:20: ") && error.contains("DF999"),
            "{error}"
        );
        let error = read_toml(path, "[severity]\nDF001 = \"fatal\"\n").expect_err("bad severity");
        assert!(error.starts_with("bulkhead.toml:2:9: "), "{error}");
        let error = read_toml(path, "pss-level = \"privileged\"\n").expect_err("bad level");
        assert!(error.starts_with("bulkhead.toml:1:13: "), "{error}");
    }

    #[test]
    fn hadolint_settings_map_to_our_rules() {
        let path = Path::new(".hadolint.yaml");
        let config = read_hadolint(path, "ignored:\n  - DL3008\n  - DL3059\noverride:\n  error:\n    - DL3006\n  style:\n    - DL3015\ntrustedRegistries:\n  - docker.io\n  - my-company.com:5000\nfailure-threshold: warning\nlabel-schema:\n  author: text\n").expect("valid");
        assert!(
            config.options.ignore.contains(&"DF304".to_owned()),
            "{:?}",
            config.options.ignore
        );
        assert!(config
            .options
            .severity
            .contains(&("DF001".to_owned(), Severity::Error)));
        assert!(config
            .options
            .severity
            .contains(&("DF302".to_owned(), Severity::Info)));
        assert_eq!(
            config.options.trusted_registries,
            ["docker.io", "my-company.com:5000"]
        );
        assert_eq!(config.fail_on, FailOn::Warning);
        assert!(
            config.notes.iter().any(|n| n.contains("DL3059")),
            "{:?}",
            config.notes
        );
        assert!(
            config.notes.iter().any(|n| n.contains("label-schema")),
            "{:?}",
            config.notes
        );
        let error = read_hadolint(path, "failure-threshold: loud\n").expect_err("bad value");
        assert!(error.starts_with(".hadolint.yaml:1:20: "), "{error}");
    }
}
