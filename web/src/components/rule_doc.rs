use bulkhead_rules::engine::registry;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

use super::findings::inline_code;
use crate::js;

#[derive(Properties, PartialEq)]
pub struct RuleDocProps {
    pub code: &'static str,
    pub on_close: Callback<()>,
}

/// A rule's documentation, from its doc comment, in a panel over the findings. The text
/// is loaded when the panel opens (static/rule-docs.js), which keeps the page small.
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
                <div data-testid="rule-doc-body">{ markdown(text) }</div>
            } else {
                <p class="loading">{ "Loading…" }</p>
            }
        </aside>
    }
}

/// The small Markdown subset rule docs use: `##` headings, fenced code blocks, `-`
/// lists, paragraphs and inline code.
fn markdown(text: &str) -> Html {
    let mut blocks: Vec<Html> = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut list: Vec<String> = Vec::new();
    let mut code: Option<Vec<&str>> = None;
    let flush = |paragraph: &mut Vec<&str>, list: &mut Vec<String>, blocks: &mut Vec<Html>| {
        if !paragraph.is_empty() {
            blocks.push(html! { <p>{ inline_code(&paragraph.join(" ")) }</p> });
            paragraph.clear();
        }
        if !list.is_empty() {
            blocks.push(html! { <ul>{ for list.iter().map(|item| html! { <li>{ inline_code(item) }</li> }) }</ul> });
            list.clear();
        }
    };
    for line in text.lines() {
        if let Some(lines) = code.as_mut() {
            if line.starts_with("```") {
                let body = lines.join("\n");
                blocks.push(html! { <pre><code>{ body }</code></pre> });
                code = None;
            } else {
                lines.push(line);
            }
            continue;
        }
        if line.starts_with("```") {
            flush(&mut paragraph, &mut list, &mut blocks);
            code = Some(Vec::new());
        } else if let Some(heading) = line.strip_prefix("## ") {
            flush(&mut paragraph, &mut list, &mut blocks);
            blocks.push(html! { <h3>{ heading }</h3> });
        } else if let Some(item) = line.strip_prefix("- ") {
            if !paragraph.is_empty() {
                flush(&mut paragraph, &mut Vec::new(), &mut blocks);
            }
            list.push(item.to_owned());
        } else if line.trim().is_empty() {
            flush(&mut paragraph, &mut list, &mut blocks);
        } else if let (Some(last), true) = (list.last_mut(), line.starts_with("  ")) {
            // A wrapped list item continues the last item.
            last.push(' ');
            last.push_str(line.trim());
        } else {
            paragraph.push(line.trim());
        }
    }
    if let Some(lines) = code {
        let body = lines.join("\n");
        blocks.push(html! { <pre><code>{ body }</code></pre> });
    }
    flush(&mut paragraph, &mut list, &mut blocks);
    blocks.into_iter().collect()
}
