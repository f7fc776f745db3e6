use crate::dockerfile::DockerfileContext;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::{Edit, Fix};
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::engine::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Flags an empty line inside an instruction continued over several lines (after a
    /// line that ends with `\`).
    ///
    /// ## Why is this bad?
    /// BuildKit skips such lines today but has deprecated them: a future version of the
    /// Dockerfile syntax will end the instruction at the empty line, and the build will
    /// break (`NoEmptyContinuation`). A comment line is not empty, and stays allowed.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y \
    ///
    ///     curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y \
    ///     curl
    /// ```
    ///
    /// ## Fix safety
    /// The empty lines are removed (safe: BuildKit skips them, so the instruction reads
    /// the same).
    pub struct NoEmptyContinuation {
        code: "DF017",
        name: "no-empty-continuation",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::same(Tool::BuildKit, "NoEmptyContinuation"),
            Source::same(Tool::Tally, "buildkit/NoEmptyContinuation"),
        ],
        fixes: [Safe],
        references: [],
    }
}

impl NoEmptyContinuation {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for instruction in &ctx.dockerfile.instructions {
            let lines = &instruction.empty_continuation_lines;
            let Some(first) = lines.first() else { continue };
            // Each line goes with its line break (an empty line always has one, since
            // the instruction goes on after it).
            let edits = lines
                .iter()
                .map(|line| {
                    let end = ctx.source[line.end()..]
                        .find('\n')
                        .map_or(ctx.source.len(), |n| line.end() + n + 1);
                    Edit::delete(TextRange::new(line.start(), end))
                })
                .collect();
            let count = lines.len();
            let lines_word = if count == 1 { "line" } else { "lines" };
            out.push(
                Diagnostic::new(
                    &Self::META,
                    instruction.keyword_range,
                    format!(
                        "`{}` is continued over {count} empty {lines_word} (the first on line {}), which a future BuildKit will not allow",
                        instruction.keyword_range.slice(ctx.source),
                        ctx.line_of(first.start())
                    ),
                )
                .with_help("Remove the empty lines, or make them comments")
                .with_fix(Fix::safe(format!("Remove the empty {lines_word}"), edits)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::NoEmptyContinuation::META)
            .pass(&[
                "FROM a\nEXPOSE \\\n# Port\n80",
                "FROM a\nRUN a\n\nRUN b",
                "FROM a\nRUN a \\\n",
            ])
            .fail(&[
                "FROM a\nRUN apk add \\\n\n    gnupg \\\n  \n    curl\n",
                "FROM a\r\nEXPOSE \\\r\n\r\n80\r\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
