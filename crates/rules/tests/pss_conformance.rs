//! The Pod Security Admission controller's own fixtures for policy v1.37
//! (`../shared/conformance/pss/v1.37/<level>/<pass|fail>/*.yaml`), judged at their level:
//! every fail fixture gets a finding from a rule whose `sources` cite the control it
//! breaks (the file name tells which), and every pass fixture gets no Pod Security
//! Standards finding at all.

use std::fs;
use std::path::Path;

use bulkhead_rules::engine::registry::RULES;
use bulkhead_rules::{lint_with, FileKind, Options, PssLevel, PSS_VERSION};

mod common;

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
fn rules_for(control: &str) -> Vec<&'static str> {
    RULES
        .iter()
        .filter(|rule| {
            rule.meta
                .sources
                .iter()
                .any(|s| s.tool == "pss" && s.id == control)
        })
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

#[test]
fn every_pss_fixture_is_judged_right_at_its_level() {
    let Some(root) = common::shared_dir(&format!("conformance/pss/{PSS_VERSION}")) else {
        return;
    };
    let mut wrong = Vec::new();
    let mut judged = 0;
    let mut summary = Vec::new();
    for level in PssLevel::ALL {
        let options = Options { pss_level: level };
        let mut right = 0;
        let mut count = 0;
        for outcome in ["pass", "fail"] {
            for (name, source) in fixtures(&root.join(level.as_str()).join(outcome)) {
                count += 1;
                let found = lint_with(FileKind::Kubernetes, &source, &options);
                let pss: Vec<_> = found.iter().filter(|d| d.pss.is_some()).collect();
                let verdict = if outcome == "pass" {
                    pss.is_empty().then_some(()).ok_or_else(|| {
                        let codes: Vec<String> = pss
                            .iter()
                            .map(|d| format!("{} ({})", d.code, d.message))
                            .collect();
                        format!("flagged: {}", codes.join("; "))
                    })
                } else {
                    let control = control_of(&name);
                    let expected = rules_for(control);
                    assert!(
                        !expected.is_empty(),
                        "no rule cites `{control}` in its sources"
                    );
                    pss.iter()
                        .any(|d| expected.contains(&d.code))
                        .then_some(())
                        .ok_or_else(|| {
                            let codes: Vec<&str> = pss.iter().map(|d| d.code).collect();
                            format!(
                                "breaks `{control}` ({}), but the findings are {codes:?}",
                                expected.join(", ")
                            )
                        })
                };
                match verdict {
                    Ok(()) => right += 1,
                    Err(why) => wrong.push(format!("{}/{outcome}/{name}: {why}", level.as_str())),
                }
            }
        }
        judged += count;
        summary.push(format!("{} {right}/{count}", level.as_str()));
    }
    eprintln!("PSS {PSS_VERSION} fixtures: {}", summary.join(", "));
    assert_eq!(judged, 148, "the v1.37 fixtures are 148 pods");
    assert!(
        wrong.is_empty(),
        "{} of {judged} judged wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
