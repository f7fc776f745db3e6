//! A baseline: the findings a project had when it adopted bulkhead (or upgraded it), so
//! that CI fails only on new ones. `bulkhead lint --write-baseline FILE` records them;
//! `--baseline FILE` (or `baseline = "FILE"` in `bulkhead.toml`) reports the rest.
//!
//! A finding is known by its rule, its file and a fingerprint of what it flags, not by
//! its line number, so lines added above it (or a file reformatted around it) leave it
//! known: `line` hashes the rule, the flagged text and the text of the lines it is on;
//! `context` hashes the two lines that are not blank before them and the two after.
//! Findings are counted: a baseline that knew one `RUN apt-get update` without a
//! clean-up does not hide a second one added later.
//!
//! Matching is in two passes, so the fingerprint survives edits around a finding: a
//! finding first takes a recorded one with the same `line` and `context`, then one with
//! the same `line` whatever its context (its neighbours were edited). The file format is
//! described in `docs/baseline.md`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::diagnostic::Diagnostic;
use crate::engine::text::{LineIndex, TextRange};

/// The version of the file format; a file of another version is not read.
pub const VERSION: u32 = 1;

/// How many characters of the flagged text and of each line are hashed (a finding
/// over a long heredoc is known by its start).
const HASHED_CHARS: usize = 400;

/// The lines that are not blank before and after a finding's, in its context.
const CONTEXT_LINES: usize = 2;

/// The file: its version and the findings, sorted by path, code, line and context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

/// The findings of one rule in one file with one fingerprint, and how many there were.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The file's path with forward slashes (the CLI writes it relative to the
    /// baseline's folder).
    pub path: String,
    pub code: String,
    /// [`Fingerprint::line`], 16 hexadecimal digits.
    pub line: String,
    /// [`Fingerprint::context`], 16 hexadecimal digits.
    pub context: String,
    pub count: usize,
}

/// What a finding flags, hashed: see the module's documentation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fingerprint {
    pub line: String,
    pub context: String,
}

/// FNV-1a over the parts, each ended by a byte no UTF-8 text has: the same on every
/// platform and in every version (the standard library's hasher promises neither).
pub(crate) fn hash<'p>(parts: impl IntoIterator<Item = &'p str>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// Words separated by one space: indentation and trailing blanks do not count.
fn normalised(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.join(" ").chars().take(HASHED_CHARS).collect()
}

/// The fingerprint of a finding of rule `code` at `range` of `source`.
pub fn fingerprint(code: &str, source: &str, index: &LineIndex, range: TextRange) -> Fingerprint {
    let start = range.start().min(source.len());
    let first = index.line_of(start);
    let last = index
        .line_of(range.end().clamp(start, source.len()))
        .max(first);
    let line_text = |line: usize| index.line_range(line, source).slice(source);
    let lines: Vec<String> = (first..=last.min(first + 20))
        .map(|l| normalised(line_text(l)))
        .collect();
    let flagged = normalised(source.get(start..range.end()).unwrap_or_default());
    let line = hash(
        [code, flagged.as_str()]
            .into_iter()
            .chain(lines.iter().map(String::as_str)),
    );
    let content = |line: &usize| Some(normalised(line_text(*line))).filter(|t| !t.is_empty());
    let mut before: Vec<String> = (0..first)
        .rev()
        .filter_map(|l| content(&l))
        .take(CONTEXT_LINES)
        .collect();
    before.reverse();
    let after = (last + 1..index.line_count())
        .filter_map(|l| content(&l))
        .take(CONTEXT_LINES);
    let around: Vec<String> = before
        .into_iter()
        .chain([String::new()])
        .chain(after)
        .collect();
    Fingerprint {
        line: format!("{line:016x}"),
        context: format!("{:016x}", hash(around.iter().map(String::as_str))),
    }
}

/// The fingerprints of a file's findings, in their order.
pub fn fingerprints(source: &str, diagnostics: &[Diagnostic]) -> Vec<Fingerprint> {
    let index = LineIndex::new(source);
    diagnostics
        .iter()
        .map(|d| fingerprint(d.code, source, &index, d.range))
        .collect()
}

impl Baseline {
    /// The baseline of these files' findings: `(path, source, diagnostics)` each.
    pub fn record<'f>(
        files: impl IntoIterator<Item = (&'f str, &'f str, &'f [Diagnostic])>,
    ) -> Self {
        let mut counts: BTreeMap<(String, String, Fingerprint), usize> = BTreeMap::new();
        for (path, source, diagnostics) in files {
            for (d, print) in diagnostics.iter().zip(fingerprints(source, diagnostics)) {
                *counts
                    .entry((path.to_owned(), d.code.to_owned(), print))
                    .or_default() += 1;
            }
        }
        Self {
            version: VERSION,
            findings: counts
                .into_iter()
                .map(|((path, code, print), count)| Entry {
                    path,
                    code,
                    line: print.line,
                    context: print.context,
                    count,
                })
                .collect(),
        }
    }

    /// Drop the findings of the file at `path` that the baseline knows, and return how
    /// many were dropped.
    pub fn filter(&self, path: &str, source: &str, diagnostics: &mut Vec<Diagnostic>) -> usize {
        let entries: Vec<&Entry> = self.findings.iter().filter(|e| e.path == path).collect();
        if entries.is_empty() {
            return 0;
        }
        let mut exact: BTreeMap<(&str, &str, &str), usize> = BTreeMap::new();
        let mut loose: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for e in &entries {
            *exact.entry((&e.code, &e.line, &e.context)).or_default() += e.count;
            *loose.entry((&e.code, &e.line)).or_default() += e.count;
        }
        let prints = fingerprints(source, diagnostics);
        let mut known = vec![false; diagnostics.len()];
        let take = |budget: Option<&mut usize>| match budget {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        };
        for (i, (d, print)) in diagnostics.iter().zip(&prints).enumerate() {
            let key = (d.code, print.line.as_str(), print.context.as_str());
            if take(exact.get_mut(&key)) {
                take(loose.get_mut(&(d.code, print.line.as_str())));
                known[i] = true;
            }
        }
        for (i, (d, print)) in diagnostics.iter().zip(&prints).enumerate() {
            if !known[i] && take(loose.get_mut(&(d.code, print.line.as_str()))) {
                known[i] = true;
            }
        }
        let mut at = 0;
        diagnostics.retain(|_| {
            at += 1;
            !known[at - 1]
        });
        known.iter().filter(|k| **k).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FileKind, Linter};

    fn lint(source: &str) -> Vec<Diagnostic> {
        Linter::new().lint(FileKind::Dockerfile, source)
    }

    const BEFORE: &str = "FROM python:latest\nRUN apt-get update\nRUN cd /app && make\n";

    #[test]
    fn lines_added_above_and_around_leave_the_findings_known() {
        let found = lint(BEFORE);
        assert!(!found.is_empty());
        let baseline = Baseline::record([("Dockerfile", BEFORE, found.as_slice())]);
        let moved = format!(
            "# a comment\n\n{}\n\nRUN echo hi\n",
            BEFORE.replace("RUN cd", "\n  RUN   cd")
        );
        let mut after = lint(&moved);
        let total = after.len();
        let hidden = baseline.filter("Dockerfile", &moved, &mut after);
        let left: Vec<_> = after.iter().map(|d| d.code).collect();
        assert_eq!(hidden, found.len(), "{left:?}");
        assert_eq!(total - hidden, after.len());
        // Only what `RUN echo hi` brings is new.
        let new = lint("FROM python:latest\nRUN echo hi\n");
        assert!(
            after.iter().all(|d| new.iter().any(|n| n.code == d.code)),
            "{left:?}"
        );
        // Another file's findings are not known.
        let mut other = lint(BEFORE);
        assert_eq!(baseline.filter("api/Dockerfile", BEFORE, &mut other), 0);
    }

    #[test]
    fn a_second_identical_finding_is_new() {
        let once = "FROM a:1\nRUN cd /x\n";
        let found: Vec<_> = lint(once)
            .into_iter()
            .filter(|d| d.code == "DF322")
            .collect();
        assert_eq!(found.len(), 1);
        let baseline = Baseline::record([("Dockerfile", once, found.as_slice())]);
        assert_eq!(baseline.findings[0].count, 1);
        let twice = "FROM a:1\nRUN cd /x\nRUN cd /x\n";
        let mut after: Vec<_> = lint(twice)
            .into_iter()
            .filter(|d| d.code == "DF322")
            .collect();
        assert_eq!(after.len(), 2);
        assert_eq!(baseline.filter("Dockerfile", twice, &mut after), 1);
        assert_eq!(after.len(), 1);
        // Recorded twice, both are known.
        let both = lint(twice);
        let baseline = Baseline::record([("Dockerfile", twice, both.as_slice())]);
        let recorded: usize = baseline
            .findings
            .iter()
            .filter(|e| e.code == "DF322")
            .map(|e| e.count)
            .sum();
        assert_eq!(recorded, 2);
        let mut again = lint(twice);
        baseline.filter("Dockerfile", twice, &mut again);
        assert!(again.is_empty(), "{again:?}");
    }

    #[test]
    fn the_hash_is_fixed_and_the_record_sorted() {
        // FNV-1a of `DF001` and the separator byte, worked out by hand.
        const HASH_OF_DF001: u64 = 0xef27_b919_e3b9_cde7;
        // FNV-1a's offset basis for nothing; a baseline written today must match the
        // same findings in every later version.
        assert_eq!(hash([]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash(["DF001"]), HASH_OF_DF001);
        assert_ne!(hash(["ab", "c"]), hash(["a", "bc"]));
        let found = lint(BEFORE);
        let baseline = Baseline::record([
            ("b/Dockerfile", BEFORE, found.as_slice()),
            ("a/Dockerfile", BEFORE, found.as_slice()),
        ]);
        let mut sorted = baseline.findings.clone();
        sorted.sort();
        assert_eq!(baseline.findings, sorted);
        assert!(baseline.findings[0].path.starts_with("a/"));
        assert!(baseline
            .findings
            .iter()
            .all(|e| e.line.len() == 16 && e.context.len() == 16));
    }
}
