use crate::dockerfile::{Casing, DockerfileContext, Keyword};
use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::{Edit, Fix};
use crate::engine::registry::{declare_rule, Source, Tool};

declare_rule! {
    /// ## What it does
    /// Flags an instruction whose keyword is not written in the casing most of the
    /// file's instructions use (all capitals, or all lowercase), and any keyword in mixed
    /// case (`Run`, `EntryPoint`).
    ///
    /// ## Why is this bad?
    /// Docker reads keywords in any case, but a file that mixes them is harder to read
    /// and to search, and BuildKit warns about each one (`ConsistentInstructionCasing`).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// run echo hello > /greeting.txt
    /// EntryPoint ["cat", "/greeting.txt"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN echo hello > /greeting.txt
    /// ENTRYPOINT ["cat", "/greeting.txt"]
    /// ```
    ///
    /// ## Fix safety
    /// The keyword is rewritten in the file's casing, capitals when as many
    /// instructions use each (safe: Docker reads both the same way). A `FROM`'s `AS`
    /// is rewritten with it, so the two still match.
    pub struct ConsistentInstructionCasing {
        code: "DF018",
        name: "consistent-instruction-casing",
        severity: Info,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::same(Tool::BuildKit, "ConsistentInstructionCasing"),
            Source::same(Tool::Tally, "buildkit/ConsistentInstructionCasing"),
        ],
        fixes: [Safe],
        whole_file: true,
        references: [],
    }
}

impl ConsistentInstructionCasing {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        let known = || ctx.dockerfile.instructions.iter().filter(|i| i.is_known());
        let count = |casing| known().filter(|i| i.keyword_casing(ctx.source) == casing).count();
        let expected = if count(Casing::Lower) > count(Casing::Upper) {
            Casing::Lower
        } else {
            Casing::Upper
        };
        for instruction in known() {
            if instruction.keyword_casing(ctx.source) == expected {
                continue;
            }
            let written = instruction.keyword_range.slice(ctx.source);
            let keyword = expected.apply(written);
            let mut edits = vec![Edit::replace(instruction.keyword_range, keyword.clone())];
            if instruction.keyword == Keyword::From {
                let words = instruction.body_words();
                if let Some(as_word) = words.get(1).filter(|w| w.text.eq_ignore_ascii_case("as")) {
                    let wanted = expected.apply("as");
                    if as_word.text != wanted {
                        edits.push(Edit::replace(as_word.range, wanted));
                    }
                }
            }
            let most = match expected {
                Casing::Lower => "lowercase",
                _ => "capitals",
            };
            let message = if instruction.keyword_casing(ctx.source) == Casing::Mixed {
                format!("`{written}` mixes capitals and lowercase; the file's instructions use {most}")
            } else {
                format!("`{written}` is not written like the other instructions, which use {most}")
            };
            out.push(
                Diagnostic::new(&Self::META, instruction.keyword_range, message)
                .with_help(format!("Write `{keyword}`"))
                .with_fix(Fix::safe(format!("Write `{keyword}`"), edits)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::ConsistentInstructionCasing::META)
            .pass(&[
                "FROM a AS b\nRUN x\nENTRYPOINT [\"x\"]",
                "from a as b\nrun x\nentrypoint [\"x\"]",
                "FROM a\nfoo x",
            ])
            .fail(&[
                "From alpine\nRun echo hello > /greeting.txt\nEntRYpOiNT [\"cat\", \"/greeting.txt\"]",
                "from a as build\nrun make\nFROM build AS test\nrun test",
                "FROM a\nrun x\nUSER 1",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
