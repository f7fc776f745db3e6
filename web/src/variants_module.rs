//! The base-image comparison as a module of its own: `static/boot.js` loads it the first
//! time "Compare base images" is opened, so the generator is not part of the first load.
//! It answers one question, as JSON the page reads (`components::variants`):
//!
//! - `{"variants": [{name, facts, dockerfile, manifest, notes}], "skipped": [{name,
//!   reason}], "checked_on"}` when variants were made;
//! - `{"error", "range": {start, end} | null}` when not; `range` is the line that stops
//!   them (a command that cannot be read).

use bulkhead_rules::variants::{self, VariantError};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

/// The variants of a Dockerfile, as JSON.
#[wasm_bindgen]
pub fn variants(source: &str) -> String {
    let answer = match variants::generate(source) {
        Ok(generated) => json!({
            "checked_on": variants::checked_on(),
            "variants": generated.variants.iter().map(|v| json!({
                "name": v.name,
                "facts": v.facts,
                "dockerfile": v.dockerfile,
                "manifest": v.manifest,
                "notes": v.notes,
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

fn main() {}
