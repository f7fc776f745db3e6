//! Fixes on every corpus file: applying all safe fixes keeps every comment, adds no
//! parse error and no new finding, and a second application changes nothing.
//!
//! Skipped, with a message, when the corpus is not next to the checkout.

use std::collections::HashMap;

use bulkhead_rules::linter::fix::fix_file;
use bulkhead_rules::{FileKind, Linter};

mod common;

fn comments(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| l.starts_with('#'))
        .collect()
}

fn counts(kind: FileKind, text: &str) -> HashMap<&'static str, usize> {
    let mut counts = HashMap::new();
    for d in Linter::new().preview(true).lint(kind, text) {
        *counts.entry(d.code).or_insert(0) += 1;
    }
    counts
}

fn round_trip(kind: FileKind, sub: &str, unsafe_fixes: bool) -> (usize, usize) {
    let files = common::corpus_files(sub, |_| true);
    let (mut fixed_files, mut applied) = (0, 0);
    for (name, source) in &files {
        let fixed = fix_file(kind, source, unsafe_fixes);
        applied += fixed.applied;
        if fixed.text == *source {
            continue;
        }
        fixed_files += 1;
        // Every comment is kept, in order; the only comments a fix adds are bulkhead's
        // notes at lines it could not fix (`# bulkhead: DF004: ...`).
        let users = |text| {
            comments(text)
                .into_iter()
                .filter(|c| !c.starts_with("# bulkhead:"))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            users(source),
            users(&fixed.text),
            "{name}: comments changed"
        );
        // No new finding of any kind (a parse error included). Unsafe fixes may lead
        // to the next step (a pinned tag is then asked for its digest), but never to a
        // file that no longer parses.
        let before = counts(kind, source);
        for (code, after) in counts(kind, &fixed.text) {
            // Unsafe fixes are still held to: the file parses, and no fix makes the
            // image call a program it lacks (DF501: a health check with curl on
            // distroless) or run as root.
            if unsafe_fixes && !code.ends_with("000") && !matches!(code, "DF501" | "DF200") {
                continue;
            }
            let had = before.get(code).copied().unwrap_or(0);
            assert!(
                after <= had,
                "{name}: {code} went from {had} to {after}:\n{}",
                fixed.text
            );
        }
        // A second application changes nothing.
        let again = fix_file(kind, &fixed.text, unsafe_fixes);
        assert_eq!(
            again.text, fixed.text,
            "{name}: fixing twice changes the text"
        );
    }
    (fixed_files, applied)
}

#[test]
fn safe_fixes_round_trip_on_every_corpus_dockerfile() {
    let (files, applied) = round_trip(FileKind::Dockerfile, "dockerfiles", false);
    if common::corpus_dir("dockerfiles").is_some() {
        assert!(
            files > 50 && applied > 100,
            "only {applied} fixes in {files} files"
        );
    }
}

#[test]
fn safe_fixes_round_trip_on_every_corpus_manifest() {
    let (files, applied) = round_trip(FileKind::Kubernetes, "k8s", false);
    if common::corpus_dir("k8s").is_some() {
        assert!(
            files > 50 && applied > 100,
            "only {applied} fixes in {files} files"
        );
    }
}

/// Unsafe fixes may change behaviour, but never the file's integrity: the same
/// invariants hold.
#[test]
fn unsafe_fixes_keep_the_same_invariants() {
    let _ = round_trip(FileKind::Dockerfile, "dockerfiles", true);
    let _ = round_trip(FileKind::Kubernetes, "k8s", true);
}
