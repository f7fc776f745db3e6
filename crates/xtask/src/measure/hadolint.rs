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
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut parse_error_files = 0;
    for PeerFile {
        source,
        parsed,
        ours,
        results,
    } in peer_files(corpus, true)
    {
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
            let instruction = instruction_at(&parsed, &source, &result);
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

/// One corpus file hadolint was run on: its text, our parse and findings, and hadolint's
/// results.
struct PeerFile {
    source: String,
    parsed: dockerfile::Dockerfile,
    ours: Vec<bulkhead_rules::Diagnostic>,
    results: Vec<serde_json::Value>,
}

/// The corpus files hadolint was run on, linted by us with preview rules or without.
fn peer_files(corpus: &Path, preview: bool) -> impl Iterator<Item = PeerFile> + '_ {
    let peers = fs::read_to_string(corpus.join("peers/hadolint.jsonl")).expect("hadolint.jsonl");
    let lines: Vec<String> = peers
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect();
    lines.into_iter().map(move |line| {
        let record: serde_json::Value = serde_json::from_str(&line).expect("JSON line");
        let file = record["file"].as_str().expect("file");
        let bytes = fs::read(corpus.join(file)).expect("corpus file");
        let source = String::from_utf8_lossy(&bytes).into_owned();
        let parsed = dockerfile::parse(&source);
        let ours = Linter::new()
            .preview(preview)
            .lint(FileKind::Dockerfile, &source);
        let results = record["results"].as_array().cloned().unwrap_or_default();
        PeerFile {
            source,
            parsed,
            ours,
            results,
        }
    })
}

/// The instruction (continuation lines, comments inside it and heredocs included) that
/// holds the line a hadolint result points at.
fn instruction_at<'d>(
    parsed: &'d dockerfile::Dockerfile,
    source: &str,
    result: &serde_json::Value,
) -> Option<&'d dockerfile::Instruction> {
    let line_no = usize::try_from(result["line"].as_u64().unwrap_or(0)).unwrap_or(0);
    let line_start: usize = source
        .split_inclusive('\n')
        .take(line_no.saturating_sub(1))
        .map(str::len)
        .sum();
    parsed
        .instructions
        .iter()
        .find(|i| i.range.start() <= line_start + 1 && line_start <= i.range.end())
}

/// The share of instructions that hadolint flags as an error or a warning, by any of
/// its rules (`ShellCheck`'s included), in the files it parsed, on which bulkhead
/// reports something too, with preview rules and without, measured when the floors
/// were set (2026-12-04).
pub const INSTRUCTION_FLOOR: usize = 90;
pub const INSTRUCTION_FLOOR_STABLE: usize = 89;

/// What [`instruction_recall`] counts, for one rule set.
struct Counted {
    flagged: usize,
    matched: usize,
    missed: BTreeMap<String, usize>,
}

impl Counted {
    fn percent(&self) -> usize {
        self.matched * 100 / self.flagged.max(1)
    }
}

fn count_instructions(corpus: &Path, preview: bool) -> Counted {
    let mut counted = Counted {
        flagged: 0,
        matched: 0,
        missed: BTreeMap::new(),
    };
    for PeerFile {
        source,
        parsed,
        ours,
        results,
    } in peer_files(corpus, preview)
    {
        if results.iter().any(|r| r["code"] == "DL1000") {
            continue;
        }
        let mut seen = Vec::new();
        for result in &results {
            if !matches!(result["level"].as_str(), Some("error" | "warning")) {
                continue;
            }
            let Some(instruction) = instruction_at(&parsed, &source, result) else {
                continue;
            };
            if seen.contains(&instruction.range) {
                continue;
            }
            seen.push(instruction.range);
            counted.flagged += 1;
            if ours.iter().any(|d| {
                d.range.start() <= instruction.range.end()
                    && d.range.end() >= instruction.range.start()
            }) {
                counted.matched += 1;
            } else {
                *counted
                    .missed
                    .entry(result["code"].as_str().unwrap_or_default().to_owned())
                    .or_default() += 1;
            }
        }
    }
    counted
}

/// Instruction recall: of the instructions hadolint flags as an error or a warning
/// (any rule; files it could not parse left out), how many get a finding of ours
/// (any rule), with preview rules (the percent) and with the stable ones only (the
/// second value), and the misses by hadolint code. The reasons for the misses are in
/// `docs/hadolint-recall.md` under "Why we differ".
pub fn instruction_recall(corpus: &Path) -> (Measured, usize) {
    let all = count_instructions(corpus, true);
    let stable = count_instructions(corpus, false);
    let mut table = format!(
        "hadolint flags {} instructions as an error or a warning in the files it parsed; bulkhead reports on **{}** of them (**{}%**) with `--preview`, and on {} ({}%) with the stable rules alone. The rest, by the hadolint code that flagged them first:\n\n| hadolint | instructions we leave alone | with the stable rules alone |\n|---|---:|---:|\n",
        all.flagged,
        all.matched,
        all.percent(),
        stable.matched,
        stable.percent()
    );
    let mut codes: Vec<&String> = stable.missed.keys().collect();
    codes.sort_by_key(|code| {
        (
            std::cmp::Reverse(all.missed.get(*code).copied().unwrap_or(0)),
            std::cmp::Reverse(stable.missed[*code]),
            (*code).clone(),
        )
    });
    for code in codes {
        let _ = writeln!(
            table,
            "| {code} | {} | {} |",
            all.missed.get(code).copied().unwrap_or(0),
            stable.missed[code]
        );
    }
    let percent = all.percent();
    (Measured { table, percent }, stable.percent())
}
