//! One component per file.

mod app;
mod changes;
mod checklist;
mod editor;
mod file_tabs;
mod findings;
mod pairing;
mod rule_doc;
mod toolbar;
mod variants;

pub use app::App;
