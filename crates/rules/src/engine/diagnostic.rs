//! Findings reported by rules.

use serde::Serialize;

use crate::engine::pss::PssLevel;
use crate::engine::registry::{Checklist, RuleMeta, Severity};
use crate::engine::text::{LineCol, TextRange};

/// One finding at a byte range of one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable rule code, e.g. `DF001`.
    pub code: &'static str,
    /// Rule name, e.g. `latest-base-image`.
    pub rule: &'static str,
    pub severity: Severity,
    /// The hardening-checklist item this finding belongs to.
    pub checklist: Option<Checklist>,
    pub range: TextRange,
    /// What is wrong, in words a learner understands.
    pub message: String,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Places in other files this finding is about (cross-file rules).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    /// How to fix it by editing the text, when that is well defined.
    pub fix: Option<crate::engine::fix::Fix>,
    /// From a rule that reports text it cannot read ([`RuleMeta::parse_error`]).
    #[serde(skip)]
    pub parse_error: bool,
    /// From a rule that says the file was not checked ([`RuleMeta::not_checked`]).
    #[serde(skip)]
    pub not_checked: bool,
    /// The Pod Security Standards level this finding breaks, for the rules of a PSS
    /// control ([`RuleMeta::pss_level`], or a rule's own reading of one case).
    #[serde(rename = "pss_level", skip_serializing_if = "Option::is_none")]
    pub pss: Option<PssLevel>,
}

/// A place in another file that a finding refers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    /// The other file's path (or playground tab name).
    pub path: String,
    pub range: TextRange,
    pub start: LineCol,
    pub end: LineCol,
    /// What is there, e.g. "the image's `USER nonroot`".
    pub message: String,
}

impl Diagnostic {
    /// The message and, after `between`, the help as `Fix: …`: one text for reports
    /// that have a single field for both (SARIF, GitLab, GitHub annotations).
    pub fn message_and_fix(&self, between: &str) -> String {
        match &self.help {
            Some(help) => format!("{}{between}Fix: {help}", self.message),
            None => self.message.clone(),
        }
    }

    pub fn new(rule: &RuleMeta, range: TextRange, message: impl Into<String>) -> Self {
        Self {
            code: rule.code,
            rule: rule.name,
            severity: rule.severity,
            checklist: rule.checklist,
            range,
            message: message.into(),
            help: None,
            related: Vec::new(),
            fix: None,
            parse_error: rule.parse_error,
            not_checked: rule.not_checked,
            pss: rule.pss_level(),
        }
    }

    /// A finding that breaks only the Restricted level of the Pod Security Standards
    /// (its rule's control has a Baseline part that this case meets): a warning.
    #[must_use]
    pub fn restricted_only(mut self) -> Self {
        self.pss = Some(PssLevel::Restricted);
        self.severity = Severity::Warning;
        self
    }

    #[must_use]
    pub fn with_fix(mut self, fix: crate::engine::fix::Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// [`Diagnostic::with_fix`] when there is a fix.
    #[must_use]
    pub fn with_fix_opt(mut self, fix: Option<crate::engine::fix::Fix>) -> Self {
        self.fix = fix;
        self
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}
