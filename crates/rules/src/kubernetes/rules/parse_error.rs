use crate::engine::registry::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports text that is not valid YAML, or YAML this tool refuses to expand: an
    /// unclosed bracket or quote, a tab used for indentation, nesting deeper than 256
    /// levels, or aliases that would expand to more than a million nodes (an "alias
    /// bomb").
    ///
    /// ## Why is this bad?
    /// `kubectl apply` rejects the file, and rules cannot judge what they cannot read.
    /// Documents before the error are still checked.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   containers: [{name: app, image: nginx}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   containers: [{name: app, image: nginx}]
    /// ```
    pub struct ParseError {
        code: "KS000",
        name: "parse-error",
        severity: Error,
        file_kind: Kubernetes,
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
            .pass(&["kind: Pod\nspec:\n  containers: [{name: a, image: x}]\n"])
            .fail(&[
                "kind: Pod\nspec:\n  containers: [{name: a, image: x}\n",
                "kind: Pod\nspec:\n\tcontainers: []\n",
                "a: \"unterminated\n",
                "kind: Pod\n---\nkind: [\n",
                "binary\0junk",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
