//! Compose rules, one per file. build.rs collects them: a new file here is a new rule.

// Without the `compose` feature the rules are registered but their checks not run.
#![cfg_attr(not(feature = "compose"), allow(dead_code))]

include!(concat!(env!("OUT_DIR"), "/rules_compose.rs"));
