//! GitLab's Code Quality report: a JSON array of issues, which a CI job names under
//! `artifacts: reports: codequality:` and the merge request shows beside the diff.
//!
//! The format is GitLab's "Code Quality report format"
//! (<https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format>), a
//! subset of the Code Climate engine specification: each issue has a `description`, a
//! `check_name`, a `fingerprint` unique to the issue (GitLab compares the fingerprints of
//! the source and target branches to say which issues are new, and shows one issue per
//! fingerprint), a `severity` of `info`, `minor`, `major`, `critical` or `blocker`, and a
//! `location` with the `path` and `lines.begin`.
//!
//! The fingerprint is made of the baseline's (the rule, the file and the flagged text:
//! see [`crate::linter::baseline`]) without its neighbours, so an issue keeps it when
//! lines are added or edited around it; identical findings in one file are told apart
//! by their order.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::engine::registry::Severity;
use crate::engine::text::LineIndex;
use crate::linter::baseline::{fingerprints, hash};
use crate::render::LintedFile;

/// One issue.
#[derive(Debug, Clone, Serialize)]
pub struct Issue {
    pub description: String,
    pub check_name: String,
    pub fingerprint: String,
    pub severity: &'static str,
    pub location: Location,
}

/// Where an issue is.
#[derive(Debug, Clone, Serialize)]
pub struct Location {
    pub path: String,
    pub lines: Lines,
}

/// The first and last line of an issue (1-based).
#[derive(Debug, Clone, Serialize)]
pub struct Lines {
    pub begin: u32,
    pub end: u32,
}

/// GitLab's severity for ours: an error is `major` (it breaks the image or pod, or a
/// Pod Security Standards Baseline control), a warning `minor`. `critical` and
/// `blocker` are left for tools that judge exploitability, which bulkhead does not.
pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

/// The issues of every file, in order.
pub fn issues(files: &[LintedFile<'_>]) -> Vec<Issue> {
    let mut out = Vec::new();
    for file in files {
        let index = LineIndex::new(file.source);
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        let prints = fingerprints(file.source, file.diagnostics);
        for (d, print) in file.diagnostics.iter().zip(prints) {
            let occurrence = seen.entry(print.line.clone()).or_default();
            *occurrence += 1;
            let nth = occurrence.to_string();
            let unique = hash([file.path, d.code, &print.line, &nth]);
            let description = d.message_and_fix(" ");
            out.push(Issue {
                description,
                check_name: format!("bulkhead/{} {}", d.code, d.rule),
                fingerprint: format!("{unique:016x}"),
                severity: severity(d.severity),
                location: Location {
                    path: file.path.replace('\\', "/"),
                    lines: Lines {
                        begin: index.line_col(d.range.start(), file.source).line,
                        end: index.line_col(d.range.end(), file.source).line,
                    },
                },
            });
        }
    }
    out
}
