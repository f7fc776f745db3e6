use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Checklist};
use crate::requirements::Line;
use crate::requirements::RequirementsContext;

declare_rule! {
    /// ## What it does
    /// Flags `--trusted-host` and indexes or find-links reached over plain `http://`.
    ///
    /// ## Why is this bad?
    /// `--trusted-host` turns off TLS certificate checks for that host, and `http://`
    /// has no TLS at all: anyone on the network path can serve different packages.
    ///
    /// ## Example
    /// ```text
    /// --index-url http://pypi.acme.internal/simple
    /// --trusted-host pypi.acme.internal
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// --index-url https://pypi.acme.internal/simple
    /// ```
    /// (with the internal CA in the image's trust store, or `PIP_CERT`).
    pub struct InsecureIndex {
        code: "RQ007",
        name: "insecure-index",
        severity: Error,
        file_kind: Requirements,
        checklist: Some(Checklist::PinnedDependencies),
        sources: [],
        references: [related(CIS_4_11)],
    }
}

impl InsecureIndex {
    pub fn check(ctx: &RequirementsContext<'_>, out: &mut Vec<Diagnostic>) {
        for line in &ctx.requirements.lines {
            let Line::Option(option) = line else { continue };
            let value = option.value.as_deref().unwrap_or_default();
            let message = match option.name.as_str() {
                "--trusted-host" => format!("`--trusted-host {value}` turns off certificate checks: anyone on the network path can serve packages"),
                "--index-url" | "--extra-index-url" | "--find-links" if value.starts_with("http://") => format!("`{value}` is plain HTTP: anyone on the network path can serve different packages"),
                _ => continue,
            };
            let range = option.value_range.unwrap_or(option.name_range);
            out.push(Diagnostic::new(&Self::META, range, message).with_help(
                "Use `https://` and trust the index's CA (`PIP_CERT` or the system store) instead",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::InsecureIndex::META)
            .pass(&["--index-url https://pypi.acme.internal/simple\n"])
            .fail(&[
                "--index-url http://pypi.acme.internal/simple\n--trusted-host pypi.acme.internal\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
