//! One component per file.

mod app;
mod editor;
mod file_tabs;
mod findings;

pub use app::App;
