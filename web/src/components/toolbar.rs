use js_sys::Array;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::document::Document;
use crate::js;
use crate::samples::{self, Example};
use crate::state::Action;

pub struct ToolbarProps {
    /// The files as they are now (read when a share link is made).
    pub document: Callback<(), Document>,
    /// Files from elsewhere as they came (what Reset opens); `None`: the user's own
    /// files, which start again from the first example.
    pub original: Option<Document>,
    pub on_action: Callback<Action>,
}

/// Add the files `bulkhead.readFiles` read (from a file picker or a drop).
pub fn open_files(files: &JsValue, on_action: Callback<Action>) {
    let done = Closure::once_into_js(move |results: Array| {
        for result in results.iter() {
            let name = js::string_field(&result, "name").unwrap_or_default();
            match (
                js::string_field(&result, "text"),
                js::string_field(&result, "error"),
            ) {
                (Some(text), _) => on_action.emit(Action::AddFile { name, text }),
                (None, Some(error)) => on_action.emit(Action::Notice(Some(error))),
                (None, None) => {}
            }
        }
    });
    let limit = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    js::read_files(
        files,
        done.unchecked_ref(),
        limit(crate::document::MAX_FILES),
        limit(bulkhead_rules::MAX_FILE_BYTES),
    );
}

/// Examples, open, share and reset.
/// A plain view (no state of its own): cheaper for the page than a component.
pub fn toolbar(props: &ToolbarProps) -> Html {
    let on_example = {
        let on_action = props.on_action.clone();
        Callback::from(move |event: Event| {
            let select = event.target_unchecked_into::<HtmlSelectElement>();
            let value = select.value();
            if value == "lessons" {
                js::open_lesson("base-slim");
            }
            // An example opens beside the user's files, never over them (Back returns).
            let visit = |example: &Example| {
                js::visit(
                    &format!("example:{}", example.id),
                    &format!("?example={}", example.id),
                );
                format!("the example “{}”", example.title)
            };
            match samples::find(&value) {
                Some(example) if example.files.is_empty() => {
                    let on_action = on_action.clone();
                    let away = visit(example);
                    let done = Closure::once_into_js(move |document: JsValue| {
                        if let Some(document) = js::document_from_js(&document) {
                            on_action.emit(Action::Visit { away, document });
                        }
                    });
                    js::example(example.id, done.unchecked_ref());
                }
                Some(example) => on_action.emit(Action::Visit {
                    away: visit(example),
                    document: samples::document(example),
                }),
                None => {}
            }
            select.set_value("");
        })
    };
    let on_open = {
        let on_action = props.on_action.clone();
        Callback::from(move |event: Event| {
            let input = event.target_unchecked_into::<HtmlInputElement>();
            if let Some(files) = input.files() {
                open_files(&files, on_action.clone());
            }
            input.set_value("");
        })
    };
    let on_share = {
        let on_action = props.on_action.clone();
        let document = props.document.clone();
        Callback::from(move |_: MouseEvent| {
            let on_action = on_action.clone();
            let done = Closure::once_into_js(move |result: JsValue| {
                let notice = match (
                    js::string_field(&result, "url"),
                    js::string_field(&result, "error"),
                ) {
                    (Some(url), _) => format!(
                        "Link copied. It holds the files themselves (in the part after #, which \
                         browsers never send): {url}"
                    ),
                    (None, Some(error)) => error,
                    (None, None) => "The link could not be made.".to_owned(),
                };
                on_action.emit(Action::Notice(Some(notice)));
            });
            js::share(
                &js::document_to_js(&document.emit(())),
                done.unchecked_ref(),
            );
        })
    };
    let on_reset = {
        let on_action = props.on_action.clone();
        let original = props.original.clone();
        Callback::from(move |_: MouseEvent| {
            js::clear_draft();
            // The settings start again too. Undo puts the files back.
            on_action.emit(Action::Load(Document {
                options: Some(bulkhead_rules::Options::playground()),
                ..original.clone().unwrap_or_else(samples::first_document)
            }));
        })
    };
    html! {
        <div class="toolbar" role="toolbar" aria-label="Playground">
            <select aria-label="Load an example" data-testid="examples" onchange={on_example}>
                <option value="" selected=true>{ "Examples…" }</option>
                { for samples::all().iter().map(|e| html! { <option value={e.id}>{ e.title }</option> }) }
                <option value="lessons">{ "Lessons: the hardening course" }</option>
            </select>
            <label class="button open-file">
                { "Open…" }
                <input type="file" multiple=true class="visually-hidden" data-testid="open" onchange={on_open} />
            </label>
            <button type="button" data-testid="share" onclick={on_share}>
                <span class="wide-only">{ "Copy share link" }</span><span class="narrow-only">{ "Share" }</span>
            </button>
            <button type="button" data-testid="reset" onclick={on_reset}
                title="Start these files again from the beginning (Undo puts them back)">{ "Reset" }</button>
        </div>
    }
}
