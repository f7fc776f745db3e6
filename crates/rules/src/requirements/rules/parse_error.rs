use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::declare_rule;
use crate::requirements::Line;
use crate::requirements::RequirementsContext;

declare_rule! {
    /// ## What it does
    /// Reports lines pip cannot read as a requirement or an option, such as a
    /// version without a name (`==1.0`) or an unclosed extras bracket.
    ///
    /// ## Why is this bad?
    /// `pip install -r` stops at the first such line, so the image build fails.
    ///
    /// ## Example
    /// ```text
    /// ==2.32.3
    /// requests[socks==2.32.3
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// requests[socks]==2.32.3
    /// ```
    pub struct ParseError {
        code: "RQ000",
        name: "parse-error",
        severity: Error,
        file_kind: Requirements,
        checklist: None,
        sources: [],
        parse_error: true,
        references: [],
    }
}

impl ParseError {
    pub fn check(ctx: &RequirementsContext<'_>, out: &mut Vec<Diagnostic>) {
        for line in &ctx.requirements.lines {
            if let Line::Invalid { range, .. } = line {
                out.push(
                    Diagnostic::new(&Self::META, *range, "pip cannot read this line as a requirement (`name[extras] specifiers`) or an option")
                        .with_help("Write a requirement such as `requests==2.32.3`, or an option such as `--index-url URL`"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::ParseError::META)
            .pass(&["requests==2.32.3\n# comment\n\n-r base.txt\n"])
            .fail(&["==2.32.3\n", "requests[socks==2.32.3\n", "bin\0ary"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
