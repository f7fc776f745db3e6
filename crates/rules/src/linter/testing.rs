//! A shared tester for the pass/fail cases that sit beside every rule.

use std::fmt::Write as _;

use crate::engine::registry::RuleMeta;
use crate::{render, Linter};

/// Pass and fail cases for one rule. `run` asserts them and returns the rendered
/// diagnostics of the fail cases for an `insta` snapshot.
#[derive(Debug)]
pub struct RuleTest {
    meta: &'static RuleMeta,
    pass: Vec<&'static str>,
    fail: Vec<&'static str>,
}

impl RuleTest {
    pub fn new(meta: &'static RuleMeta) -> Self {
        Self {
            meta,
            pass: Vec::new(),
            fail: Vec::new(),
        }
    }

    #[must_use]
    pub fn pass(mut self, cases: &[&'static str]) -> Self {
        self.pass.extend_from_slice(cases);
        self
    }

    #[must_use]
    pub fn fail(mut self, cases: &[&'static str]) -> Self {
        self.fail.extend_from_slice(cases);
        self
    }

    pub fn run(self) -> String {
        assert!(
            !self.pass.is_empty(),
            "{} has no pass cases",
            self.meta.code
        );
        assert!(
            !self.fail.is_empty(),
            "{} has no fail cases",
            self.meta.code
        );
        let code = self.meta.code;
        for source in &self.pass {
            let found: Vec<_> = Linter::new()
                .preview(true)
                .preview(true)
                .lint(file_kind(self.meta), source)
                .into_iter()
                .filter(|d| d.code == code)
                .collect();
            assert!(
                found.is_empty(),
                "{code} must pass on:\n{source}\nbut reported {found:#?}"
            );
        }
        let mut rendered = String::new();
        let mut offered = Vec::new();
        for (n, source) in self.fail.iter().enumerate() {
            let found: Vec<_> = Linter::new()
                .preview(true)
                .preview(true)
                .lint(file_kind(self.meta), source)
                .into_iter()
                .filter(|d| d.code == code)
                .collect();
            assert!(!found.is_empty(), "{code} must fail on:\n{source}");
            offered.extend(
                found
                    .iter()
                    .filter_map(|d| d.fix.as_ref())
                    .map(|f| f.applicability),
            );
            for diagnostic in &found {
                let text = diagnostic.range.slice(source);
                assert!(
                    !text.is_empty() || source.is_empty(),
                    "{code}: empty range on:\n{source}"
                );
            }
            rendered.push_str(&render::human(&format!("case-{}", n + 1), source, &found));
            rendered.push_str(&fix_report(self.meta, source, &found));
        }
        check_declared_fixes(self.meta, offered);
        rendered
    }
}

/// The kind of file a single-file rule's cases are.
fn file_kind(meta: &RuleMeta) -> crate::FileKind {
    meta.reads.file_kind().unwrap_or_else(|| {
        panic!(
            "{} reads several files: test it with ProjectTest",
            meta.code
        )
    })
}

/// A rule declares the kinds of fix it offers (`fixes: [...]`): its fail cases must
/// offer exactly those, and its docs must say how far each can be trusted.
fn check_declared_fixes(meta: &RuleMeta, mut offered: Vec<crate::engine::fix::Applicability>) {
    offered.sort_unstable();
    offered.dedup();
    let mut declared = meta.fixes.to_vec();
    declared.sort_unstable();
    assert_eq!(
        offered, declared,
        "{}: its fail cases offer fixes {offered:?}, and it declares `fixes: {declared:?}`: declare what it offers, or add the fail cases that show it",
        meta.code
    );
    if cfg!(feature = "docs") {
        assert_eq!(
            meta.docs().contains("## Fix safety"),
            !declared.is_empty(),
            "{}: a rule with fixes has a `## Fix safety` section in its docs, and one without has none",
            meta.code
        );
    }
}

/// What the rule's fixes do to a failing case: each fix's applicability and message,
/// and the diff of applying them all (unsafe ones included). Asserts the fixed text
/// no longer has the findings that were fixed, adds no parse error, and is a fixed
/// point.
fn fix_report(meta: &'static RuleMeta, source: &str, found: &[crate::Diagnostic]) -> String {
    use crate::engine::fix::{unified_diff, Applicability};
    use crate::linter::fix::fix_with;
    let fixes: Vec<&crate::engine::fix::Fix> =
        found.iter().filter_map(|d| d.fix.as_ref()).collect();
    if fixes.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    for fix in &fixes {
        let _ = writeln!(out, "fix [{}]: {}", fix.applicability.as_str(), fix.message);
    }
    if fixes
        .iter()
        .all(|f| f.applicability == Applicability::DisplayOnly)
    {
        out.push('\n');
        return out;
    }
    let code = meta.code;
    let only_this = |text: &str| -> Vec<crate::Diagnostic> {
        Linter::new()
            .preview(true)
            .preview(true)
            .lint(file_kind(meta), text)
            .into_iter()
            .filter(|d| d.code == code)
            .collect()
    };
    let result = fix_with(source, true, only_this);
    assert!(
        result.applied > 0,
        "{code}: fixes were offered but none applied on:\n{source}"
    );
    assert!(
        result.remaining.len() < found.len(),
        "{code}: fixing did not remove a finding:\n{}",
        result.text
    );
    let parse_errors = |text: &str| {
        Linter::new()
            .preview(true)
            .preview(true)
            .lint(file_kind(meta), text)
            .iter()
            .filter(|d| d.parse_error)
            .count()
    };
    assert!(
        parse_errors(&result.text) <= parse_errors(source),
        "{code}: the fix broke the file:\n{}",
        result.text
    );
    let again = fix_with(&result.text, true, only_this);
    assert_eq!(
        again.text, result.text,
        "{code}: fixing twice changes the text"
    );
    out.push_str(&unified_diff("fixed", source, &result.text));
    out.push('\n');
    out
}

/// Pass and fail cases for a cross-file rule: each case is a set of files
/// (`(path, text)`, the kind taken from the path). `run` asserts them and returns the
/// rendered diagnostics of the fail cases, file by file, for an `insta` snapshot.
#[derive(Debug)]
pub struct ProjectTest {
    meta: &'static RuleMeta,
    pass: Vec<&'static [(&'static str, &'static str)]>,
    fail: Vec<&'static [(&'static str, &'static str)]>,
}

impl ProjectTest {
    pub fn new(meta: &'static RuleMeta) -> Self {
        Self {
            meta,
            pass: Vec::new(),
            fail: Vec::new(),
        }
    }

    #[must_use]
    pub fn pass(mut self, case: &'static [(&'static str, &'static str)]) -> Self {
        self.pass.push(case);
        self
    }

    #[must_use]
    pub fn fail(mut self, case: &'static [(&'static str, &'static str)]) -> Self {
        self.fail.push(case);
        self
    }

    fn lint(case: &[(&str, &str)]) -> Vec<Vec<crate::Diagnostic>> {
        let files: Vec<crate::ProjectFile<'_>> = case
            .iter()
            .map(|(path, source)| crate::ProjectFile {
                path,
                kind: crate::FileKind::from_file_name(path).expect("a file name with a kind"),
                source,
            })
            .collect();
        crate::Linter::new().preview(true).check(&files).diagnostics
    }

    pub fn run(self) -> String {
        assert!(
            !self.pass.is_empty() && !self.fail.is_empty(),
            "{} needs pass and fail cases",
            self.meta.code
        );
        let code = self.meta.code;
        for case in &self.pass {
            let found: Vec<_> = Self::lint(case)
                .into_iter()
                .flatten()
                .filter(|d| d.code == code)
                .collect();
            assert!(
                found.is_empty(),
                "{code} must pass on {case:#?}\nbut reported {found:#?}"
            );
        }
        let mut rendered = String::new();
        let mut offered = Vec::new();
        for (n, case) in self.fail.iter().enumerate() {
            let all = Self::lint(case);
            assert!(
                all.iter().flatten().any(|d| d.code == code),
                "{code} must fail on {case:#?}"
            );
            offered.extend(
                all.iter()
                    .flatten()
                    .filter(|d| d.code == code)
                    .filter_map(|d| d.fix.as_ref())
                    .map(|f| f.applicability),
            );
            for ((path, source), diagnostics) in case.iter().zip(&all) {
                let found: Vec<_> = diagnostics
                    .iter()
                    .filter(|d| d.code == code)
                    .cloned()
                    .collect();
                rendered.push_str(&render::human(
                    &format!("case-{}/{path}", n + 1),
                    source,
                    &found,
                ));
                for d in &found {
                    for related in &d.related {
                        let _ = writeln!(
                            rendered,
                            "  related: {}:{}:{}: {}",
                            related.path, related.start.line, related.start.column, related.message
                        );
                    }
                }
            }
        }
        check_declared_fixes(self.meta, offered);
        rendered
    }
}
