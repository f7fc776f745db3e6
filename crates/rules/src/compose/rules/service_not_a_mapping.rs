use crate::compose::ComposeContext;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};

declare_rule! {
    /// ## What it does
    /// Flags an entry of `services:` whose value is not a mapping of settings: `web:`
    /// alone, a list, or a string.
    ///
    /// ## Why is this bad?
    /// `docker compose` refuses the file ("services.web must be a mapping"), and bulkhead
    /// cannot judge a service it cannot read.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web: nginx:1.27
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    /// ```
    pub struct ServiceNotAMapping {
        code: "CP002",
        name: "service-not-a-mapping",
        severity: Error,
        file_kind: Compose,
        checklist: None,
        sources: [Source::same(Tool::ComposeSpec, "services")],
        whole_file: true,
        references: [],
    }
}

impl ServiceNotAMapping {
    pub fn check(ctx: &ComposeContext<'_>, out: &mut Vec<Diagnostic>) {
        for entry in &ctx.compose.malformed {
            let name = entry.key.str().unwrap_or("?");
            let what = if entry.value.is_null() {
                "has no settings"
            } else if entry.value.is_sequence() {
                "is a list"
            } else {
                "is a single value"
            };
            out.push(
                Diagnostic::new(&Self::META, entry.value.range().cover(entry.key.range()), format!("Service `{name}` {what}: a service is a mapping of settings (`image:`, `ports:`...), so it cannot be read"))
                    .with_help(format!("Write `{name}:` with its settings below it, such as `image: ...`")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::ServiceNotAMapping::META)
            .pass(&["services:\n  web:\n    image: x:1\n"])
            .fail(&["services:\n  web:\n", "services:\n  web: [1, 2]\n  db: postgres\n"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
