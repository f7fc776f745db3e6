//! Linting one Dockerfile: its parse errors, then what each rule's check finds (before
//! the suppressions and the user's choices, which the linter applies).

use crate::dockerfile::{rules::ParseError, shell_commands, Dockerfile, DockerfileContext, Model};
use crate::engine::diagnostic::Diagnostic;
use crate::engine::text::LineIndex;

/// A Dockerfile rule's check.
pub(crate) type Check = fn(&DockerfileContext<'_>, &mut Vec<Diagnostic>);

/// The findings of `checks` on a parsed Dockerfile, after its parse errors.
pub(crate) fn lint(
    source: &str,
    dockerfile: &Dockerfile,
    model: &Model<'_>,
    options: &crate::Options,
    checks: impl IntoIterator<Item = Check>,
) -> Vec<Diagnostic> {
    let mut diagnostics: Vec<Diagnostic> = dockerfile
        .errors
        .iter()
        .map(|e| Diagnostic::new(&ParseError::META, e.range, &e.message))
        .collect();
    let lines = LineIndex::new(source);
    let commands = shell_commands(model);
    let context = DockerfileContext {
        source,
        dockerfile,
        model,
        lines: &lines,
        commands: &commands,
        options,
    };
    for check in checks {
        check(&context, &mut diagnostics);
    }
    diagnostics
}
