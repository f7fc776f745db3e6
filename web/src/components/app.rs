use yew::prelude::*;

use bulkhead_rules::{Severity, TextRange};

use super::changes::Changes;
use super::editor::Editor;
use super::file_tabs::FileTabs;
use super::findings::{FindingGroup, FindingItem, Findings};
use super::pairing::Pairing;
use super::rule_doc::RuleDoc;
use crate::state::{Action, FindingRef, Playground};

/// The page: editor on the left, findings on the right.
#[component]
pub fn App() -> Html {
    let state = use_reducer(Playground::default);

    let on_select = {
        let state = state.clone();
        Callback::from(move |file: usize| state.dispatch(Action::Select(file)))
    };
    let on_edit = {
        let state = state.clone();
        let file = state.active;
        Callback::from(move |text: String| state.dispatch(Action::Edit { file, text }))
    };
    let on_focus = {
        let state = state.clone();
        Callback::from(move |target: FindingRef| state.dispatch(Action::Focus(target)))
    };

    let on_reveal = {
        let state = state.clone();
        Callback::from(move |(path, range): (String, TextRange)| {
            state.dispatch(Action::Reveal { path, range });
        })
    };
    let on_pair = {
        let state = state.clone();
        Callback::from(move |image: Option<String>| state.dispatch(Action::Pair(image)))
    };

    let active = &state.files[state.active];
    let selection = state
        .selection
        .filter(|(file, _)| *file == state.active)
        .map(|(_, range)| {
            (
                active.utf16_offset(range.start()),
                active.utf16_offset(range.end()),
            )
        });
    let images = state.images.clone();
    let on_fix = {
        let state = state.clone();
        Callback::from(move |target: FindingRef| state.dispatch(Action::ApplyFix(target)))
    };
    let on_fix_all = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::FixAllSafe))
    };
    let fixable = state.fixable();
    let diffs = state.diffs();
    let files: Vec<(&'static str, String)> = state
        .files
        .iter()
        .map(|f| (f.name, f.text.clone()))
        .collect();
    let on_rule = {
        let state = state.clone();
        Callback::from(move |code: &'static str| state.dispatch(Action::ShowRule(code)))
    };
    let on_close_rule = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::CloseRule))
    };
    let groups: Vec<FindingGroup> = state
        .checklist_groups()
        .into_iter()
        .map(|(checklist, targets)| FindingGroup {
            checklist,
            items: targets
                .into_iter()
                .map(|target| FindingItem {
                    target,
                    file_label: state.files[target.file].name,
                    finding: state.files[target.file].findings[target.index].clone(),
                })
                .collect(),
        })
        .collect();
    let tabs: Vec<(&'static str, usize)> = state
        .files
        .iter()
        .map(|f| (f.label, f.findings.len()))
        .collect();
    let errors = state.count(Severity::Error);
    let warnings = state.count(Severity::Warning);
    let infos = state.count(Severity::Info);

    html! {
        <div class="app">
            <header class="topbar">
                <h1 class="brand">{ "bulkhead" }</h1>
                <p class="tagline">{ "Container security linter for Dockerfiles and Kubernetes YAML" }</p>
                <p class="totals" aria-live="polite" data-testid="totals">
                    { plural(errors, "error") }{ " · " }{ plural(warnings, "warning") }{ " · " }{ plural(infos, "note") }
                </p>
            </header>
            <main class="workspace">
                <section class="pane editor-pane" aria-label="Files">
                    <FileTabs {tabs} active={state.active} {on_select} />
                    <Pairing {images} chosen={state.pairing.clone()} {on_pair} />
                    <Editor
                        key={active.name}
                        name={active.name}
                        label={active.label}
                        text={active.text.clone()}
                        {selection}
                        {on_edit}
                    />
                    <Changes {diffs} {files} active={state.active} />
                </section>
                <Findings {groups} {on_focus} {on_rule} {on_reveal} {on_fix} {on_fix_all} {fixable} />
                if let Some(code) = state.rule_doc {
                    <RuleDoc {code} on_close={on_close_rule} />
                }
            </main>
            <footer class="footer">
                { "Runs entirely in your browser: nothing you paste leaves this page." }
            </footer>
        </div>
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
