//! `--write-baseline` and `--baseline`: adopting bulkhead (or upgrading it) without
//! breaking CI, as a user runs it.

use super::{lint_in, project};

const FIRST: &str = "FROM python:latest\nRUN cd /x\n";

/// The findings of a JSON report, as (path, code, line).
fn findings(stdout: &str) -> Vec<(String, String, u64)> {
    let report: serde_json::Value = serde_json::from_str(stdout).expect("JSON");
    let mut out = Vec::new();
    for file in report["files"].as_array().expect("files") {
        for d in file["diagnostics"].as_array().expect("diagnostics") {
            out.push((
                file["path"].as_str().unwrap_or_default().to_owned(),
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["range"]["start"]["line"].as_u64().unwrap_or_default(),
            ));
        }
    }
    out
}

#[test]
fn a_baseline_hides_todays_findings_and_reports_new_ones() {
    let dir = project(
        "baseline",
        &[
            ("Dockerfile", FIRST),
            ("bulkhead.toml", "baseline = \"bulkhead-baseline.json\"\n"),
        ],
    );
    let (code, _, stderr) = lint_in(&dir, &["--write-baseline", "bulkhead-baseline.json", "."]);
    assert_eq!(code, 0, "{stderr}");
    let written = std::fs::read_to_string(dir.join("bulkhead-baseline.json")).expect("written");
    let baseline: serde_json::Value = serde_json::from_str(&written).expect("JSON");
    assert_eq!(baseline["version"], 1);
    let entries = baseline["findings"].as_array().expect("findings");
    assert!(
        entries.iter().all(|e| e["path"] == "Dockerfile"),
        "{written}"
    );
    assert!(
        entries
            .iter()
            .any(|e| e["code"] == "DF322" && e["count"] == 1),
        "{written}"
    );
    assert!(
        !written.contains("\"line\": 2"),
        "no line numbers: {written}"
    );
    let (_, _, said) = lint_in(&dir, &["--write-baseline", "bulkhead-baseline.json", "."]);
    assert!(
        said.contains(&format!("recorded {} findings", entries.len())),
        "{said}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("bulkhead-baseline.json")).expect("again"),
        written,
        "the same findings, the same file"
    );

    // Lines inserted above the findings: nothing is new.
    let shifted = format!("# syntax=docker/dockerfile:1\n# the app\n\n{FIRST}");
    std::fs::write(dir.join("Dockerfile"), &shifted).expect("write");
    let (code, stdout, stderr) = lint_in(&dir, &["--format", "json", "."]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(findings(&stdout).is_empty(), "{stdout}");
    assert!(stderr.contains("not shown: the baseline"), "{stderr}");

    // A new problem, and a second `RUN cd /x` where the baseline knew one: both are
    // reported, and only they.
    std::fs::write(
        dir.join("Dockerfile"),
        format!("{shifted}RUN cd /x\nRUN apt install curl\n"),
    )
    .expect("write");
    let (code, stdout, _) = lint_in(&dir, &["--format", "json", "."]);
    assert_eq!(code, 1);
    let codes: Vec<(String, u64)> = findings(&stdout)
        .into_iter()
        .map(|(_, c, l)| (c, l))
        .collect();
    assert!(codes.contains(&("DF322".to_owned(), 6)), "{codes:?}");
    assert_eq!(
        codes.iter().filter(|(c, _)| c == "DF322").count(),
        1,
        "{codes:?}"
    );
    assert!(
        codes.iter().all(|(_, line)| *line >= 6),
        "only the new lines: {codes:?}"
    );
    assert!(codes.iter().any(|(_, line)| *line == 7), "{codes:?}");

    // Paths are the baseline's folder's, wherever bulkhead runs; `--baseline` names it.
    std::fs::write(dir.join("Dockerfile"), &shifted).expect("write");
    let parent = dir.parent().expect("a parent");
    let name = dir.file_name().and_then(|n| n.to_str()).expect("a name");
    let file = format!("{name}/bulkhead-baseline.json");
    let (code, stdout, _) = lint_in(
        parent,
        &["--no-config", "--baseline", &file, "--format", "json", name],
    );
    assert_eq!(code, 0, "{stdout}");
    let (code, _, stderr) = lint_in(&dir, &["--baseline", "missing.json", "."]);
    assert_eq!(code, 2);
    assert!(stderr.contains("missing.json"), "{stderr}");
}
