//! The `bulkhead` binary, run as a user would run it.

use std::io::Write as _;
use std::process::{Command, Stdio};

fn bulkhead(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bulkhead"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("bulkhead starts");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin.as_bytes())
        .expect("stdin accepts input");
    let output = child.wait_with_output().expect("bulkhead finishes");
    (
        output.status.code().expect("exit code"),
        String::from_utf8(output.stdout).expect("utf-8 stdout"),
        String::from_utf8(output.stderr).expect("utf-8 stderr"),
    )
}

#[test]
fn human_output_points_at_the_line_and_exits_1() {
    let (code, stdout, _) = bulkhead(
        &["lint", "--stdin-filename", "Dockerfile", "-"],
        "# app\nFROM python:latest\n",
    );
    assert_eq!(code, 1);
    assert!(
        stdout.contains("Dockerfile:2:6: DF001 [warning]"),
        "{stdout}"
    );
    assert!(stdout.contains("1 finding in 1 file."), "{stdout}");
}

#[test]
fn json_output_is_parseable() {
    let (code, stdout, _) = bulkhead(
        &["lint", "--format", "json", "--kind", "dockerfile", "-"],
        "FROM node\n",
    );
    assert_eq!(code, 1);
    let findings: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
    assert_eq!(findings[0]["code"], "DF001");
    assert_eq!(findings[0]["start"]["line"], 1);
    assert_eq!(findings[0]["start"]["column"], 6);
}

#[test]
fn clean_input_exits_0() {
    let (code, stdout, _) = bulkhead(
        &["lint", "--kind", "dockerfile", "-"],
        "FROM python:3.13-slim\n",
    );
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("0 findings"));
}

#[test]
fn missing_file_is_a_clear_error() {
    let (code, _, stderr) = bulkhead(&["lint", "does-not-exist/Dockerfile"], "");
    assert_eq!(code, 2);
    assert!(
        stderr.contains("cannot read does-not-exist/Dockerfile"),
        "{stderr}"
    );
}

#[test]
fn rule_docs_are_printed() {
    let (code, stdout, _) = bulkhead(&["rule", "DF001"], "");
    assert_eq!(code, 0);
    assert!(stdout.contains("## Why is this bad?"), "{stdout}");
    let (code, stdout, _) = bulkhead(&["rules"], "");
    assert_eq!(code, 0);
    assert!(stdout.contains("latest-base-image"));
}

#[test]
fn readme_rule_table_is_up_to_date() {
    let (code, table, _) = bulkhead(&["rules", "--markdown"], "");
    assert_eq!(code, 0);
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
        .expect("README.md is readable");
    let start = readme
        .find("<!-- rules:start -->\n")
        .expect("README has a rules:start marker");
    let end = readme
        .find("<!-- rules:end -->")
        .expect("README has a rules:end marker");
    let current = &readme[start + "<!-- rules:start -->\n".len()..end];
    assert_eq!(
        current, table,
        "README rule table is stale: run `cargo run -q -p bulkhead-cli -- rules --markdown` and paste it between the markers"
    );
}
