//! The divider between the editor and the results: dragged with the pointer, or moved
//! with the arrow keys (Home and End go to the ends), as a window splitter. The width
//! goes on the workspace as a CSS variable through the CSSOM (the page's CSP allows no
//! style attributes), so dragging re-renders nothing.

use yew::prelude::*;

/// The editor's share of the width, in percent: its least and greatest.
const MIN: f64 = 25.0;
const MAX: f64 = 75.0;
const START: f64 = 55.0;
/// How far one arrow key moves it.
const STEP: f64 = 5.0;

/// The editor's share when the pointer is at `x` in a workspace from `left`, `width` wide.
pub fn share_at(x: f64, left: f64, width: f64) -> f64 {
    if width <= 0.0 {
        return START;
    }
    ((x - left) / width * 100.0).clamp(MIN, MAX)
}

/// The share after a key, from `now`.
pub fn share_after(key: &str, now: f64) -> Option<f64> {
    match key {
        "ArrowLeft" | "ArrowDown" => Some((now - STEP).max(MIN)),
        "ArrowRight" | "ArrowUp" => Some((now + STEP).min(MAX)),
        "Home" => Some(MIN),
        "End" => Some(MAX),
        _ => None,
    }
}

/// Put the editor's share on the workspace, and on the divider for assistive technology.
fn set(divider: &web_sys::Element, share: f64) {
    if let Some(workspace) = crate::js::element_by_id("workspace") {
        let _ = workspace
            .style()
            .set_property("--editor-share", &format!("{share:.1}%"));
    }
    let _ = divider.set_attribute("aria-valuenow", &format!("{share:.0}"));
}

fn current(divider: &web_sys::Element) -> f64 {
    divider
        .get_attribute("aria-valuenow")
        .and_then(|v| v.parse().ok())
        .unwrap_or(START)
}

pub fn divider() -> Html {
    let on_down = Callback::from(|event: PointerEvent| {
        if let Some(target) = event.target_dyn_into::<web_sys::Element>() {
            let _ = target.set_pointer_capture(event.pointer_id());
            event.prevent_default();
        }
    });
    let on_move = Callback::from(|event: PointerEvent| {
        let Some(target) = event.target_dyn_into::<web_sys::Element>() else {
            return;
        };
        if !target.has_pointer_capture(event.pointer_id()) {
            return;
        }
        if let Some(workspace) = crate::js::element_by_id("workspace") {
            let rect = workspace.get_bounding_client_rect();
            set(
                &target,
                share_at(f64::from(event.client_x()), rect.left(), rect.width()),
            );
        }
    });
    let on_key = Callback::from(|event: KeyboardEvent| {
        let Some(target) = event.target_dyn_into::<web_sys::Element>() else {
            return;
        };
        if let Some(share) = share_after(&event.key(), current(&target)) {
            event.prevent_default();
            set(&target, share);
        }
    });
    html! {
        <div class="divider" role="separator" aria-orientation="vertical" tabindex="0"
            aria-label="Resize the editor and the results" aria-controls="results"
            aria-valuemin={format!("{MIN:.0}")} aria-valuemax={format!("{MAX:.0}")} aria-valuenow={format!("{START:.0}")}
            data-testid="divider" onpointerdown={on_down} onpointermove={on_move} onkeydown={on_key} />
    }
}

#[cfg(test)]
mod tests {
    use super::{share_after, share_at};

    #[test]
    fn the_share_follows_the_pointer_within_its_bounds() {
        assert!((share_at(600.0, 100.0, 1000.0) - 50.0).abs() < 1e-9);
        assert!((share_at(0.0, 100.0, 1000.0) - 25.0).abs() < 1e-9);
        assert!((share_at(5000.0, 100.0, 1000.0) - 75.0).abs() < 1e-9);
        assert!((share_at(10.0, 0.0, 0.0) - 55.0).abs() < 1e-9);
    }

    #[test]
    fn keys_move_it_in_steps_and_home_end_go_to_the_ends() {
        assert_eq!(share_after("ArrowLeft", 55.0), Some(50.0));
        assert_eq!(share_after("ArrowRight", 73.0), Some(75.0));
        assert_eq!(share_after("Home", 55.0), Some(25.0));
        assert_eq!(share_after("End", 55.0), Some(75.0));
        assert_eq!(share_after("x", 55.0), None);
    }
}
