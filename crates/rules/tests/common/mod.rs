//! Helpers shared by the integration tests: the shared corpus next to the checkout, the
//! files made from the crate that must stay current (whole files, and the generated
//! sections of docs), and the sources as the layer checks read them.
#![allow(dead_code)] // each test file uses a part

use std::collections::BTreeMap;
use std::fmt::Write as _;
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

/// A rounded whole percentage.
pub fn percent(part: usize, whole: usize) -> usize {
    (part * 100 + whole / 2) / whole.max(1)
}

/// Check that the part of `doc` (relative to the repository root) between
/// `<!-- {marker}:start -->` and `<!-- {marker}:end -->` is `generated`; with
/// `BULKHEAD_UPDATE_DOCS` set, write it instead.
pub fn check_generated_section(doc: &str, marker: &str, generated: &str, regenerate: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(doc);
    let text = fs::read_to_string(&path).unwrap_or_default();
    let (start, end) = (
        format!("<!-- {marker}:start -->\n"),
        format!("<!-- {marker}:end -->"),
    );
    let (Some(a), Some(b)) = (text.find(&start), text.find(&end)) else {
        panic!("{doc} lacks the {marker} markers");
    };
    if std::env::var_os("BULKHEAD_UPDATE_DOCS").is_some() {
        let updated = format!("{}{generated}{}", &text[..a + start.len()], &text[b..]);
        fs::write(&path, updated).unwrap_or_else(|e| panic!("write {doc}: {e}"));
        return;
    }
    assert_eq!(
        &text[a + start.len()..b],
        generated,
        "{doc} is out of date: run BULKHEAD_UPDATE_DOCS=1 {regenerate}"
    );
}

/// How one peer check compares with ours.
#[derive(Debug, Default)]
pub struct Tally {
    /// The peer's findings.
    pub theirs: usize,
    /// Those we also report.
    pub matched: usize,
    /// All our findings of the mapped rules.
    pub ours_total: usize,
}

/// The share of all the peer's mapped findings that we also report, in whole percent.
pub fn overall(tallies: &BTreeMap<&str, Tally>) -> usize {
    let theirs = tallies.values().map(|t| t.theirs).sum();
    let matched = tallies.values().map(|t| t.matched).sum();
    percent(matched, theirs)
}

/// The markdown table of a peer comparison: one row per peer check (with our codes
/// mapped to it) and a total row. `header` names the first columns, e.g.
/// `"| hadolint | ours | hadolint findings | also reported by us | recall |"`.
pub fn tally_table(
    header: &str,
    mapping: &BTreeMap<&str, Vec<&str>>,
    tallies: &BTreeMap<&str, Tally>,
) -> String {
    let mut out = format!("{header} our findings (all files) |\n|---|---|---:|---:|---:|---:|\n");
    let (mut total_theirs, mut total_matched) = (0, 0);
    for (check, tally) in tallies {
        total_theirs += tally.theirs;
        total_matched += tally.matched;
        let share = if tally.theirs == 0 {
            "—".to_owned()
        } else {
            format!("{}%", percent(tally.matched, tally.theirs))
        };
        let ours = mapping.get(check).map(|c| c.join(", ")).unwrap_or_default();
        let _ = writeln!(
            out,
            "| {check} | {ours} | {} | {} | {share} | {} |",
            tally.theirs, tally.matched, tally.ours_total
        );
    }
    let _ = writeln!(
        out,
        "| **all mapped** | | **{total_theirs}** | **{total_matched}** | **{}%** | |",
        percent(total_matched, total_theirs)
    );
    out
}

/// The code of a source file without its comments and its test modules: what the
/// layer and one-fact checks read.
pub fn source_code(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod ").next().unwrap_or(text);
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A file made from the crate's data (`web/generated/...`, `docs/...`, relative to the repository): with
/// `BULKHEAD_UPDATE_DOCS` set, write `expected` to it; else fail unless it holds that.
pub fn generated_file_is_current(relative: &str, expected: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative);
    if std::env::var_os("BULKHEAD_UPDATE_DOCS").is_some() {
        fs::write(&path, expected).unwrap_or_else(|e| panic!("writing {relative}: {e}"));
        return;
    }
    let actual = fs::read_to_string(&path).unwrap_or_default();
    assert!(actual == expected, "{relative} is out of date: run ./x gen");
}
