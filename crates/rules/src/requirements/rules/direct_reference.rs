use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Checklist};
use crate::requirements::{Direct, Line};
use crate::requirements::RequirementsContext;

declare_rule! {
    /// ## What it does
    /// Flags requirements that do not come from the package index: editable installs
    /// (`-e`), VCS URLs (`git+https://...`), plain URLs and local paths.
    ///
    /// ## Why is this bad?
    /// A branch or an unpinned URL changes under you; `-e` installs link to source
    /// that must be present at run time; none of them can be hash-checked unless they
    /// point at a fixed archive. Images are built from what was reviewed, not from
    /// whatever a branch holds today.
    ///
    /// ## Example
    /// ```text
    /// -e git+https://github.com/org/lib@main#egg=lib
    /// ```
    ///
    /// ## Use instead
    /// Publish the library and pin it (`lib==1.2.0`), or point at a fixed archive
    /// with its hash: `lib @ https://example.com/lib-1.2.0.tar.gz --hash=sha256:...`.
    pub struct DirectReference {
        code: "RQ005",
        name: "direct-reference",
        severity: Warning,
        file_kind: Requirements,
        checklist: Some(Checklist::PinnedDependencies),
        sources: [],
        references: [related(CIS_4_11)],
    }
}

impl DirectReference {
    pub fn check(ctx: &RequirementsContext<'_>, out: &mut Vec<Diagnostic>) {
        for line in &ctx.requirements.lines {
            let Line::Requirement(requirement) = line else {
                continue;
            };
            let Some(direct) = requirement.direct else {
                continue;
            };
            let target = requirement.name_range.slice(ctx.source);
            let message = match direct {
                Direct::Editable => format!("`-e {target}` installs a link to source that must exist at run time, not a fixed release"),
                Direct::Vcs if !target.contains('@') || target.ends_with("@main") || target.contains("@main#") || target.contains("@master") => format!("`{target}` follows a branch: each build gets whatever it holds that day"),
                Direct::Vcs => format!("`{target}` comes from a repository, not the index; pip cannot check a hash for it"),
                Direct::Url if !requirement.hashes.is_empty() => continue,
                Direct::Url => format!("`{target}` is downloaded from a URL without a `--hash`, so nothing checks what it serves"),
                Direct::Path => format!("`{target}` is a local path: the file must be in the build context, and nothing pins its contents"),
            };
            out.push(
                Diagnostic::new(&Self::META, requirement.name_range, message)
                    .with_help("Pin a released version (`name==X.Y.Z`), or a fixed archive URL with `--hash=sha256:...`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::DirectReference::META)
            .pass(&["lib @ https://example.com/lib-1.2.0.tar.gz --hash=sha256:d667207822eb83f1c4b50949b1623c8fc8d51f2341d65f72e1a1815397551136\nflask==3.1.1\n"])
            .fail(&["-e git+https://github.com/org/lib@main#egg=lib\n", "git+https://github.com/org/lib#egg=lib\n", "./vendor/lib-1.0.whl\n", "lib @ https://example.com/lib.tar.gz\n"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
