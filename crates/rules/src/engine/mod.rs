//! The engine every language shares: findings and their positions, fixes, suppression
//! comments, the engine's own limits, and the rule registry.

pub(crate) mod diagnostic;
pub mod fix;
pub(crate) mod limits;
pub mod options;
pub mod registry;
pub(crate) mod suppress;
#[cfg(test)]
pub(crate) mod testing;
pub(crate) mod text;
