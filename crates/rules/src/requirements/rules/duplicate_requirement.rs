use std::collections::HashMap;

use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::{Edit, Fix};
use crate::engine::registry::{declare_rule, Checklist};
use crate::requirements::Line;
use crate::requirements::RequirementsContext;
use crate::engine::text::TextRange;

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
    ///
    /// ## Fix safety
    /// Safe: a line that repeats the project's first line character for character,
    /// with nothing else on it, is deleted. When the two differ (another version,
    /// `Flask_Login` and `flask-login`) or the line has a comment, there is no fix: a
    /// person chooses which line to keep.
    pub struct DuplicateRequirement {
        code: "RQ004",
        name: "duplicate-requirement",
        severity: Error,
        file_kind: Requirements,
        checklist: Some(Checklist::PinnedDependencies),
        sources: [],
        fixes: [Safe],
        whole_file: true,
        references: [],
    }
}

impl DuplicateRequirement {
    pub fn check(ctx: &RequirementsContext<'_>, out: &mut Vec<Diagnostic>) {
        let lines = crate::engine::text::LineIndex::new(ctx.source);
        // Name → index of its first line (the map type the Dockerfile model uses too).
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (index, line) in ctx.requirements.lines.iter().enumerate() {
            let Line::Requirement(requirement) = line else {
                continue;
            };
            let Some(name) = requirement.name.as_deref() else {
                continue;
            };
            let Some(Line::Requirement(first)) = seen.get(name).map(|&i| &ctx.requirements.lines[i]) else {
                seen.insert(name.to_owned(), index);
                continue;
            };
            let first_line = lines.line_of(first.range.start()) + 1;
            let message = match (first.pinned_version(), requirement.pinned_version()) {
                (Some(a), Some(b)) if a != b => format!("`{name}` is pinned to {a} on line {first_line} and to {b} here: pip refuses conflicting pins"),
                _ => format!("`{name}` is already listed on line {first_line}"),
            };
            // The same requirement twice: the second line can go.
            let same = first.range.slice(ctx.source) == requirement.range.slice(ctx.source);
            let line_start = ctx.source[..requirement.range.start()]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            let line_end = ctx.source[requirement.range.end()..]
                .find('\n')
                .map_or(ctx.source.len(), |i| requirement.range.end() + i + 1);
            // Only a line with nothing else on it, so no comment is lost.
            let whole_line = ctx.source[line_start..requirement.range.start()]
                .trim()
                .is_empty()
                && ctx.source[requirement.range.end()..line_end]
                    .trim()
                    .is_empty();
            let fix = (same && whole_line).then(|| {
                Fix::safe(
                    "Remove the repeated line",
                    vec![Edit::delete(TextRange::new(line_start, line_end))],
                )
            });
            out.push(
                Diagnostic::new(&Self::META, requirement.name_range, message)
                    .with_help("Keep one line per project")
                    .with_fix_opt(fix),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::DuplicateRequirement::META)
            .pass(&["requests==2.32.3\nrequests-oauthlib==2.0.0\n"])
            .fail(&[
                "requests==2.32.3\nRequests==2.31.0\n",
                "flask_login==0.6.3\nFlask-Login==0.6.3\n",
                "# web\nflask==3.1.1\nrequests==2.32.3\nflask==3.1.1\nflask==3.1.1  # kept: it has a comment\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
