use std::cell::RefCell;
use std::rc::Rc;

use bulkhead_rules::TextRange;
use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::changes::diff_view;
use crate::export;
use crate::js;
use crate::state::{Action, Text};

#[derive(Properties, PartialEq)]
pub struct VariantsProps {
    /// The first Dockerfile: `(name, text)`.
    pub dockerfile: Option<(String, Text)>,
    pub on_action: Callback<Action>,
    pub read_only: bool,
}

/// A base's facts, as the comparison module sends them (`BaseFacts`).
#[derive(Debug, Clone, PartialEq, Default)]
struct Facts {
    title: String,
    image: String,
    size: String,
    shell: String,
    package_manager: String,
    user: String,
    libc: String,
    language_version: String,
    end_of_life: String,
    debugging: String,
    stops_working: String,
    checked_on: String,
    ca_certificates: bool,
    tzdata: bool,
    estimate: bool,
}

/// One variant, as the comparison module sends it.
#[derive(Debug, Clone, PartialEq, Default)]
struct Variant {
    name: String,
    facts: Facts,
    dockerfile: String,
    manifest: String,
    notes: Vec<String>,
    /// From the user's Dockerfile to this variant, made by the module.
    diff: String,
}

/// The comparison module's answer for one text.
#[derive(Debug, Clone, PartialEq)]
enum Answer {
    Made {
        checked_on: String,
        variants: Vec<Variant>,
        /// `(family, why)`.
        skipped: Vec<(String, String)>,
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

fn flag(value: &JsValue, key: &str) -> bool {
    field(value, key).as_bool().unwrap_or(false)
}

fn items(value: &JsValue, key: &str) -> Vec<JsValue> {
    field(value, key)
        .dyn_into::<Array>()
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

fn facts(value: &JsValue) -> Facts {
    Facts {
        title: text(value, "title"),
        image: text(value, "image"),
        size: text(value, "size"),
        shell: text(value, "shell"),
        package_manager: text(value, "package_manager"),
        user: text(value, "user"),
        libc: text(value, "libc"),
        language_version: text(value, "language_version"),
        end_of_life: text(value, "end_of_life"),
        debugging: text(value, "debugging"),
        stops_working: text(value, "stops_working"),
        checked_on: text(value, "checked_on"),
        ca_certificates: flag(value, "ca_certificates"),
        tzdata: flag(value, "tzdata"),
        estimate: flag(value, "estimate"),
    }
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
        checked_on: text(&value, "checked_on"),
        variants: items(&value, "variants")
            .iter()
            .map(|v| Variant {
                name: text(v, "name"),
                facts: facts(&field(v, "facts")),
                dockerfile: text(v, "dockerfile"),
                manifest: text(v, "manifest"),
                diff: text(v, "diff"),
                notes: items(v, "notes")
                    .iter()
                    .filter_map(JsValue::as_string)
                    .collect(),
            })
            .collect(),
        skipped: items(&value, "skipped")
            .iter()
            .map(|s| (text(s, "name"), text(s, "reason")))
            .collect(),
    }
}

/// The rows of the comparison: a label and how to read it off a variant.
type Row = (&'static str, fn(&Variant) -> String);

const ROWS: &[Row] = &[
    ("Runtime image", |v| v.facts.image.clone()),
    ("Size (compressed)", |v| v.facts.size.clone()),
    ("Shell", |v| v.facts.shell.clone()),
    ("Package manager", |v| v.facts.package_manager.clone()),
    ("Default user", |v| v.facts.user.clone()),
    ("libc", |v| v.facts.libc.clone()),
    ("Language version", |v| v.facts.language_version.clone()),
    ("CA certificates, tzdata", |v| certificates(&v.facts)),
    ("End of life", |v| v.facts.end_of_life.clone()),
    ("Debugging", |v| v.facts.debugging.clone()),
    ("What stops working", |v| v.facts.stops_working.clone()),
    ("For this app", |v| v.notes.join(" ")),
    ("Facts checked", |v| {
        let estimate = if v.facts.estimate {
            " (some estimated)"
        } else {
            ""
        };
        format!("{}{estimate}", v.facts.checked_on)
    }),
];

fn certificates(facts: &Facts) -> String {
    let yes = |b: bool| if b { "yes" } else { "no" };
    format!("{}, {}", yes(facts.ca_certificates), yes(facts.tzdata))
}

/// A Dockerfile's name and text: what an answer is for.
type Asked = (String, Text);

/// The comparison module's answer for a Dockerfile, asked for (in the lint worker) once
/// the panel is `open`, and again when the file changes: `None` until it comes. A slow
/// answer for an older text is dropped.
#[hook]
fn use_variants(open: bool, file: Option<Asked>) -> UseStateHandle<Option<(Asked, Answer)>> {
    let answered = use_state(|| None::<(Asked, Answer)>);
    let latest = use_mut_ref(|| (String::new(), Text::from("")));
    {
        let answered = answered.clone();
        let latest: Rc<RefCell<Asked>> = latest.clone();
        use_effect_with((open, file), move |(open, file)| {
            if let (true, Some(file)) = (*open, file) {
                let current = answered.as_ref().is_some_and(|(f, _)| f == file);
                if !current && *latest.borrow() != *file {
                    latest.replace(file.clone());
                    let key = file.clone();
                    let done = Closure::once_into_js(move |json: String| {
                        if *latest.borrow() == key {
                            answered.set(Some((key, answer(&json))));
                        }
                    });
                    js::variants(&file.0, &file.1, done.unchecked_ref());
                }
            }
        });
    }
    answered
}

/// "Compare base images": the user's Dockerfile rebuilt on each base family, the facts
/// side by side, and each variant to copy, download, diff or open as tabs. The
/// generator is a module of its own, loaded the first time the panel opens.
#[component]
pub fn VariantsPanel(props: &VariantsProps) -> Html {
    let open = use_state(|| false);
    let shown = use_state(|| 0usize);
    let on_toggle = {
        let open = open.clone();
        Callback::from(move |event: Event| {
            let details: web_sys::HtmlDetailsElement = event.target_unchecked_into();
            open.set(details.open());
        })
    };
    let wanted = props.dockerfile.clone();
    let answered = use_variants(*open, wanted);
    let body = match (&props.dockerfile, *open) {
        (_, false) => Html::default(),
        (None, true) => html! {
            <p class="empty" data-testid="variants-error">{ "Add a Dockerfile tab to compare base images." }</p>
        },
        (Some((name, text)), true) => match answered
            .as_ref()
            .filter(|((n, t), _)| n == name && t == text)
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
                        { reason }{ " " }
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
                html! { <p class="empty" data-testid="variants-error">{ reason }</p> }
            }
            Some((
                _,
                Answer::Made {
                    checked_on,
                    variants,
                    skipped,
                },
            )) => {
                let index = (*shown).min(variants.len().saturating_sub(1));
                html! {
                    <>
                        { table(checked_on, variants) }
                        if !skipped.is_empty() {
                            <ul class="skipped">
                                { for skipped.iter().map(|(family, reason)| html! {
                                    <li>{ format!("No {family} variant: {reason}") }</li>
                                }) }
                            </ul>
                        }
                        <div class="variant-picker" role="group" aria-label="Show a variant">
                            { for variants.iter().enumerate().map(|(i, v)| {
                                let shown = shown.clone();
                                html! {
                                    <button type="button" data-testid="variant-tab" data-variant={v.name.clone()}
                                        aria-pressed={(i == index).to_string()}
                                        onclick={Callback::from(move |_: MouseEvent| shown.set(i))}>
                                        { v.facts.title.clone() }
                                    </button>
                                }
                            }) }
                        </div>
                        if let Some(variant) = variants.get(index) {
                            { detail(name, variant, &props.on_action, props.read_only) }
                        }
                    </>
                }
            }
        },
    };
    html! {
        <section class="variants" aria-label="Compare base images" data-testid="variants">
            <details ontoggle={on_toggle}>
                <summary data-testid="variants-open">{ "Compare base images: slim, Chainguard, distroless, scratch" }</summary>
                { body }
            </details>
        </section>
    }
}

fn table(checked_on: &str, variants: &[Variant]) -> Html {
    html! {
        <>
        <p class="variants-note">{ format!(
            "Your Dockerfile on each base. Catalog checked {checked_on}; the last row says when each column's facts were checked and whether some are estimates."
        ) }</p>
        <div class="table-scroll" tabindex="0" aria-label="Base images compared">
            <table data-testid="variants-table">
                <caption class="visually-hidden">{ "Facts per base image" }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "" }</th>
                        { for variants.iter().map(|v| html! { <th scope="col">{ v.facts.title.clone() }</th> }) }
                    </tr>
                </thead>
                <tbody>
                    { for ROWS.iter().map(|(label, read)| html! {
                        <tr>
                            <th scope="row">{ *label }</th>
                            { for variants.iter().map(|v| html! { <td>{ read(v) }</td> }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
        </>
    }
}

fn detail(name: &str, variant: &Variant, on_action: &Callback<Action>, read_only: bool) -> Html {
    let file = format!("Dockerfile.{}", variant.name);
    let manifest = format!("deployment.{}.yaml", variant.name);
    let click = |f: Box<dyn Fn()>| Callback::from(move |_: MouseEvent| f());
    let on_copy = {
        let text = variant.dockerfile.clone();
        click(Box::new(move || export::copy(&text)))
    };
    let on_download = {
        let (file, text) = (file.clone(), variant.dockerfile.clone());
        click(Box::new(move || {
            export::download(&file, text.as_bytes(), "application/octet-stream");
        }))
    };
    let on_download_manifest = {
        let (file, text) = (manifest.clone(), variant.manifest.clone());
        click(Box::new(move || {
            export::download(&file, text.as_bytes(), "application/octet-stream");
        }))
    };
    let on_open = {
        let on_action = on_action.clone();
        let files = [
            (file.clone(), variant.dockerfile.clone()),
            (manifest.clone(), variant.manifest.clone()),
        ];
        click(Box::new(move || {
            for (name, text) in files.clone() {
                on_action.emit(Action::AddFile { name, text });
            }
        }))
    };
    html! {
        <div class="variant" data-testid="variant" data-variant={variant.name.clone()}>
            <div class="export">
                <button type="button" data-testid="variant-copy" onclick={on_copy}>{ format!("Copy {file}") }</button>
                <button type="button" data-testid="variant-download" onclick={on_download}>{ format!("Download {file}") }</button>
                <button type="button" data-testid="variant-download-manifest" onclick={on_download_manifest}>{ format!("Download {manifest}") }</button>
                if !read_only {
                    <button type="button" data-testid="variant-open" onclick={on_open}>{ "Open both as tabs (and lint them)" }</button>
                }
            </div>
            <details class="diffs">
                <summary>{ format!("Changes from your {name}") }</summary>
                { diff_view(name, &variant.diff) }
            </details>
            <pre class="variant-text" data-testid="variant-dockerfile" aria-label={file}>{ variant.dockerfile.clone() }</pre>
        </div>
    }
}
