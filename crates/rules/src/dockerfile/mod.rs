//! Dockerfiles: the syntax, the model of stages that rules read, the commands `RUN`
//! runs (shells, package managers), what rules see, the edits fixes
//! share, and the rules.

mod context;
pub(crate) mod edit;
mod model;
pub(crate) mod rules;
pub(crate) mod syntax;

pub use crate::knowledge::image_ref::{ImageRef, Pinning};
pub(crate) use crate::knowledge::packages::PackageManager;
pub(crate) use crate::knowledge::users::is_root_user;
pub(crate) use context::{shell_commands, DockerfileContext, StageCopy};
pub(crate) use model::{
    arg_declarations, key_values, Base, Copy, Model, PackageCommand, Run, Stage,
};
pub use syntax::instruction::Form;
pub(crate) use syntax::instruction::{Command, Flag};
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
    /// The default value of `name` (its last declaration), if it is a non-empty one.
    pub fn value(&self, name: &str) -> Option<&str> {
        let (_, value) = self.0.iter().rev().find(|(n, _)| n == name)?;
        value.as_deref().filter(|v| !v.is_empty())
    }
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
            let (name, default) = match inner.split_once(":-").or_else(|| inner.split_once('-')) {
                Some((name, default)) => (name, Some(default)),
                None => (inner, None),
            };
            (name, default, close + 2)
        } else {
            let len = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&after[..len], None, len)
        };
        if name.is_empty() {
            return None;
        }
        out.push_str(value(name).or(default)?);
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
    }
}
