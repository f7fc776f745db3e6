//! The choices over the editor that the findings depend on: which image the Dockerfile
//! builds, the Pod Security Standards level, and the settings panel (what `bulkhead.toml`
//! sets for the CLI). Plain views rather than components: they keep no state of their
//! own, and each component costs the page's first load more bytes than a function.

use bulkhead_rules::linter::registry;
use bulkhead_rules::{Options, PssLevel, Severity, PSS_VERSION};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::state::Action;

/// Which container image the Dockerfile builds, for the checks that read both files:
/// `images` are the manifests' images, `chosen` the user's choice (`None`: guess).
pub fn pairing(
    images: &[String],
    chosen: Option<&str>,
    on_pair: &Callback<Option<String>>,
) -> Html {
    if images.is_empty() {
        return html! {};
    }
    let on_pair = on_pair.clone();
    let onchange = Callback::from(move |event: Event| {
        let value = event.target_unchecked_into::<HtmlSelectElement>().value();
        on_pair.emit((!value.is_empty()).then_some(value));
    });
    let chosen = chosen.unwrap_or_default();
    html! {
        <label class="pairing">
            { "The Dockerfile builds " }
            <select data-testid="pairing" {onchange}>
                <option value="" selected={chosen.is_empty()}>{ "(guess from the names)" }</option>
                { for images.iter().map(|image| html! {
                    <option value={image.clone()} selected={image == chosen}>{ image.clone() }</option>
                }) }
            </select>
        </label>
    }
}

/// Which Pod Security Standards level the manifests must meet: findings against a
/// stricter level are not shown (a Namespace in the files may set its own).
pub fn pss_level(options: &Options, on_action: &Callback<Action>) -> Html {
    let onchange = change(options, on_action, |options, value| {
        options.pss_level = PssLevel::parse(value).unwrap_or_default();
        None
    });
    html! {
        <label class="pairing" title={format!("Pod Security Standards {PSS_VERSION}: Baseline findings are errors, Restricted-only findings warnings")}>
            { "Pods must meet " }
            <select data-testid="pss-level" {onchange}>
                { for PssLevel::ALL.iter().map(|level| html! {
                    <option value={level.as_str()} selected={*level == options.pss_level}>
                        { format!("PSS {}", level.title()) }
                    </option>
                }) }
            </select>
        </label>
    }
}

/// The trusted registries, the rules left out and the severities chosen, as the CLI's
/// `trusted-registries`, `ignore` and `[severity]`. Share links and drafts keep them.
pub fn panel(options: &Options, on_action: &Callback<Action>) -> Html {
    let severities: Vec<String> = options
        .severity
        .iter()
        .map(|(rule, level)| format!("{rule}={}", level.as_str()))
        .collect();
    let field = |label: &str, id: &str, value: String, hint: &str, onchange: Callback<Event>| {
        html! {
            <label>
                { label.to_owned() }
                <input type="text" data-testid={id.to_owned()} {value} placeholder={hint.to_owned()}
                    spellcheck="false" {onchange} />
            </label>
        }
    };
    let registries = change(options, on_action, |options, value| {
        options.trusted_registries = words(value).map(str::to_owned).collect();
        None
    });
    let ignore = change(options, on_action, |options, value| {
        options.ignore = words(value).map(str::to_owned).collect();
        unknown(options.ignore.iter())
    });
    let severity = change(options, on_action, |options, value| {
        let mut bad = String::new();
        options.severity.clear();
        for entry in words(value) {
            match entry
                .split_once('=')
                .map(|(rule, level)| (rule, Severity::parse(level)))
            {
                Some((rule, Some(level))) => options.severity.push((rule.to_owned(), level)),
                _ => bad = format!("{bad} {entry}"),
            }
        }
        if bad.is_empty() {
            return unknown(options.severity.iter().map(|(rule, _)| rule));
        }
        Some(format!(
            "Severities are written rule=level, the level error, warning or info; left out:{bad}"
        ))
    });
    let preview = {
        let options = options.clone();
        let on_action = on_action.clone();
        Callback::from(move |event: Event| {
            let mut options = options.clone();
            options.preview = event.target_unchecked_into::<HtmlInputElement>().checked();
            on_action.emit(Action::Settings(options));
        })
    };
    html! {
        <fieldset class="settings" data-testid="settings">
            <legend>{ "Rules (bulkhead.toml's settings)" }</legend>
            { field("Trusted registries", "settings-registries", options.trusted_registries.join(", "),
                "registry.example.com, cgr.dev", registries) }
            { field("Ignore", "settings-ignore", options.ignore.join(", "),
                "DF500, missing-healthcheck", ignore) }
            { field("Severities", "settings-severity", severities.join(", "),
                "DF001=error, KS205=info", severity) }
            <label>
                <input type="checkbox" data-testid="settings-preview" checked={options.preview}
                    onchange={preview} />
                { " Preview rules (the CLI's --preview): the newest checks, which the CLI runs only when asked" }
            </label>
        </fieldset>
    }
}

/// What to tell the user of the entries that name no rule.
fn unknown<'a>(rules: impl Iterator<Item = &'a String>) -> Option<String> {
    let unknown: Vec<&str> = rules
        .map(String::as_str)
        .filter(|rule| registry::find(rule).is_none())
        .collect();
    (!unknown.is_empty()).then(|| format!("Not a rule code or name: {}", unknown.join(", ")))
}

/// Comma- or space-separated entries.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty())
}

/// A control's change: `set` makes the new settings from the old and the control's
/// value, and says what it could not use.
fn change(
    options: &Options,
    on_action: &Callback<Action>,
    set: fn(&mut Options, &str) -> Option<String>,
) -> Callback<Event> {
    let options = options.clone();
    let on_action = on_action.clone();
    Callback::from(move |event: Event| {
        // A select's value reads the same way (both are HTML form controls).
        let value = event.target_unchecked_into::<HtmlInputElement>().value();
        let mut options = options.clone();
        let notice = set(&mut options, &value);
        on_action.emit(Action::Settings(options));
        if notice.is_some() {
            on_action.emit(Action::Notice(notice));
        }
    })
}
