use crate::engine::registry::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a Compose file that is not valid YAML, or YAML this tool refuses to
    /// expand (nesting deeper than 256 levels, aliases that would expand to more than a
    /// million nodes).
    ///
    /// ## Why is this bad?
    /// `docker compose` refuses the file, and rules cannot judge what they cannot read.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: "nginx:1.27
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   web:
    ///     image: "nginx:1.27"
    /// ```
    pub struct ParseError {
        code: "CP000",
        name: "parse-error",
        severity: Error,
        file_kind: Compose,
        checklist: None,
        sources: [],
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
            .pass(&["services:\n  web:\n    image: nginx:1.27\n"])
            .fail(&[
                "services:\n  web:\n    image: \"nginx:1.27\n",
                "services:\n\tweb: {}\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
