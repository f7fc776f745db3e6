//! What the tests that make files from the rules crate share.

use std::path::Path;

/// A file made from the crate's data (`web/generated/...`, `docs/...`, relative to the repository): with
/// `BULKHEAD_UPDATE_DOCS` set, write `expected` to it; else fail unless it holds that.
pub fn generated_file_is_current(relative: &str, expected: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative);
    if std::env::var_os("BULKHEAD_UPDATE_DOCS").is_some() {
        std::fs::write(&path, expected).unwrap_or_else(|e| panic!("writing {relative}: {e}"));
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(actual == expected, "{relative} is out of date: run ./x gen");
}
