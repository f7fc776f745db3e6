//! Kubernetes rules, one per file. build.rs collects them: a new
//! file here is a new rule.

include!(concat!(env!("OUT_DIR"), "/rules_kubernetes.rs"));

pub(crate) use missing_probes::{missing as missing_probes, template as probe_template};
