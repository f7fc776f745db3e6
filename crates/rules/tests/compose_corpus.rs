//! The Compose files in `tests/compose/`, written for these tests across common stacks
//! (web and database, queue workers, reverse proxies, monitoring): each is read as a
//! Compose file, its findings are snapshotted, and all fixes (unsafe ones included)
//! keep every comment, leave valid Compose with the same services, and are idempotent.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

use bulkhead_rules::linter::fix::fix_file;
use bulkhead_rules::{FileKind, LineIndex, Linter, Severity};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/compose")
}

fn files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = fs::read_dir(dir())
        .expect("tests/compose exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".compose.yaml"))
        .map(|p| {
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            (name, fs::read_to_string(&p).expect("readable"))
        })
        .collect();
    files.sort();
    files
}

fn codes(text: &str) -> HashMap<&'static str, usize> {
    let mut counts = HashMap::new();
    for d in Linter::new().lint(FileKind::Compose, text) {
        *counts.entry(d.code).or_default() += 1;
    }
    counts
}

#[test]
fn every_file_is_read_as_compose_without_errors() {
    let files = files();
    assert!(
        files.len() >= 30,
        "at least 30 Compose files, found {}",
        files.len()
    );
    for (name, text) in &files {
        assert_eq!(
            FileKind::for_file(name, text),
            Some(FileKind::Compose),
            "{name}"
        );
        let found = Linter::new().lint(FileKind::Compose, text);
        assert!(!found.iter().any(|d| d.parse_error), "{name}: {found:#?}");
        // Each file has services, and each service gets at least the user finding or
        // sets a user: nothing is silently skipped.
        assert!(text.contains("services:"), "{name}");
        assert!(
            !found.is_empty() || name.contains("hardened"),
            "{name}: no findings at all"
        );
    }
}

#[test]
fn the_hardened_file_has_notes_at_most() {
    let (name, text) = files()
        .into_iter()
        .find(|(n, _)| n.contains("hardened"))
        .expect("a hardened example");
    let serious: Vec<_> = Linter::new()
        .lint(FileKind::Compose, &text)
        .into_iter()
        .filter(|d| d.severity > Severity::Info)
        .collect();
    assert!(serious.is_empty(), "{name}: {serious:#?}");
}

#[test]
fn compose_findings_snapshots() {
    insta::glob!("compose/*.compose.yaml", |path| {
        let source = fs::read_to_string(path).expect("readable");
        let index = LineIndex::new(&source);
        let mut summary = String::new();
        for d in Linter::new().lint(FileKind::Compose, &source) {
            let at = index.line_col(d.range.start(), &source);
            let _ = writeln!(
                summary,
                "{}:{} {} {} {}",
                at.line, at.column, d.code, d.rule, d.message
            );
        }
        insta::assert_snapshot!(summary);
    });
}

#[test]
fn fixes_keep_comments_and_services_and_are_idempotent() {
    let mut fixed_files = 0;
    for (name, text) in files() {
        let fixed = fix_file(FileKind::Compose, &text, true);
        if fixed.text == text {
            continue;
        }
        fixed_files += 1;
        let comments = |t: &str| -> Vec<String> {
            t.lines()
                .filter_map(|l| {
                    l.find(" #")
                        .or_else(|| l.trim_start().starts_with('#').then_some(0))
                        .map(|i| l[i..].trim().to_owned())
                })
                .collect()
        };
        assert_eq!(
            comments(&fixed.text),
            comments(&text),
            "{name}: comments changed\n{}",
            fixed.text
        );
        let after = codes(&fixed.text);
        assert!(
            !after.contains_key("CP000"),
            "{name}: the fixed file does not parse\n{}",
            fixed.text
        );
        for (code, count) in &after {
            let before = codes(&text).get(code).copied().unwrap_or(0);
            assert!(
                *count <= before,
                "{name}: the fixes added {code}\n{}",
                fixed.text
            );
        }
        let again = fix_file(FileKind::Compose, &fixed.text, true);
        assert_eq!(again.text, fixed.text, "{name}: fixing twice changes more");
        let services = |t: &str| {
            t.lines()
                .filter(|l| {
                    l.starts_with("  ") && !l.starts_with("   ") && l.trim_end().ends_with(':')
                })
                .count()
        };
        assert_eq!(
            services(&fixed.text),
            services(&text),
            "{name}: services changed"
        );
    }
    assert!(fixed_files >= 20, "fixes changed only {fixed_files} files");
}
