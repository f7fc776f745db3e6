//! The features the page loads on demand, as a module of their own: the lint worker
//! (`web/js/worker.js`) imports it the first time the base-image comparison is opened or
//! a fix changes a file, so the variant generator and the diff are not part of the first
//! load. It answers two questions, as JSON the page reads:
//!
//! - [`variants`] (`components::variants`): `{"variants": [{name, facts, dockerfile,
//!   manifest, notes, diff}], "skipped": [{name, reason}], "checked_on"}` when variants
//!   were made; `{"error", "range": {start, end} | null}` when not, where `range` is the
//!   line that stops them (a command that cannot be read);
//! - [`diffs`] (`components::changes`): the unified diffs of what fixes changed.

use bulkhead_rules::engine::fix::unified_diff;
use bulkhead_rules::variants::{self, VariantError};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

/// The variants of a Dockerfile called `name`, as JSON, each with its diff from it.
#[wasm_bindgen]
pub fn variants(name: &str, source: &str) -> String {
    let answer = match variants::generate(source) {
        Ok(generated) => json!({
            "checked_on": variants::checked_on(),
            "variants": generated.variants.iter().map(|v| json!({
                "name": v.name,
                "facts": v.facts,
                "dockerfile": v.dockerfile,
                "manifest": v.manifest,
                "notes": v.notes,
                "diff": unified_diff(name, source, &v.dockerfile),
            })).collect::<Vec<Value>>(),
            "skipped": generated.skipped.iter().map(|s| json!({
                "name": s.name,
                "reason": s.reason,
            })).collect::<Vec<Value>>(),
        }),
        Err(VariantError::Unreadable { range, reason }) => json!({
            "error": reason,
            "range": { "start": range.start, "end": range.end },
        }),
        Err(error) => json!({ "error": error.to_string(), "range": null }),
    };
    answer.to_string()
}

/// Unified diffs: `request` is JSON `[[name, before, after], …]`; the answer is JSON
/// `[diff, …]` in the same order, or `{"error"}` for a request it cannot read.
#[wasm_bindgen]
pub fn diffs(request: &str) -> String {
    let Ok(files) = serde_json::from_str::<Vec<(String, String, String)>>(request) else {
        return json!({ "error": "The page asked for diffs it cannot read.", "range": null })
            .to_string();
    };
    let diffs: Vec<String> = files
        .iter()
        .map(|(name, before, after)| unified_diff(name, before, after))
        .collect();
    json!(diffs).to_string()
}

fn main() {}
