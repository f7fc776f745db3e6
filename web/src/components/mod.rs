//! One component per file.

mod app;
mod changes;
mod checklist;
mod editor;
mod file_tabs;
mod findings;
mod pairing;
mod pss_level;
mod rule_doc;
mod toolbar;
mod variants;

pub use app::App;
