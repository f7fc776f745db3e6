use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Checklist};
use crate::requirements::Line;
use crate::requirements::RequirementsContext;

declare_rule! {
    /// ## What it does
    /// Flags `--extra-index-url`.
    ///
    /// ## Why is this bad?
    /// pip treats all indexes as one and takes the highest version from any of them.
    /// If your private package `acme-utils` lives on an extra index, anyone can
    /// publish a higher `acme-utils` on `PyPI` and your build installs theirs: the
    /// "dependency confusion" attack.
    ///
    /// ## Example
    /// ```text
    /// --extra-index-url https://pypi.acme.internal/simple
    /// acme-utils==1.4.0
    /// ```
    ///
    /// ## Use instead
    /// One `--index-url` that proxies `PyPI` and serves your packages (devpi, Artifactory,
    /// a cloud artifact registry), plus hashes on every line.
    pub struct ExtraIndexUrl {
        code: "RQ006",
        name: "extra-index-url",
        severity: Warning,
        file_kind: Requirements,
        checklist: Some(Checklist::PinnedDependencies),
        sources: [],
        references: [related(CIS_4_11)],
    }
}

impl ExtraIndexUrl {
    pub fn check(ctx: &RequirementsContext<'_>, out: &mut Vec<Diagnostic>) {
        for line in &ctx.requirements.lines {
            let Line::Option(option) = line else { continue };
            if option.name == "--extra-index-url" {
                out.push(
                    Diagnostic::new(&Self::META, option.name_range, "pip takes the highest version from any index, so a package with the same name on PyPI can replace your private one (dependency confusion)")
                        .with_help("Use a single `--index-url` that proxies PyPI and hosts your packages, and hash every requirement"),
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
        let rendered = RuleTest::new(&super::ExtraIndexUrl::META)
            .pass(&["--index-url https://pypi.acme.internal/simple\nacme-utils==1.4.0\n"])
            .fail(&["--index-url https://pypi.org/simple\n--extra-index-url https://pypi.acme.internal/simple\nacme-utils==1.4.0\n"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
