//! The fixed-seed fuzz batch every test run makes (the full million is `cargo xtask
//! fuzz` in the fuzz profile, see docs/robustness.md). A debug build is slow, so the
//! time limit here is generous.

use std::time::Duration;

use xtask::shared::corpus_dir;

#[test]
fn a_fuzz_batch_finds_no_failure() {
    let corpus = corpus_dir("");
    let report = xtask::fuzz::run(1500, 7, corpus.as_deref(), Duration::from_secs(3));
    assert_eq!(report.inputs, 1500);
    let failures: Vec<String> = report
        .failures
        .iter()
        .map(|f| format!("input {} ({}): {}", f.index, f.kind.as_str(), f.problem))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
