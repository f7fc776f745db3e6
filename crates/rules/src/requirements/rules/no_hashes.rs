use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::Fix;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::requirements::RequirementsContext;

declare_rule! {
    /// ## What it does
    /// Notes a requirements file in which no line has a `--hash` (once, at the first
    /// requirement).
    ///
    /// ## Why is this bad?
    /// A version pin says which release; only a hash says which bytes. With hashes,
    /// pip refuses a file that was replaced on the index or altered on the way, which
    /// is what the "dependencies pinned with hashes" checklist item is about.
    ///
    /// ## Example
    /// ```text
    /// flask==3.1.1
    /// requests==2.32.3
    /// ```
    ///
    /// ## Use instead
    /// Hash every line: `pip-compile --generate-hashes requirements.in` (or
    /// `uv pip compile --generate-hashes`) writes them.
    ///
    /// ## Fix safety
    /// Display-only: hashes come from the files on the index, which this rule cannot
    /// fetch, so the fix only shows the command to run,
    /// `pip-compile --generate-hashes requirements.in` (or `uv pip compile`).
    ///
    /// ## References
    /// - pip's hash-checking mode (`--require-hashes`)
    pub struct NoHashes {
        code: "RQ009",
        name: "no-hashes",
        severity: Info,
        file_kind: Requirements,
        checklist: Some(Checklist::PinnedDependencies),
        sources: [Source::inspired(Tool::Pip, "--require-hashes")],
        fixes: [DisplayOnly],
        whole_file: true,
        references: [related(CIS_4_11)],
    }
}

impl NoHashes {
    pub fn check(ctx: &RequirementsContext<'_>, out: &mut Vec<Diagnostic>) {
        let requirements = ctx.requirements.hashable();
        let hash_mode = ctx.requirements.hash_mode();
        if hash_mode {
            return;
        }
        if let Some(first) = requirements.first() {
            out.push(
                Diagnostic::new(&Self::META, first.name_range, "No requirement has a `--hash`: pip installs whatever bytes the index serves for these versions")
                    .with_help("Generate hashes with `pip-compile --generate-hashes` or `uv pip compile --generate-hashes`, and install with `pip install --require-hashes -r requirements.txt`")
                    // Hashes need the files from the index: not something to compute here.
                    .with_fix(Fix::display_only("Run `pip-compile --generate-hashes requirements.in` (or `uv pip compile --generate-hashes requirements.in -o requirements.txt`)", Vec::new())),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::NoHashes::META)
            .pass(&["flask==3.1.1 --hash=sha256:d667207822eb83f1c4b50949b1623c8fc8d51f2341d65f72e1a1815397551136\n-r base.txt\n"])
            .fail(&["flask==3.1.1\nrequests==2.32.3\n"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
