//! The playground's examples menu reads the rules crate's examples
//! ([`bulkhead_rules::examples`], from `content/examples/`): the first is what a new
//! visitor sees, and is part of the page; the others' files are in
//! `web/generated/examples.js` (made by `cargo xtask generate-all`), which the page
//! imports when one is picked, so the first load does not carry them.

pub use bulkhead_rules::examples::{find, Example};

use crate::document::Document;

/// Every example, in the menu's order.
pub fn all() -> &'static [Example] {
    bulkhead_rules::examples::all()
}

/// The page's own example, which a new visitor sees and Reset opens.
pub fn first() -> &'static Example {
    &all()[0]
}

/// [`first`] as a document.
pub fn first_document() -> Document {
    document(first())
}

/// An example's files as a document (none, in the page, for an example that loads on
/// demand).
pub fn document(example: &Example) -> Document {
    Document {
        files: example
            .files_with_kinds()
            .map(|(name, kind, text)| (name.to_owned(), kind, text.to_owned()))
            .collect(),
        active: 0,
        pairing: None,
        options: None,
        added: Vec::new(),
    }
}
