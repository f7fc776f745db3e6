//! Cross-file rules, one per file. build.rs collects them: a new
//! file here is a new rule.

include!(concat!(env!("OUT_DIR"), "/rules_crossfile.rs"));

pub(crate) use healthcheck_without_probes::healthcheck_url;
