//! One fact, one place: each fact below is written in exactly one file of the sources
//! (the rules crate, the CLI and the playground's Rust and JavaScript, outside comments
//! and tests), and every
//! other user asks that file. A second copy of a fact drifts from the first; this test
//! fails when one appears.

use std::path::{Path, PathBuf};

mod common;
use common::source_code as code;

/// A fact no file may write (its owner says it another way).
const NOWHERE: &str = "";

/// What is written, and the one file (under the workspace root) that may write it.
const FACTS: &[(&str, &str, &str)] = &[
    (
        "Docker Hub's names",
        "\"registry-1.docker.io\"",
        "crates/rules/src/knowledge/image_ref.rs",
    ),
    (
        "the POSIX shells",
        "\"mksh\"",
        "crates/rules/src/dockerfile/syntax/shell.rs",
    ),
    ("a shell named in a match", "| \"bash\"", NOWHERE),
    (
        "what counts as root",
        "\"ContainerAdministrator\"",
        "crates/rules/src/knowledge/users.rs",
    ),
    (
        "the Debian package managers",
        "\"aptitude\"",
        "crates/rules/src/knowledge/packages.rs",
    ),
    (
        "the Red Hat package managers",
        "\"microdnf\"",
        "crates/rules/src/knowledge/packages.rs",
    ),
    (
        "an OS family spelt out",
        "::Aptitude",
        "crates/rules/src/knowledge/packages.rs",
    ),
    (
        "Python's program names",
        "(program, \"python\")",
        "crates/rules/src/knowledge/packages.rs",
    ),
    ("Python's program names", "strip_prefix(\"python", NOWHERE),
    (
        "the Pod Security Standards version",
        "\"v1.",
        "crates/rules/src/engine/pss.rs",
    ),
    (
        "the file kinds' names",
        "=> \"requirements\"",
        "crates/rules/src/engine/registry.rs",
    ),
    (
        "a file kind read from its name",
        "\"requirements\" =>",
        NOWHERE,
    ),
    (
        "a file kind read from its name",
        "Some(\"kubernetes\")",
        NOWHERE,
    ),
    (
        "the instructions",
        "=> \"STOPSIGNAL\"",
        "crates/rules/src/dockerfile/syntax/tree.rs",
    ),
    (
        "the instructions as a list",
        "STOPSIGNAL HEALTHCHECK",
        NOWHERE,
    ),
    ("the codes that check nothing", "\"KS005\" |", NOWHERE),
    // The generated documents' shape is render::json::Document (the page's codec in
    // web/src/js.rs reads and writes the same fields as JavaScript objects).
    ("a document's shape", "\"v\": 1", NOWHERE),
    (
        "what a Compose file looks like",
        "strip_prefix(key)",
        "crates/rules/src/engine/registry.rs",
    ),
];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every source file (`.rs`, `.js`) under `dir`.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("reading a source folder") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs" || e == "js") {
            out.push(path);
        }
    }
}

/// The files (relative to the workspace) whose code has `needle`.
fn writers(sources: &[(String, String)], needle: &str) -> Vec<String> {
    sources
        .iter()
        .filter(|(_, code)| code.contains(needle))
        .map(|(path, _)| path.clone())
        .collect()
}

#[test]
fn each_fact_is_written_once() {
    let root = workspace();
    let mut paths = Vec::new();
    for dir in ["crates/rules/src", "crates/cli/src", "web/src", "web/js"] {
        files(&root.join(dir), &mut paths);
    }
    let sources: Vec<(String, String)> = paths
        .iter()
        .map(|path| {
            let relative = path.strip_prefix(&root).expect("under the workspace");
            let text = std::fs::read_to_string(path).expect("reading a source file");
            (relative.to_string_lossy().replace('\\', "/"), code(&text))
        })
        .collect();
    assert!(
        sources.len() > 200,
        "the sources were found: {}",
        sources.len()
    );
    let mut twice = Vec::new();
    for (fact, needle, owner) in FACTS {
        let found = writers(&sources, needle);
        let expected: &[&str] = if owner.is_empty() {
            &[]
        } else {
            std::slice::from_ref(owner)
        };
        if found != expected {
            twice.push(format!(
                "{fact} ({needle}): written in {found:?}, owned by {owner}"
            ));
        }
    }
    assert!(
        twice.is_empty(),
        "facts not in their one place:\n{}",
        twice.join("\n")
    );
}

#[test]
fn a_second_copy_is_seen() {
    let sources = [
        ("a.rs".to_owned(), code("const A: &str = \"aptitude\";\n")),
        ("b.rs".to_owned(), code("// \"aptitude\" in a comment\nfn f() {}\n#[cfg(test)]\nmod tests { const T: &str = \"aptitude\"; }\n")),
        ("c.rs".to_owned(), code("match p { \"aptitude\" => 1, _ => 0 }\n")),
    ];
    assert_eq!(writers(&sources, "\"aptitude\""), ["a.rs", "c.rs"]);
}
