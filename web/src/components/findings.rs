use bulkhead_rules::render::Finding;
use bulkhead_rules::Severity;
use yew::prelude::*;

use crate::state::FindingRef;

/// A finding with the file it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingItem {
    pub target: FindingRef,
    pub file_label: &'static str,
    pub finding: Finding,
}

#[derive(Properties, PartialEq)]
pub struct FindingsProps {
    pub items: Vec<FindingItem>,
    pub on_focus: Callback<FindingRef>,
}

/// The list of findings; clicking one selects its range in the editor.
#[component]
pub fn Findings(props: &FindingsProps) -> Html {
    html! {
        <section class="pane findings-pane" aria-labelledby="findings-title">
            <h2 id="findings-title" class="pane-title">{ "Findings" }</h2>
            if props.items.is_empty() {
                <p class="empty" data-testid="no-findings">{ "No findings. Nice!" }</p>
            } else {
                <ul class="findings" data-testid="findings" aria-live="polite">
                    { for props.items.iter().map(|item| finding_row(item, &props.on_focus)) }
                </ul>
            }
        </section>
    }
}

fn finding_row(item: &FindingItem, on_focus: &Callback<FindingRef>) -> Html {
    let finding = &item.finding;
    let target = item.target;
    let onclick = on_focus.reform(move |_: MouseEvent| target);
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
            <button type="button" class="finding-jump" {onclick}
                aria-label={format!("{} {} at {position}: {}", finding.severity.as_str(), finding.code, finding.message)}>
                <span class="severity" aria-hidden="true">{ symbol }</span>
                <span class="severity-text">{ finding.severity.as_str() }</span>
                <code class="code-id">{ finding.code }</code>
                <span class="rule-name">{ finding.rule }</span>
                <span class="position" data-testid="position">{ position }</span>
            </button>
            <p class="message">{ inline_code(&finding.message) }</p>
            if let Some(help) = &finding.help {
                <p class="help"><span class="help-label">{ "Fix: " }</span>{ inline_code(help) }</p>
            }
        </li>
    }
}

/// Text with `backtick` spans shown as code.
fn inline_code(text: &str) -> Html {
    split_code_spans(text)
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

/// Split `a `b` c` into `[(false, "a "), (true, "b"), (false, " c")]`. An unpaired
/// backtick stays as text.
fn split_code_spans(text: &str) -> Vec<(bool, String)> {
    let pieces: Vec<&str> = text.split('`').collect();
    let paired = pieces.len() % 2 == 1;
    let mut out = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        let is_code = i % 2 == 1 && (paired || i + 1 < pieces.len() - 1);
        if !is_code && i % 2 == 1 {
            out.push((false, format!("`{piece}")));
        } else if !piece.is_empty() {
            out.push((is_code, (*piece).to_owned()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::split_code_spans;

    #[test]
    fn backtick_spans_become_code() {
        assert_eq!(
            split_code_spans("Base image `python:latest` uses `latest`."),
            [
                (false, "Base image ".to_owned()),
                (true, "python:latest".to_owned()),
                (false, " uses ".to_owned()),
                (true, "latest".to_owned()),
                (false, ".".to_owned()),
            ]
        );
        assert_eq!(split_code_spans("no code"), [(false, "no code".to_owned())]);
        assert_eq!(
            split_code_spans("odd ` tick"),
            [(false, "odd ".to_owned()), (false, "` tick".to_owned())]
        );
    }
}
