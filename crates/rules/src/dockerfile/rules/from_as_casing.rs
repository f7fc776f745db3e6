use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::{Edit, Fix};
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags `FROM ... as name` where the casing of `as` does not match the casing of
    /// `FROM` (`FROM x as y`, `from x AS y`).
    ///
    /// ## Why is this bad?
    /// Docker accepts both, but mixed casing is harder to read and search, and BuildKit's
    /// own build checks warn about it (`FromAsCasing`), so it shows up in every build log.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 as build
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// ```
    ///
    /// ## Fix safety
    /// `as` is rewritten to match `FROM`: `AS` after `FROM`, `as` after `from` (safe:
    /// Docker reads both the same way). A mixed-case keyword such as `From` is not
    /// reported, so there is nothing to fix.
    pub struct FromAsCasing {
        code: "DF003",
        name: "from-as-casing",
        severity: Info,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::same(Tool::BuildKit, "FromAsCasing"),
            Source::same(Tool::Tally, "buildkit/FromAsCasing"),
        ],
        fixes: [Safe],
        references: [],
    }
}

impl FromAsCasing {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &ctx.model.stages {
            let words = stage.from.body_words();
            let Some(as_word) = words.get(1).filter(|w| w.text.eq_ignore_ascii_case("as")) else {
                continue;
            };
            let keyword = stage.from.keyword_range.slice(ctx.source);
            let from_upper = keyword.chars().all(|c| c.is_ascii_uppercase());
            let from_lower = keyword.chars().all(|c| c.is_ascii_lowercase());
            let expected = if from_upper {
                "AS"
            } else if from_lower {
                "as"
            } else {
                continue;
            };
            if as_word.text != expected {
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        as_word.range,
                        format!("`{keyword}` and `{}` use different casing", as_word.text),
                    )
                    .with_help(format!("Write `{keyword} ... {expected} <name>`"))
                    .with_fix(Fix::safe(
                        format!("Write `{expected}`"),
                        vec![Edit::replace(as_word.range, expected)],
                    )),
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
        let rendered = RuleTest::new(&super::FromAsCasing::META)
            .pass(&["FROM a AS b", "from a as b", "FROM a"])
            .fail(&["FROM golang:1.23 as build", "from a AS b"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
