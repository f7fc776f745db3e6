use bulkhead_rules::engine::registry;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

use crate::js;

#[derive(Properties, PartialEq)]
pub struct RuleDocProps {
    pub code: &'static str,
    pub on_close: Callback<()>,
}

/// A rule's documentation, from its doc comment, in a panel over the findings. The text
/// is loaded, as HTML, when the panel opens (static/rule-docs.js), which keeps the page
/// small.
#[component]
pub fn RuleDoc(props: &RuleDocProps) -> Html {
    let docs = use_state(|| None::<String>);
    {
        let docs = docs.clone();
        use_effect_with(props.code, move |code| {
            docs.set(None);
            let done = Closure::once_into_js(move |text: String| docs.set(Some(text)));
            js::rule_doc(code, done.unchecked_ref());
        });
    }
    let Some(rule) = registry::find(props.code) else {
        return Html::default();
    };
    let meta = rule.meta;
    let onclick = props.on_close.reform(|_: MouseEvent| ());
    let sources: Vec<String> = meta
        .sources
        .iter()
        .map(|s| format!("{} {}", s.tool, s.id))
        .collect();
    html! {
        <aside class="rule-doc" role="dialog" aria-labelledby="rule-doc-title" data-testid="rule-doc">
            <header class="rule-doc-header">
                <h2 id="rule-doc-title"><code>{ meta.code }</code>{ " " }{ meta.name }</h2>
                <button type="button" class="close" aria-label="Close the rule documentation" {onclick}>{ "×" }</button>
            </header>
            <p class="rule-meta">
                { format!("Severity: {}", meta.severity.as_str()) }
                if let Some(item) = meta.checklist {
                    { format!(" · Checklist: {}", item.title()) }
                }
                if !sources.is_empty() {
                    { format!(" · Also in: {}", sources.join(", ")) }
                }
            </p>
            if let Some(text) = &*docs {
                // HTML made at build time from the rule's own doc comment, every text
                // escaped (render::docs_html), so it is shown as it is.
                <div data-testid="rule-doc-body">{ Html::from_html_unchecked(AttrValue::from(text.clone())) }</div>
            } else {
                <p class="loading">{ "Loading…" }</p>
            }
        </aside>
    }
}
