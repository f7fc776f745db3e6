//! The crate's layers look only down, and no files import each other in a circle.
//!
//! Read from the sources themselves: every `crate::…` and `super::…` path outside
//! comments and test modules. A top-level module may use only the modules of the
//! layers below its own (a name the crate root re-exports counts as the module it comes
//! from); within the crate, the files' imports have no cycle (a `mod.rs` that only
//! re-exports its children is not a step of one).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

mod common;
use common::source_code as code;

/// The layers, from the bottom: what the world is (images, standards), what every
/// language shares, the languages (YAML first, which two of them read), what joins
/// their files, the checklist over them, the linter that runs them all, and what is
/// made from the linter's findings.
const LAYERS: &[&[&str]] = &[
    &["knowledge"],
    &["engine"],
    &["yaml"],
    &["dockerfile", "requirements", "kubernetes", "compose"],
    &["crossfile"],
    &["hardening"],
    &["linter"],
    &["variants", "lessons", "examples", "render", "explain"],
];

/// Files that are only compiled for tests (declared under `#[cfg(test)]`).
const TEST_ONLY: &[&str] = &["linter/testing.rs"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// Every `.rs` file under `dir`, relative to `src/`.
fn files(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("reading src/") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path.strip_prefix(src()).expect("under src/");
            out.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// The paths a file names: each as its first word (`crate`, `super`) and the
/// lowercase segments after it (the modules, and perhaps a function).
fn paths(code: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    for start in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(at) = code[from..].find(start) {
            let at = from + at;
            from = at + start.len();
            // `$crate::` in a macro is `crate::`; `mycrate::` is something else.
            let before = at.checked_sub(1).map(|i| bytes[i]);
            if before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
                continue;
            }
            let mut segments = Vec::new();
            let mut rest = &code[from..];
            loop {
                let end = rest
                    .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
                    .unwrap_or(rest.len());
                if end == 0 {
                    break;
                }
                segments.push(rest[..end].to_owned());
                match rest[end..].strip_prefix("::") {
                    Some(next) => rest = next,
                    None => break,
                }
            }
            out.push((start.trim_end_matches(':').to_owned(), segments));
        }
    }
    out
}

/// The module path of a file (`dockerfile/syntax/parser.rs` → `dockerfile::syntax::parser`).
fn module_of(file: &str) -> Vec<String> {
    let mut parts: Vec<String> = file
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_owned)
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// The file a module path names, the longest prefix that is one.
fn file_of(modules: &[String], known: &BTreeSet<String>) -> Option<String> {
    (1..=modules.len()).rev().find_map(|n| {
        let base = modules[..n].join("/");
        [format!("{base}.rs"), format!("{base}/mod.rs")]
            .into_iter()
            .find(|f| known.contains(f))
    })
}

/// What the crate root re-exports: each name and the top-level module it comes from.
fn root_names() -> BTreeMap<String, String> {
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("reading lib.rs");
    let mut names = BTreeMap::new();
    for item in lib.split("pub use ").skip(1) {
        let item = item.split(';').next().unwrap_or_default();
        let module = item
            .split("::")
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned();
        let list = item.rsplit("::").next().unwrap_or_default();
        for name in list
            .trim_matches(|c: char| c == '{' || c == '}' || c.is_whitespace())
            .split(',')
        {
            let name = name.trim();
            if !name.is_empty() {
                names.insert(name.to_owned(), module.clone());
            }
        }
    }
    names
}

#[test]
fn every_module_imports_only_the_layers_below_it() {
    let mut all = Vec::new();
    files(&src(), &mut all);
    let roots = root_names();
    assert!(
        roots.get("Linter").is_some_and(|m| m == "linter"),
        "{roots:?}"
    );
    let mut upward = Vec::new();
    for file in &all {
        let top = file
            .split('/')
            .next()
            .unwrap_or_default()
            .trim_end_matches(".rs");
        let Some(own) = layer(top) else {
            assert!(
                ["lib", "main"].contains(&top),
                "src/{file}: its module `{top}` is in no layer of LAYERS"
            );
            continue;
        };
        let text = std::fs::read_to_string(src().join(file)).expect("reading a source file");
        for (first, segments) in paths(&code(&text)) {
            if first != "crate" {
                continue;
            }
            let Some(name) = segments.first() else {
                continue;
            };
            let target = roots.get(name).map_or(name.as_str(), String::as_str);
            if target == top {
                continue;
            }
            match layer(target) {
                Some(theirs) if theirs < own => {}
                Some(_) => upward.push(format!("src/{file} uses crate::{}", segments.join("::"))),
                // A name defined in lib.rs itself (`VERSION`) or a function's name.
                None => {}
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports from a layer to one above it or beside it (LAYERS):\n{}",
        upward.join("\n")
    );
}

/// A cycle through `file`, by depth-first search for a back edge.
fn visit<'a>(
    file: &'a str,
    edges: &'a BTreeMap<String, BTreeSet<String>>,
    state: &mut BTreeMap<&'a str, bool>,
    path: &mut Vec<&'a str>,
) -> Option<Vec<String>> {
    match state.get(file) {
        Some(true) => return None,
        Some(false) => {
            let at = path.iter().position(|f| *f == file).unwrap_or(0);
            return Some(path[at..].iter().map(|f| (*f).to_owned()).collect());
        }
        None => {}
    }
    state.insert(file, false);
    path.push(file);
    for next in edges.get(file).into_iter().flatten() {
        if let Some(cycle) = visit(next, edges, state, path) {
            return Some(cycle);
        }
    }
    path.pop();
    state.insert(file, true);
    None
}

#[test]
fn no_files_import_each_other_in_a_circle() {
    let mut all = Vec::new();
    files(&src(), &mut all);
    let known: BTreeSet<String> = all.iter().cloned().collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in all.iter().filter(|f| !TEST_ONLY.contains(&f.as_str())) {
        let text = std::fs::read_to_string(src().join(file)).expect("reading a source file");
        let here = module_of(file);
        for (first, segments) in paths(&code(&text)) {
            let mut modules = if first == "crate" {
                Vec::new()
            } else {
                // `super` of a file `a/b.rs` (module a::b) is `a`; of `a/b/mod.rs` also `a`.
                here[..here.len().saturating_sub(1)].to_vec()
            };
            modules.extend(segments);
            let Some(target) = file_of(&modules, &known) else {
                continue;
            };
            // A folder's mod.rs re-exports its children: not a step of a cycle.
            if target != *file && !target.ends_with("mod.rs") && target != "lib.rs" {
                edges.entry(file.clone()).or_default().insert(target);
            }
        }
    }
    let mut state = BTreeMap::new();
    for file in edges.keys() {
        let cycle = visit(file, &edges, &mut state, &mut Vec::new());
        assert!(
            cycle.is_none(),
            "files that import each other: {}",
            cycle.unwrap_or_default().join(" → ")
        );
    }
}

#[test]
fn the_checks_see_a_circle_and_an_upward_import() {
    // The readers above, on made-up code: they must be able to fail.
    let code = code("use crate::linter::project::lint;\n// use crate::render;\nfn f() { super::tree::Word::new(); }\n#[cfg(test)]\nmod tests { use crate::render; }\n");
    let found = paths(&code);
    assert_eq!(
        found,
        [
            (
                "crate".to_owned(),
                vec!["linter".to_owned(), "project".to_owned(), "lint".to_owned()]
            ),
            ("super".to_owned(), vec!["tree".to_owned()]),
        ]
    );
    let known: BTreeSet<String> = ["dockerfile/syntax/tree.rs".to_owned()].into();
    let modules = ["dockerfile", "syntax", "tree"].map(str::to_owned);
    assert_eq!(
        file_of(&modules, &known).as_deref(),
        Some("dockerfile/syntax/tree.rs")
    );
    assert!(layer("engine") < layer("linter") && layer("dockerfile") == layer("compose"));
}

#[test]
fn the_readme_maps_every_layer_of_the_tree() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md"))
            .expect("reading README.md");
    let map = readme
        .split("Inside `crates/rules/src`")
        .nth(1)
        .and_then(|rest| rest.split("```").nth(1))
        .expect("README.md has the map of crates/rules/src");
    // Each entry of the map starts its line (`engine/`, `hardening.rs`), and a few
    // share one (`variants/  ...;  lessons/`).
    let mapped: BTreeSet<String> = map
        .split_whitespace()
        .filter(|word| word.ends_with('/') || word.ends_with(".rs"))
        .filter(|word| {
            word.chars()
                .all(|c| c.is_ascii_lowercase() || c == '_' || c == '/' || c == '.')
        })
        .map(|word| {
            word.trim_end_matches('/')
                .trim_end_matches(".rs")
                .to_owned()
        })
        .collect();
    let tree: BTreeSet<String> = std::fs::read_dir(src())
        .expect("reading src/")
        .map(|entry| {
            let name = entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned();
            name.trim_end_matches(".rs").to_owned()
        })
        .collect();
    let missing: Vec<_> = tree.difference(&mapped).collect();
    assert!(
        missing.is_empty(),
        "README.md's map of crates/rules/src lacks {missing:?}"
    );
    // Names the map gives that are not a top-level module are its folders' own files.
    for module in LAYERS.iter().flat_map(|layer| layer.iter()) {
        assert!(
            tree.contains(*module),
            "LAYERS names {module}, which src/ does not have"
        );
        assert!(mapped.contains(*module), "README.md's map lacks {module}");
    }
}

#[test]
fn static_holds_only_hand_written_files() {
    // What `cargo xtask generate-all` makes goes to web/generated/ (and docs/); what the
    // build makes (the JavaScript bundles), to target/bundle/. static/ has no folders.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut made = Vec::new();
    for entry in std::fs::read_dir(root.join("static")).expect("reading static/") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            // static/gen/ was the bundles' folder before target/bundle/.
            made.push(format!(
                "{} (a folder: build output goes under target/)",
                path.display()
            ));
        } else {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            if text.lines().next().is_some_and(|l| l.contains("Generated")) {
                made.push(path.display().to_string());
            }
        }
    }
    assert!(made.is_empty(), "generated files in static/: {made:?}");
    let generated = std::fs::read_dir(root.join("web/generated"))
        .expect("web/generated/")
        .count();
    assert!(
        generated >= 4,
        "the generated modules are in web/generated/"
    );
}

#[test]
fn the_readme_layout_names_only_what_the_tree_has_and_every_folder() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let readme = std::fs::read_to_string(root.join("README.md")).expect("reading README.md");
    let map = readme
        .split("## Layout")
        .nth(1)
        .and_then(|rest| rest.split("```").nth(1))
        .expect("README.md has a Layout map");
    // Each line starts with a path (`crates/rules`, `web/js/`, `x`).
    let named: Vec<&str> = map
        .lines()
        .filter(|line| !line.starts_with(' ') && !line.trim().is_empty())
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    assert!(named.len() >= 10, "{named:?}");
    for path in &named {
        assert!(
            root.join(path).exists(),
            "README.md's Layout names {path}, which the tree lacks"
        );
    }
    // Every crate is in it.
    for entry in std::fs::read_dir(root.join("crates")).expect("reading crates/") {
        let name = entry.expect("an entry").file_name();
        let path = format!("crates/{}", name.to_string_lossy());
        assert!(
            named.iter().any(|p| p.trim_end_matches('/') == path),
            "README.md's Layout lacks {path}"
        );
    }
    // Every folder at the top of the tree is in it.
    for entry in std::fs::read_dir(&root).expect("reading the root") {
        let entry = entry.expect("an entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        let ignored = ["target", "node_modules", "dist", ".git"].contains(&name.as_str());
        if entry.path().is_dir() && !ignored {
            assert!(
                named
                    .iter()
                    .any(|p| p.trim_end_matches('/').split('/').next() == Some(name.as_str())),
                "README.md's Layout lacks the folder {name}/"
            );
        }
    }
}

#[test]
fn the_readme_says_each_thing_once() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let readme = std::fs::read_to_string(root.join("README.md")).expect("reading README.md");
    let mut seen = std::collections::BTreeSet::new();
    let mut twice = Vec::new();
    // Headings, and paragraphs (or bullets) long enough to be a statement of their own.
    let parts = readme.split("\n\n").flat_map(|p| p.split("\n- "));
    for part in parts
        .map(str::trim)
        .filter(|p| p.starts_with('#') || p.len() > 120)
    {
        // Code blocks repeat commands on purpose.
        if part.contains("```") || part.starts_with('|') {
            continue;
        }
        if !seen.insert(part) {
            twice.push(part.lines().next().unwrap_or_default().to_owned());
        }
    }
    assert!(twice.is_empty(), "said twice in README.md: {twice:?}");
}

#[test]
fn each_language_lints_its_own_files() {
    // One `lint` per language, which the linter calls with its checks; the linter runs
    // no language's checks itself.
    for language in ["dockerfile", "kubernetes", "compose", "requirements"] {
        let lint = std::fs::read_to_string(src().join(language).join("lint.rs"))
            .unwrap_or_else(|_| panic!("{language}/lint.rs"));
        assert!(
            lint.contains("pub(crate) fn lint("),
            "{language}/lint.rs has no lint"
        );
    }
    let project = std::fs::read_to_string(src().join("linter/project.rs")).expect("project.rs");
    let code = common::source_code(&project);
    for context in [
        "DockerfileContext",
        "KubernetesContext",
        "ComposeContext",
        "RequirementsContext",
    ] {
        assert!(
            !code.contains(context),
            "linter/project.rs builds a {context} itself"
        );
    }
}
