//! The JavaScript side the app talks to (`globalThis.bulkhead`, from web/js/): the
//! CodeMirror editor, the lint worker, drafts and share links, rule docs. Plus the panic
//! hook and the conversion of [`Document`]s to and from plain JavaScript objects.

use bulkhead_rules::{FileKind, Options, Setting};
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::document::{kind_of, Document, MAX_FILES};
use crate::startup::{Address, Found, Workspace};

#[wasm_bindgen]
extern "C" {
    /// A CodeMirror editor made by `bulkhead.mountEditor`.
    pub type EditorHandle;

    #[wasm_bindgen(js_namespace = bulkhead, js_name = mountEditor)]
    pub fn mount_editor(parent: &web_sys::Element, options: &Object) -> EditorHandle;

    #[wasm_bindgen(method, js_name = setText)]
    pub fn set_text(this: &EditorHandle, text: &str);

    #[wasm_bindgen(method, js_name = setFindings)]
    pub fn set_findings(this: &EditorHandle, findings: &Array);

    #[wasm_bindgen(method)]
    pub fn select(this: &EditorHandle, from: u32, to: u32);

    #[wasm_bindgen(method)]
    pub fn destroy(this: &EditorHandle);

    /// Where the worker's answers and crashes go.
    #[wasm_bindgen(js_namespace = bulkhead, js_name = setLintHandlers)]
    pub fn set_lint_handlers(on_result: &Function, on_crash: &Function);

    /// Send a request's bytes to the worker after `delay` ms of quiet; `full`: lint
    /// with the on-demand module, which has the Compose rules.
    #[wasm_bindgen(js_namespace = bulkhead, js_name = lint)]
    pub fn lint(request: &[u8], delay: u32, full: bool);

    #[wasm_bindgen(js_namespace = ["bulkhead", "documents"], js_name = saveDraft)]
    pub fn save_draft(document: &JsValue) -> bool;

    #[wasm_bindgen(js_namespace = ["bulkhead", "documents"], js_name = clearDraft)]
    pub fn clear_draft();

    #[wasm_bindgen(js_namespace = ["bulkhead", "documents"], js_name = loadDraft)]
    fn documents_load_draft(workspace: &JsValue) -> JsValue;

    #[wasm_bindgen(js_namespace = ["bulkhead", "documents"], js_name = setWorkspace)]
    fn documents_set_workspace(workspace: &JsValue);

    /// The share link's document in the page's fragment: `{ document }` or `{ error }`.
    #[wasm_bindgen(js_namespace = ["bulkhead", "documents"], js_name = fromFragment)]
    fn from_fragment() -> js_sys::Promise;

    /// A rule's example from its documentation (`rule-docs.js`), or null.
    #[wasm_bindgen(js_namespace = bulkhead, js_name = tryIt)]
    fn try_it(rule: &str) -> js_sys::Promise;

    /// The lessons of `lessons.js`.
    #[wasm_bindgen(js_namespace = bulkhead)]
    fn course() -> js_sys::Promise;

    /// The ids of the lessons solved in this browser.
    #[wasm_bindgen(js_namespace = ["bulkhead", "lessons"], js_name = done)]
    fn lessons_done() -> JsValue;

    /// Open files from elsewhere (`source`, e.g. `example:ID`) in the visiting
    /// workspace, as a new history entry at `url`.
    #[wasm_bindgen(js_namespace = ["bulkhead", "documents"])]
    pub fn visit(source: &str, url: &str);

    /// Make a share link, put it in the address bar and on the clipboard; `done` gets
    /// `{ url }` or `{ error }`.
    #[wasm_bindgen(js_namespace = ["bulkhead", "documents"], js_name = share)]
    pub fn share(document: &JsValue, done: &Function);

    /// Load a rule's documentation lazily: HTML made at build time from its doc comment
    /// (`render::docs_html`); `done` gets it.
    #[wasm_bindgen(js_namespace = bulkhead, js_name = ruleDoc)]
    pub fn rule_doc(code: &str, done: &Function);

    /// The findings of a request (its bytes) as review comments in Markdown, made by
    /// the on-demand module: only those on the lines `from..to` (UTF-16 offsets) of the
    /// file `selected`, unless it is empty; `done(answer)` gets the Markdown or
    /// `{"error"}`.
    #[wasm_bindgen(js_namespace = bulkhead)]
    pub fn review(request: &[u8], selected: &str, from: u32, to: u32, done: &Function);

    /// The shown editor: `{ name, text, from, to }` (its selection), or null.
    #[wasm_bindgen(js_namespace = bulkhead, js_name = activeEditor)]
    pub fn active_editor() -> JsValue;

    /// Put `text` on the clipboard (web/js/export.js, as the next two).
    #[wasm_bindgen(js_namespace = bulkhead)]
    pub fn copy(text: &str);

    /// Save `text` as a file called `name`.
    #[wasm_bindgen(js_namespace = bulkhead)]
    pub fn download(name: &str, text: &str);

    /// Save every `[name, text]` of `files` in one tar archive.
    #[wasm_bindgen(js_namespace = bulkhead, js_name = downloadAll)]
    pub fn download_all(files: &Array);

    /// Load an example the page does not carry (`web/generated/examples.js`): `done(document)`.
    #[wasm_bindgen(js_namespace = bulkhead)]
    pub fn example(id: &str, done: &Function);

    /// Read picked or dropped files as text, at most `max_files` of at most `max_bytes`
    /// each (the engine's limits, passed from here so the JS does not repeat them);
    /// `done` gets `[{ name, text } | { name, error }]`.
    #[wasm_bindgen(js_namespace = bulkhead, js_name = readFiles)]
    pub fn read_files(files: &JsValue, done: &Function, max_files: u32, max_bytes: u32);

    /// The base-image comparison of a Dockerfile, made in the lint worker by the
    /// on-demand module, for the stage `target` ("": the default one) with the other
    /// tabs as its build context (`context`: JSON `[[name, text], …]`); `done` gets the
    /// JSON answer (see `web/src/variants_module.rs`).
    #[wasm_bindgen(js_namespace = bulkhead, js_name = variants)]
    pub fn variants(
        name: &str,
        text: &str,
        read_only: bool,
        target: &str,
        context: &str,
        done: &Function,
    );

    /// What fixes changed, made the same way: `request` is JSON `[[name, before,
    /// after], …]`; `done` gets JSON `[html, …]`, each file's diff, or `{"error"}`.
    #[wasm_bindgen(js_namespace = bulkhead, js_name = diffs)]
    pub fn diffs(request: &str, done: &Function);

    /// Tell the embedding page about new findings (embed mode only).
    #[wasm_bindgen(js_namespace = bulkhead, js_name = notifyParent)]
    pub fn notify_parent(message: &JsValue);

    /// A lesson's goal is met: keep that in this browser (`bulkhead.lessons`).
    #[wasm_bindgen(js_namespace = ["bulkhead", "lessons"], js_name = markDone)]
    pub fn lesson_done(id: &str);

    /// Open a lesson of the course (`#lesson/ID`).
    #[wasm_bindgen(js_namespace = ["bulkhead", "lessons"], js_name = open)]
    pub fn open_lesson(id: &str);

    /// Where new files go (a pasted diff's; when `embedded`, the embed API's too):
    /// `handler(document)`; `read_diff(text)` gives the document of a pasted unified
    /// diff, or null when the text is none.
    #[wasm_bindgen(js_namespace = bulkhead, js_name = setDocumentHandler)]
    pub fn set_document_handler(handler: &Function, read_diff: &Function, embedded: bool);
}

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

/// A workspace as `documents.js` names it: `{ kind: "mine" | "lesson" | "visit", id,
/// source }`.
fn workspace_to_js(workspace: &Workspace) -> JsValue {
    let (kind, field) = match workspace {
        Workspace::Mine => ("mine", None),
        Workspace::Lesson(id) => ("lesson", Some(("id", id))),
        Workspace::Visit(source) => ("visit", Some(("source", source))),
    };
    let object = object(&[("kind", JsValue::from_str(kind))]);
    if let Some((key, value)) = field {
        set(&object, key, &JsValue::from_str(value));
    }
    object.into()
}

/// The last draft kept in `workspace`.
pub fn load_draft(workspace: &Workspace) -> Option<Document> {
    document_from_js(&documents_load_draft(&workspace_to_js(workspace)))
}

/// Keep drafts in `workspace` from now on.
pub fn use_workspace(workspace: &Workspace) {
    documents_set_workspace(&workspace_to_js(workspace));
}

/// What the sources `address` names hold: each loaded (lazily, by the JavaScript side)
/// only when named.
pub async fn find_startup(address: &Address) -> Found {
    let settle = |promise: js_sys::Promise| async move {
        wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .unwrap_or(JsValue::NULL)
    };
    let mut found = Found::default();
    if address.share.is_some() {
        let shared = settle(from_fragment()).await;
        let document = get(&shared, "document");
        found.shared = Some(
            match (document_from_js(&document), string_field(&shared, "error")) {
                (Some(files), _) => Ok((
                    files,
                    string_field(&document, "bulkhead").unwrap_or_default(),
                )),
                (None, Some(error)) => Err(error),
                // It unpacked, but to something that is no set of files.
                (None, None) => Err("This share link holds no files the playground can open, \
                     so the last draft was opened instead."
                    .to_owned()),
            },
        );
    }
    if let Some(rule) = &address.try_rule {
        found.tried = document_from_js(&settle(try_it(rule)).await);
    }
    if address.lesson.is_some() {
        let course = settle(course()).await;
        if Array::is_array(&course) {
            found.course = Array::from(&course)
                .iter()
                .filter_map(|l| lesson_from_js(&l))
                .collect();
        }
        found.solved = Array::from(&lessons_done())
            .iter()
            .filter_map(|id| id.as_string())
            .collect();
    }
    if let Some(id) = &address.example {
        let id = id.clone();
        let promise = js_sys::Promise::new(&mut |resolve, _| example(&id, &resolve));
        found.example = document_from_js(&settle(promise).await);
    }
    found
}

/// `{ v: 1, bulkhead, files: [{ name, kind, text }], active, pairing, settings }`
/// (`bulkhead`: the version that made it), where `settings`
/// (left out when they are the defaults) is `{ pssLevel, trustedRegistries: [...],
/// ignore: [...], severity: { rule: level } }`.
pub fn document_to_js(document: &Document) -> JsValue {
    let object = Object::new();
    set(&object, "v", &JsValue::from_f64(1.0));
    set(
        &object,
        "bulkhead",
        &JsValue::from_str(bulkhead_rules::VERSION),
    );
    let files = Array::new();
    for (name, kind, text) in &document.files {
        let file = Object::new();
        set(&file, "name", &JsValue::from_str(name));
        set(&file, "kind", &JsValue::from_str(kind.as_str()));
        set(&file, "text", &JsValue::from_str(text));
        files.push(&file);
    }
    set(&object, "files", &files);
    set(
        &object,
        "active",
        &JsValue::from_f64(f64::from(u32::try_from(document.active).unwrap_or(0))),
    );
    if let Some(pairing) = &document.pairing {
        set(&object, "pairing", &JsValue::from_str(pairing));
    }
    if let Some(options) = document
        .options
        .as_ref()
        .filter(|o| **o != Options::playground())
    {
        // The options in their stored form (Options::to_stored).
        let settings = Object::new();
        for (name, setting) in options.to_stored() {
            let value: JsValue = match setting {
                Setting::Text(text) => JsValue::from_str(&text),
                Setting::List(items) => items.iter().map(JsValue::from).collect::<Array>().into(),
                Setting::Map(entries) => {
                    let map = Object::new();
                    for (key, value) in &entries {
                        set(&map, key, &JsValue::from_str(value));
                    }
                    map.into()
                }
            };
            set(&settings, name, &value);
        }
        set(&object, "settings", &settings);
    }
    object.into()
}

/// A whole number from JavaScript that fits a line number or a count, if it is one.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // checked just before
fn count(n: Option<f64>) -> Option<u32> {
    n.filter(|n| n.fract() == 0.0 && (0.0..1e9).contains(n))
        .map(|n| n as u32)
}

/// The strings of a JavaScript array (none when it is no array).
fn strings(list: &JsValue) -> impl Iterator<Item = String> {
    let items = if Array::is_array(list) {
        Array::from(list)
    } else {
        Array::new()
    };
    items.into_iter().filter_map(|item| item.as_string())
}

/// A lesson from `lessons.js` (its place in the course is added by `startup::choose`).
fn lesson_from_js(value: &JsValue) -> Option<crate::startup::LessonView> {
    if !value.is_object() {
        return None;
    }
    let text = |v: &JsValue, key: &str| get(v, key).as_string().unwrap_or_default();
    let strings = |v: &JsValue, key: &str| -> Vec<String> { strings(&get(v, key)).collect() };
    let goal = get(value, "goal");
    Some(crate::startup::LessonView {
        id: text(value, "id"),
        title: text(value, "title"),
        explanation: text(value, "explanation"),
        goal: text(&goal, "text"),
        passes: strings(&goal, "passes")
            .iter()
            .filter_map(|s| {
                bulkhead_rules::Checklist::ALL
                    .into_iter()
                    .find(|c| c.as_str() == s)
            })
            .collect(),
        absent: strings(&goal, "absent"),
        no_errors: get(&goal, "noErrors").is_truthy(),
        final_base: get(&goal, "finalBase").as_string(),
        hints: strings(value, "hints"),
        reference: text(value, "reference"),
        solution: text(value, "solution"),
        document: document_from_js(&get(value, "document"))?,
        ..Default::default()
    })
}

/// The settings of a document, read leniently (see [`Options`]'s encoding): what is not
/// understood is left out.
fn options_from_js(value: &JsValue) -> Option<Options> {
    if !value.is_object() {
        return None;
    }
    Some(Options::from_stored(|name| {
        let value = get(value, name);
        if let Some(text) = value.as_string() {
            Some(Setting::Text(text))
        } else if Array::is_array(&value) {
            Some(Setting::List(strings(&value).collect()))
        } else if value.is_object() {
            let entries = Object::entries(&Object::from(value));
            Some(Setting::Map(
                entries
                    .iter()
                    .filter_map(|entry| {
                        let entry = Array::from(&entry);
                        Some((entry.get(0).as_string()?, entry.get(1).as_string()?))
                    })
                    .collect(),
            ))
        } else {
            None
        }
    }))
}

/// Read a document from untrusted JavaScript (a draft, a share link, a parent page):
/// anything malformed is skipped, never trusted. A file's kind comes from `kind` if
/// known, else from its name.
pub fn document_from_js(value: &JsValue) -> Option<Document> {
    if !value.is_object() {
        return None;
    }
    let files = get(value, "files");
    if !Array::is_array(&files) {
        return None;
    }
    let mut out = Vec::new();
    let mut added = Vec::new();
    for file in Array::from(&files).iter().take(MAX_FILES) {
        let (Some(name), Some(text)) = (
            get(&file, "name").as_string(),
            get(&file, "text").as_string(),
        ) else {
            continue;
        };
        let name: String = name.chars().filter(|c| !c.is_control()).take(200).collect();
        if name.trim().is_empty() {
            continue;
        }
        let kind = get(&file, "kind")
            .as_string()
            .and_then(|kind| FileKind::parse(&kind))
            .unwrap_or_else(|| kind_of(&name, &text));
        // A pasted diff's file: the lines it shows and those it adds.
        let lines = |key: &str| -> Option<Vec<u32>> {
            let lines = get(&file, key);
            Array::is_array(&lines).then(|| {
                Array::from(&lines)
                    .iter()
                    .filter_map(|n| count(n.as_f64()))
                    .collect()
            })
        };
        if let Some(adds) = lines("added") {
            // Without the lines it shows (an older page), the added ones are all it shows.
            let seen = lines("seen").unwrap_or_else(|| adds.clone());
            added.push(crate::diff_view::DiffView::new(name.clone(), adds, seen));
        }
        out.push((name, kind, text));
    }
    if out.is_empty() {
        return None;
    }
    let wanted = get(value, "active").as_f64();
    let active = (0..out.len())
        .find(|&i| u32::try_from(i).ok().map(f64::from) == wanted)
        .unwrap_or(0);
    Some(Document {
        files: out,
        active,
        pairing: get(value, "pairing").as_string(),
        options: options_from_js(&get(value, "settings")),
        added,
    })
}

/// Build a plain object from `(key, value)` pairs.
/// The page's element with this id, as an HTML element (`None` outside a page).
pub fn element_by_id(id: &str) -> Option<web_sys::HtmlElement> {
    web_sys::window()?
        .document()?
        .get_element_by_id(id)?
        .dyn_into()
        .ok()
}

pub fn object(entries: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (key, value) in entries {
        set(&object, key, value);
    }
    object
}

/// Read a string field of a JavaScript object.
pub fn string_field(value: &JsValue, key: &str) -> Option<String> {
    get(value, key).as_string()
}

/// A whole-number field (an offset, a count) of a JavaScript object, if it is one.
pub fn number_field(value: &JsValue, key: &str) -> Option<u32> {
    count(get(value, key).as_f64())
}

/// A pasted unified diff as a document: `{ files: [{ name, text, added, seen }], active:
/// 0 }` ([`document_from_js`] reads it like any other), or null when `text` is none.
pub fn diff_document(text: &str) -> JsValue {
    let Some(files) = crate::diff_view::unified(text) else {
        return JsValue::NULL;
    };
    let lines = |lines: &[u32]| -> Array { lines.iter().map(|&n| JsValue::from(n)).collect() };
    let files: Array = files
        .iter()
        .map(|f| {
            JsValue::from(object(&[
                ("name", JsValue::from_str(&f.name)),
                ("text", JsValue::from_str(&f.text)),
                ("added", lines(&f.added).into()),
                ("seen", lines(&f.seen).into()),
            ]))
        })
        .collect();
    object(&[("files", files.into()), ("active", JsValue::from(0))]).into()
}
