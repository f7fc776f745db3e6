//! One fact, one place: each fact below is written in exactly one file of the sources
//! (the rules crate, the CLI and the playground's Rust and JavaScript, outside comments
//! and tests), and every
//! other user asks that file. A second copy of a fact drifts from the first; this test
//! fails when one appears. The image catalog is one data file, `data/images.toml`, which
//! `knowledge::catalog` owns: no other data file describes images, and the sources do
//! not restate what it says.

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

/// The code of every source file (relative to the workspace, with its code).
fn sources() -> Vec<(String, String)> {
    let root = workspace();
    let mut paths = Vec::new();
    for dir in ["crates/rules/src", "crates/cli/src", "web/src", "web/js"] {
        files(&root.join(dir), &mut paths);
    }
    paths
        .iter()
        .map(|path| {
            let relative = path.strip_prefix(&root).expect("under the workspace");
            let text = std::fs::read_to_string(path).expect("reading a source file");
            (relative.to_string_lossy().replace('\\', "/"), code(&text))
        })
        .collect()
}

#[test]
fn each_fact_is_written_once() {
    let sources = sources();
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

/// The one data file of images, and the tables it may have.
const CATALOG_FILE: &str = "images.toml";
const CATALOG_TABLES: &[&str] = &["[[image]]", "[[image.variant]]", "[[eol]]", "[[pin]]"];

/// Keys only an image's facts have: a data file that writes them describes images.
const IMAGE_KEYS: &[&str] = &["interpreter", "default_user", "package_manager", "libc"];

/// Where a course's example Dockerfiles may name images and interpreters: they show
/// what a learner writes, and the lessons' tests lint them.
const EXAMPLES: &str = "crates/rules/src/lessons/";

/// The lines of data file `name` that make it a second catalog of images: in another
/// file, a table of images or bases or a key of an image's facts; in the catalog, a
/// table that is not one of its own.
fn second_catalog(name: &str, text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| {
            if name == CATALOG_FILE {
                return line.starts_with("[[") && !CATALOG_TABLES.contains(line);
            }
            let key = line.split('=').next().unwrap_or_default().trim();
            ["[image", "[[image", "[base", "[[base"]
                .iter()
                .any(|table| line.starts_with(table))
                || (line.contains('=') && IMAGE_KEYS.contains(&key))
        })
        .map(|line| format!("{name}: {line}"))
        .collect()
}

/// What the catalog says that code must ask it for: each interpreter's path (written
/// nowhere, not even inside a longer text), and each image a variant runs or builds
/// on, with a tag or a registry (written nowhere as a string of its own).
fn catalog_values() -> (Vec<&'static str>, Vec<String>) {
    use bulkhead_rules::knowledge::catalog::{bases, catalog};
    let mut paths: Vec<&str> = catalog()
        .image
        .iter()
        .filter_map(|e| e.interpreter)
        .collect();
    let mut images = Vec::new();
    for base in bases() {
        let variant = base.variant;
        paths.extend(variant.interpreter);
        for image in [
            Some(variant.image),
            Some(variant.builder),
            variant.debug_image,
        ]
        .into_iter()
        .flatten()
        .filter(|image| image.contains([':', '/']))
        {
            images.push(format!("\"{image}\""));
        }
    }
    paths.sort_unstable();
    paths.dedup();
    images.sort_unstable();
    images.dedup();
    (paths, images)
}

/// The sources (but the course's examples) that write a catalog value.
fn restated(sources: &[(String, String)], paths: &[&str], images: &[String]) -> Vec<String> {
    let needles = paths
        .iter()
        .copied()
        .chain(images.iter().map(String::as_str));
    needles
        .flat_map(|needle| {
            writers(sources, needle)
                .into_iter()
                .filter(|file| !file.starts_with(EXAMPLES))
                .map(move |file| format!("{file} writes {needle}"))
        })
        .collect()
}

#[test]
fn the_image_catalog_is_one_file() {
    let data = workspace().join("crates/rules/data");
    let mut found = Vec::new();
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&data).expect("reading crates/rules/data") {
        let path = entry.expect("a directory entry").path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if let Some(name) = name.filter(|n| n.ends_with(".toml")) {
            let text = std::fs::read_to_string(&path).expect("reading a data file");
            found.extend(second_catalog(&name, &text));
            names.push(name);
        }
    }
    assert!(
        names.iter().any(|n| n == CATALOG_FILE),
        "the catalog is crates/rules/data/{CATALOG_FILE}: {names:?}"
    );
    assert!(
        found.is_empty(),
        "a second image catalog:\n{}",
        found.join("\n")
    );

    let (interpreters, images) = catalog_values();
    assert!(
        interpreters.contains(&"/usr/local/bin/python") && images.len() > 15,
        "the catalog's values were read: {interpreters:?} {images:?}"
    );
    let written = restated(&sources(), &interpreters, &images);
    assert!(
        written.is_empty(),
        "catalog facts written outside the catalog (ask knowledge::catalog):\n{}",
        written.join("\n")
    );
}

#[test]
fn a_second_catalog_is_seen() {
    assert_eq!(
        second_catalog("bases.toml", "[[base]]\nimage = \"python:3.13-slim\"\n"),
        ["bases.toml: [[base]]"]
    );
    assert_eq!(
        second_catalog(
            "runtimes.toml",
            "[[runtime]]\ninterpreter = \"/usr/bin/python3\"\n"
        ),
        ["runtimes.toml: interpreter = \"/usr/bin/python3\""]
    );
    assert_eq!(
        second_catalog(CATALOG_FILE, "[[image]]\n[[image.variant]]\n[[base]]\n"),
        ["images.toml: [[base]]"]
    );
    assert!(second_catalog("other.toml", "[[eol]]\nrepository = \"python\"\n").is_empty());
    let sources = [
        (
            "crates/rules/src/variants/python.rs".to_owned(),
            code("let p = facts.interpreter().unwrap_or(\"/usr/bin/python3\");\n"),
        ),
        (
            "crates/rules/src/variants/go.rs".to_owned(),
            code("// the venv links to /usr/local/bin/python\nconst B: &str = \"golang:1.27\";\n"),
        ),
        (
            "crates/rules/src/lessons/course.rs".to_owned(),
            code("ENTRYPOINT [\"/usr/bin/python3\", \"app.py\"]\n"),
        ),
    ];
    assert_eq!(
        restated(
            &sources,
            &["/usr/bin/python3", "/usr/local/bin/python"],
            &["\"golang:1.27\"".to_owned()]
        ),
        [
            "crates/rules/src/variants/python.rs writes /usr/bin/python3",
            "crates/rules/src/variants/go.rs writes \"golang:1.27\"",
        ]
    );
}
