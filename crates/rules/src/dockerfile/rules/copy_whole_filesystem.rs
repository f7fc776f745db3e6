use crate::dockerfile::{Base, DockerfileContext};
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};

declare_rule! {
    /// ## What it does
    /// Flags `COPY --from=<stage or image> / <dest>` (also `/.` and `/*`) into a stage
    /// of an image that runs (the shipped one, or a target with its own `CMD` or
    /// `ENTRYPOINT`, such as a development stage): the whole filesystem of another stage or image copied in. A stage
    /// built `FROM scratch` is left alone, since it holds only what was put in it (the
    /// usual way to gather build output).
    ///
    /// ## Why is this bad?
    /// The point of a multi-stage build is that the runtime image gets the build's
    /// output and nothing else. Copying `/` brings everything back: the other image's
    /// shell, package manager, compilers, caches and whatever files the build wrote,
    /// on top of the runtime's own (its `/etc/passwd` included). The image is as large
    /// and as exposed as a single-stage one, and what it contains depends on another
    /// image you do not see here.
    ///
    /// Unlike hadolint's DL3067, a build stage that no image runs is not judged: copying a
    /// helper image such as `tonistiigi/xx` whole into a build stage is the usual way
    /// to use it, and none of it reaches the runtime image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// RUN go build -o /out/app .
    /// FROM gcr.io/distroless/static-debian13
    /// COPY --from=build / /
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// RUN go build -o /out/app .
    /// FROM gcr.io/distroless/static-debian13
    /// COPY --from=build /out/app /app
    /// ```
    pub struct CopyWholeFilesystem {
        code: "DF407",
        name: "copy-whole-filesystem",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: Some(Checklist::MultiStage),
        sources: [Source::inspired(Tool::Hadolint, "DL3067")],
        whole_file: true,
        references: [related(CIS_4_3)],
    }
}

/// Whether `stage` holds only what was gathered in it: it is built on `scratch`, or on
/// a stage chosen by a build argument (`FROM binaries-$TARGETOS`) where every stage
/// that name can pick (`binaries-linux`, `binaries-windows`) is built on `scratch`.
fn gathers_only(ctx: &DockerfileContext<'_>, stage: &crate::dockerfile::Stage<'_>) -> bool {
    let root = ctx.model.root_stage(stage);
    match &root.base {
        Base::Scratch => true,
        Base::Unknown => {
            let candidates = ctx.model.stages_named_by_argument(root);
            !candidates.is_empty()
                && candidates
                    .iter()
                    .all(|s| matches!(ctx.model.root_base(s), Base::Scratch))
        }
        _ => false,
    }
}

impl CopyWholeFilesystem {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for stage in ctx
            .model
            .stages
            .iter()
            .filter(|s| ctx.model.in_runnable_image(s))
        {
            for copy in stage.copies() {
                let Some(from) = copy.from.as_ref() else {
                    continue;
                };
                let name = from.value.as_deref().unwrap_or_default();
                let source_stage = ctx.model.stage_named(name);
                if source_stage.is_some_and(|s| gathers_only(ctx, s)) {
                    continue;
                }
                let Some(root) = copy
                    .sources
                    .iter()
                    .find(|s| matches!(s.text.as_str(), "/" | "/." | "/*"))
                else {
                    continue;
                };
                let what = if source_stage.is_some() { "stage" } else { "image" };
                out.push(
                    Diagnostic::new(&Self::META, root.range, format!("The whole filesystem of the {what} `{name}` is copied into an image that runs: its shell, tools and caches come back, which undoes the multi-stage build"))
                        .with_help("Copy only the build output (e.g. `COPY --from=build /out/app /app`), or gather it first in a `FROM scratch` stage"),
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
        let rendered = RuleTest::new(&super::CopyWholeFilesystem::META)
            .pass(&[
                "FROM golang:1.23 AS build\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app",
                // A `FROM scratch` stage holds only what was gathered in it.
                "FROM golang:1.23 AS build\nRUN go build -o /out/app .\nFROM scratch AS out\nCOPY --from=build /out/app /app\nFROM alpine:3.22\nCOPY --from=out / /",
                // From a stage a build argument picks among `FROM scratch` stages.
                "FROM scratch AS binaries-linux\nCOPY --from=build /out/ /\nFROM scratch AS binaries-windows\nFROM binaries-$TARGETOS AS binaries\nFROM alpine:3.22 AS rootless\nCOPY --from=binaries / /usr/bin/\nENTRYPOINT [\"buildkitd\"]",
                // Into a stage that does not ship.
                "FROM tonistiigi/xx:1.6 AS xx\nFROM golang:1.23 AS build\nCOPY --from=xx / /\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app",
                "FROM alpine:3.22\nCOPY --from=build-tools:1.0 /usr/bin/tool /usr/bin/tool",
            ])
            .fail(&[
                "FROM golang:1.23 AS build\nRUN go build -o /out/app .\nFROM alpine:3.22\nCOPY --from=build / /",
                "FROM alpine:3.22\nCOPY --from=docker.io/library/busybox:1.37 / /",
                "FROM debian:13 AS build\nFROM debian:13-slim\nCOPY --from=0 /. /rootfs/",
                // A development target that is run (it has its own CMD), not the last stage.
                "FROM golang:1.23 AS dev\nCOPY --from=docker:28-cli / /\nCMD [\"go\", \"run\", \".\"]\nFROM scratch\nCOPY --from=dev /go/bin/app /app",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
