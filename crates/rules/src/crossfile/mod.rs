//! Checks that join files: which manifest runs which Dockerfile's image (pairing), what
//! the cross-file rules see, and the rules.

mod pairing;
pub(crate) mod rules;

pub use pairing::*;

use crate::engine::registry::{Check, RULES};
use crate::Diagnostic;

/// Run every cross-file rule, and add its findings (and the probes a `HEALTHCHECK`
/// offers) to the files' own.
pub(crate) fn run(
    files: &[ProjectFile<'_>],
    context: &ProjectContext<'_>,
    out: &mut [Vec<Diagnostic>],
) {
    let mut findings = Vec::new();
    for rule in RULES {
        if let Check::CrossFile(check) = rule.check {
            check(context, &mut findings);
        }
    }
    report(files, findings, out);
    crate::kubernetes::rules::probes_from_healthchecks(context, out);
}
