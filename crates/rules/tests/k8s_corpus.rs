//! The 200 Kubernetes manifests in `../shared/corpus/k8s`: every file parses with
//! positions, and every file's findings are snapshotted (codes and lines).
//!
//! Skipped, with a message, when the corpus is not next to the checkout.

use std::fmt::Write as _;

use bulkhead_rules::yaml::Yaml;
use bulkhead_rules::{FileKind, LineIndex, Linter};

mod common;

fn corpus_files() -> Vec<(String, String)> {
    let files = common::corpus_files("k8s", |_| true);
    if common::corpus_dir("k8s").is_some() {
        assert_eq!(files.len(), 200, "the corpus has 200 manifests");
    }
    files
}

#[test]
fn every_corpus_manifest_parses() {
    let mut failures = Vec::new();
    let mut documents = 0;
    for (name, source) in &corpus_files() {
        let yaml = Yaml::parse(source);
        documents += yaml.documents.len();
        if let Some(error) = &yaml.error {
            let at = LineIndex::new(source).line_col(error.range.start(), source);
            failures.push(format!(
                "{name}:{}:{}: {}",
                at.line, at.column, error.message
            ));
        }
        for root in yaml.roots() {
            let range = root.range();
            assert!(range.end() <= source.len(), "{name}: range past the end");
            assert!(source.is_char_boundary(range.start()) && source.is_char_boundary(range.end()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} files failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    if common::corpus_dir("k8s").is_some() {
        assert!(documents >= 200, "only {documents} documents");
    }
}

#[test]
fn corpus_findings_snapshots() {
    for (name, source) in &corpus_files() {
        let lines = LineIndex::new(source);
        let mut summary = String::new();
        for d in Linter::new().lint(FileKind::Kubernetes, source) {
            let at = lines.line_col(d.range.start(), source);
            writeln!(summary, "{}:{} {} {}", at.line, at.column, d.code, d.rule).expect("write");
        }
        insta::with_settings!({ snapshot_suffix => name.as_str(), prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!("k8s", summary);
        });
    }
}
