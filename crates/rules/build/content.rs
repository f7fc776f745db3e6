//! Compiles `content/` at the repository's root into Rust statics: the course
//! (`content/lessons/`), the explanations of "explain any line" (`content/explain/`) and
//! the playground's examples (`content/examples/`), with the hardened Dockerfile and
//! Deployment they share (`content/hardened/`). The library carries the texts as data,
//! not a TOML parser. The TOML's shape is the types below; a file that does not fit
//! them, a file named that is not there, or a file under `content/` that nothing names
//! fails the build, with the file named.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Deserialize;

/// `content/lessons/course.toml`: the lessons' ids, in the course's order.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Course {
    lessons: Vec<String>,
}

/// `content/lessons/<id>/lesson.toml`: a `lessons::Lesson` but its id (the folder's
/// name) and its files' texts (real files beside it).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LessonToml {
    title: String,
    /// The checklist item it teaches, by its identifier (`non-root`).
    checklist: Option<String>,
    explanation: String,
    /// The files' names, in the order of their tabs: each is `start/NAME` and
    /// `solution/NAME` beside the lesson, unless `start` or `solution` names another.
    files: Vec<String>,
    hints: Vec<String>,
    reference: String,
    goal: GoalToml,
    #[serde(default)]
    start: BTreeMap<String, SharedFile>,
    #[serde(default)]
    solution: BTreeMap<String, SharedFile>,
}

/// A lesson's `[goal]`: a `lessons::Goal`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoalToml {
    text: String,
    /// Checklist items, by their identifiers.
    #[serde(default)]
    passes: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
    #[serde(default)]
    no_errors: bool,
    final_base: Option<String>,
}

/// A file taken from elsewhere under `content/` (`file`, relative to it), with comment
/// lines put above its text (`header`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SharedFile {
    file: String,
    header: Option<String>,
}

/// `content/examples/menu.toml`: the examples' ids, in the menu's order.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Menu {
    examples: Vec<String>,
}

/// `content/examples/<id>/example.toml`: an `examples::Example` but its id and texts.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExampleToml {
    title: String,
    /// The files' names, in the order of their tabs: each beside `example.toml`, unless
    /// `shared` names another.
    files: Vec<String>,
    #[serde(default)]
    shared: BTreeMap<String, SharedFile>,
}

/// `content/explain/dockerfile.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DockerfileTexts {
    instruction: Vec<InstructionText>,
    flag: Vec<FlagText>,
    mount: Vec<MountText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InstructionText {
    keyword: String,
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FlagText {
    instruction: String,
    /// Without its dashes (`chown`).
    flag: String,
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MountText {
    #[serde(rename = "type")]
    kind: String,
    text: String,
}

/// `content/explain/kubernetes.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KubernetesTexts {
    field: Vec<NamedText>,
}

/// `content/explain/compose.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ComposeTexts {
    key: Vec<NamedText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NamedText {
    name: String,
    text: String,
}

/// The `content/` folder as it is read: every file in it, and those something named.
struct Content {
    root: PathBuf,
    used: BTreeSet<String>,
}

impl Content {
    /// The text of `path` (relative to `content/`).
    fn read(&mut self, path: &str) -> String {
        let text = std::fs::read_to_string(self.root.join(path))
            .unwrap_or_else(|e| panic!("content/{path}: {e}"));
        self.used.insert(path.to_owned());
        text
    }

    fn toml<T: DeserializeOwned>(&mut self, path: &str) -> T {
        let text = self.read(path);
        toml::from_str(&text).unwrap_or_else(|e| panic!("content/{path}: {e}"))
    }

    /// A file's text: `shared`'s (with its header above it), or `own`'s.
    fn file(&mut self, own: &str, shared: Option<&SharedFile>, owner: &str) -> String {
        let Some(shared) = shared else {
            return self.read(own);
        };
        let text = self.read(&shared.file);
        match &shared.header {
            Some(header) => {
                assert!(
                    header.ends_with('\n') && header.lines().all(|l| l.starts_with('#')),
                    "content/{owner}: the header above {} must be whole comment lines",
                    shared.file
                );
                format!("{header}{text}")
            }
            None => text,
        }
    }

    /// Files under `content/` (but its README) that nothing named.
    fn unused(&self) -> Vec<String> {
        let mut all = Vec::new();
        every_file(&self.root, &self.root, &mut all);
        all.into_iter()
            .filter(|f| f != "README.md" && !self.used.contains(f))
            .collect()
    }
}

/// Every file under `dir`, relative to `root`, with `/` between folders.
fn every_file(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            every_file(root, &path, out);
        } else {
            let relative = path.strip_prefix(root).expect("under content/");
            out.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// A checklist item's identifier as its variant: `read-only-and-limits` is
/// `Checklist::ReadOnlyAndLimits` (the compiler checks that it is one).
fn checklist(id: &str, owner: &str) -> String {
    assert!(
        !id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
        "content/{owner}: `{id}` is not a checklist item's identifier (`non-root`)"
    );
    let mut out = String::from("Checklist::");
    for word in id.split('-') {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    out
}

/// Strings as a Rust slice literal.
fn strs(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
    format!("&[{}]", items.join(", "))
}

/// A folder's name as an id (`base-slim`).
fn check_id(id: &str, list: &str) {
    assert!(
        !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
        "content/{list}: `{id}` is not an id (lower-case letters, digits and `-`)"
    );
}

/// Names given twice, or shared files named for no file.
fn check_names(files: &[String], shared: &[&BTreeMap<String, SharedFile>], owner: &str) {
    assert!(!files.is_empty(), "content/{owner}: no `files`");
    for (n, name) in files.iter().enumerate() {
        assert!(
            !files[..n].contains(name),
            "content/{owner}: {name} is in `files` twice"
        );
    }
    for table in shared {
        for name in table.keys() {
            assert!(
                files.contains(name),
                "content/{owner}: a table names {name:?} for a file, but `files` does not list it"
            );
        }
    }
}

fn files_literal(type_name: &str, files: &[(String, String)]) -> String {
    let items: Vec<String> = files
        .iter()
        .map(|(name, text)| format!("{type_name} {{ name: {name:?}, text: {text:?} }}"))
        .collect();
    format!("&[{}]", items.join(", "))
}

fn lessons(content: &mut Content) -> String {
    let course: Course = content.toml("lessons/course.toml");
    let mut out = String::from(
        "// Generated by build.rs (build/content.rs) from content/lessons/.\n\n\
         pub(super) static LESSONS: &[Lesson] = &[\n",
    );
    for id in &course.lessons {
        check_id(id, "lessons/course.toml");
        let owner = format!("lessons/{id}/lesson.toml");
        let lesson: LessonToml = content.toml(&owner);
        check_names(&lesson.files, &[&lesson.start, &lesson.solution], &owner);
        let mut sides = Vec::new();
        for (side, shared) in [("start", &lesson.start), ("solution", &lesson.solution)] {
            let files: Vec<(String, String)> = lesson
                .files
                .iter()
                .map(|name| {
                    let own = format!("lessons/{id}/{side}/{name}");
                    (name.clone(), content.file(&own, shared.get(name), &owner))
                })
                .collect();
            sides.push(files_literal("LessonFile", &files));
        }
        let goal = &lesson.goal;
        let passes: Vec<String> = goal.passes.iter().map(|c| checklist(c, &owner)).collect();
        let _ = write!(
            out,
            "    Lesson {{\n        id: {id:?},\n        title: {:?},\n        checklist: {},\n        \
             explanation: {:?},\n        files: {},\n        goal: Goal {{\n            text: {:?},\n            \
             passes: &[{}],\n            absent: {},\n            no_errors: {},\n            final_base: {},\n        }},\n        \
             hints: {},\n        reference: {:?},\n        solution: {},\n    }},\n",
            lesson.title,
            lesson
                .checklist
                .as_deref()
                .map_or_else(|| "None".to_owned(), |c| format!("Some({})", checklist(c, &owner))),
            lesson.explanation,
            sides[0],
            goal.text,
            passes.join(", "),
            strs(&goal.absent),
            goal.no_errors,
            goal.final_base
                .as_ref()
                .map_or_else(|| "None".to_owned(), |b| format!("Some({b:?})")),
            strs(&lesson.hints),
            lesson.reference,
            sides[1],
        );
    }
    out.push_str("];\n");
    out
}

fn explanations(content: &mut Content) -> String {
    let mut terms: Vec<(String, &String)> = Vec::new();
    let dockerfile: DockerfileTexts = content.toml("explain/dockerfile.toml");
    let kubernetes: KubernetesTexts = content.toml("explain/kubernetes.toml");
    let compose: ComposeTexts = content.toml("explain/compose.toml");
    for t in &dockerfile.instruction {
        terms.push((format!("Term::Instruction({:?})", t.keyword), &t.text));
    }
    for t in &dockerfile.flag {
        terms.push((
            format!("Term::Flag({:?}, {:?})", t.instruction, t.flag),
            &t.text,
        ));
    }
    for t in &dockerfile.mount {
        terms.push((format!("Term::Mount({:?})", t.kind), &t.text));
    }
    for t in &kubernetes.field {
        terms.push((format!("Term::Kubernetes({:?})", t.name), &t.text));
    }
    for t in &compose.key {
        terms.push((format!("Term::Compose({:?})", t.name), &t.text));
    }
    let mut out = String::from(
        "// Generated by build.rs (build/content.rs) from content/explain/.\n\n\
         pub(super) static EXPLANATIONS: &[Explanation] = &[\n",
    );
    for (term, text) in terms {
        let _ = writeln!(out, "    Explanation {{ term: {term}, text: {text:?} }},");
    }
    out.push_str("];\n");
    out
}

fn examples(content: &mut Content) -> String {
    let menu: Menu = content.toml("examples/menu.toml");
    assert!(
        !menu.examples.is_empty(),
        "content/examples/menu.toml: no examples"
    );
    let mut entries = String::new();
    let mut later = Vec::new();
    for (n, id) in menu.examples.iter().enumerate() {
        check_id(id, "examples/menu.toml");
        let owner = format!("examples/{id}/example.toml");
        let example: ExampleToml = content.toml(&owner);
        check_names(&example.files, &[&example.shared], &owner);
        let files: Vec<(String, String)> = example
            .files
            .iter()
            .map(|name| {
                let own = format!("examples/{id}/{name}");
                (
                    name.clone(),
                    content.file(&own, example.shared.get(name), &owner),
                )
            })
            .collect();
        let files = files_literal("ExampleFile", &files);
        let files = if n == 0 {
            files
        } else {
            later.push(files);
            format!("LATER[{}]", later.len() - 1)
        };
        let _ = writeln!(
            entries,
            "    Example {{ id: {id:?}, title: {:?}, files: {files} }},",
            example.title
        );
    }
    let count = later.len();
    format!(
        "// Generated by build.rs (build/content.rs) from content/examples/.\n\n\
         pub(super) static EXAMPLES: &[Example] = &[\n{entries}];\n\n\
         /// The files of the examples but the first. The page's WebAssembly leaves them out:\n\
         /// it reads them from `web/generated/examples.js` when one is picked.\n\
         #[cfg(not(target_arch = \"wasm32\"))]\n\
         const LATER: [&[ExampleFile]; {count}] = [\n    {}\n];\n\
         #[cfg(target_arch = \"wasm32\")]\n\
         const LATER: [&[ExampleFile]; {count}] = [&[]; {count}];\n",
        later.join(",\n    ")
    )
}

/// Read `content/` (beside the crates) and write `content_lessons.rs`,
/// `content_explain.rs` and `content_examples.rs` into `out_dir`.
pub fn compile(manifest: &str, out_dir: &str) {
    let root = Path::new(manifest).join("../../content");
    println!("cargo::rerun-if-changed={}", root.display());
    let mut content = Content {
        root,
        used: BTreeSet::new(),
    };
    let outputs = [
        ("content_lessons.rs", lessons(&mut content)),
        ("content_explain.rs", explanations(&mut content)),
        ("content_examples.rs", examples(&mut content)),
    ];
    let unused = content.unused();
    assert!(
        unused.is_empty(),
        "files under content/ that no lesson.toml, example.toml or list names: {unused:?}"
    );
    for (file, text) in outputs {
        std::fs::write(Path::new(out_dir).join(file), text)
            .unwrap_or_else(|e| panic!("write {file}: {e}"));
    }
}
