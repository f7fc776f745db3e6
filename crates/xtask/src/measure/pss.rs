//! The Pod Security Admission controller's own fixtures for the policy version our rules
//! implement (`../shared/conformance/pss/<version>/<level>/<pass|fail>/*.yaml`), judged
//! at their level: every fail fixture gets a finding from a rule whose `sources` cite the
//! control it breaks (the file name tells which), and every pass fixture gets no Pod
//! Security Standards finding at all. `docs/conformance.md` shows the results by control
//! (its `pss` markers) and every peer check our rules cite (its `peers` markers).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use bulkhead_rules::engine::registry::{Relation, Tool};
use bulkhead_rules::linter::registry::RULES;
use bulkhead_rules::{FileKind, Linter, Options, PssLevel, PSS_VERSION};

use crate::shared::shared_dir;

/// The admission check a fixture's name starts with, and the control of the standard
/// (as our rules' `sources` cite it) that it tests.
const CONTROLS: &[(&str, &str)] = &[
    (
        "allowprivilegeescalation",
        "Restricted: Privilege Escalation",
    ),
    ("apparmorprofile", "Baseline: AppArmor"),
    ("capabilities_baseline", "Baseline: Capabilities"),
    ("capabilities_restricted", "Restricted: Capabilities"),
    ("hostnamespaces", "Baseline: Host Namespaces"),
    ("hostpathvolumes", "Baseline: HostPath Volumes"),
    ("hostports", "Baseline: Host Ports"),
    (
        "hostprobesandhostlifecycle",
        "Baseline: Host Probes / Lifecycle Hooks",
    ),
    ("privileged", "Baseline: Privileged Containers"),
    ("procmount_restricted", "Restricted: /proc Mount Type"),
    ("procmount", "Baseline: /proc Mount Type"),
    ("restrictedvolumes", "Restricted: Volume Types"),
    ("runasnonroot", "Restricted: Running as Non-root"),
    ("runasuser", "Restricted: Running as Non-root user"),
    ("seccompprofile_baseline", "Baseline: Seccomp"),
    ("seccompprofile_restricted", "Restricted: Seccomp"),
    ("selinuxoptions", "Baseline: SELinux"),
    ("sysctls", "Baseline: Sysctls"),
    ("windowshostprocess", "Baseline: HostProcess"),
];

fn control_of(file: &str) -> &'static str {
    let id = file
        .trim_end_matches(".yaml")
        .trim_end_matches(|c: char| c.is_ascii_digit());
    CONTROLS.iter().find(|(check, _)| *check == id).map_or_else(
        || panic!("{file}: no control known for this fixture name"),
        |(_, control)| *control,
    )
}

/// The codes of the rules that cite `control` in their sources.
pub fn rules_for(control: &str) -> Vec<&'static str> {
    RULES
        .iter()
        .filter(|rule| rule.meta.cites(Tool::Pss).any(|s| s.id == control))
        .map(|rule| rule.meta.code)
        .collect()
}

fn fixtures(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("fixture entry").path())
        .filter(|path| path.extension().is_some_and(|x| x == "yaml"))
        .map(|path| {
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            (name, fs::read_to_string(&path).expect("fixture is text"))
        })
        .collect();
    files.sort();
    files
}

/// One fixture's verdict: its level, pass or fail, name, control, and why it was
/// judged wrong (`None`: right).
#[derive(Debug)]
pub struct Verdict {
    pub level: PssLevel,
    pub outcome: &'static str,
    pub name: String,
    pub control: &'static str,
    pub wrong: Option<String>,
}

/// Every fixture judged at its level; `None` without the shared fixtures.
pub fn judge_all() -> Option<Vec<Verdict>> {
    let root = shared_dir(&format!("conformance/pss/{PSS_VERSION}"))?;
    let mut verdicts = Vec::new();
    for level in PssLevel::ALL {
        let options = Options {
            pss_level: level,
            ..Options::default()
        };
        for outcome in ["pass", "fail"] {
            for (name, source) in fixtures(&root.join(level.as_str()).join(outcome)) {
                let found = Linter::new()
                    .options(&options)
                    .lint(FileKind::Kubernetes, &source);
                let pss: Vec<_> = found.iter().filter(|d| d.pss.is_some()).collect();
                let control = if outcome == "pass" && name.starts_with("base") {
                    "(all controls met)"
                } else {
                    control_of(&name)
                };
                let wrong = if outcome == "pass" {
                    (!pss.is_empty()).then(|| {
                        let codes: Vec<String> = pss
                            .iter()
                            .map(|d| format!("{} ({})", d.code, d.message))
                            .collect();
                        format!("flagged: {}", codes.join("; "))
                    })
                } else {
                    let expected = rules_for(control);
                    assert!(
                        !expected.is_empty(),
                        "no rule cites `{control}` in its sources"
                    );
                    (!pss.iter().any(|d| expected.contains(&d.code))).then(|| {
                        let codes: Vec<&str> = pss.iter().map(|d| d.code).collect();
                        format!(
                            "breaks `{control}` ({}), but the findings are {codes:?}",
                            expected.join(", ")
                        )
                    })
                };
                verdicts.push(Verdict {
                    level,
                    outcome,
                    name,
                    control,
                    wrong,
                });
            }
        }
    }
    Some(verdicts)
}

/// The fixtures' results by control (`docs/conformance.md`, `pss` markers).
pub fn fixtures_table(verdicts: &[Verdict]) -> String {
    let mut table = format!(
        "Pod Security Admission's fixtures for policy {PSS_VERSION}, judged at their level \
         (right / fixtures):\n\n| Control | Rules | Baseline pass | Baseline fail | Restricted pass | Restricted fail |\n|---|---|---|---|---|---|\n"
    );
    let mut controls: Vec<&str> = verdicts.iter().map(|v| v.control).collect();
    controls.sort_unstable();
    controls.dedup();
    for control in controls {
        let cell = |level: PssLevel, outcome: &str| {
            let of: Vec<_> = verdicts
                .iter()
                .filter(|v| v.control == control && v.level == level && v.outcome == outcome)
                .collect();
            if of.is_empty() {
                "—".to_owned()
            } else {
                format!(
                    "{}/{}",
                    of.iter().filter(|v| v.wrong.is_none()).count(),
                    of.len()
                )
            }
        };
        let rules = rules_for(control);
        let _ = writeln!(
            table,
            "| {control} | {} | {} | {} | {} | {} |",
            if rules.is_empty() {
                "—".to_owned()
            } else {
                rules.join(", ")
            },
            cell(PssLevel::Baseline, "pass"),
            cell(PssLevel::Baseline, "fail"),
            cell(PssLevel::Restricted, "pass"),
            cell(PssLevel::Restricted, "fail"),
        );
    }
    let right = verdicts.iter().filter(|v| v.wrong.is_none()).count();
    let _ = writeln!(
        table,
        "| **all** | | | | | **{right}/{}** |",
        verdicts.len()
    );
    table
}

/// Every peer check a rule cites, by tool (`docs/conformance.md`, `peers` markers).
pub fn peers_table() -> String {
    // Every peer check a rule cites, by tool: `same` when our rule checks what theirs
    // does, `inspired` when it checks part of it or differently.
    let mut cited: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
    for rule in RULES {
        for source in rule.meta.sources {
            if source.tool == Tool::Pss {
                continue;
            }
            let relation = match source.relation {
                Relation::Same => "",
                Relation::Inspired => " (inspired)",
            };
            cited
                .entry((source.tool.as_str(), source.id))
                .or_default()
                .push(format!("{}{relation}", rule.meta.code));
        }
    }
    let mut peers = String::from("| Tool | Check | Our rules |\n|---|---|---|\n");
    for ((tool, id), codes) in &cited {
        let _ = writeln!(peers, "| {tool} | `{id}` | {} |", codes.join(", "));
    }
    peers
}
