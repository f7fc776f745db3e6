//! Where the shared data is: `../shared` beside the checkout (the corpus, the peers'
//! results, the conformance fixtures). One definition for the crate's tests and for
//! `cargo xtask` (which includes this file), so both find it, and fail without it under
//! `CI=true`, the same way.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// `../shared/corpus/<sub>` next to the checkout (see [`shared_dir`]).
pub fn corpus_dir(sub: &str) -> Option<PathBuf> {
    shared_dir(&format!("corpus/{sub}"))
}

/// `../shared/<sub>` next to the checkout. Without it: with `CI=true` the test fails
/// (CI must have its data); otherwise `None`, and a SKIPPED line that the test output
/// shows (written to the terminal, past the test harness's capture).
pub fn shared_dir(sub: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(sub);
    if dir.exists() {
        return Some(dir);
    }
    let message = format!(
        "shared data not found at {} (clone the shared data next to the project to run this test)",
        dir.display()
    );
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "with CI=true the shared data must be there: {message}"
    );
    let _ = writeln!(std::io::stderr(), "SKIPPED: {message}");
    None
}

/// `(file name, text)` of the files of a corpus directory whose names pass `keep`,
/// sorted by name (invalid UTF-8 is replaced, as an editor would show it).
pub fn corpus_files(sub: &str, keep: impl Fn(&str) -> bool) -> Vec<(String, String)> {
    let Some(dir) = corpus_dir(sub) else {
        return Vec::new();
    };
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("corpus directory is readable")
        .map(|entry| entry.expect("directory entry").path())
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?.to_owned();
            keep(&name).then_some((name, path))
        })
        .map(|(name, path)| {
            let bytes = fs::read(&path).expect("corpus file is readable");
            (name, String::from_utf8_lossy(&bytes).into_owned())
        })
        .collect();
    files.sort();
    files
}
