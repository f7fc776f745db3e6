use bulkhead_rules::FileKind;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::state::Action;

pub struct FileTabsProps {
    /// Name and finding count of each file.
    pub tabs: Vec<(String, usize)>,
    pub active: usize,
    pub on_select: Callback<usize>,
    pub on_close: Callback<usize>,
    pub on_action: Callback<Action>,
    /// No adding or closing files (embed mode).
    pub read_only: bool,
}

/// A name for a new file of this kind that no tab has yet.
fn new_name(tabs: &[(String, usize)], kind: &str) -> String {
    let (stem, extension) = match FileKind::parse(kind) {
        Some(FileKind::Dockerfile) => ("Dockerfile", ""),
        Some(FileKind::Requirements) => ("requirements", ".txt"),
        _ => ("manifest", ".yaml"),
    };
    (1..=tabs.len() + 1)
        .map(|n| {
            if n == 1 {
                format!("{stem}{extension}")
            } else {
                format!("{stem}-{n}{extension}")
            }
        })
        .find(|name| tabs.iter().all(|(t, _)| t != name))
        .unwrap_or_default()
}

/// Scroll the row of file tabs (it scrolls sideways) so the chosen tab is in view.
pub fn show_selected() {
    let Some(row) = crate::js::element_by_id("file-tabs") else {
        return;
    };
    // The tab's wrapper (its padding and border are part of it).
    let Some(tab) = row
        .query_selector("[aria-selected=true]")
        .ok()
        .flatten()
        .and_then(|e| e.parent_element())
    else {
        return;
    };
    // Where the tab is in the row's scrolled content, from their boxes on screen.
    let (tab_box, row_box) = (
        tab.get_bounding_client_rect(),
        row.get_bounding_client_rect(),
    );
    let scrolled = f64::from(row.scroll_left());
    let left = tab_box.left() - row_box.left() + scrolled;
    let right = left + tab_box.width();
    let width = f64::from(row.client_width());
    // Whole pixels of a row a few thousand pixels wide at most.
    #[allow(clippy::cast_possible_truncation)]
    // A tab wider than the row shows its start.
    if left < scrolled || right - left > width {
        row.set_scroll_left(left.floor() as i32);
    } else if right > scrolled + width {
        row.set_scroll_left((right - width).ceil() as i32);
    }
}

/// The row of file tabs above the editor, with closing and adding files.
/// A plain view (no state of its own): cheaper for the page than a component.
pub fn file_tabs(props: &FileTabsProps) -> Html {
    let on_new = {
        let on_action = props.on_action.clone();
        let tabs = props.tabs.clone();
        Callback::from(move |event: Event| {
            let select = event.target_unchecked_into::<HtmlSelectElement>();
            let kind = select.value();
            select.set_value("");
            if !kind.is_empty() {
                on_action.emit(Action::AddFile {
                    name: new_name(&tabs, &kind),
                    text: String::new(),
                });
            }
        })
    };
    let closable = !props.read_only && props.tabs.len() > 1;
    html! {
        <div class="tabs-row">
            <div class="tabs" role="tablist" aria-label="Files to lint" id="file-tabs">
                { for props.tabs.iter().enumerate().map(|(i, (name, count))| {
                    let selected = i == props.active;
                    let onclick = props.on_select.reform(move |_: MouseEvent| i);
                    html! {
                        // Only tabs in the tablist: the wrapper is for the styling.
                        <span class={classes!("tab", selected.then_some("selected"))} role="presentation">
                            <button type="button" role="tab" class="tab-button" data-testid="tab" title={name.clone()}
                                aria-selected={selected.to_string()} aria-controls="editor" {onclick}>
                                { name.clone() }
                                if *count > 0 {
                                    <span class="badge" aria-label={format!("{count} findings")}>{ *count }</span>
                                }
                            </button>
                        </span>
                    }
                }) }
            </div>
            // Closes the file shown (a button in the tablist would not be a tab).
            if closable {
                <button type="button" class="tab-close" data-testid="close-tab"
                    aria-label={format!("Close {}", props.tabs[props.active].0)}
                    onclick={props.on_close.reform({ let active = props.active; move |_: MouseEvent| active })}>{ "×" }</button>
            }
            if !props.read_only {
                <select class="new-file" aria-label="Add a file" data-testid="new-file" onchange={on_new}>
                    <option value="" selected=true>{ "+ New file" }</option>
                    <option value={FileKind::Dockerfile.as_str()}>{ "Dockerfile" }</option>
                    <option value={FileKind::Kubernetes.as_str()}>{ "Kubernetes YAML" }</option>
                    <option value={FileKind::Requirements.as_str()}>{ "requirements.txt" }</option>
                </select>
            }
        </div>
    }
}
