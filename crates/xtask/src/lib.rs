//! bulkhead's developer tasks, run as `cargo xtask …` (see `main.rs`): every file made
//! from the library (the rule reference, the README's rule table, the page's generated
//! modules, the docs' measured tables), written or checked from library calls in one
//! place; the corpus measurements behind those tables; and the fuzzer.

pub mod fuzz;
pub mod generated;
pub mod measure;
pub mod modules;
// One definition of where the shared data is, for the rules crate's tests and this.
#[path = "../../rules/tests/common/shared.rs"]
pub mod shared;
mod tally;
