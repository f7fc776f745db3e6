//! Helpers shared by the integration tests: the shared data beside the checkout
//! (`shared.rs`, which `cargo xtask` includes too) and the sources as the layer checks
//! read them.
#![allow(dead_code, unused_imports)] // each test file uses a part

mod shared;
pub use shared::*;

/// The code of a source file without its comments and its test modules: what the
/// layer and one-fact checks read.
pub fn source_code(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod ").next().unwrap_or(text);
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}
