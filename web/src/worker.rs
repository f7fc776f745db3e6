//! The lint worker's work: lint (or fix, then lint) the playground's files. A plain
//! function of the request, so tests run it directly; `web/js/worker.js` calls it in a
//! Web Worker through [`worker_lint`]. Both modules have it: the page's own, built
//! without the Compose rules, and the on-demand one, which has them and lints every
//! request with a Compose file in it.

use bulkhead_rules::linter::fix::fix_project;
use bulkhead_rules::{render, FileKind, Linter, ProjectFile};
use wasm_bindgen::prelude::{wasm_bindgen, JsValue};
use wasm_bindgen::JsCast as _;

use crate::wire::{Mode, Request, Response};

/// The image the user says the Dockerfile builds, paired with the first Dockerfile.
pub fn explicit(request: &Request) -> Vec<(String, String)> {
    let first_dockerfile = request
        .files
        .iter()
        .find(|f| f.kind == FileKind::Dockerfile)
        .map_or("Dockerfile", |f| f.name.as_str());
    request
        .pairing
        .iter()
        .map(|image| (image.clone(), first_dockerfile.to_owned()))
        .collect()
}

/// The texts of the request's files, as they are.
pub fn texts(request: &Request) -> Vec<&str> {
    request.files.iter().map(|f| f.text.as_str()).collect()
}

/// The request's files as the rules read them, with `texts` in place of their own.
pub fn project<'a>(request: &'a Request, texts: &[&'a str]) -> Vec<ProjectFile<'a>> {
    request
        .files
        .iter()
        .zip(texts)
        .map(|(f, text)| ProjectFile {
            path: &f.name,
            kind: f.kind,
            source: text,
        })
        .collect()
}

pub fn handle(request: &Request) -> Response {
    let options = &request.options;
    let explicit = explicit(request);
    // Fixed together, so a probe can come from the Dockerfile's HEALTHCHECK.
    let fixed: Option<Vec<String>> = (request.mode == Mode::FixAll).then(|| {
        fix_project(
            &project(request, &texts(request)),
            &explicit,
            false,
            // The page marks nothing: "Fix all safe" applies safe fixes and only those.
            false,
            options,
        )
        .into_iter()
        .map(|f| f.text)
        .collect()
    });
    let texts: Vec<&str> = fixed.as_ref().map_or_else(
        || texts(request),
        |fixed| fixed.iter().map(String::as_str).collect(),
    );
    let files = project(request, &texts);
    let report = Linter::new()
        .options(options)
        .pairs(&explicit)
        .check(&files);
    Response {
        generation: request.generation,
        findings: files
            .iter()
            .zip(&report.diagnostics)
            .map(|(f, diagnostics)| render::findings(f.path, f.source, diagnostics))
            .collect(),
        checklist: report.checklist,
        images: report.images,
        fixed,
    }
}

/// Report panics to the page (static/boot.js shows an apology and keeps the text) and
/// leave the message where the worker script can read it. Both modules install it: the
/// page's, and the on-demand one that lints Compose files.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&JsValue::from_str(&message));
        let global = js_sys::global();
        let _ = js_sys::Reflect::set(
            &global,
            &JsValue::from_str("bulkheadLastPanic"),
            &JsValue::from_str(&message),
        );
        if let Ok(report) = js_sys::Reflect::get(&global, &JsValue::from_str("bulkheadOnPanic"))
            .unwrap_or(JsValue::UNDEFINED)
            .dyn_into::<js_sys::Function>()
        {
            let _ = report.call1(&JsValue::NULL, &JsValue::from_str(&message));
        }
    }));
}

/// The worker's entry point: a request's bytes in, the response's bytes out.
#[wasm_bindgen]
pub fn worker_lint(request: &[u8]) -> Vec<u8> {
    let request = Request::decode(request).expect("a lint request made by this same module");
    handle(&request).encode()
}

/// Panic on purpose, so the browser tests can check the page survives a crash.
#[wasm_bindgen]
pub fn worker_panic() {
    panic!("a panic on purpose, asked for by the browser tests");
}
