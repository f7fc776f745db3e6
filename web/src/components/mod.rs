//! One component per file (and `settings`, the plain views of the run's choices).

mod app;
mod changes;
mod checklist;
mod divider;
mod editor;
mod file_tabs;
mod findings;
pub(crate) mod lesson;
mod rule_doc;
mod settings;
mod toolbar;
mod variants;
mod view_tabs;

pub use app::{App, AppProps};
