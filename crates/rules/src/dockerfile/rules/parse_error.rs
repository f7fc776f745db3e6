use crate::engine::registry::{declare_rule, Source, Tool};

declare_rule! {
    /// ## What it does
    /// Reports text that BuildKit cannot read as a Dockerfile: an unclosed heredoc, an
    /// invalid `# escape=` directive, and similar syntax problems.
    ///
    /// ## Why is this bad?
    /// `docker build` stops at the first syntax error, and rules cannot judge what they
    /// cannot read. The rest of the file is still checked where possible.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN <<EOF
    /// echo "the heredoc is never closed"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN <<EOF
    /// echo "closed"
    /// EOF
    /// ```
    pub struct ParseError {
        code: "DF000",
        name: "parse-error",
        severity: Error,
        file_kind: Dockerfile,
        checklist: None,
        sources: [Source::same(Tool::Tally, "hadolint/DL3043")],
        parse_error: true,
        references: [],
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::ParseError::META)
            .pass(&["FROM python:3.13-slim\nRUN <<EOF\necho hi\nEOF\n"])
            .fail(&[
                "FROM python:3.13-slim\nRUN <<EOF\necho hi\n",
                "# escape=x\nFROM python:3.13-slim\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
