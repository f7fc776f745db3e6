use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::dockerfile::{DockerfileContext, StageCopy};

declare_rule! {
    /// ## What it does
    /// Flags `COPY --from=<stage>` where `<stage>` is a stage the current stage is
    /// already built `FROM` (directly or through other stages).
    ///
    /// ## Why is this bad?
    /// The files are already there: the copy duplicates them in a new layer, making the
    /// image bigger for nothing, and usually means the author meant another stage.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim AS base
    /// RUN pip install flask==3.1.0
    /// FROM base
    /// COPY --from=base /usr/local /usr/local
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM base
    /// ```
    pub struct CopyFromOwnBase {
        code: "DF404",
        name: "copy-from-own-base",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::inspired(Tool::Hadolint, "DL3023"),
            Source::inspired(Tool::Tally, "hadolint/DL3023"),
        ],
        whole_file: true,
        references: [],
    }
}

impl CopyFromOwnBase {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for StageCopy {
            into, from, source, ..
        } in ctx.stage_copies()
        {
            let value = from.value.as_deref().unwrap_or_default();
            if source.index == into.index {
                out.push(
                    Diagnostic::new(&Self::META, from.range, format!("`COPY --from={value}` names the stage it is in; a stage cannot copy from itself"))
                        .with_help("Name an earlier stage"),
                );
            } else if ctx
                .model
                .ancestry(into)
                .iter()
                .any(|a| a.index == source.index)
            {
                out.push(
                    Diagnostic::new(&Self::META, from.range, format!("This stage is built from `{value}`, so these files are already here; the copy only duplicates them"))
                        .with_help("Remove the `COPY`, or copy from the stage you meant"),
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
        let rendered = RuleTest::new(&super::CopyFromOwnBase::META)
            .pass(&[
                "FROM a AS build\nFROM b\nCOPY --from=build /x /x",
                "FROM a\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx",
            ])
            .fail(&[
                "FROM a AS base\nFROM base\nCOPY --from=base /usr/local /usr/local",
                "FROM a AS one\nCOPY --from=one /x /y",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
