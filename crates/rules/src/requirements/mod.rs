//! pip requirements files: the parser, what rules see, and the rules.

mod context;
mod lint;
mod parser;
pub(crate) mod rules;

pub use context::RequirementsContext;
pub(crate) use lint::{lint, Check};
pub use parser::{normalise_name, parse, Direct, Line, Requirements};
