//! Compose rules, one per file. build.rs collects them: a new file here is a new rule.

include!(concat!(env!("OUT_DIR"), "/rules_compose.rs"));
