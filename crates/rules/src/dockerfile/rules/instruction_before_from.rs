use crate::dockerfile::{DockerfileContext, Keyword};
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};

declare_rule! {
    /// ## What it does
    /// Flags an instruction other than `ARG` before the first `FROM`, and a Dockerfile
    /// with no `FROM` at all.
    ///
    /// ## Why is this bad?
    /// Every build stage starts at a `FROM`. Before the first one only `ARG` (for the
    /// `FROM` lines) and parser directives may stand, and `docker build` refuses
    /// anything else: the instruction belongs to no stage. A file without `FROM` does
    /// not build at all. Snippets from tutorials often leave the `FROM` out; bulkhead
    /// then reads the instructions as one stage on an unknown base, so the other rules
    /// still judge the commands, but not what only the whole image shows (its user,
    /// its health check).
    ///
    /// ## Example
    /// ```dockerfile
    /// ENV APP_HOME=/app
    /// FROM python:3.13-slim
    /// WORKDIR $APP_HOME
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// ENV APP_HOME=/app
    /// WORKDIR $APP_HOME
    /// ```
    pub struct InstructionBeforeFrom {
        code: "DF013",
        name: "instruction-before-from",
        severity: Error,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::same(Tool::Hadolint, "DL3061"),
            Source::same(Tool::Tally, "hadolint/DL3061"),
            Source::inspired(Tool::Tally, "tally/require-stages"),
        ],
        whole_file: true,
        references: [],
    }
}

impl InstructionBeforeFrom {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        let instructions = &ctx.dockerfile.instructions;
        let has_from = instructions.iter().any(|i| i.keyword == Keyword::From);
        // Unknown words are DF002's to report.
        let Some(early) = instructions
            .iter()
            .take_while(|i| i.keyword != Keyword::From)
            .find(|i| !matches!(i.keyword, Keyword::Arg | Keyword::Other))
        else {
            return;
        };
        let keyword = early.keyword;
        let (message, help) = if has_from {
            (
                format!("`{keyword}` comes before the first `FROM`, so `docker build` refuses the file: only `ARG` may stand before `FROM`"),
                "Move it after the `FROM` of the stage that needs it",
            )
        } else {
            (
                "This Dockerfile has no `FROM`, so `docker build` refuses it; the other findings read it as a fragment".to_owned(),
                "Start with the image it builds on, such as `FROM python:3.13-slim`",
            )
        };
        out.push(Diagnostic::new(&Self::META, early.keyword_range, message).with_help(help));
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::InstructionBeforeFrom::META)
            .pass(&[
                "FROM python:3.13-slim\nRUN echo hi\n",
                "# syntax=docker/dockerfile:1\nARG V=3.13\nFROM python:${V}-slim\n",
                // An unknown word is DF002's.
                "FORM python\nFROM python:3.13-slim\n",
            ])
            .fail(&[
                "ARG V=1\nENV X=1\nFROM a\n",
                "# a tutorial's step\nRUN apt-get install -y curl\nUSER app\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
