//! bulkhead's rules: parse Dockerfiles, Kubernetes manifests, Compose files and
//! requirements files, and report findings at exact byte ranges.
//!
//! This crate is pure: `&str` in, [`Diagnostic`]s out. No I/O, no globals, no
//! browser types; the CLI and the web playground are thin shells over it.
//!
//! Each input language is one folder with its syntax, its model, what its rules see and
//! its rules (`dockerfile/`, `kubernetes/`, `compose/`, `requirements/`; manifests and
//! Compose files share `yaml/`); `crossfile/` joins them.
//! Below them, `knowledge/` is what bulkhead knows of the world (images, package
//! managers, standards) and `engine/` what every language shares (text, findings, fix
//! edits, rule metadata); above them, `hardening` judges the checklist and `linter/`
//! runs it all (the rule table, the project pipeline, the fix loop, options,
//! suppressions, limits); `variants`, `lessons`, `examples`, `explain` and `render` are
//! built on top. Each layer imports only those below it (`tests/layers.rs`).

// The crate's API is what the CLI, the web app and the integration tests use; the rest
// is `pub(crate)`, so the compiler reports code nothing uses.
pub(crate) mod compose;
pub(crate) mod crossfile;
pub mod dockerfile;
pub mod engine;
pub mod examples;
pub mod explain;
pub mod hardening;
pub mod knowledge;
pub mod kubernetes;
pub mod lessons;
pub mod linter;
pub mod render;
pub(crate) mod requirements;
pub mod variants;
pub mod yaml;

pub use crossfile::ProjectFile;
pub use engine::diagnostic::{Diagnostic, Related};
pub use engine::pss::{PssLevel, PSS_VERSION};
pub use linter::limits::{MAX_FILE_BYTES, MAX_FINDINGS};
pub use linter::options::{Options, Setting};

/// bulkhead's version (the CLI's `--version`, the playground's footer and share links).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The date of the rule set: move it with every rule added, removed or changed in what
/// it reports, so a finding can be traced to the rules that made it.
macro_rules! rule_set_date {
    () => {
        "2026-12-04"
    };
}

/// [`rule_set_date!`] as a constant.
pub const RULE_SET_DATE: &str = rule_set_date!();

/// The version, the rule set's date and the PSS version, in one line (the playground's
/// footer).
pub const ABOUT: &str = concat!(
    "bulkhead ",
    env!("CARGO_PKG_VERSION"),
    " · rule set of ",
    rule_set_date!(),
    " · Pod Security Standards ",
    engine::pss::pss_version!()
);
pub use engine::registry::{Checklist, FileKind, RuleMeta, Severity};
pub use engine::text::{counted, LineCol, LineIndex, TextRange};

pub use linter::project::{Linter, ProjectReport};

#[cfg(test)]
mod about_tests {
    #[test]
    fn the_about_line_names_the_version_the_rule_set_and_the_pss_version() {
        assert!(super::ABOUT.contains(super::VERSION));
        assert!(super::ABOUT.contains(super::RULE_SET_DATE));
        assert!(
            super::ABOUT.ends_with(super::PSS_VERSION),
            "{}",
            super::ABOUT
        );
    }
}
