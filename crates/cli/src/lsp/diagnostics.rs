//! bulkhead's findings as LSP diagnostics: the range in UTF-16 positions, the rule's
//! code with a link to its documentation, and the other files a cross-file finding is
//! about as related information.

use bulkhead_rules::{Diagnostic, Severity};
use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Url,
};

use super::documents::Positions;
use super::project::Linted;

/// Where the rule reference lives when the client gives no `rulesUrl` in its
/// initialization options: docs/rules.md in the repository, whose headings
/// (`## DF001 latest-base-image`) give the anchors. The same placeholder owner as the
/// README's install lines; `bulkhead rule CODE` and the hover show the same text
/// offline.
pub const RULES_URL: &str = "https://github.com/OWNER/bulkhead/blob/main/docs/rules.md";

/// The anchor of a rule's heading in docs/rules.md, as Markdown renderers make it:
/// `DF001 latest-base-image` → `df001-latest-base-image`.
pub fn anchor(code: &str, name: &str) -> String {
    format!("{code} {name}")
        .to_ascii_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_ascii_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The LSP diagnostics of file `index` of a linted project.
pub fn of_file(linted: &Linted, index: usize, rules_url: &str) -> Vec<lsp_types::Diagnostic> {
    let file = &linted.files[index];
    let positions = Positions::new(&file.text);
    // The other files' line starts, found once for all the findings that point there.
    let mut others: Vec<Option<Positions<'_>>> = linted.files.iter().map(|_| None).collect();
    linted.diagnostics[index]
        .iter()
        .map(|d| to_lsp(d, &positions, linted, &mut others, rules_url))
        .collect()
}

fn to_lsp<'l>(
    d: &Diagnostic,
    positions: &Positions<'_>,
    linted: &'l Linted,
    others: &mut [Option<Positions<'l>>],
    rules_url: &str,
) -> lsp_types::Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            let at = linted.files.iter().position(|f| f.path == r.path)?;
            let other = &linted.files[at];
            let range = others[at]
                .get_or_insert_with(|| Positions::new(&other.text))
                .range(r.range);
            Some(DiagnosticRelatedInformation {
                location: Location {
                    uri: other.uri.clone(),
                    range,
                },
                message: r.message.clone(),
            })
        })
        .collect();
    let href = Url::parse(&format!("{rules_url}#{}", anchor(d.code, d.rule))).ok();
    let message = match &d.help {
        Some(help) => format!("{}\nFix: {help}", d.message),
        None => d.message.clone(),
    };
    lsp_types::Diagnostic {
        range: positions.range(d.range),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.to_owned())),
        code_description: href.map(|href| CodeDescription { href }),
        source: Some("bulkhead".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        // The rule's name, so a client's code action request names the finding by more
        // than its code and range.
        data: Some(serde_json::json!({ "rule": d.rule })),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn anchors_are_the_headings_of_the_rule_reference() {
        assert_eq!(
            super::anchor("DF001", "latest-base-image"),
            "df001-latest-base-image"
        );
        let reference = bulkhead_rules::render::rule_reference_markdown();
        let rule = &bulkhead_rules::linter::registry::RULES[0].meta;
        assert!(reference.contains(&format!("## {} {}\n", rule.code, rule.name)));
    }
}
