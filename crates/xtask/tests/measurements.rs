//! The corpus measurements' floors, and the Pod Security Admission fixtures judged right
//! at their level. (`cargo xtask generate-all --mode check` holds the docs' tables of the
//! same measurements current.) Without the shared data beside the checkout these skip,
//! and under `CI=true` they fail.

use xtask::measure::{checkov, hadolint, pss};
use xtask::shared::corpus_dir;

#[test]
fn hadolint_recall_stays_above_its_floor() {
    let Some(corpus) = corpus_dir("") else { return };
    let recall = hadolint::recall(&corpus).percent;
    assert!(
        recall >= hadolint::RECALL_FLOOR,
        "we report {recall}% of hadolint's findings on the mapped checks, below the floor of {}%",
        hadolint::RECALL_FLOOR
    );
}

#[test]
fn hadolint_instruction_recall_stays_above_its_floor() {
    let Some(corpus) = corpus_dir("") else { return };
    let (with_preview, stable) = hadolint::instruction_recall(&corpus);
    assert!(
        with_preview.percent >= hadolint::INSTRUCTION_FLOOR,
        "with --preview we report on {}% of the instructions hadolint flags as an error or a warning, below the floor of {}%",
        with_preview.percent,
        hadolint::INSTRUCTION_FLOOR
    );
    assert!(
        stable >= hadolint::INSTRUCTION_FLOOR_STABLE,
        "with the stable rules we report on {stable}% of them, below the floor of {}%",
        hadolint::INSTRUCTION_FLOOR_STABLE
    );
}

#[test]
fn checkov_agreement_stays_above_its_floor() {
    let Some(corpus) = corpus_dir("") else { return };
    let agreement = checkov::agreement(&corpus).percent;
    assert!(
        agreement >= checkov::AGREEMENT_FLOOR,
        "we flag {agreement}% of Checkov's failed objects on the mapped checks, below the floor of {}%",
        checkov::AGREEMENT_FLOOR
    );
}

#[test]
fn every_pss_fixture_is_judged_right_at_its_level() {
    let Some(verdicts) = pss::judge_all() else {
        return;
    };
    let summary: Vec<String> = bulkhead_rules::PssLevel::ALL
        .iter()
        .map(|level| {
            let of_level: Vec<_> = verdicts.iter().filter(|v| v.level == *level).collect();
            let right = of_level.iter().filter(|v| v.wrong.is_none()).count();
            format!("{} {right}/{}", level.as_str(), of_level.len())
        })
        .collect();
    eprintln!(
        "PSS {} fixtures: {}",
        bulkhead_rules::PSS_VERSION,
        summary.join(", ")
    );
    assert_eq!(verdicts.len(), 148, "the v1.37 fixtures are 148 pods");
    let wrong: Vec<String> = verdicts
        .iter()
        .filter_map(|v| {
            let why = v.wrong.as_ref()?;
            Some(format!(
                "{}/{}/{}: {why}",
                v.level.as_str(),
                v.outcome,
                v.name
            ))
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "{} of 148 judged wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
