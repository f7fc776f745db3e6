//! Linting one Compose file: its parse error, then what each rule's check finds (before
//! the suppressions, which the linter applies).

use crate::compose::{rules::ParseError, Compose, ComposeContext};
use crate::engine::diagnostic::Diagnostic;
use crate::yaml::Yaml;

/// A Compose rule's check.
pub(crate) type Check = fn(&ComposeContext<'_>, &mut Vec<Diagnostic>);

/// The findings of `checks` on a parsed Compose file, after its parse error.
pub(crate) fn lint(
    source: &str,
    yaml: &Yaml,
    compose: &Compose<'_>,
    checks: impl IntoIterator<Item = Check>,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    if let Some(error) = &yaml.error {
        diagnostics.push(Diagnostic::new(
            &ParseError::META,
            error.range,
            &error.message,
        ));
    }
    let context = ComposeContext {
        source,
        yaml,
        compose,
    };
    for check in checks {
        check(&context, &mut diagnostics);
    }
    diagnostics
}
