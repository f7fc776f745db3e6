use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::kubernetes::KubernetesContext;

declare_rule! {
    /// ## What it does
    /// Flags a key written twice in the same mapping.
    ///
    /// ## Why is this bad?
    /// `kubectl` refuses the file ("mapping key already defined"), and tools that do
    /// read it keep only the last value, silently dropping the first: a
    /// `securityContext` written twice loses half its settings.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   runAsNonRoot: true
    /// securityContext:
    ///   readOnlyRootFilesystem: true
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// securityContext:
    ///   runAsNonRoot: true
    ///   readOnlyRootFilesystem: true
    /// ```
    pub struct DuplicateKey {
        code: "KS001",
        name: "duplicate-key",
        severity: Error,
        file_kind: Kubernetes,
        checklist: None,
        sources: [Source::same(Tool::Yamllint, "key-duplicates")],
        whole_file: true,
        references: [],
    }
}

impl DuplicateKey {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        let lines = crate::engine::text::LineIndex::new(ctx.source);
        for &(first, again) in &ctx.yaml.duplicate_keys {
            let first = ctx.yaml.node(first);
            let again = ctx.yaml.node(again);
            let key = again.str().unwrap_or_default();
            let line = lines.line_of(first.range().start()) + 1;
            out.push(
                Diagnostic::new(
                    &Self::META,
                    again.range(),
                    format!("`{key}` is already set on line {line}: kubectl refuses the file, and other tools keep only this value"),
                )
                .with_help(format!("Merge the two `{key}` entries into one")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::DuplicateKey::META)
            .pass(&["a: 1\nb:\n  a: 2\n", "- a: 1\n- a: 2\n"])
            .fail(&["securityContext:\n  runAsNonRoot: true\nsecurityContext:\n  readOnlyRootFilesystem: true\n"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
