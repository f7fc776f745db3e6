use crate::dockerfile::{
    arg_declarations, is_predefined_arg, key_values, Base, DockerfileContext,
    Keyword, PREDEFINED_ARGS,
};
use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::{Edit, Fix};
use crate::engine::registry::{declare_rule, Source, Tool};

declare_rule! {
    /// ## What it does
    /// Flags a variable (`$NAME`, `${NAME}`) in an instruction that Docker expands
    /// itself (`ENV`, `ARG`, `LABEL`, `COPY`, `ADD`, `WORKDIR`, `USER`, `EXPOSE`,
    /// `VOLUME`, `STOPSIGNAL`) when no `ARG` or `ENV` before it in the stage, or in
    /// the stages it is built on, defines it. The build arguments BuildKit defines
    /// (`TARGETARCH`, `HTTP_PROXY` and the like) and `PATH` are defined. Where a
    /// defined name is close, it is suggested (`$APP_HOM`: did you mean `$APP_HOME`?).
    ///
    /// ## Why is this bad?
    /// An undefined variable expands to nothing, without an error: `COPY $SRC .` copies
    /// the whole context, `WORKDIR $APP_HOM/src` works in `/src`. Most often it is a
    /// typo, or a build argument declared before the first `FROM` that the stage never
    /// declares again (those reach only `FROM` lines). BuildKit warns about it
    /// (`UndefinedVar`).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV APP_HOME=/srv/app
    /// WORKDIR $APP_HOM/src
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV APP_HOME=/srv/app
    /// WORKDIR $APP_HOME/src
    /// ```
    ///
    /// `RUN`, `CMD` and `ENTRYPOINT` are left alone: their variables are the shell's,
    /// at run time. So is a reference with a default (`${NAME:-x}`). Only stages built
    /// on `scratch` (or on such a stage) are read whole: an image's own `ENV`s are not
    /// known without pulling it, so elsewhere only names close to a defined one are
    /// reported.
    ///
    /// ## Fix safety
    /// The suggested name is shown, not applied: the variable may be meant to come
    /// from somewhere this file does not show.
    pub struct UndefinedVar {
        code: "DF021",
        name: "undefined-var",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::same(Tool::BuildKit, "UndefinedVar"),
            Source::same(Tool::Tally, "buildkit/UndefinedVar"),
        ],
        fixes: [DisplayOnly],
        references: [],
    }
}

/// The instructions whose arguments Docker expands (not the shell).
fn expanded(keyword: Keyword) -> bool {
    matches!(
        keyword,
        Keyword::Add
            | Keyword::Copy
            | Keyword::Env
            | Keyword::Arg
            | Keyword::Label
            | Keyword::Workdir
            | Keyword::User
            | Keyword::Expose
            | Keyword::Volume
            | Keyword::Stopsignal
    )
}

impl UndefinedVar {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for stage in ctx.model.stages.iter().filter(|s| !s.fragment) {
            // What the stages it is built on set with `ENV` (their `ARG`s stay theirs).
            let ancestry = ctx.model.ancestry(stage);
            let mut defined: Vec<String> = vec!["PATH".to_owned()];
            for parent in ancestry.iter().skip(1) {
                defined.extend(parent.env().into_iter().map(|(name, _)| name.text));
            }
            let root_known = matches!(ctx.model.root_base(stage), Base::Scratch);
            for instruction in stage.instructions {
                if expanded(instruction.keyword) {
                    for variable in instruction.variables() {
                        let name = variable.name.as_str();
                        if variable.has_modifier
                            || is_predefined_arg(name)
                            || defined.iter().any(|d| d == name)
                        {
                            continue;
                        }
                        let known = defined
                            .iter()
                            .map(String::as_str)
                            .chain(PREDEFINED_ARGS.iter().copied());
                        let close = crate::engine::text::closest_name(name, known);
                        let global = ctx.model.global_args.declared(name).is_some();
                        if close.is_none() && !root_known && !global {
                            continue;
                        }
                        let (message, help) = if global {
                            (
                                format!("`${name}` is a build argument declared before the first `FROM`, which this stage does not declare again, so it is empty here"),
                                format!("Add `ARG {name}` in the stage before using it"),
                            )
                        } else {
                            (
                                format!("`${name}` is not defined by any `ARG` or `ENV` before it"),
                                match close {
                                    Some(close) => format!("Did you mean `${close}`?"),
                                    None => format!("Define it with `ARG {name}` or `ENV {name}=<value>` before using it"),
                                },
                            )
                        };
                        let fix = close.filter(|_| !global).map(|close| {
                            let written = variable.range.slice(ctx.source);
                            Fix::display_only(
                                format!("Use `${close}`"),
                                vec![Edit::replace(variable.range, written.replacen(name, close, 1))],
                            )
                        });
                        out.push(
                            Diagnostic::new(&Self::META, variable.range, message)
                                .with_help(help)
                                .with_fix_opt(fix),
                        );
                    }
                }
                match instruction.keyword {
                    Keyword::Arg => defined.extend(
                        arg_declarations(instruction)
                            .into_iter()
                            .map(|(name, _)| name.text),
                    ),
                    Keyword::Env => defined.extend(
                        key_values(instruction)
                            .into_iter()
                            .map(|(name, _)| name.text),
                    ),
                    _ => {}
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
        let rendered = RuleTest::new(&super::UndefinedVar::META)
            .pass(&[
                "FROM alpine\nARG foo\nCOPY $foo .",
                "FROM python:3.13\nARG VERSION=$PYTHON_VERSION",
                "FROM alpine\nENV PATH=$PATH:/app/bin\nRUN echo $UNDEFINED\nCMD echo $ALSO",
                "FROM scratch\nCOPY --chown=${UID:-0} app-$TARGETARCH /app",
                "FROM alpine AS base\nENV APP_HOME=/srv\nFROM base\nWORKDIR $APP_HOME",
            ])
            .fail(&[
                "FROM alpine\nENV APP_HOME=/srv/app\nWORKDIR $APP_HOM/src\nENV PATH=$PAHT:/app/bin",
                "FROM scratch\nCOPY $foo .",
                "ARG VERSION=1\nFROM alpine\nLABEL version=${VERSION}",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
