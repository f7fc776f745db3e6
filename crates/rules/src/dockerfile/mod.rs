//! Dockerfiles: the syntax, the model of stages that rules read, the commands `RUN`
//! runs (shells, package managers), what rules see, the edits fixes
//! share, and the rules.

mod context;
pub(crate) mod edit;
mod lint;
mod model;
pub(crate) mod rules;
pub(crate) mod syntax;

pub use crate::knowledge::image_ref::{ImageRef, Pinning};
pub(crate) use crate::knowledge::packages::PackageManager;
pub(crate) use crate::knowledge::users::is_root_user;
pub(crate) use context::{shell_commands, DockerfileContext, StageCopy};
pub(crate) use lint::{lint, Check};
pub(crate) use model::{
    arg_declarations, key_values, legacy_key_value, Base, Copy, LegacyPair, Model, PackageCommand,
    Run, Stage,
};
pub use syntax::instruction::Form;
pub(crate) use syntax::instruction::{Casing, Command, Flag};
pub use syntax::parser::parse;
pub use syntax::tree::{
    Directive, Dockerfile, Heredoc, Instruction, Keyword, LogicalText, ParseError, Word,
};

impl Dockerfile {
    /// Every instruction in order, each `ONBUILD` followed by the instruction it
    /// registers, for rules that judge how an instruction is written wherever it runs.
    pub fn instructions_and_triggers(&self) -> impl Iterator<Item = &Instruction> {
        self.instructions
            .iter()
            .flat_map(|i| std::iter::once(i).chain(i.trigger.as_deref()))
    }

    /// `ARG`s declared before the first `FROM`, with their default values. Only these
    /// can be used in `FROM` lines.
    pub fn global_args(&self) -> GlobalArgs {
        let mut args = Vec::new();
        for instruction in self
            .instructions
            .iter()
            .take_while(|i| i.keyword != Keyword::From)
        {
            if instruction.keyword != Keyword::Arg {
                continue;
            }
            for (name, value) in model::arg_declarations(instruction) {
                args.push((name.text, value));
            }
        }
        GlobalArgs(args)
    }
}

/// Build arguments declared before the first `FROM`, in order: name and default value,
/// if any. (A list, not a map: there are a handful, and the page's WebAssembly carries
/// one map type fewer.)
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GlobalArgs(Vec<(String, Option<String>)>);

impl GlobalArgs {
    /// Whether `name` is declared, and its default (the last declaration's) if it has one.
    pub fn declared(&self, name: &str) -> Option<Option<&str>> {
        let (_, value) = self.0.iter().rev().find(|(n, _)| n == name)?;
        Some(value.as_deref())
    }

    /// The names declared, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(name, _)| name.as_str())
    }

    /// The default value of `name` (its last declaration), if it is a non-empty one.
    pub fn value(&self, name: &str) -> Option<&str> {
        let (_, value) = self.0.iter().rev().find(|(n, _)| n == name)?;
        value.as_deref().filter(|v| !v.is_empty())
    }
}

/// The build arguments BuildKit defines without an `ARG` (the platform arguments are
/// also set for `FROM` lines; the proxy and `BUILDKIT_` ones are read from the build's
/// options).
pub const PREDEFINED_ARGS: &[&str] = &[
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
    "SOURCE_DATE_EPOCH",
    "BUILDKIT_SYNTAX",
    "BUILDKIT_CACHE_MOUNT_NS",
    "BUILDKIT_CONTEXT_KEEP_GIT_DIR",
    "BUILDKIT_INLINE_CACHE",
    "BUILDKIT_MULTI_PLATFORM",
    "BUILDKIT_SANDBOX_HOSTNAME",
];

/// Whether BuildKit defines the build argument `name` itself.
pub fn is_predefined_arg(name: &str) -> bool {
    PREDEFINED_ARGS.contains(&name)
}

/// Expand `$NAME`, `${NAME}`, `${NAME:-default}` and `${NAME-default}` using `args`.
/// Returns `None` if a variable has no value we can know (a build argument).
pub fn expand_args(word: &str, args: &GlobalArgs) -> Option<String> {
    expand_with(word, |name| args.value(name))
}

/// Expand the variables of `word` as [`expand_args`] does, with `value` giving each
/// variable's value; `None` if one has none (and no default).
pub fn expand_with<'v>(word: &str, value: impl Fn(&str) -> Option<&'v str>) -> Option<String> {
    let mut out = String::with_capacity(word.len());
    let mut rest = word;
    while let Some(dollar) = rest.find('$') {
        out.push_str(&rest[..dollar]);
        let after = &rest[dollar + 1..];
        let (name, default, consumed) = if let Some(braced) = after.strip_prefix('{') {
            let close = braced.find('}')?;
            let inner = &braced[..close];
            // `${A:-x}` takes `x` when `A` is unset or empty, `${A-x}` only when unset.
            let (name, default, if_empty) = match inner.split_once(":-") {
                Some((name, default)) => (name, Some(default), true),
                None => match inner.split_once('-') {
                    Some((name, default)) => (name, Some(default), false),
                    None => (inner, None, false),
                },
            };
            (name, default.map(|d| (d, if_empty)), close + 2)
        } else {
            let len = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&after[..len], None, len)
        };
        if name.is_empty() {
            return None;
        }
        let known = value(name).filter(|v| !(v.is_empty() && default.is_some_and(|(_, e)| e)));
        out.push_str(known.or(default.map(|(d, _)| d))?);
        rest = &after[consumed..];
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn args_expand_from_global_defaults() {
        let df = parse("ARG PY=3.13\nARG BASE\nARG Q=\"x\"\nFROM python:${PY}-slim\n");
        let args = df.global_args();
        assert_eq!(
            expand_args("python:${PY}-slim", &args).as_deref(),
            Some("python:3.13-slim")
        );
        assert_eq!(
            expand_args("python:$PY", &args).as_deref(),
            Some("python:3.13")
        );
        assert_eq!(expand_args("$Q", &args).as_deref(), Some("x"));
        assert_eq!(expand_args("${BASE}", &args), None);
        assert_eq!(
            expand_args("${BASE:-alpine}", &args).as_deref(),
            Some("alpine")
        );
        assert_eq!(expand_args("${UNKNOWN}", &args), None);
        assert_eq!(args.declared("BASE"), Some(None));
        assert_eq!(args.declared("PY"), Some(Some("3.13")));
        assert_eq!(args.declared("NOPE"), None);
    }
}
