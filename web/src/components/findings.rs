use bulkhead_rules::engine::fix::Applicability;
use bulkhead_rules::render::{code_spans, Finding};
use bulkhead_rules::{Checklist, Severity, TextRange};
use std::rc::Rc;

use yew::prelude::*;

use crate::state::FindingRef;

/// A finding with the file it belongs to: its file's findings (shared, not copied) and
/// which one it is.
#[derive(Debug, Clone)]
pub struct FindingItem {
    pub target: FindingRef,
    pub file_label: String,
    pub findings: Rc<[Finding]>,
}

impl FindingItem {
    fn finding(&self) -> &Finding {
        &self.findings[self.target.index]
    }
}

/// Items are equal when they show the same: their own finding, not their file's others
/// (comparing those would make a list of a thousand compare a million).
impl PartialEq for FindingItem {
    fn eq(&self, other: &Self) -> bool {
        self.target == other.target
            && self.file_label == other.file_label
            && (Rc::ptr_eq(&self.findings, &other.findings) || self.finding() == other.finding())
    }
}

impl Eq for FindingItem {}

/// How many findings of a group are shown until the user asks for all: a thousand
/// findings would make every update slow, and nobody reads them at once.
const PAGE: usize = 25;

/// Findings under one hardening-checklist item (`None`: syntax and style).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingGroup {
    pub checklist: Option<Checklist>,
    pub items: Vec<FindingItem>,
}

#[derive(Properties, PartialEq)]
pub struct FindingsProps {
    pub groups: Vec<FindingGroup>,
    pub on_focus: Callback<FindingRef>,
    pub on_rule: Callback<&'static str>,
    /// Show a related place in another file.
    pub on_reveal: Callback<(String, TextRange)>,
    /// Apply one finding's fix.
    pub on_fix: Callback<FindingRef>,
    /// Apply every safe fix.
    pub on_fix_all: Callback<()>,
    /// How many findings have a fix.
    pub fixable: usize,
    /// Copy every finding as review comments in Markdown.
    pub on_review: Callback<()>,
    /// A read-only page (an embed with `readonly=1`): no fix is offered.
    pub read_only: bool,
}

/// The findings, grouped by checklist item; clicking one selects its range in the
/// editor, and each links to its rule's documentation.
#[component]
pub fn Findings(props: &FindingsProps) -> Html {
    // The groups the user opened whole.
    let whole = use_state(Vec::<&'static str>::new);
    html! {
        <section class="findings-pane" aria-labelledby="findings-title">
            <div class="findings-head">
                <h2 id="findings-title" class="visually-hidden">{ "Findings" }</h2>
                if !props.groups.is_empty() {
                    <button type="button" data-testid="copy-review" title="Markdown for a pull request: file:line, rule, why, and each fix as a suggestion"
                        onclick={props.on_review.reform(|_: MouseEvent| ())}>
                        { "Copy as review comment" }
                    </button>
                }
                if props.fixable > 0 {
                    <button type="button" class="fix-all" data-testid="fix-all"
                        onclick={props.on_fix_all.reform(|_: MouseEvent| ())}>
                        { "Fix all safe" }
                    </button>
                }
            </div>
            if props.groups.is_empty() {
                <p class="empty" data-testid="no-findings">{ "No findings. Nice!" }</p>
            } else {
                <div class="findings" data-testid="findings" aria-live="polite">
                    { for props.groups.iter().map(|group| group_section(group, props, &whole)) }
                </div>
            }
        </section>
    }
}

fn group_section(
    group: &FindingGroup,
    props: &FindingsProps,
    whole: &UseStateHandle<Vec<&'static str>>,
) -> Html {
    let (slug, title) = group
        .checklist
        .map_or(("other", "Syntax and style"), |c| (c.as_str(), c.title()));
    let heading_id = format!("group-{slug}");
    let shown = if whole.contains(&slug) {
        group.items.len()
    } else {
        group.items.len().min(PAGE)
    };
    let on_more = {
        let whole = whole.clone();
        Callback::from(move |_: MouseEvent| {
            let mut open = (*whole).clone();
            open.push(slug);
            whole.set(open);
        })
    };
    html! {
        <section class="checklist-group" data-testid="checklist-group" data-checklist={slug} aria-labelledby={heading_id.clone()}>
            <h3 id={heading_id} class="group-title" tabindex="-1">
                { title }
                <span class="group-count">{ format!(" ({})", group.items.len()) }</span>
            </h3>
            <ul class="finding-list">
                { for group.items[..shown].iter().map(|item| finding_row(item, props)) }
            </ul>
            if shown < group.items.len() {
                <button type="button" class="show-more" data-testid="show-more" onclick={on_more}>
                    { format!("Show the other {} findings of this group", group.items.len() - shown) }
                </button>
            }
        </section>
    }
}

fn finding_row(item: &FindingItem, props: &FindingsProps) -> Html {
    let finding = item.finding();
    let target = item.target;
    let message_id = format!("finding-{}-{}", target.file, target.index);
    let onclick = props.on_focus.reform(move |_: MouseEvent| target);
    let code = finding.code;
    let on_doc = props.on_rule.reform(move |event: MouseEvent| {
        event.prevent_default();
        code
    });
    let (symbol, severity_class) = match finding.severity {
        Severity::Error => ("✖", "sev-error"),
        Severity::Warning => ("▲", "sev-warning"),
        Severity::Info => ("ℹ", "sev-info"),
    };
    let position = format!(
        "{}:{}:{}",
        item.file_label, finding.start.line, finding.start.column
    );
    html! {
        <li class={classes!("finding", severity_class)} data-testid="finding" data-code={finding.code}
            data-line={finding.start.line.to_string()}>
            // Named by what it shows (severity, code, rule, place), described by the message.
            <button type="button" class="finding-jump" {onclick} aria-describedby={message_id.clone()}>
                <span class="severity" aria-hidden="true">{ symbol }</span>
                <span class="severity-text">{ finding.severity.as_str() }</span>
                <code class="code-id">{ finding.code }</code>
                <span class="rule-name">{ finding.rule }</span>
                if let Some(level) = finding.pss_level {
                    <span class="pss-level" data-testid="pss-level-tag" title={format!("Breaks the {} level of the Pod Security Standards {}", level.title(), bulkhead_rules::PSS_VERSION)}>
                        { format!("PSS {}", level.title()) }
                    </span>
                }
                <span class="position" data-testid="position">{ position }</span>
            </button>
            <p class="message" id={message_id}>{ inline_code(&finding.message) }</p>
            if let Some(help) = &finding.help {
                <p class="help"><span class="help-label">{ "Fix: " }</span>{ inline_code(help) }</p>
            }
            { for finding.related.iter().map(|related| {
                let destination = (related.path.clone(), related.range);
                let onclick = props.on_reveal.reform(move |_: MouseEvent| destination.clone());
                let place = format!("{}:{}:{}", related.path, related.start.line, related.start.column);
                html! {
                    <p class="related">
                        { "See " }
                        <button type="button" class="related-link" data-testid="related-link" {onclick}
                            aria-label={format!("Show {place}: {}", related.message)}>
                            { place }
                        </button>
                        { ": " }{ inline_code(&related.message) }
                    </p>
                }
            }) }
            if let Some(fix) = finding.fix.as_ref().filter(|f| !props.read_only && f.applicability != Applicability::DisplayOnly) {
                <button type="button" class="quick-fix" data-testid="quick-fix"
                    data-applicability={fix.applicability.as_str()}
                    onclick={props.on_fix.reform(move |_: MouseEvent| target)}>
                    { if fix.applicability == Applicability::Unsafe { "Apply fix (unsafe): " } else { "Apply fix: " } }
                    { inline_code(&fix.message) }
                </button>
            }
            <a class="rule-link" data-testid="rule-link" href={format!("#rule-{}", finding.code)} onclick={on_doc}>
                { format!("Why? Read {} {}", finding.code, finding.rule) }
            </a>
        </li>
    }
}

/// Text with `backtick` spans shown as code.
pub(crate) fn inline_code(text: &str) -> Html {
    code_spans(text)
        .into_iter()
        .map(|(is_code, part)| {
            if is_code {
                html! { <code class="inline-code">{ part }</code> }
            } else {
                html! { { part } }
            }
        })
        .collect()
}
