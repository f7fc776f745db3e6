use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::requirements::Line;
use crate::requirements::RequirementsContext;

declare_rule! {
    /// ## What it does
    /// Flags requirements not pinned to one exact version: no version at all
    /// (`flask`), a range (`flask>=3`, `~=3.1`), or a wildcard (`fastapi==0.115.*`).
    ///
    /// ## Why is this bad?
    /// The image then gets whatever is newest on the day it is built: two builds of
    /// the same commit differ, a scan result does not describe the next build, and a
    /// compromised or broken release goes straight into production. Hashes (which the
    /// hardening checklist asks for) also need exact versions.
    ///
    /// ## Example
    /// ```text
    /// flask>=3
    /// fastapi==0.115.*
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// flask==3.1.1
    /// fastapi==0.115.12
    /// ```
    /// Generate the pins with `pip-compile` (pip-tools) or `uv pip compile`.
    pub struct UnpinnedRequirement {
        code: "RQ001",
        name: "unpinned-requirement",
        severity: Warning,
        file_kind: Requirements,
        checklist: Some(Checklist::PinnedDependencies),
        sources: [Source::inspired(Tool::Hadolint, "DL3013")],
        references: [related(CIS_5_28)],
    }
}

impl UnpinnedRequirement {
    pub fn check(ctx: &RequirementsContext<'_>, out: &mut Vec<Diagnostic>) {
        for line in &ctx.requirements.lines {
            let Line::Requirement(requirement) = line else {
                continue;
            };
            if requirement.direct.is_some() || requirement.is_pinned() {
                continue;
            }
            let name = requirement.name.as_deref().unwrap_or("this requirement");
            let (range, message) = match requirement.specifiers.as_slice() {
                [] => (
                    requirement.name_range,
                    format!(
                        "`{name}` has no version: each build installs whatever is newest that day"
                    ),
                ),
                [one] if one.version.contains('*') => (
                    one.range,
                    format!(
                        "`{}` is a wildcard: it matches every release in that series",
                        one.range.slice(ctx.source)
                    ),
                ),
                specifiers => {
                    let first = specifiers[0].range;
                    let last = specifiers[specifiers.len() - 1].range;
                    (
                        first.cover(last),
                        format!(
                            "`{}` is a range: each build may get a different version of `{name}`",
                            first.cover(last).slice(ctx.source)
                        ),
                    )
                }
            };
            out.push(
                Diagnostic::new(&Self::META, range, message)
                    .with_help("Pin one exact version (`==X.Y.Z`); `pip-compile --generate-hashes` or `uv pip compile --generate-hashes` writes the pins for you"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::UnpinnedRequirement::META)
            .pass(&["flask==3.1.1\nrequests===2.32.3\n-e .\n"])
            .fail(&[
                "flask\n",
                "flask>=3, <4\n",
                "fastapi==0.115.*\n",
                "uvicorn~=0.30\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
