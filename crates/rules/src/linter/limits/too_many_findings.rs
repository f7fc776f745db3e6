use crate::engine::registry::declare_rule;

declare_rule! {
    /// ## What it does
    /// Replaces the findings of a file past the first 1,000 with one summary: how many
    /// more there are, and of which rules.
    ///
    /// ## Why is this bad?
    /// A generated or pasted file with thousands of findings would bury the first,
    /// most useful ones, and slow the page down. Fix the first ones (or use `--fix`)
    /// and lint again.
    ///
    /// ## Example
    /// A manifest of 2,000 copies of the same Deployment.
    ///
    /// ## Use instead
    /// Lint the files one at a time, or fix what is reported first.
    pub struct TooManyFindings {
        code: "BH001",
        name: "too-many-findings",
        severity: Info,
        file_kind: Any,
        checklist: None,
        sources: [],
        whole_file: true,
        references: [],
    }
}

#[cfg(test)]
mod tests {
    use crate::{FileKind, MAX_FINDINGS, Linter};

    #[test]
    fn findings_past_the_cap_become_one_summary() {
        let pod = "---\nkind: Pod\nspec:\n  containers:\n  - name: a\n    image: nginx\n";
        let source = pod.repeat(200);
        let found = Linter::new().lint(FileKind::Kubernetes, &source);
        assert_eq!(found.len(), MAX_FINDINGS + 1);
        let summary = found.last().expect("summary");
        assert_eq!(summary.code, "BH001");
        assert!(
            summary.message.contains("more findings"),
            "{}",
            summary.message
        );
        assert!(Linter::new().lint(FileKind::Kubernetes, pod)
            .iter()
            .all(|d| d.code != "BH001"));
    }
}
