use crate::dockerfile::{key_values, DockerfileContext, Keyword};
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::engine::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Flags an `ENV` pair whose value uses a variable that an earlier pair of the same
    /// `ENV` sets: `ENV APP_HOME=/srv/app APP_BIN=$APP_HOME/bin`.
    ///
    /// ## Why is this bad?
    /// Docker expands every value of one `ENV` with the variables as they were *before*
    /// that instruction, so `$APP_HOME` above is empty (or an older value), and
    /// `APP_BIN` becomes `/bin`, not `/srv/app/bin`. Nothing fails at build time; the
    /// app looks in the wrong place at run time. A pair that extends its own variable
    /// (`ENV PATH=/opt/app/bin:$PATH`) means the old value and is not flagged.
    ///
    /// ## Example
    /// ```dockerfile
    /// ENV APP_HOME=/srv/app \
    ///     APP_BIN=$APP_HOME/bin
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ENV APP_HOME=/srv/app
    /// ENV APP_BIN=$APP_HOME/bin
    /// ```

    pub struct EnvSelfReference {
        code: "DF027",
        name: "env-self-reference",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::same(Tool::Hadolint, "DL3044"),
            Source::inspired(Tool::Tally, "buildkit/UndefinedVar"),
        ],
        references: [],
    }
}

/// Where `$name` or `${name…}` is used in `text`, as a byte range of it.
fn reference(text: &str, name: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(found) = text[from..].find('$') {
        let start = from + found;
        let after = &text[start + 1..];
        let (braced, rest) = match after.strip_prefix('{') {
            Some(rest) => (true, rest),
            None => (false, after),
        };
        if let Some(tail) = rest.strip_prefix(name) {
            let ends = tail
                .chars()
                .next()
                .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_'));
            if ends {
                let len = 1 + usize::from(braced) + name.len();
                let close = if braced { tail.find('}').map_or(0, |i| i + 1) } else { 0 };
                return Some((start, start + len + close));
            }
        }
        from = start + 1;
    }
    None
}

impl EnvSelfReference {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for instruction in ctx.dockerfile.instructions_and_triggers() {
            if instruction.keyword != Keyword::Env {
                continue;
            }
            let words = instruction.body_words();
            // The old `ENV KEY value` form sets one variable.
            if words.first().is_none_or(|w| !w.text.contains('=')) {
                continue;
            }
            let pairs = key_values(instruction);
            for (index, ((key, _), word)) in pairs.iter().zip(&words).enumerate() {
                let raw = word.range.slice(ctx.source);
                let Some(value_at) = raw.find('=').map(|i| i + 1) else {
                    continue;
                };
                let earlier = pairs[..index]
                    .iter()
                    .map(|(k, _)| k.text.as_str())
                    .filter(|name| *name != key.text);
                for name in earlier {
                    let Some((start, end)) = reference(&raw[value_at..], name) else {
                        continue;
                    };
                    let at = word.range.start() + value_at;
                    out.push(
                        Diagnostic::new(
                            &Self::META,
                            TextRange::new(at + start, at + end),
                            format!("`{}` here is the value `{name}` had before this `ENV`, not the one it sets", &raw[value_at + start..value_at + end]),
                        )
                        .with_help(format!("Set `{name}` in an `ENV` of its own above this one")),
                    );
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::EnvSelfReference::META)
            .pass(&[
                "FROM a\nENV APP_HOME=/srv/app\nENV APP_BIN=$APP_HOME/bin",
                "FROM a\nENV PATH=/opt/app/bin:$PATH LANG=C.UTF-8",
                "FROM a\nENV A=1 AB=$ABC",
                "FROM a\nENV A $A:x B=$A",
                "FROM a\nENV B=$A A=1",
            ])
            .fail(&[
                "FROM a\nENV APP_HOME=/srv/app \\\n    APP_BIN=$APP_HOME/bin",
                "FROM a\nENV V=1.2 URL=\"https://e.com/v${V}/tool.tgz\"",
                "# escape=`\nFROM a\nENV ProgramFiles=\"C:\\Program Files\" `\n    PSCORE=\"$ProgramFiles\\PowerShell\\pwsh.exe\"",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
