//! Agreement with Checkov on the shared corpus's Kubernetes manifests: for every
//! `CKV_K8S_*` check that one of our rules declares as the *same* check, how many of
//! Checkov's failed objects (in `../shared/corpus/peers/checkov.json`) we also flag,
//! with a mapped rule, inside the same object's lines. `docs/checkov-agreement.md`
//! shows the table (between its `agreement` markers).

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::Path;

use bulkhead_rules::engine::registry::Relation;
use bulkhead_rules::linter::registry::RULES;
use bulkhead_rules::{Diagnostic, FileKind, LineIndex, Linter};

use super::Measured;
use crate::tally::{overall, tally_table, Tally};

/// The agreement measured when the floor was set (2026-12-01): a change that loses
/// findings Checkov and we shared fails here, not only in a regenerated table.
pub const AGREEMENT_FLOOR: usize = 81;

/// The table, and the agreement over all mapped checks (percent).
pub fn agreement(corpus: &Path) -> Measured {
    let mut mapping: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for rule in RULES {
        for source in rule.meta.sources {
            if source.tool == bulkhead_rules::engine::registry::Tool::Checkov
                && source.relation == Relation::Same
                && source.id.starts_with("CKV_K8S")
            {
                mapping.entry(source.id).or_default().push(rule.meta.code);
            }
        }
    }
    let peers: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(corpus.join("peers/checkov.json")).expect("checkov.json"),
    )
    .expect("JSON");
    let reports = peers["reports"].as_array().expect("reports");
    let kubernetes = reports
        .iter()
        .find(|r| r["check_type"] == "kubernetes")
        .expect("kubernetes report");
    // Our findings per file: (code, 1-based line).
    let mut ours: HashMap<String, Vec<(&'static str, usize)>> = HashMap::new();
    for entry in fs::read_dir(corpus.join("k8s")).expect("k8s directory") {
        let path = entry.expect("entry").path();
        let name = format!(
            "k8s/{}",
            path.file_name().and_then(|n| n.to_str()).expect("name")
        );
        let source = String::from_utf8_lossy(&fs::read(&path).expect("read")).into_owned();
        let lines = LineIndex::new(&source);
        let found: Vec<Diagnostic> = Linter::new().lint(FileKind::Kubernetes, &source);
        ours.insert(
            name,
            found
                .iter()
                .map(|d| (d.code, lines.line_of(d.range.start()) + 1))
                .collect(),
        );
    }
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    for (checkov, codes) in &mapping {
        let tally = tallies.entry(checkov).or_default();
        tally.ours_total = ours
            .values()
            .flatten()
            .filter(|(c, _)| codes.contains(c))
            .count();
    }
    for failed in kubernetes["results"]["failed_checks"]
        .as_array()
        .expect("failed")
    {
        let check = failed[0].as_str().unwrap_or_default();
        let Some((check, codes)) = mapping.get_key_value(check) else {
            continue;
        };
        let file = failed[1].as_str().unwrap_or_default();
        let start = usize::try_from(failed[3][0].as_u64().unwrap_or(0)).unwrap_or(0);
        let end = usize::try_from(failed[3][1].as_u64().unwrap_or(0)).unwrap_or(0);
        let tally = tallies.entry(check).or_default();
        tally.theirs += 1;
        let matched = ours.get(file).is_some_and(|found| {
            found
                .iter()
                .any(|(c, line)| codes.contains(c) && (start..=end).contains(line))
        });
        if matched {
            tally.matched += 1;
        }
    }
    let table = tally_table(
        "| Checkov | ours | Checkov failed objects | also flagged by us | agreement |",
        &mapping,
        &tallies,
    );
    Measured {
        table,
        percent: overall(&tallies),
    }
}
