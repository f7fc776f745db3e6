//! Every rule's documentation is checked against the rule itself: the first code block
//! under `## Example` must produce the rule's finding, and the first under
//! `## Use instead` must not. Single-file rules only (cross-file examples show pieces of
//! two files).

use bulkhead_rules::engine::registry::Reads;
use bulkhead_rules::engine::registry::RULES;
use bulkhead_rules::{lint_with, FileKind, Options};

/// The first fenced block in `section` of `docs` whose language fits `kind`.
fn block(docs: &str, section: &str, kind: FileKind) -> Option<String> {
    let body = docs.split_once(&format!("## {section}\n"))?.1;
    let body = body.split("\n## ").next().unwrap_or(body);
    let fence = match kind {
        FileKind::Dockerfile => "```dockerfile\n",
        FileKind::Kubernetes | FileKind::Compose => "```yaml\n",
        FileKind::Requirements => "```text\n",
    };
    let start = body.find(fence)? + fence.len();
    let end = body[start..].find("```")?;
    let text = &body[start..start + end];
    // A Dockerfile example without `FROM` is a piece of a stage: give it one.
    let has_from = text
        .lines()
        .any(|l| l.trim_start().to_ascii_uppercase().starts_with("FROM "));
    if kind == FileKind::Dockerfile && !has_from {
        return Some(format!("FROM debian:13-slim\n{text}"));
    }
    Some(text.to_owned())
}

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
        let docs = rule.meta.docs();
        // The one trusted registry the DF108 examples name (other rules ignore it).
        let options = Options {
            trusted_registries: vec!["registry.example.com".to_owned()],
            ..Options::default()
        };
        let has = |text: &str| {
            lint_with(kind, text, &options)
                .iter()
                .any(|d| d.code == rule.meta.code)
        };
        if let Some(example) = block(&docs, "Example", kind) {
            checked += 1;
            if !has(&example) {
                problems.push(format!(
                    "{}: its Example does not produce it:\n{example}",
                    rule.meta.code
                ));
            }
        }
        if let Some(instead) = block(&docs, "Use instead", kind) {
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
