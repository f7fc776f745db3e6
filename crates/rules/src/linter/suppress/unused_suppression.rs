use crate::engine::registry::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags a `# bulkhead ignore=` or `# bulkhead ignore-file=` comment that silences
    /// nothing: the rules it names report nothing where it applies, or it names no rule.
    ///
    /// ## Why is this bad?
    /// A suppression outlives what it was written for: the line was fixed, the rule
    /// changed, the code was misspelt from the start. Left in place it silences the
    /// next problem of that rule there without anyone deciding so, and it tells the
    /// reader of a problem that is not there. (Ruff's `RUF100` and ESLint's
    /// `--report-unused-disable-directives` report the same.) Only bulkhead's own
    /// comments are judged: a `# hadolint ignore=` may be there for hadolint itself, and a
    /// rule that did not run (ignored in the config, a preview rule without `--preview`,
    /// a cross-file rule with no manifest given) is not judged either.
    ///
    /// ## Example
    /// ```dockerfile
    /// # bulkhead ignore=DF001
    /// FROM python:3.13-slim
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// ```
    ///
    /// ## Fix safety
    /// Removing a comment that silences nothing is safe: the findings are the same
    /// with it or without it. A comment that still silences some of the rules it names
    /// is not changed; the finding names the others.
    pub struct UnusedSuppression {
        code: "BH003",
        name: "unused-suppression",
        severity: Warning,
        file_kind: Any,
        checklist: None,
        sources: [],
        fixes: [Safe],
        references: [],
    }
}
