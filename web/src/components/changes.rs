use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::js;
use crate::state::{Changed, Text};

#[derive(Properties, PartialEq)]
pub struct ChangesProps {
    /// Each file the fixes changed.
    pub changed: Vec<Changed>,
    /// Every file: `(name, text)`, for the downloads.
    pub files: Vec<(String, Text)>,
    /// The file in the editor.
    pub active: usize,
}

/// The diffs of the changed files, as HTML the module made, or why there are none.
type Diffs = Result<Vec<AttrValue>, String>;

/// The on-demand module's diffs of `changed` (made in the lint worker): `None` until
/// they come. A slow answer for files that changed again is dropped.
#[hook]
fn use_diffs(changed: Vec<Changed>) -> UseStateHandle<Option<(Vec<Changed>, Diffs)>> {
    let answered = use_state(|| None::<(Vec<Changed>, Diffs)>);
    let latest = use_mut_ref(Vec::<Changed>::new);
    {
        let answered = answered.clone();
        let latest: Rc<RefCell<Vec<Changed>>> = latest.clone();
        use_effect_with(changed, move |changed| {
            let current = answered.as_ref().is_some_and(|(c, _)| c == changed);
            if !changed.is_empty() && !current && *latest.borrow() != *changed {
                latest.replace(changed.clone());
                let request: Array = changed
                    .iter()
                    .map(|c| {
                        Array::of3(
                            &JsValue::from_str(&c.name),
                            &JsValue::from_str(&c.written),
                            &JsValue::from_str(&c.text),
                        )
                    })
                    .collect();
                let request =
                    JSON::stringify(&request).map_or_else(|_| String::new(), String::from);
                let key = changed.clone();
                let done = Closure::once_into_js(move |json: String| {
                    if *latest.borrow() == key {
                        answered.set(Some((key, read_diffs(&json))));
                    }
                });
                js::diffs(&request, done.unchecked_ref());
            }
        });
    }
    answered
}

/// The module's answer: `[html, …]`, or `{"error"}`.
fn read_diffs(json: &str) -> Diffs {
    let value = JSON::parse(json).unwrap_or(JsValue::UNDEFINED);
    match value.dyn_into::<Array>() {
        Ok(list) => Ok(list
            .iter()
            .map(|d| AttrValue::from(d.as_string().unwrap_or_default()))
            .collect()),
        Err(other) => Err(js_sys::Reflect::get(&other, &JsValue::from_str("error"))
            .ok()
            .and_then(|e| e.as_string())
            .unwrap_or_else(|| "The changes could not be shown.".to_owned())),
    }
}

/// Export the files (copy, download one, download all as a tar archive) and show what
/// the fixes changed.
#[component]
pub fn Changes(props: &ChangesProps) -> Html {
    let answered = use_diffs(props.changed.clone());
    let (name, text) = props.files[props.active].clone();
    let on_copy = {
        let text = text.clone();
        Callback::from(move |_: MouseEvent| js::copy(&text))
    };
    let on_download = {
        let name = name.clone();
        Callback::from(move |_: MouseEvent| {
            js::download(&name, &text);
        })
    };
    let on_download_all = {
        let files = props.files.clone();
        Callback::from(move |_: MouseEvent| {
            let entries: Array = files
                .iter()
                .map(|(n, t)| Array::of2(&JsValue::from_str(n), &JsValue::from_str(t)))
                .collect();
            js::download_all(&entries);
        })
    };
    html! {
        <section class="changes" aria-label="Export and changes">
            <div class="export">
                <button type="button" data-testid="copy" onclick={on_copy} title={format!("Copy {name}")}>{ format!("Copy {name}") }</button>
                <button type="button" data-testid="download" onclick={on_download} title={format!("Download {name}")}>{ format!("Download {name}") }</button>
                <button type="button" data-testid="download-all" onclick={on_download_all}>{ "Download all (.tar)" }</button>
            </div>
            if !props.changed.is_empty() {
                <details class="diffs" open=true>
                    <summary>{ format!("Changes made by fixes ({})", props.changed.len()) }</summary>
                    { match answered.as_ref().filter(|(c, _)| *c == props.changed) {
                        None => html! { <p class="empty" data-testid="diffs-loading">{ "Working out what the fixes changed…" }</p> },
                        Some((_, Err(reason))) => html! { <p class="empty" data-testid="diffs-error">{ reason }</p> },
                        Some((_, Ok(diffs))) => html! {
                            { for diffs.iter().map(|diff| Html::from_html_unchecked(diff.clone())) }
                        },
                    } }
                </details>
            }
        </section>
    }
}
