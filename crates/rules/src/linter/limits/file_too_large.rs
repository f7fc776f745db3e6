use crate::engine::registry::declare_rule;

declare_rule! {
    /// ## What it does
    /// Refuses to lint a file larger than 2 MiB, with one finding at the point where
    /// the limit is crossed.
    ///
    /// ## Why is this bad?
    /// The largest real Dockerfile or manifest in our corpus is 22 KB; a file a hundred
    /// times larger is almost always a paste gone wrong (a log, a binary, a whole
    /// repository). Reading it would freeze the page for nothing. Nothing is changed:
    /// the text stays as it is.
    ///
    /// ## Example
    /// A 10 MB paste.
    ///
    /// ## Use instead
    /// Lint the Dockerfile and manifests themselves, one file per tab.
    pub struct FileTooLarge {
        code: "BH002",
        name: "file-too-large",
        severity: Error,
        file_kind: Any,
        checklist: None,
        sources: [],
        whole_file: true,
        not_checked: true,
        references: [],
    }
}

#[cfg(test)]
mod tests {
    use crate::{FileKind, MAX_FILE_BYTES, Linter};

    #[test]
    fn files_past_the_cap_get_one_positioned_finding() {
        let line = "RUN echo é\n";
        let source = format!("FROM a\n{}", line.repeat(MAX_FILE_BYTES / line.len() + 10));
        for kind in [
            FileKind::Dockerfile,
            FileKind::Kubernetes,
            FileKind::Requirements,
        ] {
            let found = Linter::new().lint(kind, &source);
            assert_eq!(found.len(), 1, "{kind:?}");
            assert_eq!(found[0].code, "BH002");
            assert!(
                found[0].range.start() <= MAX_FILE_BYTES
                    && found[0].range.end() > MAX_FILE_BYTES - 4
            );
            assert!(source.is_char_boundary(found[0].range.start()));
            assert!(found[0].message.contains("2 MiB"), "{}", found[0].message);
        }
        assert!(Linter::new().lint(FileKind::Dockerfile, "FROM a:1\n")
            .iter()
            .all(|d| d.code != "BH002"));
    }

    #[test]
    fn a_refused_file_is_not_read_for_the_cross_file_rules_either() {
        let pod = "---\nkind: Pod\nspec:\n  securityContext: {runAsNonRoot: true}\n  containers: [{name: a, image: registry.example/a:1}]\n";
        let big = pod.repeat(MAX_FILE_BYTES / pod.len() + 10);
        let files = [
            crate::ProjectFile {
                path: "Dockerfile",
                kind: FileKind::Dockerfile,
                source: "FROM python:3.13-slim\n",
            },
            crate::ProjectFile {
                path: "big.yaml",
                kind: FileKind::Kubernetes,
                source: &big,
            },
        ];
        let found = crate::Linter::new().check(&files).diagnostics;
        assert_eq!(found[1].len(), 1);
        assert_eq!(found[1][0].code, "BH002");
        assert!(
            found[0].iter().all(|d| !d.code.starts_with("XF")),
            "{:#?}",
            found[0]
        );
    }
}
