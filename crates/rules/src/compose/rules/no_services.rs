use crate::compose::ComposeContext;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::engine::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Notes a Compose file with no service to judge: no `services:`, an empty one, or
    /// one that is not a mapping of names to services. Nothing in it is checked, and this
    /// says so instead of reporting a clean file.
    ///
    /// ## Why is this bad?
    /// "0 findings" for a file that was never judged reads like a pass. `docker compose`
    /// refuses a file without services ("no service selected").
    ///
    /// ## Example
    /// ```yaml
    /// services: []
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   web:
    ///     image: registry.example.com/web:1.0.0
    /// ```
    pub struct NoServices {
        code: "CP001",
        name: "no-services",
        severity: Info,
        file_kind: Compose,
        checklist: None,
        sources: [Source::same(Tool::ComposeSpec, "services")],
        whole_file: true,
        not_checked: true,
        references: [],
    }
}

impl NoServices {
    pub fn check(ctx: &ComposeContext<'_>, out: &mut Vec<Diagnostic>) {
        // A file that only includes others delegates its services to them (CP003 says
        // when they were not given).
        if !ctx.compose.services.is_empty()
            || !ctx.compose.malformed.is_empty()
            || !ctx.compose.includes.is_empty()
            || ctx.yaml.error.is_some()
        {
            return;
        }
        let at = ctx
            .compose
            .root
            .and_then(|r| r.entry("services"))
            .map_or_else(|| TextRange::new(0, 0), |e| e.key.range());
        out.push(
            Diagnostic::new(&Self::META, at, "This Compose file defines no service, so nothing in it was checked")
                .with_help("Write each service under `services:` as a name with its settings (`web: {image: ...}`)"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::NoServices::META)
            .pass(&["services:\n  web:\n    image: x:1\n", "services:\n  web: [x]\n"])
            .pass(&["include: [compose.db.yaml]\n"])
            .fail(&["services:\n", "services: []\n", "name: app\nservices: {}\n"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
