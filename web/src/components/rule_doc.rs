use bulkhead_rules::linter::registry;
use yew::prelude::*;

/// A rule's documentation, from its doc comment, in a panel over the findings. `text` is
/// its HTML, loaded when the panel opens (web/generated/rule-docs.js, which keeps the page
/// small; `None` until it is there). A plain view: the state holds both.
pub fn rule_doc(code: &'static str, text: Option<&str>, on_close: &Callback<()>) -> Html {
    let Some(rule) = registry::find(code) else {
        return Html::default();
    };
    let onclick = on_close.reform(|_: MouseEvent| ());
    html! {
        <aside class="rule-doc" role="dialog" aria-labelledby="rule-doc-title" data-testid="rule-doc">
            <header class="rule-doc-header">
                <h2 id="rule-doc-title"><code>{ rule.meta.code }</code>{ " " }{ rule.meta.name }</h2>
                <button type="button" class="close" aria-label="Close the rule documentation" {onclick}>{ "×" }</button>
            </header>
            if let Some(text) = text {
                // HTML made at build time from the rule's own doc comment, every text
                // escaped (render::docs_html), so it is shown as it is.
                <div data-testid="rule-doc-body">{ Html::from_html_unchecked(AttrValue::from(text.to_owned())) }</div>
            } else {
                <p class="loading">{ "Loading…" }</p>
            }
        </aside>
    }
}
