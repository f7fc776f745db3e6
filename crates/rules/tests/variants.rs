//! The variant generator: every variant of every Dockerfile here (and of every Python
//! Dockerfile in the shared corpus) parses, lints with no error and no warning under
//! bulkhead's own rules, alone and together with its Deployment, and comes out the same
//! when generated again.

mod common;

use std::fmt::Write as _;

use bulkhead_rules::variants::{self, Variants};
use bulkhead_rules::{dockerfile, lint_project, FileKind, ProjectFile, Severity};

/// Dockerfiles of different shapes, as people write them.
const SHAPES: &[(&str, &str)] = &[
    (
        "flask, one stage, requirements",
        "FROM python:3.12\nWORKDIR /usr/src/app\nCOPY requirements.txt ./\nRUN pip install -r requirements.txt\nCOPY . .\nEXPOSE 5000\nCMD [\"python\", \"app.py\"]\n",
    ),
    (
        "gunicorn, shell form, build deps",
        "FROM python:3.11-slim\nENV PYTHONUNBUFFERED=1 APP_ENV=production\nRUN apt-get update && apt-get install -y gcc libpq-dev\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY src/ ./src/\nCOPY wsgi.py .\nEXPOSE 8000\nCMD gunicorn --bind 0.0.0.0:8000 wsgi:app\n",
    ),
    (
        "uvicorn, inline pinned packages, a secret",
        "FROM python:3.13\nENV API_TOKEN=abc123\nRUN pip install fastapi==0.115.6 uvicorn==0.34.0\nCOPY main.py /srv/main.py\nWORKDIR /srv\nEXPOSE 80\nENTRYPOINT [\"uvicorn\", \"main:app\", \"--host\", \"0.0.0.0\", \"--port\", \"80\"]\n",
    ),
    (
        "multi-stage, python -m, no port",
        "FROM python:3.13-slim AS build\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --user --require-hashes -r requirements.txt\nFROM python:3.13-slim\nWORKDIR /app\nCOPY --from=build /root/.local /root/.local\nCOPY worker/ worker/\nCMD [\"python\", \"-u\", \"-m\", \"worker\"]\n",
    ),
    (
        "pip install . with pyproject",
        "FROM python:3.12-slim-bookworm\nWORKDIR /code\nCOPY pyproject.toml README.md ./\nCOPY mypkg ./mypkg\nRUN pip install .\nEXPOSE 8080\nCMD [\"python\", \"-m\", \"mypkg\"]\n",
    ),
];

fn errors_and_warnings(files: &[ProjectFile<'_>]) -> Vec<String> {
    lint_project(files, &[])
        .iter()
        .zip(files)
        .flat_map(|(found, file)| {
            found
                .iter()
                .filter(|d| d.severity >= Severity::Warning)
                .map(move |d| format!("{} {} {}: {}", file.path, d.code, d.rule, d.message))
        })
        .collect()
}

/// Check every property of one Dockerfile's variants; `Err` lists what failed.
fn check(name: &str, source: &str, generated: &Variants) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    for variant in &generated.variants {
        let label = format!("{name} / {}", variant.name);
        let parsed = dockerfile::parse(&variant.dockerfile);
        for error in &parsed.errors {
            problems.push(format!("{label}: does not parse: {}", error.message));
        }
        let alone = [ProjectFile {
            path: "Dockerfile",
            kind: FileKind::Dockerfile,
            source: &variant.dockerfile,
        }];
        for finding in errors_and_warnings(&alone) {
            problems.push(format!("{label}: {finding}"));
        }
        let together = [
            alone[0],
            ProjectFile {
                path: "deployment.yaml",
                kind: FileKind::Kubernetes,
                source: &variant.manifest,
            },
        ];
        for finding in errors_and_warnings(&together) {
            // With no port there is nothing for a probe to check: the manifest says so.
            let no_port = finding.contains("KS") && finding.contains("missing-probes");
            if !no_port || variant.manifest.contains("containerPort") {
                problems.push(format!("{label} with its Deployment: {finding}"));
            }
        }
    }
    if variants::generate(source).as_ref() != Ok(generated) {
        problems.push(format!("{name}: a second run gives different variants"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

#[test]
fn every_variant_of_every_shape_lints_clean() {
    let mut problems = Vec::new();
    for (name, source) in SHAPES {
        let generated = variants::generate(source).unwrap_or_else(|e| panic!("{name}: {e}"));
        let made: Vec<&str> = generated.variants.iter().map(|v| v.name).collect();
        assert_eq!(
            made,
            variants::FAMILIES,
            "{name}: every family is generated (skipped: {:?})",
            generated.skipped
        );
        if let Err(found) = check(name, source, &generated) {
            problems.extend(found);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn variants_keep_the_users_paths_command_and_port() {
    let (_, source) = SHAPES[1];
    let generated = variants::generate(source).expect("a Python Dockerfile");
    let by_name = |name: &str| {
        &generated
            .variants
            .iter()
            .find(|v| v.name == name)
            .expect("generated")
            .dockerfile
    };
    for variant in &generated.variants {
        assert!(
            variant.dockerfile.contains("EXPOSE 8000"),
            "{}",
            variant.name
        );
        assert!(
            variant.dockerfile.contains("USER 65532:65532"),
            "{}",
            variant.name
        );
        assert!(variant.manifest.contains("containerPort: 8000"));
    }
    for name in ["slim", "chainguard", "distroless"] {
        let text = by_name(name);
        assert!(
            text.contains("COPY src/ ./src/\nCOPY wsgi.py .\n"),
            "{name} keeps the user's COPY paths:\n{text}"
        );
        assert!(text.contains("WORKDIR /app"), "{name}");
        assert!(text.contains("ENV APP_ENV=production"), "{name}");
    }
    assert!(
        by_name("slim").contains("CMD [\"gunicorn\", \"--bind\", \"0.0.0.0:8000\", \"wsgi:app\"]")
    );
    assert!(by_name("chainguard").contains("ENTRYPOINT [\"/opt/venv/bin/gunicorn\", \"--bind\""));
    assert!(by_name("distroless")
        .contains("ENTRYPOINT [\"/usr/bin/python3\", \"-m\", \"gunicorn\", \"--bind\""));
    assert!(by_name("scratch").contains("--collect-submodules gunicorn /opt/launcher.py"));
    assert!(by_name("scratch").contains("chmod 1777 /opt/rootfs/tmp"));
    assert!(by_name("scratch").contains("COPY --from=build /etc/ssl/certs/ca-certificates.crt"));
    assert!(
        !by_name("static").contains("ca-certificates.crt"),
        "distroless static has them"
    );
    // The builder's Debian packages stay in the builder.
    let slim = by_name("slim");
    let runtime = &slim[slim.rfind("\nFROM ").expect("two stages")..];
    assert!(!runtime.contains("libpq-dev") && slim.contains("libpq-dev"));
}

#[test]
fn secrets_are_left_out_and_said_so() {
    let (_, source) = SHAPES[2];
    let generated = variants::generate(source).expect("a Python Dockerfile");
    for variant in &generated.variants {
        assert!(!variant.dockerfile.contains("abc123"), "{}", variant.name);
        assert!(
            variant.dockerfile.contains("`API_TOKEN` is left out"),
            "{}",
            variant.name
        );
    }
}

#[test]
fn what_cannot_be_generated_says_why() {
    let error = |source: &str| {
        variants::generate(source)
            .expect_err("no variants")
            .to_string()
    };
    assert!(error("").contains("no FROM"));
    assert!(
        error("FROM node:24-slim\nCMD [\"node\", \"server.js\"]\n").contains("this one is node")
    );
    assert!(
        error("FROM python:3.13-slim\nRUN pip install flask==3.1.0\n")
            .contains("no CMD or ENTRYPOINT")
    );
    // A shell script as the command: only the slim variant can run it.
    let generated =
        variants::generate("FROM python:3.13-slim\nCOPY start.sh /start.sh\nCMD [\"/start.sh\"]\n")
            .expect("a Python Dockerfile");
    let made: Vec<&str> = generated.variants.iter().map(|v| v.name).collect();
    assert_eq!(made, ["slim"]);
    assert!(generated
        .skipped
        .iter()
        .all(|s| s.reason.contains("no shell")));
}

#[test]
fn the_catalog_is_dated_and_has_every_family_for_python() {
    assert_eq!(variants::checked_on().len(), 10);
    for base in variants::bases() {
        assert_eq!(base.checked_on.len(), 10, "{}", base.image);
    }
    for family in variants::FAMILIES {
        let base = variants::base(variants::Language::Python, family, None)
            .unwrap_or_else(|| panic!("no default {family} base for Python"));
        assert!(base.default);
    }
    // The slim variant keeps the user's Python when the catalog has it.
    let base = variants::base(variants::Language::Python, "slim", Some("3.12")).expect("3.12");
    assert_eq!(base.image, "python:3.12-slim");
}

#[test]
fn a_variant_set_snapshot() {
    let (_, source) = SHAPES[0];
    let generated = variants::generate(source).expect("a Python Dockerfile");
    let mut shown = String::new();
    for variant in &generated.variants {
        let _ = write!(
            shown,
            "==== {} ({})\n{}\n---- notes\n{}\n",
            variant.name,
            variant.facts.image,
            variant.dockerfile,
            variant.notes.join("\n")
        );
    }
    let _ = write!(
        shown,
        "==== deployment (slim)\n{}",
        generated.variants[0].manifest
    );
    insta::assert_snapshot!(shown);
}

#[test]
fn corpus_python_dockerfiles() {
    let files = common::corpus_files("dockerfiles", |name| name.ends_with(".Dockerfile"));
    if files.is_empty() {
        return;
    }
    let mut generated_for = 0;
    let mut problems = Vec::new();
    for (name, source) in &files {
        let Ok(generated) = variants::generate(source) else {
            continue;
        };
        generated_for += 1;
        if let Err(found) = check(name, source, &generated) {
            problems.extend(found);
        }
    }
    eprintln!("variants generated for {generated_for} corpus Dockerfiles");
    assert!(
        generated_for >= 10,
        "only {generated_for} corpus Dockerfiles gave variants"
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
