use crate::dockerfile::DockerfileContext;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};

declare_rule! {
    /// ## What it does
    /// Flags `FROM --platform=` with a constant platform (`linux/amd64`), unless the
    /// stage's name says which platform it is for (`AS build-amd64`, `AS base_linux`).
    ///
    /// ## Why is this bad?
    /// A constant platform pins the stage to one platform: the image cannot be built for
    /// several, and on any other machine the base runs under emulation. Platforms are
    /// chosen at build time with `docker build --platform`; a stage that must run on
    /// the builder's platform says `--platform=$BUILDPLATFORM`. A stage made for one
    /// platform, selected with `FROM build-${TARGETARCH}`, is named after it, which
    /// BuildKit accepts (`FromPlatformFlagConstDisallowed`).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=linux/amd64 alpine:3.20 AS base
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20 AS base
    /// ```
    pub struct FromPlatformFlagConst {
        code: "DF025",
        name: "from-platform-flag-const",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::same(Tool::BuildKit, "FromPlatformFlagConstDisallowed"),
            Source::inspired(Tool::Hadolint, "DL3029"),
            Source::same(Tool::Tally, "buildkit/FromPlatformFlagConstDisallowed"),
        ],
        references: [],
    }
}

impl FromPlatformFlagConst {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for stage in ctx.model.stages.iter().filter(|s| !s.fragment) {
            let Some(flag) = &stage.platform else { continue };
            let value = flag.value.as_deref().unwrap_or_default().trim_matches(['"', '\'']);
            if value.is_empty() || value.contains('$') {
                continue;
            }
            // A stage named for its platform: its OS, architecture or variant.
            let name = stage
                .name
                .as_ref()
                .map(|n| n.text.to_ascii_lowercase())
                .unwrap_or_default();
            let named_for_it = value
                .to_ascii_lowercase()
                .split('/')
                .any(|part| !part.is_empty() && name.contains(part));
            if named_for_it {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &Self::META,
                    flag.range,
                    format!("`FROM --platform={value}` pins the stage to one platform"),
                )
                .with_help("Leave the platform to `docker build --platform`, use `--platform=$BUILDPLATFORM` for a stage that runs on the builder, or name the stage after its platform"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::FromPlatformFlagConst::META)
            .pass(&[
                "FROM alpine AS base",
                "FROM --platform=${BUILDPLATFORM} alpine AS base",
                "FROM --platform=linux/amd64 alpine AS build_amd64\nFROM --platform=linux/arm64 alpine AS build_arm64\nFROM build_${TARGETARCH} AS build",
            ])
            .fail(&[
                "FROM --platform=linux/amd64 alpine AS base",
                "FROM --platform=linux/arm64/v8 alpine",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
