//! Every rule's documentation is checked against the rule itself: the first code block
//! under `## Example` must produce the rule's finding, and the first under
//! `## Use instead` must not. Single-file rules only (cross-file examples show pieces of
//! two files).

use bulkhead_rules::engine::registry::Reads;
use bulkhead_rules::linter::registry::RULES;
use bulkhead_rules::{Linter, Options};

#[test]
fn examples_fail_and_use_instead_passes() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for rule in RULES {
        let Reads::File(kind) = rule.meta.reads else {
            continue;
        };
        if rule.meta.parse_error {
            continue;
        }
        // The one trusted registry the DF108 examples name (other rules ignore it).
        // Preview rules are documented and tried like the others.
        let options = Options {
            trusted_registries: vec!["registry.example.com".to_owned()],
            preview: true,
            ..Options::default()
        };
        let has = |text: &str| {
            Linter::new()
                .options(&options)
                .lint(kind, text)
                .iter()
                .any(|d| d.code == rule.meta.code)
        };
        if let Some(example) = rule.meta.doc_block("Example", kind) {
            checked += 1;
            if !has(&example) {
                problems.push(format!(
                    "{}: its Example does not produce it:\n{example}",
                    rule.meta.code
                ));
            }
        }
        if let Some(instead) = rule.meta.doc_block("Use instead", kind) {
            checked += 1;
            if has(&instead) {
                problems.push(format!(
                    "{}: its Use instead still produces it:\n{instead}",
                    rule.meta.code
                ));
            }
        }
    }
    eprintln!("doc examples: {checked} checked, {} wrong", problems.len());
    assert!(checked > 100, "only {checked} doc examples found");
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// "Try it" (`?try=CODE`, and the links in the rule docs) opens a rule's example in the
/// playground at its finding: the files must produce it, read together as the page
/// reads them. Cross-file rules included.
#[test]
fn try_it_examples_open_at_their_finding() {
    // The playground runs the preview rules unless its settings say otherwise.
    let options = Options {
        trusted_registries: vec!["registry.example.com".to_owned()],
        preview: true,
        ..Options::default()
    };
    let mut tried = 0;
    let mut problems = Vec::new();
    for rule in RULES {
        let files = rule.meta.example_files();
        if files.is_empty() || rule.meta.parse_error {
            continue;
        }
        tried += 1;
        let project: Vec<bulkhead_rules::ProjectFile<'_>> = files
            .iter()
            .map(|(path, kind, source)| bulkhead_rules::ProjectFile {
                path,
                kind: *kind,
                source,
            })
            .collect();
        let report = bulkhead_rules::Linter::new()
            .options(&options)
            .check(&project);
        if !report
            .diagnostics
            .iter()
            .flatten()
            .any(|d| d.code == rule.meta.code)
        {
            problems.push(format!(
                "{}: its example files {files:?} do not produce it",
                rule.meta.code
            ));
        }
    }
    eprintln!(
        "try it: {tried} examples, {} without their finding",
        problems.len()
    );
    assert!(tried > 100, "only {tried} examples");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
