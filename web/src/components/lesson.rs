//! A lesson of the course (`#lesson/ID`): its explanation, its goal checked live on the
//! files' findings by the same rules (`bulkhead_rules::lessons::unmet`), hints, the
//! reference, and a solution as a diff. A plain view: the lesson comes from
//! `web/generated/lessons.js` at start-up (`crate::startup`), the findings from the playground's
//! state.

use bulkhead_rules::lessons::{unmet, GoalParts};
use bulkhead_rules::FileKind;
use yew::prelude::*;

use super::findings::inline_code;
use crate::js;
use crate::startup::LessonView;
use crate::state::Playground;

/// Text with `*emphasis*` and `code` spans (the lessons' and goals' own markup).
fn rich(text: &str) -> Html {
    text.split('*')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                html! { <em>{ inline_code(part) }</em> }
            } else {
                inline_code(part)
            }
        })
        .collect()
}

/// The lesson panel over the checklist.
pub fn lesson(view: &LessonView, state: &Playground) -> Html {
    let goal = GoalParts {
        passes: view.passes.clone(),
        absent: view.absent.iter().map(String::as_str).collect(),
        no_errors: view.no_errors,
        final_base: view.final_base.as_deref(),
    };
    let findings: Vec<(&str, bulkhead_rules::Severity)> = state
        .all_findings()
        .map(|(_, f)| (f.code, f.severity))
        .collect();
    let dockerfile = state
        .files
        .iter()
        .find(|f| f.kind == FileKind::Dockerfile)
        .map(|f| &*f.text);
    let current = state.is_current();
    let left = unmet(&goal, &state.checklist, &findings, dockerfile);
    let met = current && left.is_empty();
    if met {
        js::lesson_done(&view.id);
    }
    let done = view.done.len() + usize::from(met && !view.done.contains(&view.id));
    let link = |id: &Option<String>, label: &str| match id {
        Some(id) => html! { <a href={format!("#lesson/{id}")}>{ label.to_owned() }</a> },
        None => html! {},
    };
    html! {
        <section class="lesson" data-testid="lesson" aria-labelledby="lesson-title">
            <p class="lesson-progress">{ format!("Lesson {} of {} · {done} solved in this browser", view.index + 1, view.count) }</p>
            <h2 id="lesson-title" class="pane-title">{ view.title.clone() }</h2>
            <p>{ rich(&view.explanation) }</p>
            <p class={classes!("lesson-goal", met.then_some("met"))} data-testid="lesson-goal" data-met={met.to_string()} aria-live="polite">
                { if met { "✔ Goal met: " } else { "Goal: " } }{ rich(&view.goal) }
            </p>
            if current && !met {
                <ul class="lesson-left">{ for left.iter().map(|l| html! { <li>{ rich(l) }</li> }) }</ul>
            }
            <details><summary>{ "Hints" }</summary>
                <ol>{ for view.hints.iter().map(|h| html! { <li>{ rich(h) }</li> }) }</ol>
            </details>
            <details data-testid="lesson-solution"><summary>{ "Show a solution" }</summary>
                <pre class="diff" tabindex="0" aria-label="The solution, as a diff of the starting files">{ view.solution.clone() }</pre>
            </details>
            <p class="lesson-nav">
                { format!("Reference: {} ", view.reference) }
                { link(&view.previous, "← Previous lesson") }{ " " }{ link(&view.next, "Next lesson →") }
            </p>
            <nav aria-labelledby="course-title" data-testid="course">
                <h3 id="course-title">{ format!("The course: {done} of {} solved in this browser", view.count) }</h3>
                <ol class="course">
                    { for view.course.iter().map(|(id, title)| {
                        let solved = view.done.contains(id) || (met && *id == view.id);
                        let here = *id == view.id;
                        html! {
                            <li class={classes!(solved.then_some("solved"))} data-testid="course-lesson" data-solved={solved.to_string()}>
                                <a href={format!("#lesson/{id}")} aria-current={here.then_some("page")}>{ title.clone() }</a>
                                <span class="course-status">{ if solved { " ✔ solved" } else { "" } }</span>
                            </li>
                        }
                    }) }
                </ol>
            </nav>
        </section>
    }
}
