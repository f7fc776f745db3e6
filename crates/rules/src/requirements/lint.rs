//! Linting one requirements file: what each rule's check finds (before the
//! suppressions, which the linter applies; the parser reports through its rule).

use crate::engine::diagnostic::Diagnostic;
use crate::requirements::{Requirements, RequirementsContext};

/// A requirements-file rule's check.
pub(crate) type Check = fn(&RequirementsContext<'_>, &mut Vec<Diagnostic>);

/// The findings of `checks` on a parsed requirements file.
pub(crate) fn lint(
    source: &str,
    requirements: &Requirements,
    checks: impl IntoIterator<Item = Check>,
) -> Vec<Diagnostic> {
    let context = RequirementsContext {
        source,
        requirements,
    };
    let mut diagnostics = Vec::new();
    for check in checks {
        check(&context, &mut diagnostics);
    }
    diagnostics
}
