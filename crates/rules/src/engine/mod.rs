//! What every language shares and none knows of: text positions, findings, fixes as
//! edits, severities and checklist items, the Pod Security Standards levels, and the
//! metadata and declaration of a rule. It imports nothing else of the crate.

pub(crate) mod diagnostic;
pub mod fix;
pub mod pss;
pub mod registry;
pub(crate) mod text;
