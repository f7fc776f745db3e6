use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::requirements::RequirementsContext;

declare_rule! {
    /// ## What it does
    /// Flags requirements without `--hash` in a file where other lines have hashes
    /// (or `--require-hashes` is set): pip then runs in hash-checking mode and refuses
    /// every line without one.
    ///
    /// ## Why is this bad?
    /// A version pin says which release; only a hash says which bytes. With hashes,
    /// pip refuses a file that was replaced on the index or altered on the way, which
    /// is what the "dependencies pinned with hashes" checklist item is about.
    ///
    /// ## Example
    /// ```text
    /// flask==3.1.1 --hash=sha256:d667207822eb83f1c4b50949b1623c8fc8d51f2341d65f72e1a1815397551136
    /// requests==2.32.3
    /// ```
    ///
    /// ## Use instead
    /// Hash every line: `pip-compile --generate-hashes requirements.in` (or
    /// `uv pip compile --generate-hashes`) writes them.
    ///
    /// ## References
    /// - pip's hash-checking mode (`--require-hashes`)
    pub struct HashesIncomplete {
        code: "RQ002",
        name: "hashes-incomplete",
        severity: Error,
        file_kind: Requirements,
        checklist: Some(Checklist::PinnedDependencies),
        sources: [Source::inspired(Tool::Pip, "--require-hashes")],
        whole_file: true,
        references: [related(CIS_4_11)],
    }
}

impl HashesIncomplete {
    pub fn check(ctx: &RequirementsContext<'_>, out: &mut Vec<Diagnostic>) {
        let requirements = ctx.requirements.hashable();
        let some_hashed = ctx.requirements.any_hashed();
        let hash_mode = ctx.requirements.hash_mode();
        if hash_mode {
            for requirement in requirements.iter().filter(|r| r.hashes.is_empty()) {
                let name = requirement.name.as_deref().unwrap_or("this requirement");
                out.push(
                    Diagnostic::new(&Self::META, requirement.name_range, format!("{}, so pip runs in hash-checking mode and refuses `{name}`, which has none", if some_hashed { "Other lines have hashes" } else { "`--require-hashes` is set" }))
                        .with_help("Add its `--hash=sha256:...` (regenerate the file with `pip-compile --generate-hashes`)"),
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
        let rendered = RuleTest::new(&super::HashesIncomplete::META)
            .pass(&["flask==3.1.1 --hash=sha256:d667207822eb83f1c4b50949b1623c8fc8d51f2341d65f72e1a1815397551136\n-r base.txt\n"])
            .pass(&["flask==3.1.1\nrequests==2.32.3\n"])
            .fail(&[
                "flask==3.1.1 \\\n    --hash=sha256:d667207822eb83f1c4b50949b1623c8fc8d51f2341d65f72e1a1815397551136\nrequests==2.32.3\n",
                "--require-hashes\nrequests==2.32.3\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
