//! The corpus measurements behind the docs' comparison tables. Each is a library call:
//! `cargo xtask generate-all` writes (or checks) its table, and the crate's tests hold
//! its floor.

pub mod checkov;
pub mod hadolint;
pub mod pss;

/// A peer comparison: its table for the docs, and the share of the peer's findings on
/// the mapped checks that we also report, in whole percent.
#[derive(Debug)]
pub struct Measured {
    pub table: String,
    pub percent: usize,
}
