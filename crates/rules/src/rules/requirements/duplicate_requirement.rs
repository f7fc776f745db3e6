use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::registry::{declare_rule, Checklist};
use crate::requirements::{Line, Requirement};
use crate::rules::RequirementsContext;

declare_rule! {
    /// ## What it does
    /// Flags a project listed twice, with the same or with conflicting versions
    /// (names compare as pip compares them: `Flask_Login` is `flask-login`).
    ///
    /// ## Why is this bad?
    /// pip refuses conflicting pins ("Double requirement given" / "Cannot install ...
    /// conflicting dependencies"), and a duplicate pin is one more place to forget when
    /// upgrading.
    ///
    /// ## Example
    /// ```text
    /// requests==2.32.3
    /// Requests==2.31.0
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// requests==2.32.3
    /// ```
    pub struct DuplicateRequirement {
        code: "RQ004",
        name: "duplicate-requirement",
        severity: Error,
        file_kind: Requirements,
        checklist: Some(Checklist::PinnedDependencies),
        sources: [],
    }
}

impl DuplicateRequirement {
    pub fn check(ctx: &RequirementsContext<'_>, out: &mut Vec<Diagnostic>) {
        let lines = crate::text::LineIndex::new(ctx.source);
        let mut seen: HashMap<&str, &Requirement> = HashMap::new();
        for line in &ctx.requirements.lines {
            let Line::Requirement(requirement) = line else {
                continue;
            };
            let Some(name) = requirement.name.as_deref() else {
                continue;
            };
            let Some(first) = seen.get(name) else {
                seen.insert(name, requirement);
                continue;
            };
            let first_line = lines.line_of(first.range.start()) + 1;
            let message = match (first.pinned_version(), requirement.pinned_version()) {
                (Some(a), Some(b)) if a != b => format!("`{name}` is pinned to {a} on line {first_line} and to {b} here: pip refuses conflicting pins"),
                _ => format!("`{name}` is already listed on line {first_line}"),
            };
            out.push(
                Diagnostic::new(&Self::META, requirement.name_range, message)
                    .with_help("Keep one line per project"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::DuplicateRequirement::META)
            .pass(&["requests==2.32.3\nrequests-oauthlib==2.0.0\n"])
            .fail(&[
                "requests==2.32.3\nRequests==2.31.0\n",
                "flask_login==0.6.3\nFlask-Login==0.6.3\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
