//! The features the page loads on demand, as a module of their own: the lint worker
//! (`web/js/worker.js`) imports it the first time the base-image comparison is opened, a
//! fix changes a file or a Compose file is linted, so the variant generator, the diff,
//! the panels' markup ([`panel_html`]) and the Compose rules are not part of the first
//! load. It lints (`worker::worker_lint`, with every rule) and answers two questions,
//! as JSON the page reads:
//!
//! - [`variants`] (`components::variants`): `{"head", "variants": [{files: [[name,
//!   text], …], detail}]}` when variants were made (the files: the Dockerfile, its
//!   Deployment and its Compose file), where `head` (the facts table and the families
//!   left out) and each `detail` (the picker with this variant chosen, its exports,
//!   diff and text) are HTML; `{"error", "range": {start, end} | null}` when not, where
//!   `range` is the line that stops them (a command that cannot be read);
//! - [`diffs`] (`components::changes`): what fixes changed, each file's diff as HTML.

mod panel_html;
// The lint worker's entry points, with every rule (the Compose ones too).
#[path = "wire.rs"]
#[allow(dead_code)] // the page's half of the format (requests out, answers in) is not used here
mod wire;
#[path = "worker.rs"]
mod worker;

use bulkhead_rules::engine::fix::unified_diff;
use bulkhead_rules::variants::{self, VariantError};
use bulkhead_rules::{render, Linter};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

/// The variants of a Dockerfile called `name`, as JSON, each with its diff from it, for
/// the stage `target` (empty: the last one that starts something), with the page's
/// other tabs (`context`: JSON `[[name, text], …]`) as the files of its build context
/// (`package.json`'s scripts, requirement files). On a `read_only` page they cannot be
/// opened as tabs. The answer also says which stages can be chosen (`targets`).
#[wasm_bindgen]
pub fn variants(name: &str, source: &str, read_only: bool, target: &str, context: &str) -> String {
    let files: Vec<(String, String)> = serde_json::from_str(context).unwrap_or_default();
    let context = variants::Context {
        // The tabs are some of the context's files, not all of them.
        known: false,
        files: files
            .into_iter()
            .map(|(path, text)| variants::ContextFile {
                text: variants::Context::wants_text(&path).then_some(text),
                path,
            })
            .collect(),
        target: (!target.is_empty()).then(|| target.to_owned()),
    };
    let targets = variants::targets(source);
    let mut answer = match variants::generate_in(source, &context) {
        Ok(generated) => json!({
            "head": panel_html::comparison(variants::checked_on(), &generated),
            "variants": generated.variants.iter().enumerate().map(|(i, v)| {
                let changes = panel_html::diff(name, &unified_diff(name, source, &v.dockerfile));
                json!({
                    "files": panel_html::files(v),
                    "detail": panel_html::detail(name, &generated, i, &changes, read_only),
                })
            }).collect::<Vec<Value>>(),
        }),
        Err(VariantError::Unreadable { range, reason }) => json!({
            "error": reason,
            "range": { "start": range.start, "end": range.end },
        }),
        Err(error) => json!({ "error": error.to_string(), "range": null }),
    };
    answer["targets"] = json!(targets);
    answer.to_string()
}

/// What fixes changed: `request` is JSON `[[name, before, after], …]`; the answer is
/// JSON `[html, …]`, each file's diff in the same order, or `{"error"}` for a request it
/// cannot read.
#[wasm_bindgen]
pub fn diffs(request: &str) -> String {
    let Ok(files) = serde_json::from_str::<Vec<(String, String, String)>>(request) else {
        return json!({ "error": "The page asked for diffs it cannot read.", "range": null })
            .to_string();
    };
    let diffs: Vec<String> = files
        .iter()
        .map(|(name, before, after)| panel_html::diff(name, &unified_diff(name, before, after)))
        .collect();
    json!(diffs).to_string()
}

/// The findings of a lint request (its bytes, as the page sends the worker, settings
/// included) as review comments in Markdown, fixes as GitHub suggestion blocks
/// (`render::markdown`); a sentence saying so when the request cannot be read. With a
/// `selected` file name, only that file's findings on the lines of `from..to` (UTF-16
/// offsets, as the editor counts): the ones the reviewer selected.
#[wasm_bindgen]
pub fn review(request: &[u8], selected: &str, from: u32, to: u32) -> String {
    let Some(request) = wire::Request::decode(request) else {
        return "The page asked for review comments it cannot read.".to_owned();
    };
    let texts = worker::texts(&request);
    let files = worker::project(&request, &texts);
    let mut report = Linter::new()
        .options(&request.options)
        .pairs(&worker::explicit(&request))
        .check(&files);
    if !selected.is_empty() {
        for (file, diagnostics) in files.iter().zip(&mut report.diagnostics) {
            if file.path != selected {
                continue; // left out below
            }
            let index = bulkhead_rules::LineIndex::new(file.source);
            let byte = |utf16: u32| byte_offset(file.source, utf16 as usize);
            let (first, last) = (index.line_of(byte(from)), index.line_of(byte(to)));
            diagnostics.retain(|d| {
                let line = index.line_of(d.range.start());
                (first..=last).contains(&line)
            });
        }
    }
    let linted: Vec<render::LintedFile<'_>> = files
        .iter()
        .zip(&report.diagnostics)
        .filter(|(f, _)| selected.is_empty() || f.path == selected)
        .map(|(f, diagnostics)| render::LintedFile {
            path: f.path,
            source: f.source,
            diagnostics,
        })
        .collect();
    render::markdown::review(&linted)
}

/// The byte offset of a UTF-16 offset of `text` (the end when past it).
fn byte_offset(text: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (at, c) in text.char_indices() {
        if units >= utf16 {
            return at;
        }
        units += c.len_utf16();
    }
    text.len()
}

fn main() {
    worker::install_panic_hook();
}
