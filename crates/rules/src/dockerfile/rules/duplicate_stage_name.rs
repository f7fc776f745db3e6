use std::collections::HashMap;

use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags a `FROM ... AS <name>` that reuses the name of an earlier stage (names are
    /// compared without regard to case).
    ///
    /// ## Why is this bad?
    /// BuildKit refuses to build a Dockerfile with duplicate stage names; with the
    /// classic builder, `COPY --from=<name>` and `FROM <name>` silently pick one of them.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22 AS build
    /// FROM golang:1.27 AS build
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22 AS web-build
    /// FROM golang:1.27 AS api-build
    /// ```
    pub struct DuplicateStageName {
        code: "DF010",
        name: "duplicate-stage-name",
        severity: Error,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::same(Tool::Hadolint, "DL3024"),
            Source::same(Tool::BuildKit, "DuplicateStageName"),
            Source::same(Tool::Checkov, "CKV_DOCKER_11"),
            Source::same(Tool::Tally, "buildkit/DuplicateStageName"),
        ],
        whole_file: true,
        references: [],
    }
}

impl DuplicateStageName {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for stage in &ctx.model.stages {
            let Some(name) = &stage.name else { continue };
            let key = name.text.to_ascii_lowercase();
            if let Some(&first) = seen.get(&key) {
                let line = ctx.line_of(ctx.model.stages[first].from.keyword_range.start());
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        name.range,
                        format!(
                            "Stage name `{}` is already used by the stage on line {line}",
                            name.text
                        ),
                    )
                    .with_help("Give every stage its own name"),
                );
            } else {
                seen.insert(key, stage.index);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::DuplicateStageName::META)
            .pass(&["FROM a AS one\nFROM b AS two"])
            .fail(&["FROM node:22 AS build\nFROM golang:1.27 AS Build"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
