use bulkhead_rules::fix::unified_diff;
use bulkhead_rules::variants::{self, BaseFacts, Variant};
use yew::prelude::*;

use super::changes::diff_view;
use crate::export;
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct VariantsProps {
    /// The first Dockerfile: `(name, text)`.
    pub dockerfile: Option<(String, String)>,
    pub on_action: Callback<Action>,
    pub read_only: bool,
}

/// The rows of the comparison: a label and how to read it off a variant.
type Row = (&'static str, fn(&Variant) -> String);

const ROWS: &[Row] = &[
    ("Runtime image", |v| v.facts.image.to_owned()),
    ("Size (compressed)", |v| v.facts.size.to_owned()),
    ("Shell", |v| v.facts.shell.to_owned()),
    ("Package manager", |v| v.facts.package_manager.to_owned()),
    ("Default user", |v| v.facts.user.to_owned()),
    ("libc", |v| v.facts.libc.to_owned()),
    ("Language version", |v| v.facts.language_version.to_owned()),
    ("CA certificates, tzdata", |v| certificates(v.facts)),
    ("End of life", |v| v.facts.end_of_life.to_owned()),
    ("Debugging", |v| v.facts.debugging.to_owned()),
    ("What stops working", |v| v.facts.stops_working.to_owned()),
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

fn certificates(facts: &BaseFacts) -> String {
    let yes = |b: bool| if b { "yes" } else { "no" };
    format!("{}, {}", yes(facts.ca_certificates), yes(facts.tzdata))
}

/// "Compare base images": the user's Dockerfile rebuilt on each base family, the facts
/// side by side, and each variant to copy, download, diff or open as tabs.
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
    let body = match (&props.dockerfile, *open) {
        (_, false) => Html::default(),
        (None, true) => html! {
            <p class="empty" data-testid="variants-error">{ "Add a Dockerfile tab to compare base images." }</p>
        },
        (Some((name, text)), true) => match variants::generate(text) {
            Err(variants::VariantError::Unreadable { range, reason }) => {
                // The line that stops the variants, and a way to its finding and fix.
                let path = name.clone();
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
            Err(error) => {
                html! { <p class="empty" data-testid="variants-error">{ error.to_string() }</p> }
            }
            Ok(generated) => {
                let index = (*shown).min(generated.variants.len().saturating_sub(1));
                html! {
                    <>
                        { table(&generated.variants) }
                        if !generated.skipped.is_empty() {
                            <ul class="skipped">
                                { for generated.skipped.iter().map(|s| html! {
                                    <li>{ format!("No {} variant: {}", s.name, s.reason) }</li>
                                }) }
                            </ul>
                        }
                        <div class="variant-picker" role="group" aria-label="Show a variant">
                            { for generated.variants.iter().enumerate().map(|(i, v)| {
                                let shown = shown.clone();
                                html! {
                                    <button type="button" data-testid="variant-tab" data-variant={v.name}
                                        aria-pressed={(i == index).to_string()}
                                        onclick={Callback::from(move |_: MouseEvent| shown.set(i))}>
                                        { v.facts.title }
                                    </button>
                                }
                            }) }
                        </div>
                        if let Some(variant) = generated.variants.get(index) {
                            { detail(name, text, variant, &props.on_action, props.read_only) }
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

fn table(variants: &[Variant]) -> Html {
    html! {
        <>
        <p class="variants-note">{ format!(
            "Your Dockerfile on each base. Catalog checked {}; the last row says when each column's facts were checked and whether some are estimates.",
            variants::checked_on()
        ) }</p>
        <div class="table-scroll" tabindex="0" aria-label="Base images compared">
            <table data-testid="variants-table">
                <caption class="visually-hidden">{ "Facts per base image" }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "" }</th>
                        { for variants.iter().map(|v| html! { <th scope="col">{ v.facts.title }</th> }) }
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

fn detail(
    name: &str,
    text: &str,
    variant: &Variant,
    on_action: &Callback<Action>,
    read_only: bool,
) -> Html {
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
    let diff = unified_diff(name, text, &variant.dockerfile);
    html! {
        <div class="variant" data-testid="variant" data-variant={variant.name}>
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
                { diff_view(name, &diff) }
            </details>
            <pre class="variant-text" data-testid="variant-dockerfile" aria-label={file}>{ variant.dockerfile.clone() }</pre>
        </div>
    }
}
