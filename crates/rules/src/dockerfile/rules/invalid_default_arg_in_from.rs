use crate::dockerfile::{expand_with, is_predefined_arg, DockerfileContext};
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};

declare_rule! {
    /// ## What it does
    /// Flags a `FROM` whose image, with the defaults of the `ARG`s declared before the
    /// first `FROM`, is not a valid reference: `ARG TAG` with no default, then
    /// `FROM python:${TAG}`, names `python:`.
    ///
    /// ## Why is this bad?
    /// A build with no `--build-arg` should work: with this file it fails before it
    /// starts, and whoever builds it has to find out which argument to pass. BuildKit
    /// warns about it (`InvalidDefaultArgInFrom`).
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG TAG
    /// FROM busybox:${TAG}
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ARG TAG=1.37
    /// FROM busybox:${TAG}
    /// ```
    ///
    /// An argument may stay empty where the reference is valid without it
    /// (`FROM busybox:1.37${VARIANT}`), and `${TAG:-1.37}` gives a default in place.
    pub struct InvalidDefaultArgInFrom {
        code: "DF024",
        name: "invalid-default-arg-in-from",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::same(Tool::BuildKit, "InvalidDefaultArgInFrom"),
            Source::same(Tool::Tally, "buildkit/InvalidDefaultArgInFrom"),
        ],
        references: [],
    }
}

/// Whether `reference` can name an image or a stage: not empty, no empty part before or
/// after a `/`, `:` or `@`, and no blank.
fn valid_reference(reference: &str) -> bool {
    let bad_edge = |c: char| matches!(c, '/' | ':' | '@' | '.' | '-' | '_');
    !reference.is_empty()
        && !reference.starts_with(bad_edge)
        && !reference.ends_with(bad_edge)
        && !reference.contains(char::is_whitespace)
        && !["//", "::", ":@", "@:", "/:", ":/", "/@", "@/"]
            .iter()
            .any(|pair| reference.contains(pair))
        && reference.matches('@').count() <= 1
}

impl InvalidDefaultArgInFrom {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        let args = &ctx.model.global_args;
        for stage in &ctx.model.stages {
            let Some(image) = &stage.image else { continue };
            if stage.fragment || !image.text.contains('$') {
                continue;
            }
            // Declared without a default: empty. Predefined: some value. Neither: left to
            // DF020.
            let empty = std::cell::RefCell::new(Vec::new());
            let expanded = expand_with(&image.text, |name| match args.declared(name) {
                Some(Some(value)) => Some(value.trim_matches(['"', '\''])),
                Some(None) => {
                    empty.borrow_mut().push(name.to_owned());
                    Some("")
                }
                None if is_predefined_arg(name) => Some("x"),
                None => None,
            });
            let Some(expanded) = expanded else { continue };
            let mut empty = empty.into_inner();
            if empty.is_empty() || valid_reference(&expanded) {
                continue;
            }
            empty.dedup();
            let names = empty
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let shown = if expanded.is_empty() {
                "empty".to_owned()
            } else {
                format!("`{expanded}`")
            };
            let have = if empty.len() == 1 { "has" } else { "have" };
            out.push(
                Diagnostic::new(
                    &Self::META,
                    image.range,
                    format!(
                        "With no `--build-arg`, `{}` is {shown}, which is not a valid image reference ({names} {have} no default)",
                        image.text
                    ),
                )
                .with_help("Give the `ARG` a default value, or write the reference with one (`${NAME:-value}`)"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::InvalidDefaultArgInFrom::META)
            .pass(&[
                "ARG TAG=latest\nFROM busybox:${TAG}",
                "ARG VARIANT\nFROM busybox:stable${VARIANT}",
                "ARG TAG\nFROM alpine:${TAG:-3.14}",
                "FROM alpine:$UNDECLARED",
                "ARG REGISTRY\nFROM ${REGISTRY}alpine:3.20",
                "FROM --platform=$BUILDPLATFORM golang:1.23 AS build_amd64\nFROM build_${TARGETARCH}",
            ])
            .fail(&[
                "ARG TAG\nFROM busybox:${TAG}",
                "ARG BASE\nFROM $BASE AS build",
                "ARG IMAGE DIGEST\nFROM ${IMAGE}@${DIGEST}",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
