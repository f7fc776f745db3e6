use std::rc::Rc;

use bulkhead_rules::counted;
use bulkhead_rules::engine::fix::Applicability;
use bulkhead_rules::{FileKind, Severity, TextRange};
use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

use super::changes::Changes;
use super::checklist::{checklist_panel, ChecklistProps};
use super::editor::{Editor, EditorFinding};
use super::file_tabs::{file_tabs, FileTabsProps};
use super::findings::{FindingGroup, FindingItem, Findings};
use super::rule_doc::rule_doc;
use super::settings;
use super::toolbar::{toolbar, ToolbarProps};
use super::variants::VariantsPanel;
use crate::js;
use crate::startup::Startup;
use crate::state::{Action, FindingRef, Playground, Text, View};
use crate::wire::Response;

/// How long typing must pause before the files are linted again.
const DEBOUNCE_MS: u32 = 120;

fn label(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Dockerfile => "Dockerfile",
        FileKind::Kubernetes => "Kubernetes YAML",
        FileKind::Compose => "Compose file",
        FileKind::Requirements => "requirements.txt",
    }
}

/// Before each lint, save the files (nothing typed is lost if the page dies; not in
/// embed mode, `save` false), then ask the worker. The document and request are built
/// in the effect, from this render's state, so renders that change neither (selection,
/// tabs, notices) copy no file text.
#[hook]
fn use_draft_and_lint(state: &UseReducerHandle<Playground>, save: bool) {
    let deps = (state.generation, state.fix_all_pending);
    let state = state.clone();
    use_effect_with(deps, move |_| {
        if save {
            js::save_draft(&js::document_to_js(&state.document()));
        }
        if let Some(request) = state.request() {
            let delay = if state.linted == 0 || state.fix_all_pending {
                0
            } else {
                DEBOUNCE_MS
            };
            // Compose files are linted by the on-demand module, which has their rules.
            let compose = request.files.iter().any(|f| f.kind == FileKind::Compose);
            js::lint(&request.encode(), delay, compose);
        }
    });
}

/// Embed mode (`embedded`): let the parent page set the files, and tell it about the
/// findings each time a lint answers for the current text.
#[hook]
fn use_embed_api(state: &UseReducerHandle<Playground>, embedded: bool) {
    {
        let state = state.clone();
        // New files from the parent page (embed mode) or a pasted diff.
        use_effect_with((), move |()| {
            let handler = Closure::<dyn Fn(JsValue)>::new(move |value: JsValue| {
                if let Some(document) = js::document_from_js(&value) {
                    state.dispatch(Action::Load(document));
                }
            });
            let read_diff =
                Closure::<dyn Fn(String) -> JsValue>::new(|text: String| js::diff_document(&text));
            js::set_document_handler(
                handler.as_ref().unchecked_ref(),
                read_diff.as_ref().unchecked_ref(),
                embedded,
            );
            handler.forget();
            read_diff.forget();
        });
    }
    let linted = state.linted;
    let state = state.clone();
    use_effect_with(linted, move |_| {
        if embedded && state.is_current() {
            js::notify_parent(&findings_message(&state));
        }
    });
}

/// A callback that dispatches the action `make` builds from its argument: the one way
/// the app's children talk to its state.
fn dispatcher<T: 'static>(
    state: &UseReducerHandle<Playground>,
    make: impl Fn(T) -> Action + 'static,
) -> Callback<T> {
    let state = state.clone();
    Callback::from(move |value: T| state.dispatch(make(value)))
}

/// Talk to the lint worker: its answers and crashes become actions.
#[hook]
fn use_linter(state: &UseReducerHandle<Playground>) {
    let state = state.clone();
    use_effect_with((), move |()| {
        let on_result = {
            let state = state.clone();
            Closure::<dyn Fn(Uint8Array)>::new(move |bytes: Uint8Array| {
                match Response::decode(&bytes.to_vec()) {
                    Some(response) => state.dispatch(Action::Linted(response)),
                    None => state.dispatch(Action::LinterCrashed(
                        "the linter's answer was damaged".to_owned(),
                    )),
                }
            })
        };
        let on_crash = Closure::<dyn Fn(String)>::new(move |message| {
            state.dispatch(Action::LinterCrashed(message));
        });
        js::set_lint_handlers(
            on_result.as_ref().unchecked_ref(),
            on_crash.as_ref().unchecked_ref(),
        );
        // The app lives as long as the page.
        on_result.forget();
        on_crash.forget();
    });
}

/// The page's start-up choices (`crate::startup`), made before it renders (once: the
/// same choices are equal, and never compared field by field).
#[derive(Properties)]
pub struct AppProps {
    pub startup: Rc<Startup>,
}

impl PartialEq for AppProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.startup, &other.startup)
    }
}

/// The page: toolbar, editor with tabs on the left, checklist and findings on the right.
#[component]
pub fn App(props: &AppProps) -> Html {
    let startup = Rc::clone(&props.startup);
    let state = use_reducer({
        let startup = Rc::clone(&startup);
        move || {
            let mut playground = startup
                .document
                .clone()
                .map(Playground::from_document)
                .unwrap_or_default();
            playground.notice.clone_from(&startup.notice);
            playground.focus_rule.clone_from(&startup.focus_rule);
            playground.away.clone_from(&startup.away);
            if startup.lesson.is_some() {
                playground.view = View::Lesson;
            }
            // A link made by another version may show other findings: say so.
            let version = bulkhead_rules::VERSION;
            let made_by = match startup.link_version.as_deref() {
                None => None,
                Some(v) if v == version => None,
                Some("") => Some("an earlier bulkhead".to_owned()),
                Some(v) => Some(format!("bulkhead {v}")),
            };
            if let Some(made_by) = made_by {
                playground.notice = Some(format!(
                    "These files come from a share link made by {made_by}; this is bulkhead \
                     {version}, whose findings may differ."
                ));
            }
            playground
        }
    });
    let embed = startup.embed.clone();
    use_linter(&state);

    use_draft_and_lint(&state, embed.is_none());
    use_embed_api(&state, embed.is_some());
    // The file tabs scroll sideways: keep the chosen one in view (again after a lint,
    // whose counts widen the tabs).
    use_effect_with((state.active, state.files.len(), state.linted), |_| {
        super::file_tabs::show_selected();
        // And once the page is laid out (the first render's widths are not final yet).
        if let Some(window) = web_sys::window() {
            let later = Closure::once_into_js(super::file_tabs::show_selected);
            let _ = window.request_animation_frame(later.unchecked_ref());
        }
    });
    // The checklist asked for an item's findings: once they are shown, go there.
    use_effect_with(state.reveal_group, |(_, item)| {
        if let Some(item) = item {
            super::checklist::reveal_group(item.as_str());
        }
    });

    let on_focus = dispatcher(&state, Action::Focus);
    let on_fix = dispatcher(&state, Action::ApplyFix);
    let on_select = dispatcher(&state, Action::Select);
    let on_close_file = dispatcher(&state, Action::CloseFile);
    let on_action = dispatcher(&state, |action: Action| action);
    let on_reveal = dispatcher(&state, |(path, range): (String, TextRange)| {
        Action::Reveal { path, range }
    });
    let on_pair = dispatcher(&state, Action::Pair);
    let has_manifests = state.files.iter().any(|f| f.kind == FileKind::Kubernetes);
    let on_fix_all = dispatcher(&state, |()| Action::FixAllSafe);
    // Open a rule's documentation and load its text.
    let on_rule = {
        let state = state.clone();
        Callback::from(move |code: &'static str| {
            state.dispatch(Action::ShowRule(code));
            let state = state.clone();
            let done = Closure::once_into_js(move |text: String| {
                state.dispatch(Action::RuleDocLoaded { code, text });
            });
            js::rule_doc(code, done.unchecked_ref());
        })
    };
    let on_rule_by_name = {
        let on_rule = on_rule.clone();
        Callback::from(move |code: String| {
            if let Some(rule) = bulkhead_rules::linter::registry::find(&code) {
                on_rule.emit(rule.meta.code);
            }
        })
    };
    let on_close_rule = dispatcher(&state, |()| Action::CloseRule);
    // The findings as review comments, made by the on-demand module and copied: those
    // on the selected lines when text is selected in the editor.
    let on_review = {
        let state = state.clone();
        Callback::from(move |()| {
            let bytes = state.request_to(crate::wire::Mode::Lint).encode();
            let shown = js::active_editor();
            let offset = |key| js::number_field(&shown, key).unwrap_or(0);
            let (from, to) = (offset("from"), offset("to"));
            let selected = js::string_field(&shown, "name").filter(|_| to > from);
            let name = selected.clone().unwrap_or_default();
            let state = state.clone();
            let done = Closure::once_into_js(move |answer: String| {
                state.dispatch(Action::Notice(Some(review_notice(
                    &answer,
                    selected.as_deref(),
                ))));
            });
            js::review(&bytes, &name, from, to, done.unchecked_ref());
        })
    };

    let read_only = embed.as_ref().is_some_and(|e| e.read_only);
    let active_index = state.active;
    let active = &state.files[active_index];
    let selection = state
        .selection
        .filter(|(file, _)| *file == active_index)
        .map(|(_, range)| {
            (
                active.utf16_offset(range.start()),
                active.utf16_offset(range.end()),
            )
        });
    let editor_findings = state.is_current().then(|| {
        // Every range's ends, mapped to the editor's offsets in one pass.
        let ends: Vec<usize> = active
            .findings
            .iter()
            .flat_map(|f| [f.range.start(), f.range.end()])
            .collect();
        let utf16 = active.utf16_offsets(&ends);
        Rc::new(
            active
                .findings
                .iter()
                .enumerate()
                .map(|(index, f)| EditorFinding {
                    from: utf16[2 * index],
                    to: utf16[2 * index + 1],
                    severity: f.severity.as_str(),
                    code: f.code,
                    rule: f.rule,
                    message: f.message.clone(),
                    // A read-only page offers no fix.
                    fix: f
                        .fix
                        .as_ref()
                        .filter(|x| !read_only && x.applicability != Applicability::DisplayOnly)
                        .map(|x| {
                            if x.applicability == Applicability::Unsafe {
                                format!("{} (unsafe)", x.message)
                            } else {
                                x.message.clone()
                            }
                        }),
                    index,
                })
                .collect::<Vec<_>>(),
        )
    });
    let on_edit = dispatcher(&state, move |text: String| Action::Edit {
        file: active_index,
        text,
    });
    let on_editor_fix = dispatcher(&state, move |index: usize| {
        Action::ApplyFix(FindingRef {
            file: active_index,
            index,
        })
    });

    let groups: Vec<FindingGroup> = state
        .checklist_groups()
        .into_iter()
        .map(|(checklist, targets)| FindingGroup {
            checklist,
            items: targets
                .into_iter()
                .map(|target| FindingItem {
                    target,
                    file_label: state.files[target.file].name.clone(),
                    findings: Rc::clone(&state.files[target.file].findings),
                })
                .collect(),
        })
        .collect();
    let tabs: Vec<(String, usize)> = state
        .files
        .iter()
        .map(|f| (f.name.clone(), f.findings.len()))
        .collect();
    let files: Vec<(String, Text)> = state
        .files
        .iter()
        .map(|f| (f.name.clone(), f.text.clone()))
        .collect();
    // The comparison is about the user's own Dockerfile: the first one.
    let first_dockerfile = state
        .files
        .iter()
        .find(|f| f.kind == FileKind::Dockerfile)
        .map(|f| (f.name.clone(), f.text.clone()));
    let context: Vec<(String, Text)> = state
        .files
        .iter()
        .filter(|f| {
            first_dockerfile
                .as_ref()
                .is_none_or(|(name, _)| *name != f.name)
        })
        .map(|f| (f.name.clone(), f.text.clone()))
        .collect();
    let errors = state.count(Severity::Error);
    let warnings = state.count(Severity::Warning);
    let infos = state.count(Severity::Info);
    let shows = |panel: &str| {
        embed
            .as_ref()
            .is_none_or(|e| e.panels.is_empty() || e.panels.iter().any(|p| p == panel))
    };
    // Files dropped on the editor side open as tabs.
    let on_drop = {
        let on_action = on_action.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            if let Some(files) = event.data_transfer().and_then(|d| d.files()) {
                if files.length() > 0 {
                    super::toolbar::open_files(&files, on_action.clone());
                }
            }
        })
    };
    let on_dragover = Callback::from(|event: DragEvent| event.prevent_default());
    // The toolbar reads the files only when it shares them.
    let document = {
        let state = state.clone();
        Callback::from(move |()| state.document())
    };
    let on_dismiss = dispatcher(&state, |_: MouseEvent| Action::Notice(None));

    let view = state.view;
    let beside = view.beside_editor();
    let lesson_view = startup.lesson.clone();
    let views: Vec<View> = View::ALL
        .into_iter()
        .filter(|v| match v {
            View::Files => true,
            View::Findings => shows("findings"),
            View::Checklist => shows("checklist"),
            View::Compare => shows("variants"),
            View::Lesson => lesson_view.is_some(),
            // An embed has the choices over the files, not bulkhead.toml's panel.
            View::Settings => embed.is_none() || !state.images.is_empty() || has_manifests,
        })
        .collect();
    // A view the page does not offer (an embed's `panels`) gives way to the first it does.
    let beside = if views.contains(&beside) {
        beside
    } else {
        views
            .iter()
            .copied()
            .find(|v| *v != View::Files)
            .unwrap_or(View::Files)
    };
    let passed = state
        .checklist
        .iter()
        .filter(|i| i.status == bulkhead_rules::hardening::Status::Pass)
        .count();
    let tab_label = |v: View| -> Html {
        match v {
            View::Files => html! { { "Files" } },
            View::Findings => {
                html! { <>{ "Findings" }<span class="badge">{ errors + warnings + infos }</span></> }
            }
            View::Checklist => {
                html! { <>{ "Checklist" }<span class="view-score">{ format!("{passed}/{}", state.checklist.len()) }</span></> }
            }
            View::Compare => {
                html! { <>{ "Compare" }<span class="wide-only">{ " bases" }</span></> }
            }
            View::Lesson => html! { { "Lesson" } },
            View::Settings => html! { { "Settings" } },
        }
    };
    let on_view = dispatcher(&state, Action::View);
    let body = match beside {
        View::Checklist => checklist_panel(&ChecklistProps {
            items: state.checklist.clone(),
            current: state.is_current(),
            on_group: dispatcher(&state, Action::ShowGroup),
        }),
        View::Lesson => lesson_view
            .as_ref()
            .map(|l| super::lesson::lesson(l, &state))
            .unwrap_or_default(),
        View::Settings => html! {
            <section class="settings-view" aria-label="Settings">
                <h2 class="pane-title">{ "Settings" }</h2>
                { settings::pairing(&state.images, state.pairing.as_deref(), &on_pair) }
                if has_manifests {
                    { settings::pss_level(&state.options, &on_action) }
                }
                if embed.is_none() {
                    { settings::panel(&state.options, &on_action) }
                }
            </section>
        },
        View::Compare | View::Files => html! {},
        View::Findings => html! {
            <Findings {groups} {on_focus} {on_rule} {on_reveal} {on_fix} {on_fix_all} {on_review} {read_only}
                fixable={if read_only { 0 } else { state.fixable() }} />
        },
    };

    html! {
        <div class={classes!("app", embed.is_some().then_some("embedded"), format!("view-{}", view.as_str()))}>
            <header class="topbar">
                <h1 class="brand">{ "bulkhead" }</h1>
                if embed.is_none() {
                    <p class="tagline">{ "Container security for Dockerfiles, Kubernetes and Compose, in your browser" }</p>
                    { toolbar(&ToolbarProps { document, original: startup.original.clone().filter(|_| state.away.is_some()), on_action: on_action.clone() }) }
                }
                <p class="totals" aria-live="polite" data-testid="totals" data-current={state.is_current().to_string()}>
                    { counted(errors, "error") }{ " · " }{ counted(warnings, "warning") }{ " · " }{ counted(infos, "note") }
                </p>
            </header>
            if let Some(message) = &state.crash {
                <p class="banner banner-error" role="alert" data-testid="crash">
                    { "Sorry: the linter stopped on this input and has restarted. Your text is kept, \
                       and findings come back when you edit. (" }{ message.clone() }{ ")" }
                </p>
            }
            if let (Some(away), None) = (&state.away, &embed) {
                <nav class="banner banner-away" data-testid="away" aria-label="Your own files">
                    <span>{ format!("You are working on {away}, apart from your own files: they are kept.") }</span>
                    <a href="./" data-testid="back-to-mine">{ "Back to my files" }</a>
                </nav>
            }
            if let (Some((what, _)), None) = (&state.undo, &embed) {
                <p class="banner" role="status" data-testid="undo-bar">
                    <span>{ format!("Done: {what}.") }</span>
                    <button type="button" data-testid="undo" onclick={dispatcher(&state, |_: MouseEvent| Action::Undo)}>{ "Undo" }</button>
                </p>
            }
            if let Some(partial) = Some(state.partial_files()).filter(|p| !p.is_empty()) {
                <p class="banner" role="status" data-testid="partial">
                    { format!(
                        "A diff: lines outside it were not seen in {}. Findings are shown only on the lines it \
                         adds, and only where what it shows is enough to judge them.",
                        partial.join(", ")
                    ) }
                </p>
            }
            if let Some(notice) = &state.notice {
                <p class="banner" role="status" data-testid="notice">
                    <span>{ super::findings::inline_code(notice) }</span>
                    <button type="button" class="close" aria-label="Dismiss" onclick={on_dismiss}>{ "×" }</button>
                </p>
            }
            <main class="workspace" id="workspace">
                <section class="pane editor-pane" aria-label="Files" ondrop={(!read_only).then_some(on_drop)}
                    ondragover={(!read_only).then_some(on_dragover)}>
                    { file_tabs(&FileTabsProps { tabs, active: state.active, on_select, on_close: on_close_file,
                        on_action: on_action.clone(), read_only: read_only || embed.is_some() }) }
                    <Editor
                        key={format!("{active_index}:{}", active.name)}
                        name={active.name.clone()}
                        kind={active.kind}
                        label={label(active.kind)}
                        text={active.text.clone()}
                        {read_only}
                        findings={editor_findings}
                        {selection}
                        {on_edit}
                        on_fix={on_editor_fix}
                        on_rule={on_rule_by_name}
                    />
                    if shows("export") {
                        <Changes changed={state.fixed_files()} {files} active={state.active} />
                    }
                </section>
                { super::divider::divider() }
                { super::view_tabs::view_tabs(&views, view, beside, &tab_label, &on_view) }
                <div class="pane results-pane" id="results" role="tabpanel" tabindex="0"
                    aria-labelledby={format!("view-tab-{}", beside.as_str())} data-testid="results" data-view={beside.as_str()}>
                    { body }
                    if shows("variants") {
                        <VariantsPanel open={beside == View::Compare} dockerfile={first_dockerfile} {context} on_action={on_action.clone()} read_only={read_only || embed.is_some()} />
                    }
                </div>
                if let Some(code) = state.rule_doc {
                    { rule_doc(code, state.rule_doc_text.as_deref(), &on_close_rule) }
                }
            </main>
            if embed.is_none() {
                <footer class="footer">
                    { "Runs entirely in your browser: nothing you paste leaves this page. Drafts stay in this browser's storage. " }
                    <span data-testid="version">
                        { bulkhead_rules::ABOUT }
                    </span>
                </footer>
            }
        </div>
    }
}

/// What to tell the user of the review comments the on-demand module made (`answer`:
/// their Markdown, or `{"error"}`), putting them on the clipboard; `selected`: the file
/// whose selected lines they are of.
fn review_notice(answer: &str, selected: Option<&str>) -> String {
    if answer.starts_with("{\"error\"") {
        // JSON read by the browser: the page's module carries no JSON parser.
        let error = js_sys::JSON::parse(answer).unwrap_or(JsValue::NULL);
        return js::string_field(&error, "error").unwrap_or_else(|| answer.to_owned());
    }
    js::copy(answer);
    let which = selected.map_or_else(
        || "The findings".to_owned(),
        |name| format!("The findings on the selected lines of {name}"),
    );
    format!(
        "{which} are on the clipboard as Markdown review comments, each fix as a suggestion block."
    )
}

/// What the embed API posts to the parent page after each lint.
fn findings_message(state: &Playground) -> JsValue {
    let findings: js_sys::Array = state
        .all_findings()
        .map(|(_, f)| {
            JsValue::from(js::object(&[
                ("path", JsValue::from_str(&f.path)),
                ("code", JsValue::from_str(f.code)),
                ("rule", JsValue::from_str(f.rule)),
                ("severity", JsValue::from_str(f.severity.as_str())),
                ("message", JsValue::from_str(&f.message)),
                ("line", JsValue::from(f.start.line)),
                ("column", JsValue::from(f.start.column)),
                ("endLine", JsValue::from(f.end.line)),
                ("endColumn", JsValue::from(f.end.column)),
            ]))
        })
        .collect();
    // The page's limits, and what it says it could not take (files past the limit...).
    js::object(&[
        ("type", JsValue::from_str("bulkhead:findings")),
        ("findings", findings.into()),
        (
            "maxFiles",
            JsValue::from(u32::try_from(crate::document::MAX_FILES).unwrap_or(u32::MAX)),
        ),
        (
            "files",
            JsValue::from(u32::try_from(state.files.len()).unwrap_or(u32::MAX)),
        ),
        (
            "notice",
            state
                .notice
                .as_deref()
                .map_or(JsValue::NULL, JsValue::from_str),
        ),
    ])
    .into()
}
