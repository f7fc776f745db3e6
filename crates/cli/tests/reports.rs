//! Several reports in one run, and the CI formats, each read back as its consumer
//! reads it: GitHub's workflow commands with their escaping, GitLab's Code Quality
//! fields, JUnit XML parsed, SARIF against its schema.

use super::{bulkhead, lint_in, project, sarif_validator};

/// A Dockerfile with a finding whose help has a line break in GitHub's output, and
/// two identical findings (DF322 twice).
const DOCKERFILE: &str = "FROM python:latest\nRUN cd /x\nRUN cd /x\n";

/// The JSON report of `path` with `text`: its findings as (code, line, column, message).
fn json_findings(path: &str, text: &str) -> Vec<(String, u64, u64, String)> {
    let (_, stdout, _) = bulkhead(
        &["lint", "--format", "json", "--stdin-filename", path, "-"],
        text,
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["range"]["start"]["line"].as_u64().unwrap_or_default(),
                d["range"]["start"]["column"].as_u64().unwrap_or_default(),
                d["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[test]
fn several_reports_in_one_run_and_format_is_the_same_option() {
    let dir = project("reports", &[("Dockerfile", DOCKERFILE)]);
    let (code, stdout, stderr) = lint_in(
        &dir,
        &[
            "--output-format",
            "json=report.json",
            "--format",
            "sarif=report.sarif",
            "--output-format",
            "human",
            "Dockerfile",
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stdout.contains("Dockerfile:1:6: DF001 [warning]"),
        "{stdout}"
    );
    let read = |name: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(dir.join(name)).expect("written"))
            .expect("JSON")
    };
    let json = read("report.json");
    let sarif = read("report.sarif");
    let findings = json["files"][0]["diagnostics"]
        .as_array()
        .expect("findings");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(findings.len(), results.len());
    assert_eq!(stdout.matches(": DF").count(), findings.len(), "{stdout}");
    let errors: Vec<String> = sarif_validator()
        .iter_errors(&sarif)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    // One report at most goes to standard output.
    let (code, _, stderr) = lint_in(
        &dir,
        &["--format", "json", "--format", "human", "Dockerfile"],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("standard output"), "{stderr}");
    let (code, _, stderr) = lint_in(&dir, &["--output-format", "yaml", "Dockerfile"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("junit"), "names the formats: {stderr}");
}

/// A workflow command read back as the runner reads it: the command, its properties
/// and the message, each unescaped (`%0D`, `%0A`, `%3A`, `%2C`, and `%25` last).
fn parse_command(line: &str) -> (String, Vec<(String, String)>, String) {
    let unescape = |text: &str| {
        text.replace("%0D", "\r")
            .replace("%0A", "\n")
            .replace("%3A", ":")
            .replace("%2C", ",")
            .replace("%25", "%")
    };
    let rest = line.strip_prefix("::").expect("a workflow command");
    let (head, message) = rest.split_once("::").expect("`::` before the message");
    let (command, properties) = head.split_once(' ').expect("properties");
    let properties = properties
        .split(',')
        .map(|p| {
            let (key, value) = p.split_once('=').expect("key=value");
            (key.to_owned(), unescape(value))
        })
        .collect();
    (command.to_owned(), properties, unescape(message))
}

#[test]
fn github_annotations_parse_back_with_the_documented_escaping() {
    // `,` and `:` would end a property, `%` starts an escape.
    let path = "odd,dir:100%/Dockerfile";
    let (code, stdout, _) = bulkhead(
        &["lint", "--format", "github", "--stdin-filename", path, "-"],
        DOCKERFILE,
    );
    assert_eq!(code, 1);
    let expected = json_findings(path, DOCKERFILE);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), expected.len(), "{stdout}");
    for (line, (code, at_line, column, message)) in lines.iter().zip(&expected) {
        assert!(!line.contains('\r'), "one line each: {line}");
        let (command, properties, text) = parse_command(line);
        assert!(
            matches!(command.as_str(), "error" | "warning" | "notice"),
            "{line}"
        );
        let get = |key: &str| {
            properties
                .iter()
                .find(|(k, _)| k == key)
                .map_or_else(|| panic!("{key} in {line}"), |(_, v)| v.clone())
        };
        let keys: Vec<&str> = properties.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            ["file", "line", "col", "endLine", "endColumn", "title"]
        );
        assert_eq!(get("file"), path);
        assert_eq!(get("line"), at_line.to_string());
        assert_eq!(get("col"), column.to_string());
        assert!(get("title").starts_with(code.as_str()), "{line}");
        assert!(text.starts_with(message.as_str()), "{text:?}");
        assert!(
            text.contains("\nFix: "),
            "the help on its own line: {text:?}"
        );
    }
}

/// GitLab's Code Quality issue, as its documentation lists the required fields: a
/// schema-shaped check, written here (GitLab publishes no schema file to vendor).
fn code_quality_errors(report: &serde_json::Value) -> Vec<String> {
    let mut errors = Vec::new();
    let Some(issues) = report.as_array() else {
        return vec!["the report is not an array".to_owned()];
    };
    for (i, issue) in issues.iter().enumerate() {
        for key in ["description", "check_name", "fingerprint"] {
            if issue[key].as_str().is_none_or(str::is_empty) {
                errors.push(format!("[{i}].{key} is not a non-empty string"));
            }
        }
        if !issue["severity"]
            .as_str()
            .is_some_and(|s| ["info", "minor", "major", "critical", "blocker"].contains(&s))
        {
            errors.push(format!("[{i}].severity is not one of GitLab's five"));
        }
        if issue["location"]["path"].as_str().is_none_or(str::is_empty) {
            errors.push(format!("[{i}].location.path is missing"));
        }
        let begin = issue["location"]["lines"]["begin"]
            .as_u64()
            .or_else(|| issue["location"]["positions"]["begin"]["line"].as_u64());
        if begin.is_none_or(|line| line < 1) {
            errors.push(format!(
                "[{i}].location has no lines.begin or positions.begin.line"
            ));
        }
    }
    errors
}

#[test]
fn gitlab_code_quality_has_the_required_fields_and_unique_fingerprints() {
    let (code, stdout, _) = bulkhead(
        &[
            "lint",
            "--format",
            "gitlab",
            "--stdin-filename",
            "app/Dockerfile",
            "-",
        ],
        DOCKERFILE,
    );
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let errors = code_quality_errors(&report);
    assert!(errors.is_empty(), "{errors:?}");
    let mut broken = report.clone();
    broken[0]["severity"] = serde_json::json!("warning");
    assert!(
        !code_quality_errors(&broken).is_empty(),
        "the check can fail"
    );

    let issues = report.as_array().expect("issues");
    let expected = json_findings("app/Dockerfile", DOCKERFILE);
    assert_eq!(issues.len(), expected.len());
    for (issue, (code, line, _, message)) in issues.iter().zip(&expected) {
        assert_eq!(issue["location"]["lines"]["begin"].as_u64(), Some(*line));
        assert!(issue["check_name"]
            .as_str()
            .is_some_and(|c| c.contains(code.as_str())));
        assert!(issue["description"]
            .as_str()
            .is_some_and(|d| d.starts_with(message.as_str())));
    }
    let mut prints: Vec<&str> = issues
        .iter()
        .filter_map(|i| i["fingerprint"].as_str())
        .collect();
    prints.sort_unstable();
    prints.dedup();
    assert_eq!(
        prints.len(),
        issues.len(),
        "two identical findings, two fingerprints"
    );
    // A line added above changes no fingerprint.
    let (_, moved, _) = bulkhead(
        &[
            "lint",
            "--format",
            "gitlab",
            "--stdin-filename",
            "app/Dockerfile",
            "-",
        ],
        &format!("# syntax=docker/dockerfile:1\n\n{DOCKERFILE}"),
    );
    let moved: serde_json::Value = serde_json::from_str(&moved).expect("JSON");
    let fingerprints = |r: &serde_json::Value| -> Vec<String> {
        r.as_array()
            .into_iter()
            .flatten()
            .filter_map(|i| i["fingerprint"].as_str().map(str::to_owned))
            .collect()
    };
    let mut before = fingerprints(&report);
    let mut after = fingerprints(&moved);
    before.sort();
    after.sort();
    assert_eq!(before, after);
}

#[test]
fn junit_xml_parses_with_a_suite_per_file_and_a_failure_per_finding() {
    let dir = project(
        "junit",
        &[("a&b/Dockerfile", DOCKERFILE), ("clean/requirements.txt", "flask==3.0.0 --hash=sha256:0000000000000000000000000000000000000000000000000000000000000000\n")],
    );
    let (code, stdout, stderr) = lint_in(&dir, &["--format", "junit", "a&b", "clean"]);
    assert_eq!(code, 1, "{stderr}");
    let xml = roxmltree::Document::parse(&stdout).expect("well-formed XML");
    let root = xml.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 2, "{stdout}");
    let expected = json_findings("a&b/Dockerfile", DOCKERFILE);
    let (dirty, clean) = (suites[0], suites[1]);
    assert_eq!(dirty.attribute("name"), Some("a&b/Dockerfile"));
    let cases: Vec<_> = dirty
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), expected.len());
    assert_eq!(
        dirty.attribute("tests"),
        Some(cases.len().to_string().as_str())
    );
    assert_eq!(
        dirty.attribute("failures"),
        Some(cases.len().to_string().as_str())
    );
    for (case, (code, line, _, message)) in cases.iter().zip(&expected) {
        assert_eq!(case.attribute("classname"), Some("a&b/Dockerfile"));
        assert_eq!(case.attribute("line"), Some(line.to_string().as_str()));
        let failure = case
            .children()
            .find(|n| n.has_tag_name("failure"))
            .expect("a failure");
        assert_eq!(failure.attribute("type"), Some(code.as_str()));
        assert_eq!(failure.attribute("message"), Some(message.as_str()));
        assert!(failure.text().is_some_and(|t| t.contains("\nFix: ")));
    }
    // The clean file passes: one test case with no failure.
    let clean_cases: Vec<_> = clean
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(clean.attribute("failures"), Some("0"));
    assert_eq!(clean_cases.len(), 1);
    assert!(clean_cases[0]
        .children()
        .all(|n| !n.has_tag_name("failure")));
    assert_eq!(
        root.attribute("failures"),
        Some(expected.len().to_string().as_str())
    );
}
