//! The files and choices the page opens and keeps: what drafts, share links, lessons,
//! examples and the embed API carry (in JavaScript by one codec, `js::document_to_js`
//! and `js::document_from_js`).

use bulkhead_rules::{FileKind, Options};

use crate::diff_view::DiffView;

/// At most this many files (tabs) at once.
pub const MAX_FILES: usize = 12;

/// The kind a file's name and text suggest, as the CLI decides it (manifests by
/// default).
pub fn kind_of(name: &str, text: &str) -> FileKind {
    FileKind::for_file_or_manifest(name, text)
}

/// The files and choices that drafts, share links and the embed API carry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// `(name, kind, text)` of each file.
    pub files: Vec<(String, FileKind, String)>,
    pub active: usize,
    pub pairing: Option<String>,
    /// The settings (`None`: keep those the page has, as when an example is picked).
    pub options: Option<Options>,
    /// For files from a pasted diff: the lines it shows and those it adds, by file name
    /// (findings come only from what it shows, on what it adds, until the file is
    /// edited; see [`DiffView`]).
    pub added: Vec<DiffView>,
}
