use crate::dockerfile::Keyword;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags a `WORKDIR` with a relative path (`WORKDIR app`).
    ///
    /// ## Why is this bad?
    /// A relative `WORKDIR` is resolved against the previous one, which may come from
    /// the base image and change when the base changes. An absolute path says where the
    /// files end up.
    ///
    /// ## Example
    /// ```dockerfile
    /// WORKDIR app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// WORKDIR /app
    /// ```
    pub struct RelativeWorkdir {
        code: "DF009",
        name: "relative-workdir",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::same(Tool::Hadolint, "DL3000"),
            Source::same(Tool::BuildKit, "WorkdirRelativePath"),
            Source::same(Tool::Checkov, "CKV_DOCKER_10"),
            Source::same(Tool::Tally, "buildkit/WorkdirRelativePath"),
        ],
        references: [],
    }
}

impl RelativeWorkdir {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for instruction in ctx
            .dockerfile
            .instructions_and_triggers()
            .filter(|i| i.keyword == Keyword::Workdir)
        {
            let Some(word) = instruction.unquoted_body_words().into_iter().next() else {
                continue;
            };
            let path = word.text.as_str();
            let windows_absolute = path.len() >= 2 && path.as_bytes()[1] == b':';
            if path.starts_with('/')
                || path.starts_with('$')
                || path.starts_with('\\')
                || windows_absolute
            {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &Self::META,
                    word.range,
                    format!("`WORKDIR {path}` is relative to whatever the previous working directory was"),
                )
                .with_help(format!("Use an absolute path, e.g. `WORKDIR /{path}`")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::RelativeWorkdir::META)
            .pass(&[
                "FROM a\nWORKDIR /app",
                "FROM a\nWORKDIR $HOME/app",
                "FROM a\nWORKDIR C:\\\\app",
                "FROM a\nWORKDIR \"/my app\"",
            ])
            .fail(&["FROM a\nWORKDIR app", "FROM a\nWORKDIR ./src"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
