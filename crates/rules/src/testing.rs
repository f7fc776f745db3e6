//! A shared tester for the pass/fail cases that sit beside every rule.

use crate::registry::RuleMeta;
use crate::{lint, render};

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
            let found: Vec<_> = lint(self.meta.file_kind, source)
                .into_iter()
                .filter(|d| d.code == code)
                .collect();
            assert!(
                found.is_empty(),
                "{code} must pass on:\n{source}\nbut reported {found:#?}"
            );
        }
        let mut rendered = String::new();
        for (n, source) in self.fail.iter().enumerate() {
            let found: Vec<_> = lint(self.meta.file_kind, source)
                .into_iter()
                .filter(|d| d.code == code)
                .collect();
            assert!(!found.is_empty(), "{code} must fail on:\n{source}");
            for diagnostic in &found {
                let text = diagnostic.range.slice(source);
                assert!(
                    !text.is_empty() || source.is_empty(),
                    "{code}: empty range on:\n{source}"
                );
            }
            rendered.push_str(&render::human(&format!("case-{}", n + 1), source, &found));
        }
        rendered
    }
}
