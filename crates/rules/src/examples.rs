//! The playground's examples menu: each example is a set of files that teaches
//! something. The texts are data: each example is a folder of `content/examples/` (its
//! `example.toml` and its files), in the order of `content/examples/menu.toml`,
//! compiled into [`all`] by build.rs.
//!
//! The first is what a new visitor sees, and is part of the page. On WebAssembly the
//! others have no files here: the page imports them from `web/generated/examples.js`
//! (made from them by `cargo xtask generate-all`) when one is picked, so its first load
//! does not carry them.

use crate::engine::registry::FileKind;

/// A file of an example: its name (which, with its text, decides its kind) and text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExampleFile {
    pub name: &'static str,
    pub text: &'static str,
}

impl ExampleFile {
    /// The file's kind, as a tab of that name and text has it.
    pub fn kind(&self) -> FileKind {
        FileKind::for_file_or_manifest(self.name, self.text)
    }
}

/// An example: its name in the menu and its files (none, on WebAssembly, but the
/// first's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    pub id: &'static str,
    pub title: &'static str,
    pub files: &'static [ExampleFile],
}

impl Example {
    /// The files as `(name, kind, text)`.
    pub fn files_with_kinds(&self) -> impl Iterator<Item = (&'static str, FileKind, &'static str)> {
        self.files.iter().map(|f| (f.name, f.kind(), f.text))
    }
}

// EXAMPLES, from content/examples/ (build/content.rs).
include!(concat!(env!("OUT_DIR"), "/content_examples.rs"));

/// Every example, in the menu's order; the first is the page's own.
pub fn all() -> &'static [Example] {
    EXAMPLES
}

/// The example with this id.
pub fn find(id: &str) -> Option<&'static Example> {
    all().iter().find(|e| e.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::registry::Severity;
    use crate::ProjectFile;

    fn findings(example: &Example) -> Vec<(&'static str, Severity)> {
        let files: Vec<ProjectFile<'_>> = example
            .files_with_kinds()
            .map(|(path, kind, source)| ProjectFile { path, kind, source })
            .collect();
        crate::Linter::new()
            .check(&files)
            .diagnostics
            .iter()
            .flatten()
            .map(|d| (d.code, d.severity))
            .collect()
    }

    #[test]
    fn the_first_example_is_clean_and_the_others_teach_with_findings() {
        let (first, others) = all().split_first().expect("examples");
        let found = findings(first);
        assert!(
            found.iter().all(|(_, s)| *s == Severity::Info),
            "{}: {found:?}",
            first.id
        );
        for example in others {
            assert!(!example.files.is_empty(), "{}: no files", example.id);
            assert!(
                !findings(example).is_empty(),
                "{}: nothing found",
                example.id
            );
        }
        let mut ids: Vec<&str> = all().iter().map(|e| e.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all().len(), "ids are unique");
        assert_eq!(find(first.id), Some(first));
    }
}
