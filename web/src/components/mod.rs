//! One component per file.

mod app;
mod changes;
mod editor;
mod file_tabs;
mod findings;
mod pairing;
mod rule_doc;

pub use app::App;
