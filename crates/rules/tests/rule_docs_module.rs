//! `web/generated/rule-docs.js`: every rule's documentation, as HTML, in a JavaScript module (and
//! the standards each rule implements, for the editor's hover), which the
//! playground imports only when someone opens a rule (its wasm leaves the docs out, see
//! the `docs` feature). This test fails when the file is out of date; regenerate it with
//! `BULKHEAD_UPDATE_DOCS=1 cargo test -p bulkhead-rules --test rule_docs_module`.

mod common;

use std::fmt::Write as _;

use bulkhead_rules::linter::registry::RULES;
use bulkhead_rules::render::{docs_html, escape_html};

fn module() -> String {
    let mut out = String::from(
        "// Generated from each rule's doc comment by crates/rules/tests/rule_docs_module.rs;\n\
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

#[test]
fn the_rule_docs_module_is_current() {
    common::generated_file_is_current("web/generated/rule-docs.js", &module());
}
