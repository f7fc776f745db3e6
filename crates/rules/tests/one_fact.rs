//! One fact, one place: each fact below is written in exactly one file of the sources
//! (the rules crate and its build script, the CLI, the xtask and the playground's Rust
//! and JavaScript, outside comments and tests), and every other user asks that file. A
//! second copy of a fact drifts from the first; this test fails when one appears. The
//! texts of the course, the explanations and the examples are in `content/` alone: no
//! source writes one as a string literal. The image
//! catalog is one data file, `data/images.toml`, which `knowledge::catalog` owns: no
//! other data file describes images, and the sources do not restate what it says.

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
    // The Dockerfiles of the lessons and the examples, and the hardened one, are files of
    // content/: a literal that starts one (`"FROM`, after `\n`, or a raw string's line)
    // is a copy.
    (
        "a Dockerfile of content/",
        "\"FROM python:3.13-slim",
        NOWHERE,
    ),
    (
        "a Dockerfile of content/",
        "\\nFROM python:3.13-slim",
        NOWHERE,
    ),
    (
        "a Dockerfile of content/",
        "\nFROM python:3.13-slim",
        NOWHERE,
    ),
];

/// The files that held the texts of `content/` as Rust literals.
const GONE: &[&str] = &[
    "crates/rules/src/lessons/course.rs",
    "crates/rules/src/explain/texts.rs",
];

/// The folders (and files) of the sources, under the workspace root.
const SOURCES: &[&str] = &[
    "crates/rules/src",
    "crates/rules/build",
    "crates/rules/build.rs",
    "crates/cli/src",
    "crates/xtask/src",
    "web/src",
    "web/js",
];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every source file (`.rs`, `.js`) under `dir` (or `dir` itself, a file).
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    if dir.is_file() {
        out.push(dir.to_owned());
        return;
    }
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

/// Every source file, relative to the workspace, and its code (see [`code`]).
fn sources() -> Vec<(String, String)> {
    let root = workspace();
    let mut paths = Vec::new();
    for dir in SOURCES {
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
    sources
}

#[test]
fn each_fact_is_written_once() {
    let sources = sources();
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

/// What a copy of `text` as a string literal shows, however the literal is written (raw,
/// or with its quotes and backslashes escaped; its lines apart, or joined by `\n`): of
/// prose, each line's longest stretch between quotes, backslashes and braces, from 30
/// characters; of a file, every run of seven lines (a shorter file whole, from four).
fn marks(text: &str, file: bool) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    if !file {
        return lines
            .iter()
            .filter_map(|line| {
                line.split(['"', '\\', '{', '}'])
                    .map(str::trim)
                    .max_by_key(|piece| piece.len())
                    .filter(|piece| piece.len() >= 30)
                    .map(str::to_owned)
            })
            .collect();
    }
    if lines.len() < 4 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for run in lines.windows(lines.len().min(7)) {
        let escaped: Vec<String> = run
            .iter()
            .map(|l| l.replace('\\', "\\\\").replace('"', "\\\""))
            .collect();
        for newline in ["\n", "\\n"] {
            out.push(run.join(newline));
            out.push(escaped.join(newline));
        }
    }
    out
}

/// The texts of `content/`, as the library has them: `(text, whether it is a file)`.
fn content_texts() -> Vec<(&'static str, bool)> {
    let mut texts = Vec::new();
    for lesson in bulkhead_rules::lessons::all() {
        let prose = [
            lesson.title,
            lesson.explanation,
            lesson.goal.text,
            lesson.reference,
        ];
        texts.extend(prose.iter().chain(lesson.hints).map(|t| (*t, false)));
        texts.extend(
            lesson
                .files
                .iter()
                .chain(lesson.solution)
                .map(|f| (f.text, true)),
        );
    }
    texts.extend(
        bulkhead_rules::explain::all()
            .iter()
            .map(|e| (e.text, false)),
    );
    for example in bulkhead_rules::examples::all() {
        texts.push((example.title, false));
        texts.extend(example.files.iter().map(|f| (f.text, true)));
    }
    texts
}

/// The sources whose code has a mark of one of `texts`, each with the text's start.
fn copies(sources: &[(String, String)], texts: &[(&str, bool)]) -> Vec<String> {
    let mut found = Vec::new();
    for (text, file) in texts {
        let marks = marks(text, *file);
        for (path, code) in sources {
            if marks.iter().any(|mark| code.contains(mark.as_str())) {
                let start: String = text.chars().take(50).collect();
                found.push(format!("{path}: {start:?}…"));
            }
        }
    }
    found
}

#[test]
fn the_course_the_explanations_and_the_examples_are_written_in_content_only() {
    let root = workspace();
    for gone in GONE {
        assert!(
            !root.join(gone).exists(),
            "{gone} is back: its texts are in content/"
        );
    }
    let texts = content_texts();
    assert!(texts.len() > 250, "the texts were found: {}", texts.len());
    let found = copies(&sources(), &texts);
    assert!(
        found.is_empty(),
        "texts of content/ written as literals in the sources:\n{}",
        found.join("\n")
    );
}

#[test]
fn a_copy_of_content_is_seen() {
    let explanation = "Runs a command at build time and saves the result as a new layer.";
    let dockerfile = "FROM python:3.13-slim\nWORKDIR /app\nCOPY app.py .\nUSER 65532\nCMD [\"python\", \"app.py\"]\n";
    let texts = [(explanation, false), (dockerfile, true)];
    let sources = [
        (
            "raw.rs".to_owned(),
            code(&format!("const D: &str = r#\"{dockerfile}\"#;\n")),
        ),
        (
            "escaped.rs".to_owned(),
            code(&format!("const D: &str = {dockerfile:?};\n")),
        ),
        (
            "prose.js".to_owned(),
            code(&format!("export const text = {explanation:?};\n")),
        ),
        (
            "comment.rs".to_owned(),
            code(&format!("// {explanation}\nfn f() {{}}\n")),
        ),
    ];
    let found = copies(&sources, &texts);
    let paths: Vec<&str> = found
        .iter()
        .map(|f| f.split(':').next().unwrap_or_default())
        .collect();
    assert_eq!(paths, ["prose.js", "raw.rs", "escaped.rs"], "{found:?}");
    // A Dockerfile starting a literal, after an escaped newline or on a raw string's line.
    let literals = [
        (
            "a.rs".to_owned(),
            code("const D: &str = \"FROM python:3.13-slim\\n\";\n"),
        ),
        (
            "b.rs".to_owned(),
            code("const D: &str = \"# Hi\\nFROM python:3.13-slim\\n\";\n"),
        ),
        (
            "c.rs".to_owned(),
            code("const D: &str = r\"\n# Hi\nFROM python:3.13-slim\n\";\n"),
        ),
        (
            "d.rs".to_owned(),
            code("const HELP: &str = \"add `FROM python:3.13-slim`\";\n"),
        ),
    ];
    let written: Vec<Vec<String>> = FACTS
        .iter()
        .filter(|(fact, _, _)| *fact == "a Dockerfile of content/")
        .map(|(_, needle, _)| writers(&literals, needle))
        .collect();
    assert_eq!(written, [["a.rs"], ["b.rs"], ["c.rs"]]);
}

/// The one data file of images, and the tables it may have.
const CATALOG_FILE: &str = "images.toml";
const CATALOG_TABLES: &[&str] = &["[[image]]", "[[image.variant]]", "[[eol]]", "[[pin]]"];

/// Keys only an image's facts have: a data file that writes them describes images.
const IMAGE_KEYS: &[&str] = &["interpreter", "default_user", "package_manager", "libc"];

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

/// The sources that write a catalog value (the course's Dockerfiles, which show what a
/// learner writes, are data in content/).
fn restated(sources: &[(String, String)], paths: &[&str], images: &[String]) -> Vec<String> {
    let needles = paths
        .iter()
        .copied()
        .chain(images.iter().map(String::as_str));
    needles
        .flat_map(|needle| {
            writers(sources, needle)
                .into_iter()
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
