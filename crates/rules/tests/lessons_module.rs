//! `web/generated/lessons.js`: the course (`bulkhead_rules::lessons`) as a JavaScript module the
//! playground imports when a lesson is opened (`#lesson/ID`), each lesson's files as a
//! document (as share links hold them) and its solution as a diff. This test fails when
//! the file is out of date; `./x gen` (or `BULKHEAD_UPDATE_DOCS=1`) rewrites it.

mod common;

use bulkhead_rules::engine::fix::unified_diff;
use bulkhead_rules::lessons::{all, LessonFile};
use bulkhead_rules::FileKind;
use serde_json::{json, Value};

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

fn module() -> String {
    let lessons: Vec<Value> = all()
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
        "// Generated from crates/rules/src/lessons by crates/rules/tests/lessons_module.rs;\n\
         // do not edit. The playground imports it when a lesson is opened.\n\
         export default ",
    );
    out.push_str(&serde_json::to_string_pretty(&lessons).expect("JSON"));
    out.push_str(";\n");
    out
}

#[test]
fn the_lessons_module_is_current() {
    common::generated_file_is_current("web/generated/lessons.js", &module());
}
