//! Recall against hadolint on the shared corpus: for every hadolint rule that one of
//! our rules declares as the *same* check, how many of hadolint's findings (in
//! `../shared/corpus/peers/hadolint.jsonl`) we also report on the same instruction.
//! `docs/hadolint-recall.md` shows the table (between its `recall` markers).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use bulkhead_rules::engine::registry::Relation;
use bulkhead_rules::linter::registry::RULES;
use bulkhead_rules::{dockerfile, FileKind, Linter};

use super::Measured;
use crate::tally::{overall, tally_table, Tally};

/// The recall measured when the floor was set (2026-12-01): a change that loses
/// findings hadolint and we shared fails here, not only in a regenerated table.
pub const RECALL_FLOOR: usize = 88;

/// The table, and the recall over all mapped checks (percent).
pub fn recall(corpus: &Path) -> Measured {
    // hadolint code → our codes that claim to be the same check.
    let mut mapping: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for rule in RULES {
        for source in rule.meta.sources {
            if source.tool == bulkhead_rules::engine::registry::Tool::Hadolint
                && source.relation == Relation::Same
            {
                mapping.entry(source.id).or_default().push(rule.meta.code);
            }
        }
    }
    let peers = fs::read_to_string(corpus.join("peers/hadolint.jsonl")).expect("hadolint.jsonl");
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut parse_error_files = 0;
    for line in peers.lines().filter(|l| !l.trim().is_empty()) {
        let record: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        let file = record["file"].as_str().expect("file");
        let bytes = fs::read(corpus.join(file)).expect("corpus file");
        let source = String::from_utf8_lossy(&bytes);
        let parsed = dockerfile::parse(&source);
        let ours = Linter::new()
            .preview(true)
            .lint(FileKind::Dockerfile, &source);
        let results = record["results"].as_array().cloned().unwrap_or_default();
        if results.iter().any(|r| r["code"] == "DL1000") {
            parse_error_files += 1;
        }
        for (hadolint_code, our_codes) in &mapping {
            let tally = tallies.entry(hadolint_code).or_default();
            tally.ours_total += ours.iter().filter(|d| our_codes.contains(&d.code)).count();
        }
        for result in results {
            let code = result["code"].as_str().unwrap_or_default();
            let Some((hadolint_code, our_codes)) = mapping.get_key_value(code) else {
                continue;
            };
            let line_no = usize::try_from(result["line"].as_u64().unwrap_or(0)).unwrap_or(0);
            let line_start: usize = source
                .split_inclusive('\n')
                .take(line_no.saturating_sub(1))
                .map(str::len)
                .sum();
            let instruction = parsed
                .instructions
                .iter()
                .find(|i| i.range.start() <= line_start + 1 && line_start <= i.range.end());
            let tally = tallies.entry(hadolint_code).or_default();
            tally.theirs += 1;
            let matched = instruction.is_some_and(|instruction| {
                ours.iter().any(|d| {
                    our_codes.contains(&d.code)
                        && d.range.start() >= instruction.range.start()
                        && d.range.start() <= instruction.range.end()
                })
            });
            if matched {
                tally.matched += 1;
            }
        }
    }
    let mut out = tally_table(
        "| hadolint | ours | hadolint findings | also reported by us | recall |",
        &mapping,
        &tallies,
    );
    let _ = writeln!(
        out,
        "\nhadolint could not parse {parse_error_files} of the corpus files (DL1000) and reported nothing else for them."
    );
    Measured {
        table: out,
        percent: overall(&tallies),
    }
}
