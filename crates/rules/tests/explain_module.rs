//! `web/generated/explain.js`: the explanations of every instruction, flag and field
//! (`bulkhead_rules::explain`), as a JavaScript module the playground's editor imports
//! the first time it explains something. This test fails when the file is out of date;
//! `./x gen` (or `BULKHEAD_UPDATE_DOCS=1`) rewrites it.

mod common;

use std::fmt::Write as _;

use bulkhead_rules::explain::{all, Term};

fn module() -> String {
    let mut tables: [(&str, String); 3] = [
        ("dockerfile", String::new()),
        ("kubernetes", String::new()),
        ("compose", String::new()),
    ];
    for e in all() {
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
        "// Generated from crates/rules/src/explain by crates/rules/tests/explain_module.rs;\n\
         // do not edit. The playground's editor imports it when it first explains a term.\n\
         export default {\n",
    );
    for (name, entries) in &tables {
        write!(out, "  {name}: {{\n{entries}  }},\n").expect("writing to a String");
    }
    out.push_str("};\n");
    out
}

#[test]
fn the_explanations_module_is_current() {
    common::generated_file_is_current("web/generated/explain.js", &module());
}
