//! Presenting diagnostics: a human report with source snippets, and a located view for
//! JSON and the playground. Pure functions over text; callers do the printing.

mod docs_html;
pub mod github;
pub mod gitlab;
pub mod json;
pub mod junit;
pub mod markdown;
mod rule_docs;
pub mod sarif;

pub use docs_html::{code_spans, docs_html, escape_html, inline};

use std::fmt::Write as _;

use serde::Serialize;

use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::Severity;
use crate::engine::text::{LineCol, LineIndex, TextRange};

/// One linted file: its path, text and diagnostics (for SARIF and review comments).
#[derive(Debug, Clone, Copy)]
pub struct LintedFile<'a> {
    pub path: &'a str,
    pub source: &'a str,
    pub diagnostics: &'a [Diagnostic],
}

/// A diagnostic with line and column positions, ready for JSON or the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub path: String,
    pub code: &'static str,
    pub rule: &'static str,
    pub severity: Severity,
    pub checklist: Option<crate::Checklist>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    pub start: LineCol,
    pub end: LineCol,
    pub range: TextRange,
    /// Places in other files this finding is about.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<crate::Related>,
    /// How to fix it, if a fix is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<crate::engine::fix::Fix>,
    /// The Pod Security Standards level the finding breaks, for PSS controls.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pss_level: Option<crate::PssLevel>,
}

/// Locate diagnostics in `source`.
pub fn findings(path: &str, source: &str, diagnostics: &[Diagnostic]) -> Vec<Finding> {
    let index = LineIndex::new(source);
    diagnostics
        .iter()
        .map(|d| Finding {
            path: path.to_owned(),
            code: d.code,
            rule: d.rule,
            severity: d.severity,
            pss_level: d.pss,
            checklist: d.checklist,
            message: d.message.clone(),
            help: d.help.clone(),
            start: index.line_col(d.range.start(), source),
            end: index.line_col(d.range.end(), source),
            range: d.range,
            related: d.related.clone(),
            fix: d.fix.clone(),
        })
        .collect()
}

/// A report for people: `path:line:col: CODE [severity] message`, the source line with
/// the range underlined, and the help text.
pub fn human(path: &str, source: &str, diagnostics: &[Diagnostic]) -> String {
    human_painted(path, source, diagnostics, &|_, text| text.to_owned())
}

/// `[error]`, or for a Pod Security Standards control the level it breaks too:
/// `[error, PSS Baseline]`.
fn severity_label(d: &Diagnostic) -> String {
    match d.pss {
        Some(level) => format!("[{}, PSS {}]", d.severity.as_str(), level.title()),
        None => format!("[{}]", d.severity.as_str()),
    }
}

/// What a piece of the [`human`] report is, so that a terminal can colour it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// `path:line:col`.
    Location,
    /// The code, the `[severity]` and the carets, by severity.
    Severity(Severity),
    /// The gutter: ` |`, line numbers, `= help:` and `= note:`.
    Gutter,
}

/// [`human`], with each piece passed through `paint` (the CLI's ANSI colours).
pub fn human_painted(
    path: &str,
    source: &str,
    diagnostics: &[Diagnostic],
    paint: &dyn Fn(Part, &str) -> String,
) -> String {
    let index = LineIndex::new(source);
    let mut out = String::new();
    for d in diagnostics {
        let start = index.line_col(d.range.start(), source);
        let line_no = index.line_of(d.range.start());
        let line = index.line_range(line_no, source);
        let line_text = line.slice(source);
        let underline_end = d.range.end().clamp(d.range.start(), line.end());
        let width = source[d.range.start().min(line.end())..underline_end]
            .chars()
            .count()
            .max(1);
        let gutter = (line_no + 1).to_string();
        let pad = " ".repeat(gutter.len());
        let tint = Part::Severity(d.severity);
        let _ = writeln!(
            out,
            "{}: {} {} {}",
            paint(
                Part::Location,
                &format!("{path}:{}:{}", start.line, start.column)
            ),
            paint(tint, d.code),
            paint(tint, &severity_label(d)),
            d.message
        );
        let _ = writeln!(out, "{}", paint(Part::Gutter, &format!("{pad} |")));
        let _ = writeln!(
            out,
            "{} {line_text}",
            paint(Part::Gutter, &format!("{gutter} |"))
        );
        let _ = writeln!(
            out,
            "{} {}{}",
            paint(Part::Gutter, &format!("{pad} |")),
            " ".repeat(start.column as usize - 1),
            paint(tint, &"^".repeat(width))
        );
        if let Some(help) = &d.help {
            let _ = writeln!(
                out,
                "{} {help}",
                paint(Part::Gutter, &format!("{pad} = help:"))
            );
        }
        for related in &d.related {
            let _ = writeln!(
                out,
                "{} {}:{}:{}: {}",
                paint(Part::Gutter, &format!("{pad} = note:")),
                related.path,
                related.start.line,
                related.start.column,
                related.message
            );
        }
        out.push('\n');
    }
    out
}

/// The rule table for the README and the docs: code, name, severity, checklist item,
/// summary, and the equivalent checks in other tools.
pub fn rule_table_markdown() -> String {
    let mut out = String::from(
        "| Code | Name | Severity | Checklist | What it does | Also in |\n|---|---|---|---|---|---|\n",
    );
    for rule in crate::linter::registry::RULES {
        let meta = rule.meta;
        let sources: Vec<String> = meta
            .sources
            .iter()
            .map(|s| format!("{} `{}`", s.tool, s.id))
            .collect();
        let preview = if crate::linter::codes::is_preview(meta.code) {
            " (preview)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "| `{}` | {}{preview} | {} | {} | {} | {} |",
            meta.code,
            meta.name,
            meta.severity.as_str(),
            meta.checklist.map_or("—", crate::Checklist::title),
            meta.summary().replace('|', "\\|"),
            if sources.is_empty() {
                "—".to_owned()
            } else {
                sources.join(", ")
            },
        );
    }
    out
}

/// The full rule reference (`docs/rules.md`): every rule's documentation, grouped by
/// file kind, generated from the doc comments.
pub fn rule_reference_markdown() -> String {
    let mut out = String::from(
        "# Rule reference\n\nGenerated from the rules' doc comments by `bulkhead rules --reference`; a test keeps this file current. Codes never change meaning.\n\n",
    );
    out.push_str(&rule_table_markdown());
    for rule in crate::linter::registry::RULES {
        let meta = rule.meta;
        let _ = write!(
            out,
            "\n## {code} {name}\n\nSeverity: {severity} · Checklist: {checklist} · File: {kind}\n\n",
            code = meta.code,
            name = meta.name,
            severity = meta.severity.as_str(),
            checklist = meta.checklist.map_or("—", crate::Checklist::title),
            kind = meta.reads.as_str(),
        );
        if crate::linter::codes::is_preview(meta.code) {
            let _ = write!(out, "{}\n\n", crate::linter::codes::PREVIEW_NOTE);
        }
        if !meta.example_files().is_empty() {
            let _ = write!(
                out,
                "[Try the example in the playground](../dist/index.html?try={code}) (after `./x build`; any bulkhead playground takes `?try={code}`)\n\n",
                code = meta.code
            );
        }
        // Rule docs use `##` sections; nest them under the rule's heading.
        for line in meta.docs().lines() {
            if let Some(heading) = line.strip_prefix("## ") {
                let _ = writeln!(out, "### {heading}");
            } else {
                let _ = writeln!(out, "{line}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::registry::FileKind;

    #[test]
    fn every_piece_goes_through_the_painter() {
        let source = "FROM python:latest\n";
        let diagnostics = crate::Linter::new().lint(FileKind::Dockerfile, source);
        let plain = human("Dockerfile", source, &diagnostics);
        // Each piece as `\u{1}part\u{2}text\u{3}`: characters no message has.
        let marked = human_painted("Dockerfile", source, &diagnostics, &|part, text| {
            format!("\u{1}{part:?}\u{2}{text}\u{3}")
        });
        assert!(
            marked.contains(
                "\u{1}Location\u{2}Dockerfile:1:6\u{3}: \u{1}Severity(Warning)\u{2}DF001\u{3}"
            ),
            "{marked:?}"
        );
        assert!(marked.contains("\u{1}Gutter\u{2}  |\u{3}"), "{marked:?}");
        let mut stripped = String::new();
        let mut in_tag = false;
        for c in marked.chars() {
            match c {
                '\u{1}' => in_tag = true,
                '\u{2}' => in_tag = false,
                '\u{3}' => {}
                c if !in_tag => stripped.push(c),
                _ => {}
            }
        }
        assert_eq!(stripped, plain);
    }

    #[test]
    fn findings_carry_line_and_column() {
        let source = "# base\nFROM  python:latest\n";
        let diagnostics: Vec<_> = crate::Linter::new()
            .lint(FileKind::Dockerfile, source)
            .into_iter()
            .filter(|d| d.code == "DF001")
            .collect();
        let found = findings("Dockerfile", source, &diagnostics);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].start.line, found[0].start.column), (2, 7));
        assert_eq!((found[0].end.line, found[0].end.column), (2, 20));
        let json = serde_json::to_value(&found[0]).expect("serialises");
        assert_eq!(json["code"], "DF001");
        assert_eq!(json["severity"], "warning");
        assert_eq!(json["start"]["line"], 2);
    }
}
