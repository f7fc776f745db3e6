use bulkhead_rules::hardening::{ItemStatus, Status};
use bulkhead_rules::Checklist;
use yew::prelude::*;

pub struct ChecklistProps {
    pub items: Vec<ItemStatus>,
    /// Whether the verdicts are about the text as it is now.
    pub current: bool,
    /// Show an item's findings.
    pub on_group: Callback<Checklist>,
}

/// Scroll to a checklist item's findings and move the focus there.
pub fn reveal_group(slug: &str) {
    if let Some(heading) = crate::js::element_by_id(&format!("group-{slug}")) {
        heading.scroll_into_view();
        let _ = heading.focus();
    }
}

/// The ten hardening items, each passed, failed, not applicable, or not something these
/// files can show; a failed item links to its findings.
/// A plain view (no state of its own): cheaper for the page than a component.
pub fn checklist_panel(props: &ChecklistProps) -> Html {
    let passed = props
        .items
        .iter()
        .filter(|i| i.status == Status::Pass)
        .count();
    html! {
        <section class="checklist-panel" aria-labelledby="checklist-title" data-testid="checklist"
            aria-busy={(!props.current).to_string()}>
            <h2 id="checklist-title" class="pane-title">
                { "Hardening checklist" }
                if !props.items.is_empty() {
                    <span class="checklist-score">{ format!(" {passed} of {} passed", props.items.len()) }</span>
                }
            </h2>
            <ol class="checklist">
                { for props.items.iter().map(|i| item(i, &props.on_group)) }
            </ol>
        </section>
    }
}

fn item(item: &ItemStatus, on_group: &Callback<Checklist>) -> Html {
    let slug = item.item.as_str();
    let checklist = item.item;
    let (symbol, text) = match item.status {
        Status::Pass => ("✔", "Pass"),
        Status::Fail => ("✖", "Fail"),
        Status::NotApplicable => ("–", "Not applicable"),
        Status::Unknown => ("?", "Can't tell from these files"),
    };
    let title = item.item.title();
    html! {
        <li class={classes!("checklist-item", format!("status-{}", item.status.as_str().replace('/', "")))}
            data-testid="checklist-item" data-item={slug} data-status={item.status.as_str()}>
            <span class="status-symbol" aria-hidden="true">{ symbol }</span>
            <div class="checklist-body">
                if item.status == Status::Fail {
                    <button type="button" class="checklist-title link" data-testid="checklist-link"
                        onclick={on_group.reform(move |_: MouseEvent| checklist)}
                        aria-label={format!("{title}: {text}. Show its findings")}>
                        { title }
                    </button>
                } else {
                    <span class="checklist-title">{ title }</span>
                }
                <span class="status-text">{ text }</span>
                <p class="checklist-detail">{ super::findings::inline_code(&item.detail) }</p>
                { for item.commands.iter().map(|command| html! {
                    <pre class="command" data-testid="command"><code>{ command.clone() }</code></pre>
                }) }
            </div>
        </li>
    }
}
