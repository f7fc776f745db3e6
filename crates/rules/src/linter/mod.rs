//! The linter over the languages: the rule table, the project pipeline (each file by
//! its language, then the cross-file rules, the user's options, suppressions, order and
//! limits) and the fix loop.

pub mod baseline;
pub mod codes;
pub mod fix;
pub(crate) mod limits;
pub mod options;
pub mod project;
pub mod registry;
pub(crate) mod suppress;
#[cfg(test)]
pub(crate) mod testing;
