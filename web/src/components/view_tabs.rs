//! The results pane's tabs: findings, checklist, comparison, lesson, settings (and on a
//! phone, the files). Arrow keys, Home and End move between them (the focus follows and
//! the view is shown), as the ARIA tabs pattern has it. A plain view.

use yew::prelude::*;

use crate::state::View;

/// Where the page shows one pane at a time (static/style.css has the same width).
const NARROW: &str = "(max-width: 720px)";

/// The tab that an arrow key, Home or End moves to from `at` (of `count`), if any.
pub fn moved(key: &str, at: usize, count: usize) -> Option<usize> {
    match key {
        _ if count == 0 => None,
        "ArrowRight" | "ArrowDown" => Some((at + 1) % count),
        "ArrowLeft" | "ArrowUp" => Some((at + count - 1) % count),
        "Home" => Some(0),
        "End" => Some(count - 1),
        _ => None,
    }
}

/// The tabs of `views`: `view` is chosen, and `beside` is what the results pane shows
/// for it (the files' view shows the findings beside the editor).
pub fn view_tabs(
    views: &[View],
    view: View,
    beside: View,
    label: &dyn Fn(View) -> Html,
    on_view: &Callback<View>,
) -> Html {
    // On a desktop the files are always shown, and their tab is hidden (CSS): the tab of
    // what is beside them stands for both. On a phone each view is its own tab.
    let narrow = web_sys::window()
        .and_then(|w| w.match_media(NARROW).ok().flatten())
        .is_some_and(|m| m.matches());
    let selected = |v: View| v == view || (!narrow && view == View::Files && v == beside);
    let on_key = {
        let views = views.to_vec();
        let on_view = on_view.clone();
        Callback::from(move |event: KeyboardEvent| {
            let Some(at) = views.iter().position(|v| {
                event
                    .target_dyn_into::<web_sys::Element>()
                    .is_some_and(|t| t.id() == format!("view-tab-{}", v.as_str()))
            }) else {
                return;
            };
            // Only the tabs that are shown (the files' tab is hidden on a desktop).
            let visible: Vec<usize> = (0..views.len())
                .filter(|&i| {
                    crate::js::element_by_id(&format!("view-tab-{}", views[i].as_str()))
                        .is_some_and(|e| e.offset_parent().is_some())
                })
                .collect();
            let here = visible.iter().position(|&i| i == at).unwrap_or(0);
            if let Some(next) = moved(&event.key(), here, visible.len()) {
                event.prevent_default();
                let next = views[visible[next]];
                if let Some(tab) = crate::js::element_by_id(&format!("view-tab-{}", next.as_str()))
                {
                    let _ = tab.focus();
                }
                on_view.emit(next);
            }
        })
    };
    html! {
        <div class="view-tabs" role="tablist" aria-label="Results" onkeydown={on_key}>
            { for views.iter().map(|&v| {
                let is = selected(v);
                html! {
                    <button type="button" role="tab" id={format!("view-tab-{}", v.as_str())}
                        class={classes!("view-tab", format!("view-tab-{}", v.as_str()))}
                        data-testid={format!("view-{}", v.as_str())}
                        aria-selected={is.to_string()} tabindex={if is { "0" } else { "-1" }}
                        aria-controls={if v == View::Files { "editor" } else { "results" }}
                        onclick={on_view.reform(move |_: MouseEvent| v)}>
                        { label(v) }
                    </button>
                }
            }) }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::moved;

    #[test]
    fn arrow_keys_wrap_around_and_home_end_go_to_the_ends() {
        assert_eq!(moved("ArrowRight", 0, 3), Some(1));
        assert_eq!(moved("ArrowRight", 2, 3), Some(0));
        assert_eq!(moved("ArrowLeft", 0, 3), Some(2));
        assert_eq!(moved("Home", 2, 3), Some(0));
        assert_eq!(moved("End", 0, 3), Some(2));
        assert_eq!(moved("a", 0, 3), None);
        assert_eq!(moved("ArrowRight", 0, 0), None);
    }
}
