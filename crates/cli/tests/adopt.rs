//! Preview rules and suppression policies, as a user runs them.

use super::{bulkhead, lint_in, project};

fn codes(args: &[&str], text: &str) -> Vec<String> {
    let mut all = vec![
        "lint",
        "--no-config",
        "--format",
        "json",
        "--stdin-filename",
        "Dockerfile",
    ];
    all.extend_from_slice(args);
    all.push("-");
    let (_, stdout, _) = bulkhead(&all, text);
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn preview_rules_run_only_when_asked_and_say_so() {
    // DF027 env-self-reference is in preview.
    let text = "FROM python:3.13-slim\nENV APP_HOME=/srv/app APP_BIN=$APP_HOME/bin\n";
    assert!(!codes(&[], text).contains(&"DF027".to_owned()));
    assert!(codes(&["--preview"], text).contains(&"DF027".to_owned()));
    let dir = project(
        "preview",
        &[("Dockerfile", text), ("bulkhead.toml", "preview = true\n")],
    );
    let (_, stdout, _) = lint_in(&dir, &["Dockerfile"]);
    assert!(stdout.contains("DF027"), "{stdout}");
    let (_, rules, _) = bulkhead(&["rules"], "");
    let line = rules
        .lines()
        .find(|l| l.starts_with("DF027"))
        .expect("listed");
    assert!(line.contains("preview"), "{line}");
    let stable = rules
        .lines()
        .find(|l| l.starts_with("DF001"))
        .expect("listed");
    assert!(stable.contains("stable"), "{stable}");
    let (_, doc, _) = bulkhead(&["rule", "DF027"], "");
    assert!(doc.contains("--preview"), "{doc}");
}

#[test]
fn require_reason_and_unused_suppressions() {
    let text = "FROM python:3.13-slim\n# bulkhead ignore=DF322\nRUN cd /x\n# bulkhead ignore=DF001\nRUN echo hi\n";
    assert!(!codes(&[], text).iter().any(|c| c.starts_with("BH")));
    assert_eq!(
        codes(&["--require-reason"], text)
            .iter()
            .filter(|c| *c == "BH004")
            .count(),
        2
    );
    let with_reason = text.replace("ignore=DF322", "ignore=DF322 reason=\"legacy build\"");
    assert_eq!(
        codes(&["--require-reason"], &with_reason)
            .iter()
            .filter(|c| *c == "BH004")
            .count(),
        1
    );
    // The comment before `RUN echo hi` silences nothing: --fix --preview removes it.
    assert_eq!(
        codes(&["--preview"], text)
            .iter()
            .filter(|c| *c == "BH003")
            .count(),
        1
    );
    let dir = project(
        "unused",
        &[
            ("Dockerfile", text),
            ("bulkhead.toml", "preview = true\nrequire-reason = false\n"),
        ],
    );
    let (_, _, stderr) = lint_in(&dir, &["--fix", "Dockerfile"]);
    let fixed = std::fs::read_to_string(dir.join("Dockerfile")).expect("read");
    assert!(!fixed.contains("ignore=DF001"), "{stderr}\n{fixed}");
    assert!(
        fixed.contains("# bulkhead ignore=DF322\nRUN cd /x\n"),
        "{fixed}"
    );
}
