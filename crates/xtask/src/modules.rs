//! The page's generated JavaScript modules (`web/generated/`), which it imports only
//! when it needs them, so that its first load stays small:
//! - `rule-docs.js`: every rule's documentation as HTML (the page's wasm leaves the docs
//!   out, see the rules crate's `docs` feature), each rule's example as a document for
//!   `?try=CODE`, and the standards each rule implements, for the editor's hover;
//! - `lessons.js`: the course, each lesson's files as a document (as share links hold
//!   them) and its solution as a diff, for `#lesson/ID`;
//! - `examples.js`: the examples but the first (which is the page's own), each as a
//!   document, for the examples menu;
//! - `explain.js`: the explanation of every instruction, flag and field, for the
//!   editor's first explanation.

use std::fmt::Write as _;

use bulkhead_rules::engine::fix::unified_diff;
use bulkhead_rules::explain::Term;
use bulkhead_rules::lessons::LessonFile;
use bulkhead_rules::linter::registry::RULES;
use bulkhead_rules::render::{docs_html, escape_html};
use bulkhead_rules::FileKind;
use serde_json::{json, Value};

pub fn rule_docs() -> String {
    let mut out = String::from(
        "// Generated from each rule's doc comment by `cargo xtask generate-all`;\n\
         // do not edit. The playground imports it when a rule's documentation is opened.\n\
         export default {\n",
    );
    for rule in RULES {
        let docs = rule.meta.docs();
        assert!(!docs.is_empty(), "{} has no documentation", rule.meta.code);
        let code = serde_json::to_string(rule.meta.code).expect("a string");
        // The severity and checklist item head the panel (the page itself carries neither
        // text, to stay small); the other tools' checks are under References.
        let mut meta = format!("Severity: {}", rule.meta.severity.as_str());
        if let Some(item) = rule.meta.checklist {
            write!(meta, " · Checklist: {}", item.title()).expect("writing to a String");
        }
        let mut html = String::from("<p class=\"rule-meta\">");
        escape_html(&meta, &mut html);
        html.push_str("</p>");
        if bulkhead_rules::linter::codes::is_preview(rule.meta.code) {
            html.push_str("<p class=\"rule-meta\">");
            escape_html(bulkhead_rules::linter::codes::PREVIEW_NOTE, &mut html);
            html.push_str("</p>");
        }
        html.push_str(&docs_html(&docs));
        if !rule.meta.example_files().is_empty() {
            write!(
                html,
                "<p><a class=\"try-it\" data-testid=\"try-it\" href=\"?try={}\">Try the example in the playground</a></p>",
                rule.meta.code
            )
            .expect("writing to a String");
        }
        let docs = serde_json::to_string(&html).expect("a string");
        writeln!(out, "  {code}: {docs},").expect("writing to a String");
    }
    out.push_str("};\n");
    // Each rule's example as a document (as share links hold them) for `?try=CODE`, with
    // the one trusted registry the DF108 example names.
    out.push_str("export const tryIt = {\n");
    for rule in RULES {
        let files = rule.meta.example_files();
        if !files.is_empty() {
            let mut document = serde_json::to_value(bulkhead_rules::render::json::document(
                files
                    .iter()
                    .map(|(name, kind, text)| (*name, *kind, text.as_str())),
            ))
            .expect("a document serialises");
            document["settings"] =
                serde_json::json!({ "trustedRegistries": ["registry.example.com"] });
            let code = serde_json::to_string(rule.meta.code).expect("a string");
            writeln!(out, "  {code}: {document},").expect("writing to a String");
        }
    }
    out.push_str("};\n");
    // The standards' items of each rule, for the editor's hover.
    out.push_str("export const references = {\n");
    for rule in RULES {
        let items: Vec<String> = rule
            .meta
            .references()
            .iter()
            .map(|r| r.item.cite())
            .collect();
        if !items.is_empty() {
            let code = serde_json::to_string(rule.meta.code).expect("a string");
            let items = serde_json::to_string(&items).expect("strings");
            writeln!(out, "  {code}: {items},").expect("writing to a String");
        }
    }
    out.push_str("};\n");
    out
}

fn document(files: &[LessonFile]) -> Value {
    let kinds = files.iter().map(|f| {
        (
            f.name,
            FileKind::for_file_or_manifest(f.name, f.text),
            f.text,
        )
    });
    serde_json::to_value(bulkhead_rules::render::json::document(kinds))
        .expect("a document serialises")
}

pub fn lessons() -> String {
    let lessons: Vec<Value> = bulkhead_rules::lessons::all()
        .iter()
        .map(|l| {
            let diff: String = l
                .files
                .iter()
                .zip(l.solution)
                .map(|(start, solved)| unified_diff(start.name, start.text, solved.text))
                .collect();
            json!({
                "id": l.id,
                "title": l.title,
                "checklist": l.checklist.map(bulkhead_rules::Checklist::title),
                "explanation": l.explanation,
                "document": document(l.files),
                "goal": {
                    "text": l.goal.text,
                    "passes": l.goal.passes.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
                    "absent": l.goal.absent,
                    "noErrors": l.goal.no_errors,
                    "finalBase": l.goal.final_base,
                },
                "hints": l.hints,
                "reference": l.reference,
                "solution": diff,
            })
        })
        .collect();
    let mut out = String::from(
        "// Generated from crates/rules/src/lessons by `cargo xtask generate-all`;\n\
         // do not edit. The playground imports it when a lesson is opened.\n\
         export default ",
    );
    out.push_str(&serde_json::to_string_pretty(&lessons).expect("JSON"));
    out.push_str(";\n");
    out
}

pub fn examples() -> String {
    let mut out = String::from(
        "// Generated from content/examples by `cargo xtask generate-all`; do not edit. The playground\n\
         // imports it when an example other than the first is picked.\n\
         export default {\n",
    );
    for example in bulkhead_rules::examples::all().iter().skip(1) {
        let document = bulkhead_rules::render::json::document(example.files_with_kinds());
        let document = serde_json::to_string(&document).expect("a document serialises");
        writeln!(out, "  {}: {document},", json!(example.id)).expect("writing to a String");
    }
    out.push_str("};\n");
    out
}

pub fn explanations() -> String {
    let mut tables: [(&str, String); 3] = [
        ("dockerfile", String::new()),
        ("kubernetes", String::new()),
        ("compose", String::new()),
    ];
    for e in bulkhead_rules::explain::all() {
        let (table, key) = match e.term {
            Term::Instruction(keyword) => (0, keyword.to_owned()),
            Term::Flag(instruction, flag) => (0, format!("{instruction} --{flag}")),
            Term::Mount(kind) => (0, format!("--mount=type={kind}")),
            Term::Kubernetes(field) => (1, field.to_owned()),
            Term::Compose(key) => (2, key.to_owned()),
        };
        let key = serde_json::to_string(&key).expect("a string");
        let text = serde_json::to_string(e.text).expect("a string");
        writeln!(tables[table].1, "    {key}: {text},").expect("writing to a String");
    }
    let mut out = String::from(
        "// Generated from crates/rules/src/explain by `cargo xtask generate-all`;\n\
         // do not edit. The playground's editor imports it when it first explains a term.\n\
         export default {\n",
    );
    for (name, entries) in &tables {
        write!(out, "  {name}: {{\n{entries}  }},\n").expect("writing to a String");
    }
    out.push_str("};\n");
    out
}

/// `.pre-commit-hooks.yaml`: the hook, with the files it runs on as
/// [`FileKind::FILE_NAME_PATTERN`](bulkhead_rules::FileKind::FILE_NAME_PATTERN) says
/// (the kinds bulkhead reads).
pub fn pre_commit_hooks() -> String {
    format!(
        "\
# pre-commit hook: `language: rust` builds the `bulkhead` binary from this repository
# (`cargo install --path .`, the root package) the first time it runs. Generated by
# `cargo xtask generate-all`: its files: pattern is FileKind's.
- id: bulkhead
  name: bulkhead
  description: Container security lint for Dockerfiles, Kubernetes manifests, Compose files and requirements files.
  entry: bulkhead lint
  language: rust
  files: '{}'
  require_serial: true
",
        bulkhead_rules::FileKind::FILE_NAME_PATTERN
    )
}
