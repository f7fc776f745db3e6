use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::Fix;
use crate::engine::registry::{declare_rule, Checklist};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags `COPY . <dest>` (or `ADD .`) of the whole build context into a stage that
    /// ships.
    ///
    /// ## Why is this bad?
    /// Everything in the directory goes into the image unless `.dockerignore` excludes
    /// it: `.git` history, `.env` files, local credentials, test data, virtualenvs. It
    /// also invalidates the layer cache on any change. Copy what the app needs, or copy
    /// everything in a builder stage and only the build output into the runtime.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY . .
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// COPY pyproject.toml requirements.txt ./
    /// COPY src/ ./src/
    /// ```
    ///
    /// ## Fix safety
    /// Display-only: the fix suggests listing what the app needs instead, e.g.
    /// `COPY app/ pyproject.toml ./`, and edits nothing, since only you know which files
    /// the app needs at run time.
    ///
    /// ## References
    /// - Docker docs: `.dockerignore`
    pub struct CopyWholeContext {
        code: "DF403",
        name: "copy-whole-context",
        severity: Info,
        file_kind: Dockerfile,
        checklist: Some(Checklist::NoSecrets),
        sources: [],
        fixes: [DisplayOnly],
        whole_file: true,
        references: [related(CIS_4_10)],
    }
}

impl CopyWholeContext {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for stage in ctx.model.stages.iter().filter(|s| s.in_shipped_image) {
            for copy in stage.copies() {
                if copy.from.is_some() {
                    continue;
                }
                if let Some(source) = copy
                    .sources
                    .iter()
                    .find(|s| matches!(s.text.as_str(), "." | "./" | "./." | "*"))
                {
                    out.push(
                        Diagnostic::new(&Self::META, source.range, "The whole build context is copied into the shipped image, including anything `.dockerignore` misses (`.git`, `.env`, credentials)")
                            .with_help("Copy only the files the app needs, or copy everything in a builder stage and `COPY --from` the build output")
                            .with_fix(Fix::display_only("List what the app needs, e.g. `COPY app/ pyproject.toml ./`", Vec::new())),
                    );
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
        let rendered = RuleTest::new(&super::CopyWholeContext::META)
            .pass(&[
                "FROM a\nCOPY src/ /app/src/",
                "FROM a AS build\nCOPY . .\nFROM b\nCOPY --from=build /app/dist /app",
            ])
            .fail(&["FROM a\nCOPY . .", "FROM a\nCOPY --chown=1:1 ./ /app/"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
