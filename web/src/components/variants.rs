use std::cell::RefCell;
use std::rc::Rc;

use bulkhead_rules::TextRange;
use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::js;
use crate::state::{Action, Text, View};

#[derive(Properties, PartialEq)]
pub struct VariantsProps {
    /// Whether the comparison is shown (its view is chosen): it is asked for then.
    pub open: bool,
    /// The first Dockerfile: `(name, text)`.
    pub dockerfile: Option<(String, Text)>,
    /// The other tabs, `(name, text)`: the files of the Dockerfile's build context that
    /// the page has (`package.json`, requirement files).
    pub context: Vec<(String, Text)>,
    pub on_action: Callback<Action>,
    pub read_only: bool,
}

/// One variant, as the comparison module sends it: its files (`(name, text)`: the
/// Dockerfile, its Deployment and its Compose file) for the exports, and `detail`, its
/// HTML (the picker, exports, diff, text).
#[derive(Debug, Clone, PartialEq, Default)]
struct Variant {
    files: Vec<(String, String)>,
    detail: AttrValue,
}

/// The comparison module's answer for one text.
#[derive(Debug, Clone, PartialEq)]
enum Answer {
    /// `head` is the HTML of the facts table and of the families left out.
    Made {
        head: AttrValue,
        variants: Vec<Variant>,
    },
    /// No variants; `range` is the line that stops them, when one does.
    Failed {
        reason: String,
        range: Option<TextRange>,
    },
}

fn field(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn text(value: &JsValue, key: &str) -> String {
    field(value, key).as_string().unwrap_or_default()
}

fn items(value: &JsValue, key: &str) -> Vec<JsValue> {
    field(value, key)
        .dyn_into::<Array>()
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

/// The stages the module says can be chosen (`targets`), in file order.
fn targets(json: &str) -> Vec<String> {
    JSON::parse(json)
        .map(|value| {
            items(&value, "targets")
                .iter()
                .filter_map(JsValue::as_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Read the module's JSON answer; anything unreadable is said as a failure.
fn answer(json: &str) -> Answer {
    let Ok(value) = JSON::parse(json) else {
        return Answer::Failed {
            reason: "The base-image comparison gave an answer the page cannot read.".to_owned(),
            range: None,
        };
    };
    let error = field(&value, "error");
    if let Some(reason) = error.as_string() {
        let range = field(&value, "range");
        // Byte offsets the module wrote from a `u32`: whole, and in range.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let offset = |key: &str| {
            field(&range, key)
                .as_f64()
                .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n))
                .map(|n| n as usize)
        };
        let range = offset("start")
            .zip(offset("end"))
            .map(|(start, end)| TextRange::new(start, end));
        return Answer::Failed { reason, range };
    }
    Answer::Made {
        head: AttrValue::from(text(&value, "head")),
        variants: items(&value, "variants")
            .iter()
            .map(|v| Variant {
                files: items(v, "files")
                    .iter()
                    .map(|f| {
                        let pair = Array::from(f);
                        let part = |i| pair.get(i).as_string().unwrap_or_default();
                        (part(0), part(1))
                    })
                    .collect(),
                detail: AttrValue::from(text(v, "detail")),
            })
            .collect(),
    }
}

/// What an answer is for: a Dockerfile's name and text, the stage chosen ("" for the
/// default) and the other tabs as JSON.
#[derive(Debug, Clone, PartialEq, Default)]
struct Asked {
    name: String,
    text: Option<Text>,
    target: String,
    context: String,
}

/// An answer, with the stages that can be chosen.
type Answered = (Asked, Answer, Vec<String>);

/// The comparison module's answer for a Dockerfile, asked for (in the lint worker) once
/// the panel is `open`, and again when the file, the chosen stage or the other tabs
/// change: `None` until it comes. A slow answer for an older question is dropped.
#[hook]
fn use_variants(
    open: bool,
    asked: Option<Asked>,
    read_only: bool,
) -> UseStateHandle<Option<Answered>> {
    let answered = use_state(|| None::<Answered>);
    let latest = use_mut_ref(Asked::default);
    {
        let answered = answered.clone();
        let latest: Rc<RefCell<Asked>> = latest.clone();
        use_effect_with((open, asked), move |(open, asked)| {
            if let (true, Some(asked)) = (*open, asked) {
                let current = answered.as_ref().is_some_and(|(a, _, _)| a == asked);
                if !current && *latest.borrow() != *asked {
                    latest.replace(asked.clone());
                    let key = asked.clone();
                    let done = Closure::once_into_js(move |json: String| {
                        if *latest.borrow() == key {
                            answered.set(Some((key, answer(&json), targets(&json))));
                        }
                    });
                    let text = asked.text.as_deref().unwrap_or_default();
                    js::variants(
                        &asked.name,
                        text,
                        read_only,
                        &asked.target,
                        &asked.context,
                        done.unchecked_ref(),
                    );
                }
            }
        });
    }
    answered
}

/// The other tabs as the module reads them: JSON `[[name, text], …]`.
fn context_json(files: &[(String, Text)]) -> String {
    let pairs = Array::new();
    for (name, text) in files {
        let pair = Array::new();
        pair.push(&JsValue::from_str(name));
        pair.push(&JsValue::from_str(text));
        pairs.push(&pair);
    }
    JSON::stringify(&pairs)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| "[]".to_owned())
}

/// The chooser of the stage to rebuild, for a Dockerfile with more than one stage that
/// starts something (as `docker build --target` chooses).
fn target_chooser(targets: &[String], chosen: &UseStateHandle<String>) -> Html {
    if targets.len() < 2 {
        return Html::default();
    }
    let onchange = {
        let chosen = chosen.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<web_sys::HtmlSelectElement>() {
                chosen.set(select.value());
            }
        })
    };
    let last = targets.last().cloned().unwrap_or_default();
    html! {
        <label class="variants-target">
            { "Stage to rebuild (docker build --target) " }
            <select data-testid="variants-target" {onchange}>
                <option value="" selected={chosen.is_empty()}>{ format!("{last} (the last that starts something)") }</option>
                { for targets.iter().map(|t| html! {
                    <option value={t.clone()} selected={**chosen == *t}>{ t.clone() }</option>
                }) }
            </select>
        </label>
    }
}

/// "Compare base images": the user's Dockerfile rebuilt on each base family, the facts
/// side by side, and each variant to copy, download, diff or open as tabs. The
/// generator is a module of its own, loaded the first time the panel opens. It stays
/// mounted while other views are shown, so its answer is kept.
#[component]
pub fn VariantsPanel(props: &VariantsProps) -> Html {
    let open = props.open;
    let shown = use_state(|| 0usize);
    let target = use_state(String::new);
    let wanted = props.dockerfile.clone().map(|(name, text)| Asked {
        name,
        text: Some(text),
        target: (*target).clone(),
        context: context_json(&props.context),
    });
    let answered = use_variants(open, wanted.clone(), props.read_only);
    let chooser = answered
        .as_ref()
        .filter(|(a, _, _)| Some(a) == wanted.as_ref())
        .map(|(_, _, targets)| target_chooser(targets, &target))
        .unwrap_or_default();
    let body = match (&props.dockerfile, open) {
        (_, false) => Html::default(),
        (None, true) => html! {
            <p class="empty" data-testid="variants-error">{ "Add a Dockerfile tab to compare base images." }</p>
        },
        (Some((name, _)), true) => match answered
            .as_ref()
            .filter(|(a, _, _)| Some(a) == wanted.as_ref())
            .map(|(a, answer, _)| (a, answer))
        {
            None => {
                html! { <p class="empty" data-testid="variants-loading">{ "Rebuilding your Dockerfile on each base…" }</p> }
            }
            Some((
                _,
                Answer::Failed {
                    reason,
                    range: Some(range),
                },
            )) => {
                // The line that stops the variants, and a way to its finding and fix.
                let (path, range) = (name.clone(), *range);
                let on_action = props.on_action.clone();
                let onclick = Callback::from(move |_: MouseEvent| {
                    on_action.emit(Action::Reveal {
                        path: path.clone(),
                        range,
                    });
                });
                html! {
                    <p class="empty" data-testid="variants-error">
                        { super::findings::inline_code(reason) }{ " " }
                        <button type="button" data-testid="variants-error-reveal" {onclick}>{ "Show the line and its finding" }</button>
                    </p>
                }
            }
            Some((
                _,
                Answer::Failed {
                    reason,
                    range: None,
                },
            )) => {
                html! { <p class="empty" data-testid="variants-error">{ super::findings::inline_code(reason) }</p> }
            }
            Some((_, Answer::Made { head, variants })) => {
                let index = (*shown).min(variants.len().saturating_sub(1));
                html! {
                    <>
                        { Html::from_html_unchecked(head.clone()) }
                        if let Some(variant) = variants.get(index) {
                            <div onclick={actions(variant, &props.on_action, &shown)}>
                                { Html::from_html_unchecked(variant.detail.clone()) }
                            </div>
                        }
                    </>
                }
            }
        },
    };
    if !open {
        return Html::default();
    }
    html! {
        <section class="variants" aria-labelledby="variants-title" data-testid="variants">
            <h2 id="variants-title" class="pane-title">{ "Your Dockerfile on slim, Chainguard, distroless and scratch" }</h2>
            { chooser }
            { body }
        </section>
    }
}

/// The clicks on the shown variant's buttons, told apart by their `data-action`: the
/// picker's (`show`, with its `data-index`) and the exports.
fn actions(
    variant: &Variant,
    on_action: &Callback<Action>,
    shown: &UseStateHandle<usize>,
) -> Callback<MouseEvent> {
    let variant = variant.clone();
    let on_action = on_action.clone();
    let shown = shown.clone();
    Callback::from(move |event: MouseEvent| {
        let button = event
            .target_dyn_into::<web_sys::Element>()
            .and_then(|target| target.closest("[data-action]").ok().flatten());
        let attribute = |name: &str| button.as_ref().and_then(|b| b.get_attribute(name));
        let action = attribute("data-action");
        let index = attribute("data-index").and_then(|i| i.parse::<usize>().ok());
        match action.as_deref() {
            Some("show") => {
                if let Some(i) = index {
                    shown.set(i);
                }
            }
            Some("copy") => {
                if let Some((_, text)) = variant.files.first() {
                    js::copy(text);
                }
            }
            Some("download") => {
                if let Some((file, text)) = index.and_then(|i| variant.files.get(i)) {
                    js::download(file, text);
                }
            }
            Some("open") => {
                for (name, text) in &variant.files {
                    on_action.emit(Action::AddFile {
                        name: name.clone(),
                        text: text.clone(),
                    });
                }
                // Show them: the editor, with their findings beside it.
                on_action.emit(Action::View(View::Files));
            }
            _ => {}
        }
    })
}
