//! The lint worker's work: lint (or fix, then lint) the playground's files. A plain
//! function of the request, so tests run it directly; `web/js/worker.js` calls it in a
//! Web Worker through [`worker_lint`].

use bulkhead_rules::engine::fix::fix_project;
use bulkhead_rules::{check_project_with, render, FileKind, ProjectFile};
use wasm_bindgen::prelude::wasm_bindgen;

use crate::wire::{Mode, Request, Response};

pub fn handle(request: &Request) -> Response {
    let explicit = |dockerfile: &str| -> Vec<(String, String)> {
        request
            .pairing
            .iter()
            .map(|image| (image.clone(), dockerfile.to_owned()))
            .collect()
    };
    let options = &request.options;
    let first_dockerfile = request
        .files
        .iter()
        .find(|f| f.kind == FileKind::Dockerfile)
        .map_or("Dockerfile", |f| f.name.as_str());
    // Fixed together, so a probe can come from the Dockerfile's HEALTHCHECK.
    let fixed: Option<Vec<String>> = (request.mode == Mode::FixAll).then(|| {
        let project: Vec<ProjectFile<'_>> = request
            .files
            .iter()
            .map(|f| ProjectFile {
                path: &f.name,
                kind: f.kind,
                source: &f.text,
            })
            .collect();
        fix_project(&project, &explicit(first_dockerfile), false, options)
            .into_iter()
            .map(|f| f.text)
            .collect()
    });
    let texts: Vec<&str> = fixed.as_ref().map_or_else(
        || request.files.iter().map(|f| f.text.as_str()).collect(),
        |texts| texts.iter().map(String::as_str).collect(),
    );
    let files: Vec<ProjectFile<'_>> = request
        .files
        .iter()
        .zip(&texts)
        .map(|(f, text)| ProjectFile {
            path: &f.name,
            kind: f.kind,
            source: text,
        })
        .collect();
    let report = check_project_with(&files, &explicit(first_dockerfile), options);
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
