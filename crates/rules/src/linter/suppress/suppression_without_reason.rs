use crate::engine::registry::declare_rule;

declare_rule! {
    /// ## What it does
    /// With `--require-reason` (or `require-reason = true` in `bulkhead.toml`), flags a
    /// suppression comment (`# bulkhead ignore=`, `ignore-file=`, or hadolint's) that
    /// gives no `reason="…"`.
    ///
    /// ## Why is this bad?
    /// A suppression is a decision that a finding does not apply here. Without the
    /// reason, the next reader cannot tell a considered exception from a way to make
    /// CI pass, and cannot tell when it stops being true. Teams that review their
    /// exceptions ask for the reason to be written where the exception is.
    ///
    /// ## Example
    /// ```dockerfile
    /// # bulkhead ignore=DF304
    /// RUN apt-get install -y curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// # bulkhead ignore=DF304 reason="the base image pins the archive snapshot"
    /// RUN apt-get install -y curl
    /// ```
    pub struct SuppressionWithoutReason {
        code: "BH004",
        name: "suppression-without-reason",
        severity: Warning,
        file_kind: Any,
        checklist: None,
        sources: [],
        references: [],
    }
}
