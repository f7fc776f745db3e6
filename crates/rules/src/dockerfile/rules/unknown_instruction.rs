use crate::dockerfile::Keyword;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Reports an instruction keyword that Docker does not know, such as `COPPY` or
    /// `other`.
    ///
    /// ## Why is this bad?
    /// `docker build` stops with `unknown instruction` at this line, so nothing after it
    /// is built. It is usually a typo or a line that lost its continuation backslash.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// COPPY app.py /app/
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// COPY app.py /app/
    /// ```
    pub struct UnknownInstruction {
        code: "DF002",
        name: "unknown-instruction",
        severity: Error,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::inspired(Tool::Hadolint, "DL1000"),
            Source::same(Tool::Tally, "tally/unknown-instruction"),
            Source::same(Tool::Tally, "tally/invalid-onbuild-trigger"),
        ],
        references: [],
    }
}

impl UnknownInstruction {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for instruction in ctx.dockerfile.instructions_and_triggers() {
            if instruction.is_known() {
                continue;
            }
            let written = instruction.keyword_range.slice(ctx.source);
            let hint = closest_keyword(&written.to_ascii_uppercase()).map_or_else(
                || {
                    "Check the spelling, or whether the previous line is missing a trailing `\\`"
                        .to_owned()
                },
                |k| format!("Did you mean `{k}`?"),
            );
            out.push(
                Diagnostic::new(
                    &Self::META,
                    instruction.keyword_range,
                    format!(
                        "`{written}` is not a Dockerfile instruction, so `docker build` stops here"
                    ),
                )
                .with_help(hint),
            );
        }
    }
}

/// The known keyword at edit distance 1 or 2, if any.
fn closest_keyword(word: &str) -> Option<&'static str> {
    crate::engine::text::closest(word, Keyword::KNOWN.iter().map(|k| k.as_str()))
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::UnknownInstruction::META)
            .pass(&[
                "FROM a\nRUN echo\nmaintainer me\nonbuild RUN x\n",
                "FROM a\nRUN echo \\\n  other\n",
            ])
            .fail(&[
                "FROM a\nCOPPY x /\n",
                "FROM a\nother 1\n",
                "FROM a\nRUN echo\n  && echo\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
