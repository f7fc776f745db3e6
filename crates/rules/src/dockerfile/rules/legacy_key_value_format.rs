use crate::dockerfile::{legacy_key_value, DockerfileContext, Keyword, LegacyPair};
use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::{Edit, Fix};
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::engine::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Flags `ENV` and `LABEL` written in the old `KEY value` form, without `=`
    /// (`ENV PORT 8080`).
    ///
    /// ## Why is this bad?
    /// The form is deprecated: it sets one variable, the whole rest of the line, so
    /// `ENV A 1 B 2` sets `A` to `1 B 2`, and it reads like the `KEY=value` form it is
    /// not. BuildKit warns about it (`LegacyKeyValueFormat`).
    ///
    /// ## Example
    /// ```dockerfile
    /// ENV PYTHONDONTWRITEBYTECODE 1
    /// ENV DEPS curl git
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ENV PYTHONDONTWRITEBYTECODE=1
    /// ENV DEPS="curl git"
    /// ```
    ///
    /// ## Fix safety
    /// The blanks after the key become `=`, and a value with blanks in it is put in
    /// double quotes (safe: the variable gets the same value, and variables in it are
    /// still expanded). A value that already has quotes or escapes is only given the
    /// `=` when it is one quoted word; otherwise, and when the value starts on a later
    /// line, there is no fix.
    pub struct LegacyKeyValueFormat {
        code: "DF022",
        name: "legacy-key-value-format",
        severity: Info,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::same(Tool::BuildKit, "LegacyKeyValueFormat"),
            Source::same(Tool::Tally, "buildkit/LegacyKeyValueFormat"),
        ],
        fixes: [Safe],
        references: [],
    }
}

/// The edits that write a legacy pair as `KEY=value`, where that keeps the value.
fn rewrite(source: &str, pair: &LegacyPair, escape: char) -> Option<Vec<Edit>> {
    let gap = TextRange::new(pair.key.range.end(), pair.value_range.start());
    if gap.slice(source).contains('\n') || pair.key.range.slice(source) != pair.key.text {
        return None;
    }
    let value = pair.value.as_str();
    let quoted_word = |q: char| {
        value.len() >= 2
            && value.starts_with(q)
            && value.ends_with(q)
            && !value[1..value.len() - 1].contains([q, escape])
    };
    if quoted_word('"') || quoted_word('\'') {
        return Some(vec![Edit::replace(gap, "=")]);
    }
    if value.contains(['"', '\'', escape]) {
        return None;
    }
    if !value.contains(char::is_whitespace) {
        return Some(vec![Edit::replace(gap, "=")]);
    }
    Some(vec![
        Edit::replace(gap, "=\""),
        Edit::insert(pair.value_range.end(), "\""),
    ])
}

impl LegacyKeyValueFormat {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for instruction in ctx.dockerfile.instructions_and_triggers() {
            let Some(pair) = legacy_key_value(instruction) else {
                continue;
            };
            let keyword = if instruction.keyword == Keyword::Env { "ENV" } else { "LABEL" };
            let fix = rewrite(ctx.source, &pair, instruction.args.escape()).map(|edits| {
                Fix::safe(format!("Write `{}=...`", pair.key.text), edits)
            });
            out.push(
                Diagnostic::new(
                    &Self::META,
                    pair.key.range,
                    format!("`{keyword} {} <value>` is the deprecated form without `=`", pair.key.text),
                )
                .with_help(format!(
                    "Write `{keyword} {}=<value>`, quoting a value with blanks",
                    pair.key.text
                ))
                .with_fix_opt(fix),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::LegacyKeyValueFormat::META)
            .pass(&[
                "FROM a\nENV A=1 B=\"two words\"\nLABEL x=1",
                "FROM a\nARG foo\nENV",
            ])
            .fail(&[
                "FROM a\nENV PYTHONDONTWRITEBYTECODE 1\nENV DEPS curl git $EXTRA\nLABEL maintainer \"Jane Doe\"",
                "FROM a\nENV DEPS curl \\\n    # the VCS\n    git\n",
                "FROM a\nENV MSG \"it's\" here\nENV \\\n  LATER value\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
