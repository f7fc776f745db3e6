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
    assert!(!stdout.contains('\u{1b}'), "no colour when piped: {stdout}");
    let (_, coloured, _) = bulkhead(
        &[
            "lint",
            "--color",
            "always",
            "--stdin-filename",
            "Dockerfile",
            "-",
        ],
        "# app\nFROM python:latest\n",
    );
    assert!(
        coloured.contains("\u{1b}[1mDockerfile:2:6\u{1b}[0m: \u{1b}[1;33mDF001\u{1b}[0m"),
        "{coloured}"
    );
    let summary = stdout.lines().last().unwrap_or_default();
    let count = stdout.matches(": DF").count();
    assert_eq!(summary, format!("{count} findings in 1 file."), "{stdout}");
}

#[test]
fn json_output_has_the_documented_shape() {
    let (code, stdout, _) = bulkhead(
        &[
            "lint",
            "--format",
            "json",
            "--kind",
            "dockerfile",
            "--stdin-filename",
            "app/Dockerfile",
            "-",
        ],
        "# é\nFROM node\n",
    );
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
    let file = &report["files"][0];
    assert_eq!(file["path"], "app/Dockerfile");
    assert_eq!(file["kind"], "dockerfile");
    let d = &file["diagnostics"][0];
    assert_eq!(d["code"], "DF001");
    assert_eq!(d["name"], "latest-base-image");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["checklist"], "pinned-dependencies");
    assert_eq!(
        d["range"]["start"],
        serde_json::json!({"line": 2, "column": 6})
    );
    assert_eq!(
        d["range"]["end"],
        serde_json::json!({"line": 2, "column": 10})
    );
    assert_eq!(d["fix"]["applicability"], "unsafe");
    assert_eq!(d["fix"]["edits"][0]["replacement"], "node:22-slim");
    assert_eq!(
        d["fix"]["edits"][0]["range"]["start"],
        serde_json::json!({"line": 2, "column": 6})
    );
    assert!(d["message"].as_str().is_some_and(|m| m.contains("`node`")));
    // A finding without a fix has `"fix": null`.
    let none = file["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "DF200")
        .expect("DF200");
    assert!(none["fix"].is_object(), "DF200 offers USER 65532");
    let (_, stdout, _) = bulkhead(
        &[
            "lint",
            "--format",
            "json",
            "--stdin-filename",
            "Dockerfile",
            "-",
        ],
        "FROM a:1\nRUN cd /x\n",
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
    let cd = report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "DF322")
        .expect("DF322");
    assert!(cd["fix"].is_null());
}

mod adopt;
mod baseline;
mod reports;

/// The SARIF 2.1.0 schema, compiled.
fn sarif_validator() -> jsonschema::Validator {
    // The published schema's `run.language` pattern, `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`,
    // has a stray `]` that strict regex checking rejects when the schema compiles. We do
    // not emit `language`; only that pattern is corrected, in memory.
    let schema_text = include_str!("fixtures/sarif-2.1.0-rtm.5.json");
    let broken = r"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    assert!(schema_text.contains(broken), "the known erratum is present");
    let schema: serde_json::Value =
        serde_json::from_str(&schema_text.replace(broken, r"^[a-zA-Z]{2}(-[a-zA-Z]{2})?$"))
            .expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

#[test]
fn sarif_output_validates_against_the_sarif_2_1_0_schema() {
    let (code, stdout, _) = bulkhead(
        &[
            "lint",
            "--format",
            "sarif",
            "--kind",
            "dockerfile",
            "--stdin-filename",
            "dir with space/Dockerfile",
            "-",
        ],
        "FROM \u{1F433}x\nFROM python:latest\nRUN <<EOF\n",
    );
    assert_eq!(code, 1);
    let sarif: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF does not validate: {errors:#?}");
    let mut broken_log = sarif.clone();
    broken_log["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    assert!(
        !validator.is_valid(&broken_log),
        "the schema check can fail"
    );

    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert!(results.len() >= 3, "{results:#?}");
    let codes: Vec<_> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap_or_default())
        .collect();
    assert!(
        codes.contains(&"DF001") && codes.contains(&"DF000"),
        "{codes:?}"
    );
    let first = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(
        first["artifactLocation"]["uri"],
        "dir%20with%20space/Dockerfile"
    );
    // The whale is two UTF-16 code units, so the image `🐳x` ends at UTF-16 column 9.
    assert_eq!(first["region"]["startColumn"], 6);
    assert_eq!(first["region"]["endColumn"], 9);
    let rule_ids: Vec<String> = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    for result in results {
        let index =
            usize::try_from(result["ruleIndex"].as_u64().expect("ruleIndex")).expect("fits");
        assert_eq!(
            rule_ids[index],
            result["ruleId"].as_str().unwrap_or_default()
        );
    }
}

/// A Dockerfile that follows every rule.
const CLEAN_DOCKERFILE: &str = "\
FROM python:3.13-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000
WORKDIR /app
COPY app.py /app/
USER 65532
HEALTHCHECK CMD [\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/health')\"]
CMD [\"python\", \"/app/app.py\"]
";

#[test]
fn clean_input_exits_0() {
    let (code, stdout, _) = bulkhead(&["lint", "--kind", "dockerfile", "-"], CLEAN_DOCKERFILE);
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
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
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

#[test]
fn rule_reference_is_up_to_date() {
    let (code, reference, _) = bulkhead(&["rules", "--reference"], "");
    assert_eq!(code, 0);
    let checked_in = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md"))
        .unwrap_or_default();
    assert!(reference.contains("## DF001 latest-base-image"));
    assert_eq!(
        checked_in, reference,
        "docs/rules.md is stale: run `cargo run -q -p bulkhead-cli -- rules --reference > docs/rules.md`"
    );
}

#[test]
fn invalid_utf8_is_a_positioned_parse_error_and_the_rest_is_linted() {
    let dir = std::env::temp_dir().join(format!("bulkhead-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("Dockerfile");
    std::fs::write(&path, b"FROM python:latest\nRUN echo \xff\xfe done\n").expect("write");
    let (code, stdout, _) = bulkhead(
        &[
            "lint",
            "--format",
            "json",
            path.to_str().expect("UTF-8 path"),
        ],
        "",
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
    let diagnostics = report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics");
    let parse_error = diagnostics
        .iter()
        .find(|d| d["name"] == "parse-error")
        .expect("a parse-error for the invalid bytes");
    assert_eq!(parse_error["range"]["start"]["line"], 2);
    assert_eq!(parse_error["range"]["start"]["column"], 10);
    assert!(
        diagnostics.iter().any(|d| d["code"] == "DF001"),
        "the readable part is still linted"
    );
}

#[test]
fn manifests_and_requirements_are_linted_by_their_names() {
    let (code, stdout, _) = bulkhead(
        &["lint", "--format", "json", "--stdin-filename", "deploy.yaml", "-"],
        "kind: Pod\nspec:\n  securityContext:\n    readOnlyRootFilesystem: true\n  containers: [{name: a, image: x}]\n",
    );
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let file = &report["files"][0];
    assert_eq!(file["kind"], "kubernetes");
    let misplaced = file["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "KS002")
        .expect("misplaced field reported");
    assert_eq!(misplaced["range"]["start"]["line"], 4);
    assert_eq!(misplaced["range"]["start"]["column"], 5);

    let (code, stdout, _) = bulkhead(
        &["lint", "--stdin-filename", "requirements-dev.txt", "-"],
        "flask>=3\n",
    );
    assert_eq!(code, 1);
    assert!(
        stdout.contains("requirements-dev.txt:1:6: RQ001 [warning]"),
        "{stdout}"
    );
    let (code, stdout, _) = bulkhead(&["lint", "--stdin-filename", "bad.yaml", "-"], "a: [1, 2\n");
    assert_eq!(code, 1);
    assert!(stdout.contains("KS000 [error] Invalid YAML"), "{stdout}");
}

#[test]
fn cross_file_findings_point_at_both_files_in_every_format() {
    let dir = std::env::temp_dir().join(format!("bulkhead-cross-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let dockerfile = dir.join("Dockerfile");
    let manifest = dir.join("deploy.yaml");
    std::fs::write(
        &dockerfile,
        "FROM python:3.13-slim\nRUN useradd app\nUSER app\n",
    )
    .expect("write");
    std::fs::write(
        &manifest,
        "kind: Pod\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n  - name: app\n    image: registry.example/app:1.0\n",
    )
    .expect("write");
    let paths = [
        dockerfile.to_str().expect("path"),
        manifest.to_str().expect("path"),
    ];

    let (code, stdout, _) = bulkhead(&["lint", "--color", "never", paths[0], paths[1]], "");
    assert_eq!(code, 1);
    assert!(
        stdout.contains("deploy.yaml:4:19: XF001 [error]"),
        "{stdout}"
    );
    assert!(stdout.contains("Dockerfile:3:6: XF001 [error]"), "{stdout}");
    assert!(
        stdout.contains("= note:") && stdout.contains("Dockerfile:3:6: the image runs as `app`"),
        "{stdout}"
    );

    let (_, stdout, _) = bulkhead(&["lint", "--format", "json", paths[0], paths[1]], "");
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let finding = report["files"][1]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "XF001")
        .expect("XF001 in the manifest");
    assert!(finding["related"][0]["path"]
        .as_str()
        .expect("path")
        .ends_with("Dockerfile"));
    assert_eq!(finding["related"][0]["range"]["start"]["line"], 3);

    let (_, stdout, _) = bulkhead(&["lint", "--format", "sarif", paths[0], paths[1]], "");
    let sarif: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let validator = sarif_validator();
    assert!(
        validator.is_valid(&sarif),
        "SARIF with related locations validates"
    );
    let result = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| {
            r["ruleId"] == "XF001"
                && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .is_some_and(|u| u.ends_with("deploy.yaml"))
        })
        .expect("XF001 result");
    let related = &result["relatedLocations"][0];
    assert!(related["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .expect("uri")
        .ends_with("Dockerfile"));
    assert_eq!(related["physicalLocation"]["region"]["startLine"], 3);

    // An explicit pairing that names another image leaves the container unpaired.
    let (_, stdout, _) = bulkhead(
        &[
            "lint",
            "--pair",
            "other:1=elsewhere/Dockerfile",
            paths[0],
            paths[1],
        ],
        "",
    );
    assert!(
        !stdout.contains("XF001"),
        "the chosen pairing replaces the guess: {stdout}"
    );
    let chosen = format!("app={}", paths[0]);
    let (_, stdout, _) = bulkhead(&["lint", "--pair", &chosen, paths[0], paths[1]], "");
    assert!(
        stdout.contains("XF001") && stdout.contains("you chose it"),
        "{stdout}"
    );
    let (code, _, stderr) = bulkhead(&["lint", "--pair", "nonsense", paths[0]], "");
    assert_eq!(code, 2, "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fixing_files_together_takes_the_probe_from_the_healthcheck() {
    let dir = std::env::temp_dir().join(format!("bulkhead-fix-project-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let dockerfile = dir.join("Dockerfile");
    let manifest = dir.join("deployment.yaml");
    std::fs::write(
        &dockerfile,
        "FROM python:3.13-slim\nCOPY app.py .\nUSER 65532\nEXPOSE 8000\nHEALTHCHECK CMD [\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://localhost:8000/health')\"]\nCMD [\"python\", \"app.py\"]\n",
    )
    .expect("write");
    std::fs::write(
        &manifest,
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  selector:\n    matchLabels: {app: app}\n  template:\n    metadata:\n      labels: {app: app}\n    spec:\n      containers:\n        - name: app\n          image: app:1.0.0\n          ports:\n            - containerPort: 8000\n",
    )
    .expect("write");
    let paths = [
        dockerfile.to_str().expect("path"),
        manifest.to_str().expect("path"),
    ];
    let (_, _, stderr) = bulkhead(&["lint", "--fix", "--unsafe-fixes", paths[0], paths[1]], "");
    assert!(stderr.contains("Fixed"), "{stderr}");
    let fixed = std::fs::read_to_string(&manifest).expect("read");
    assert!(
        fixed.contains("httpGet: {path: /health, port: 8000}"),
        "{fixed}"
    );
    assert!(!fixed.contains("/healthz"), "{fixed}");
    // Alone, the manifest gets the placeholder.
    let (_, stdout, _) = bulkhead(
        &["lint", "--fix", "--unsafe-fixes", "--stdin-filename", "deployment.yaml", "-"],
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  selector:\n    matchLabels: {app: app}\n  template:\n    metadata:\n      labels: {app: app}\n    spec:\n      containers:\n        - name: app\n          image: app:1.0.0\n          ports:\n            - containerPort: 8000\n",
    );
    assert!(stdout.contains("/healthz"), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fix_writes_in_place_diff_changes_nothing_and_stdin_prints() {
    let dir = std::env::temp_dir().join(format!("bulkhead-fix-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("Dockerfile");
    let original = "# base\nFROM python:3.13-slim as build\n# tools\nRUN apt update && apt install curl\nMAINTAINER me\n";
    std::fs::write(&path, original).expect("write");
    let file = path.to_str().expect("path");

    let (code, stdout, stderr) = bulkhead(&["lint", "--diff", file], "");
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stdout.contains("-RUN apt update && apt install curl")
            && stdout.contains("+RUN apt-get update && apt-get install -y curl"),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        original,
        "--diff changes nothing"
    );

    let (_, stdout, _) = bulkhead(&["lint", "--format", "json", file], "");
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let fix = report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "DF301")
        .map(|d| d["fix"].clone())
        .expect("DF301");
    assert_eq!(fix["applicability"], "safe");
    assert_eq!(fix["edits"][0]["replacement"], " -y");

    let (_, _, stderr) = bulkhead(&["lint", "--fix", file], "");
    assert!(stderr.contains("Fixed"), "{stderr}");
    let fixed = std::fs::read_to_string(&path).expect("read");
    assert_eq!(
        fixed,
        "# base\nFROM python:3.13-slim AS build\n# tools\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nLABEL org.opencontainers.image.authors=\"me\"\n"
    );
    let (code, stdout, _) = bulkhead(&["lint", "--diff", file], "");
    assert_eq!(
        (code, stdout.as_str()),
        (0, ""),
        "a second run has nothing to fix"
    );

    let (code, stdout, _) = bulkhead(
        &["lint", "--fix", "--stdin-filename", "Dockerfile", "-"],
        "FROM a:1\nRUN apt-get install curl\n",
    );
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "FROM a:1\nRUN apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn variants_json_lists_each_family_with_its_dockerfile_and_facts() {
    let dockerfile = "FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nEXPOSE 8000\nCMD [\"gunicorn\", \"-b\", \"0.0.0.0:8000\", \"app:app\"]\n";
    let (code, out, err) = bulkhead(&["variants", "--format", "json", "-"], dockerfile);
    assert_eq!(code, 0, "{err}");
    let parsed: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let variants = parsed.as_array().expect("an array");
    let names: Vec<&str> = variants.iter().filter_map(|v| v["name"].as_str()).collect();
    assert_eq!(
        names,
        ["slim", "chainguard", "distroless", "scratch", "static"]
    );
    for variant in variants {
        let text = variant["dockerfile"].as_str().expect("dockerfile");
        let base = variant["base"].as_str().expect("base");
        assert!(
            text.contains(&format!("\nFROM {base}")),
            "{base} is the runtime stage"
        );
        assert_eq!(variant["facts"]["image"], variant["base"]);
        assert!(variant["facts"]["checked_on"]
            .as_str()
            .is_some_and(|d| d.len() == 10));
        // The variant re-lints without errors or warnings.
        let (_, report, _) = bulkhead(
            &["lint", "--format", "json", "--kind", "dockerfile", "-"],
            text,
        );
        let report: serde_json::Value = serde_json::from_str(&report).expect("lint JSON");
        let serious: Vec<&serde_json::Value> = report["files"][0]["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| d["severity"] != "info")
            .collect();
        assert!(serious.is_empty(), "{base}: {serious:?}");
    }
    let (code, out, _) = bulkhead(&["variants", "-"], dockerfile);
    assert_eq!(code, 0);
    assert!(out.contains("==== distroless variant") && out.contains("end of life"));
}

#[test]
fn variants_of_a_go_dockerfile_are_static_binaries() {
    let dockerfile = "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/api ./cmd/api\nFROM debian:13-slim\nCOPY --from=build /bin/api /bin/api\nEXPOSE 9000\nCMD [\"/bin/api\"]\n";
    let (code, out, err) = bulkhead(&["variants", "--format", "json", "-"], dockerfile);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("no slim variant"), "{err}");
    let parsed: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let variants = parsed.as_array().expect("an array");
    let names: Vec<&str> = variants.iter().filter_map(|v| v["name"].as_str()).collect();
    assert_eq!(names, ["chainguard", "scratch", "static"]);
    for variant in variants {
        let text = variant["dockerfile"].as_str().expect("dockerfile");
        assert!(text.contains("FROM golang:1.26 AS build\n# Added by bulkhead: no C library to link, so the binary runs without libc.\nENV CGO_ENABLED=0\n"), "{text}");
        assert!(
            text.contains("RUN go build -o /bin/api ./cmd/api\n"),
            "{text}"
        );
        assert!(
            text.contains("COPY --from=build /bin/api /bin/api\n"),
            "{text}"
        );
        assert!(text.contains("ENTRYPOINT [\"/bin/api\"]\n"));
    }
    // `--target` names the stage to rebuild; a name that is no stage's lists them.
    let (code, _, err) = bulkhead(&["variants", "--target", "web", "-"], dockerfile);
    assert_eq!(code, 2);
    assert!(
        err.contains("no stage is named `web`: the stages are `build`"),
        "{err}"
    );
}

#[test]
fn variants_of_an_unsupported_dockerfile_say_why() {
    let (code, _, err) = bulkhead(
        &["variants", "-"],
        "FROM ruby:3.4-slim\nCOPY . .\nCMD [\"ruby\", \"app.rb\"]\n",
    );
    assert_eq!(code, 2);
    assert!(err.contains("cannot tell which language"), "{err}");
    // A Java launcher script needs a shell: said, and nothing generated.
    let (code, out, err) = bulkhead(
        &["variants", "-"],
        "FROM eclipse-temurin:21-jre\nCOPY build/install/app /app\nCMD [\"/app/bin/app\"]\n",
    );
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("launcher script needs a shell"), "{err}");
    // A command that cannot be read: the line, and nothing generated.
    let (code, out, err) = bulkhead(
        &["variants", "-"],
        "FROM python:3.13-slim\nCOPY . .\nENTRYPOINT [\"uvicorn\" if your app uses FastAPI else \"gunicorn\"]\n",
    );
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("line 3: `ENTRYPOINT"), "{err}");
    let (code, out, _) = bulkhead(&["variants", "--catalog", "--format", "json"], "");
    assert_eq!(code, 0);
    let parsed: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert!(parsed["bases"]
        .as_array()
        .is_some_and(|b| b.iter().any(|b| b["language"] == "go")));
}

#[test]
fn pss_level_baseline_drops_the_restricted_only_findings() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: app}\nspec:\n  containers:\n  - name: a\n    image: x:1\n    securityContext: {privileged: true}\n";
    let args = |level: &'static str| {
        [
            "lint",
            "--format",
            "json",
            "--pss-level",
            level,
            "--stdin-filename",
            "pod.yaml",
            "-",
        ]
    };
    let (_, restricted, _) = bulkhead(&args("restricted"), pod);
    let (_, baseline, _) = bulkhead(&args("baseline"), pod);
    assert!(
        restricted.contains("\"KS102\"") && restricted.contains("\"KS202\""),
        "{restricted}"
    );
    assert!(
        restricted.contains("\"pss_level\": \"restricted\""),
        "{restricted}"
    );
    assert!(
        baseline.contains("\"KS102\"") && baseline.contains("\"pss_level\": \"baseline\""),
        "{baseline}"
    );
    assert!(!baseline.contains("\"KS202\""), "{baseline}");
    let (code, _, stderr) = bulkhead(&args("strict"), "");
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn compose_files_are_linted_by_name_and_by_content() {
    let compose = "services:\n  web:\n    image: nginx\n    privileged: true\n    user: root\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n    environment:\n      DB_PASSWORD: hunter2\n";
    for name in ["docker-compose.yml", "compose.yaml", "stack.yaml"] {
        let (code, stdout, _) = bulkhead(&["lint", "--stdin-filename", name, "-"], compose);
        assert_eq!(code, 1, "{name}: {stdout}");
        for expected in ["CP101", "CP107", "CP201", "CP203", "CP301"] {
            assert!(stdout.contains(expected), "{name}: no {expected}\n{stdout}");
        }
    }
    let (_, stdout, _) = bulkhead(&["lint", "--kind", "compose", "-"], compose);
    assert!(stdout.contains("CP101"), "{stdout}");
}

#[test]
fn files_that_are_not_checked_say_so_and_strict_fails_the_run() {
    let cases = [
        ("ci.yml", "name: CI\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n", "KS005"),
        ("chart/templates/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n    {{- include \"app.labels\" . | nindent 4 }}\nspec:\n  {{- if .Values.enabled }}\n  replicas: 1\n  {{- end }}\n", "KS006"),
        ("kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [deployment.yaml]\n", "KS007"),
    ];
    for (name, text, code) in cases {
        let (_, stdout, stderr) = bulkhead(&["lint", "--stdin-filename", name, "-"], text);
        let codes: Vec<&str> = stdout.matches(": KS").collect();
        assert_eq!(codes.len(), 1, "{name}: exactly one finding\n{stdout}");
        assert!(stdout.contains(code), "{name}: {stdout}");
        assert!(stderr.contains("nothing was checked"), "{name}: {stderr}");
    }
    // Nothing of a known kind: exit 0, unless --strict.
    let (code, _, stderr) = bulkhead(&["lint", "--stdin-filename", "notes.txt", "-"], "hello\n");
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("nothing was checked"), "{stderr}");
    let (code, _, _) = bulkhead(
        &["lint", "--strict", "--stdin-filename", "notes.txt", "-"],
        "hello\n",
    );
    assert_eq!(code, 1);
    // A real manifest was checked: --strict changes nothing.
    let (code, _, stderr) = bulkhead(
        &["lint", "--strict", "--stdin-filename", "pod.yaml", "-"],
        "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers: [{name: a, image: x}]\n",
    );
    assert_eq!(code, 1);
    assert!(!stderr.contains("nothing was checked"), "{stderr}");
}

/// A fresh folder under the system's temporary folder, with `files` written in it.
fn project(name: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("bulkhead-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

fn lint_in(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_bulkhead"))
        .arg("lint")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("bulkhead runs");
    (
        output.status.code().expect("exit code"),
        String::from_utf8(output.stdout).expect("utf-8"),
        String::from_utf8(output.stderr).expect("utf-8"),
    )
}

/// `--format markdown`: review comments to paste into a pull request, each fix a
/// suggestion of the lines it changes.
#[test]
fn markdown_output_is_review_comments_with_suggestions() {
    let (code, stdout, _) = bulkhead(
        &[
            "lint",
            "--format",
            "markdown",
            "--stdin-filename",
            "Dockerfile",
            "-",
        ],
        "FROM python:3.13-slim as build\nCMD python app.py\n",
    );
    assert_eq!(code, 1);
    assert!(stdout.starts_with("### bulkhead: "), "{stdout}");
    assert!(
        stdout.contains("**`Dockerfile:1`** · ")
            && stdout.contains("`DF003` from-as-casing · info"),
        "{stdout}"
    );
    // The fixes of line 1 (the casing of AS, a USER after FROM) are one suggestion.
    assert!(
        stdout.contains("```suggestion\nFROM python:3.13-slim AS build\n"),
        "{stdout}"
    );
    assert_eq!(stdout.matches("```suggestion\nFROM").count(), 1, "{stdout}");
    assert!(
        stdout.contains("```suggestion\nCMD [\"python\", \"app.py\"]\n```"),
        "{stdout}"
    );
}

/// A YAML file beside a chart's `Chart.yaml` on disk is the chart's, not a manifest; and
/// Compose files linted together settle what one includes and extends from the other.
#[test]
fn files_read_with_what_is_beside_them() {
    let dir = project(
        "beside",
        &[
            ("chart/Chart.yaml", "apiVersion: v2\nname: app\nversion: 0.1.0\n"),
            ("chart/values.yaml", "image: {repository: app, tag: latest}\n"),
            ("app/compose.yaml", "include: [compose.db.yaml]\nservices:\n  web:\n    extends: {file: ../common/compose.base.yaml, service: app}\n"),
            ("app/compose.db.yaml", "services:\n  db:\n    image: postgres:17\n"),
            ("common/compose.base.yaml", "services:\n  app:\n    image: registry.example.com/app:1\n    user: \"65532\"\n"),
        ],
    );
    let (_, stdout, stderr) = lint_in(&dir, &["chart/values.yaml"]);
    assert!(
        stdout.contains("KS006") && stdout.contains("Chart.yaml"),
        "{stdout}"
    );
    assert!(stderr.contains("nothing was checked"), "{stderr}");
    let (_, alone, _) = lint_in(&dir, &["app/compose.yaml"]);
    assert_eq!(alone.matches("CP003").count(), 2, "{alone}");
    let (_, together, _) = lint_in(
        &dir,
        &[
            "app/compose.yaml",
            "app/compose.db.yaml",
            "common/compose.base.yaml",
        ],
    );
    assert!(!together.contains("CP003"), "{together}");
    let web = together
        .lines()
        .filter(|l| l.starts_with("app/compose.yaml") && l.contains("CP108"))
        .count();
    assert_eq!(
        web, 0,
        "web inherits its user from common/compose.base.yaml\n{together}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

const ROOT_DOCKERFILE: &str = "FROM quay.io/someone/python:3.13\nCMD [\"python\"]\n";

#[test]
fn the_config_is_found_upward_and_overridden_from_the_command_line() {
    let dir = project(
        "config",
        &[
            ("bulkhead.toml", "fail-on = \"error\"\ntrusted-registries = [\"registry.example.com\"]\nignore = [\"missing-healthcheck\"]\n[severity]\nDF200 = \"error\"\n[[per-path]]\npaths = [\"legacy/**\"]\nignore = [\"DF200\", \"DF108\"]\n"),
            ("app/service/Dockerfile", ROOT_DOCKERFILE),
            ("legacy/old/Dockerfile", ROOT_DOCKERFILE),
        ],
    );
    // Found two folders up: DF108 from the trusted registries, DF500 ignored, DF200 an error.
    let (code, stdout, _) = lint_in(&dir, &["app/service/Dockerfile"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("DF108 [error]"), "{stdout}");
    assert!(stdout.contains("DF200 [error]"), "{stdout}");
    assert!(!stdout.contains("DF500"), "{stdout}");
    // per-path: the legacy file has neither; what is left are warnings and notes, and
    // fail-on = "error" lets them pass, unless the command line says otherwise.
    let (code, stdout, _) = lint_in(&dir, &["legacy/old/Dockerfile"]);
    assert!(
        !stdout.contains("DF200") && !stdout.contains("DF108"),
        "{stdout}"
    );
    assert!(stdout.contains("DF101"), "{stdout}");
    assert_eq!(code, 0, "{stdout}");
    let (code, _, _) = lint_in(&dir, &["--fail-on", "info", "legacy/old/Dockerfile"]);
    assert_eq!(code, 1);
    // --no-config: the defaults.
    let (_, stdout, _) = lint_in(&dir, &["--no-config", "app/service/Dockerfile"]);
    assert!(
        !stdout.contains("DF108") && stdout.contains("DF500"),
        "{stdout}"
    );
    // --config PATH.
    std::fs::write(dir.join("other.toml"), "ignore = [\"DF200\"]\n").expect("write");
    let (_, stdout, _) = lint_in(&dir, &["--config", "other.toml", "app/service/Dockerfile"]);
    assert!(
        !stdout.contains("DF200") && stdout.contains("DF500"),
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_config_is_a_positioned_error_with_exit_2() {
    let dir = project(
        "bad-config",
        &[
            (
                "bulkhead.toml",
                "fail-on = \"warning\"\ntrusted_registries = [\"x\"]\n",
            ),
            ("Dockerfile", ROOT_DOCKERFILE),
        ],
    );
    let (code, _, stderr) = lint_in(&dir, &["Dockerfile"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("bulkhead.toml:2:1:") && stderr.contains("trusted_registries"),
        "{stderr}"
    );
    std::fs::write(dir.join("bulkhead.toml"), "[severity]\nDF001 = \"loud\"\n").expect("write");
    let (code, _, stderr) = lint_in(&dir, &["Dockerfile"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("bulkhead.toml:2:9:"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_hadolint_config_is_read_when_there_is_no_bulkhead_toml() {
    let dir = project(
        "hadolint-config",
        &[
            (".hadolint.yaml", "ignored:\n  - DL3006\noverride:\n  error:\n    - DL3002\ntrustedRegistries:\n  - docker.io\nfailure-threshold: error\nlabel-schema:\n  owner: text\n"),
            ("Dockerfile", "FROM quay.io/someone/python\nCMD [\"python\"]\n"),
        ],
    );
    let (code, stdout, stderr) = lint_in(&dir, &["Dockerfile"]);
    assert!(!stdout.contains("DF001"), "DL3006 is ignored: {stdout}");
    assert!(
        stdout.contains("DF200 [error]"),
        "DL3002 is an error: {stdout}"
    );
    assert!(stdout.contains("DF108"), "quay.io is not trusted: {stdout}");
    assert!(stderr.contains("label-schema"), "{stderr}");
    assert_eq!(code, 1);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The pre-commit hook builds from the repository root (`cargo install --path .`): the
/// root manifest must be a package with the `bulkhead` binary, and the hook must run it.
#[test]
fn the_pre_commit_hook_runs_the_root_packages_binary() {
    let root = env!("CARGO_MANIFEST_DIR");
    let hooks =
        std::fs::read_to_string(format!("{root}/.pre-commit-hooks.yaml")).expect("the hook file");
    let yaml = bulkhead_rules::yaml::Yaml::parse(&hooks);
    assert!(yaml.error.is_none(), "{:?}", yaml.error);
    let hook = yaml
        .roots()
        .next()
        .and_then(|r| r.items().first().copied())
        .expect("one hook");
    let get = |key: &str| {
        hook.get(key)
            .and_then(bulkhead_rules::yaml::Node::str)
            .unwrap_or_default()
    };
    assert_eq!(get("id"), "bulkhead");
    assert_eq!(get("language"), "rust");
    assert!(
        get("entry").starts_with("bulkhead lint"),
        "{}",
        get("entry")
    );
    let manifest = std::fs::read_to_string(format!("{root}/Cargo.toml")).expect("Cargo.toml");
    assert!(
        manifest.contains("\n[package]\n") && manifest.contains("name = \"bulkhead\""),
        "the root is a package with the bulkhead binary"
    );
    // The files it matches are the kinds bulkhead reads: the pattern FileKind gives,
    // with the same answers as FileKind::from_file_name.
    let files = get("files");
    assert_eq!(files, bulkhead_rules::FileKind::FILE_NAME_PATTERN);
    let pattern = regex::Regex::new(files).expect("the pattern compiles");
    let mut names: Vec<String> = [
        "Dockerfile",
        "a/Dockerfile.prod",
        "api.Dockerfile",
        "web-dockerfile",
        "Containerfile",
        "dockerfile_old",
        "deploy.yaml",
        "k8s/svc.YML",
        "compose.yaml",
        "requirements.txt",
        "dev-requirements.txt",
        "requirements/base.txt",
        "reqs/requirements-dev.txt",
        "notes.txt",
        "README.md",
        "src/main.rs",
        "Makefile",
        "a.dockerfile.bak",
    ]
    .map(str::to_owned)
    .to_vec();
    let corpus = format!("{root}/../shared/corpus");
    for folder in ["dockerfiles", "k8s"] {
        if let Ok(entries) = std::fs::read_dir(format!("{corpus}/{folder}")) {
            names.extend(entries.filter_map(|e| e.ok()?.file_name().into_string().ok()));
        }
    }
    for name in &names {
        let kind = bulkhead_rules::FileKind::from_file_name(name);
        assert_eq!(
            pattern.is_match(name),
            kind.is_some(),
            "{name}: FileKind says {kind:?}"
        );
    }
}

/// `bulkhead lessons` lists the course; `bulkhead lesson ID --check FILE...` fails on
/// every lesson's starting files and passes on its solution.
#[test]
fn every_lesson_start_fails_and_its_solution_passes_with_lesson_check() {
    let (code, stdout, _) = bulkhead(&["lessons", "--format", "json"], "");
    assert_eq!(code, 0);
    let listed: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let lessons = bulkhead_rules::lessons::all();
    assert_eq!(listed.as_array().map(Vec::len), Some(lessons.len()));
    assert!(lessons.len() >= 12);
    for lesson in lessons {
        for (files, expected) in [(lesson.files, 1), (lesson.solution, 0)] {
            let written: Vec<(&str, &str)> = files.iter().map(|f| (f.name, f.text)).collect();
            let dir = project(&format!("lesson-{}-{expected}", lesson.id), &written);
            let mut args = vec![
                "lesson".to_owned(),
                lesson.id.to_owned(),
                "--check".to_owned(),
            ];
            args.extend(files.iter().map(|f| dir.join(f.name).display().to_string()));
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let (code, stdout, stderr) = bulkhead(&args, "");
            assert_eq!(
                code,
                expected,
                "{} ({}): {stdout}{stderr}",
                lesson.id,
                if expected == 0 { "solution" } else { "start" }
            );
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    let (code, _, stderr) = bulkhead(&["lesson", "no-such-lesson", "--check", "Dockerfile"], "");
    assert_eq!(code, 2);
    assert!(stderr.contains("no lesson `no-such-lesson`"), "{stderr}");
}
