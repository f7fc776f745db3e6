use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::declare_rule;
use crate::requirements::Line;
use crate::requirements::RequirementsContext;

declare_rule! {
    /// ## What it does
    /// Notes `-r`/`-c` includes: the requirements or constraints in the included file
    /// are not checked unless it is given too (pasted as another tab, or passed in the
    /// same `bulkhead lint` call).
    ///
    /// ## Why is this bad?
    /// Unpinned or unhashed lines in `base.txt` end up in the image just the same, and
    /// a clean result for this file says nothing about them.
    ///
    /// ## Example
    /// ```text
    /// -r base.txt
    /// flask==3.1.1
    /// ```
    ///
    /// ## Use instead
    /// Lint `base.txt` too, or compile everything into one hashed lock file.
    pub struct IncludeNotChecked {
        code: "RQ008",
        name: "include-not-checked",
        severity: Info,
        file_kind: Requirements,
        checklist: None,
        sources: [],
        references: [],
    }
}

impl IncludeNotChecked {
    pub fn check(ctx: &RequirementsContext<'_>, out: &mut Vec<Diagnostic>) {
        for line in &ctx.requirements.lines {
            let Line::Option(option) = line else { continue };
            if option.name != "--requirement" && option.name != "--constraint" {
                continue;
            }
            let file = option.value.as_deref().unwrap_or("the included file");
            let range = option.value_range.unwrap_or(option.name_range);
            out.push(
                Diagnostic::new(&Self::META, range, format!("`{file}` is included but not checked here"))
                    .with_help(format!("Lint `{file}` together with this file (another tab, or the same `bulkhead lint` call)")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::IncludeNotChecked::META)
            .pass(&["flask==3.1.1\n"])
            .fail(&["-r base.txt\n-c constraints.txt\nflask==3.1.1\n"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
