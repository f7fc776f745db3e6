//! The peer comparisons' arithmetic and tables: how many of a peer's findings we also
//! report, per check and overall.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A rounded whole percentage.
pub fn percent(part: usize, whole: usize) -> usize {
    (part * 100 + whole / 2) / whole.max(1)
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
