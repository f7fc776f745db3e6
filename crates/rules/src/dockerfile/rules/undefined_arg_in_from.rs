use crate::dockerfile::{is_predefined_arg, DockerfileContext, PREDEFINED_ARGS};
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};

declare_rule! {
    /// ## What it does
    /// Flags a variable in a `FROM` line (its image or its `--platform`) that no `ARG`
    /// before the first `FROM` declares and that BuildKit does not define itself
    /// (`TARGETPLATFORM`, `BUILDPLATFORM`, `TARGETARCH` and the like are defined).
    ///
    /// ## Why is this bad?
    /// Only the build arguments declared before the first `FROM` reach `FROM` lines.
    /// An undeclared one is empty unless every build passes `--build-arg`, so the base
    /// image is not the one meant, or the name is a typo of one that is declared or
    /// predefined. BuildKit warns about it (`UndefinedArgInFrom`).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22${VARIANT} AS build
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ARG VARIANT="-alpine3.20"
    /// FROM node:22${VARIANT} AS build
    /// ```
    ///
    /// A reference with a default (`${TAG:-3.20}`) says what an unset argument means, and
    /// is not reported.
    pub struct UndefinedArgInFrom {
        code: "DF020",
        name: "undefined-arg-in-from",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::same(Tool::BuildKit, "UndefinedArgInFrom"),
            Source::same(Tool::Tally, "buildkit/UndefinedArgInFrom"),
        ],
        references: [],
    }
}

impl UndefinedArgInFrom {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        let args = &ctx.model.global_args;
        for instruction in ctx
            .dockerfile
            .instructions
            .iter()
            .filter(|i| i.keyword == crate::dockerfile::Keyword::From)
        {
            for variable in instruction.variables() {
                let name = variable.name.as_str();
                if variable.has_modifier || args.declared(name).is_some() || is_predefined_arg(name)
                {
                    continue;
                }
                let known = args.names().chain(PREDEFINED_ARGS.iter().copied());
                let help = match crate::engine::text::closest_name(name, known) {
                    Some(close) => format!("Did you mean `{close}`? Otherwise declare `ARG {name}=<default>` before the first `FROM`"),
                    None => format!("Declare `ARG {name}=<default>` before the first `FROM`"),
                };
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        variable.range,
                        format!("`FROM` uses the build argument `{name}`, which is not declared before the first `FROM`"),
                    )
                    .with_help(help),
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
        let rendered = RuleTest::new(&super::UndefinedArgInFrom::META)
            .pass(&[
                "ARG VARIANT=\"-alpine3.20\"\nFROM node:22${VARIANT} AS build",
                "FROM --platform=$BUILDPLATFORM golang:1.23 AS build\nFROM build_${TARGETARCH}",
                "ARG TAG\nFROM alpine:$TAG",
                "FROM alpine:${TAG:-3.20}",
            ])
            .fail(&[
                "FROM node:22${VARIANT} AS build",
                "ARG TAG=3.20\nFROM --platform=$BUILDPLATFROM alpine:$TAGG",
                "FROM alpine\nARG LATE=1\nFROM alpine:$LATE",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
