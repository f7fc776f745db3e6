//! Code actions: a finding's fix (safe ones preferred), "fix all safe" for the file
//! (`source.fixAll.bulkhead`), and the suppression comments that silence a rule on one
//! line or in the whole file, written in the syntax `linter::suppress` reads.

use std::collections::HashMap;

use bulkhead_rules::engine::fix::Applicability;
use bulkhead_rules::linter::fix;
use bulkhead_rules::{dockerfile, Diagnostic, FileKind};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Position, Range, TextEdit,
    Url, WorkspaceEdit,
};

use super::documents::{offset, Positions};
use super::project::{File, Linted};
use super::FIX_ALL;

/// The actions for the range of `params` in its document.
pub fn code_actions(
    linted: &Linted,
    params: &CodeActionParams,
) -> Option<Vec<CodeActionOrCommand>> {
    let uri = &params.text_document.uri;
    let index = linted.index_of(uri)?;
    let file = &linted.files[index];
    let only = params.context.only.as_deref();
    let wants = |kind: &CodeActionKind| {
        only.is_none_or(|only| {
            only.iter().any(|o| {
                kind.as_str() == o.as_str()
                    || kind.as_str().starts_with(&format!("{}.", o.as_str()))
            })
        })
    };
    let start = offset(&file.text, params.range.start);
    let end = offset(&file.text, params.range.end).max(start);
    let positions = Positions::new(&file.text);
    let mut actions = Vec::new();
    let here = linted.diagnostics[index]
        .iter()
        .filter(|d| d.range.start() <= end && start <= d.range.end());
    if wants(&CodeActionKind::QUICKFIX) {
        for d in here {
            actions.extend(fix_action(file, d, &positions));
            actions.push(suppress_line(file, d));
            actions.push(suppress_file(file, d));
        }
    }
    let fix_all = CodeActionKind::new(FIX_ALL);
    if wants(&fix_all) {
        actions.extend(fix_all_action(linted, index));
    }
    Some(
        actions
            .into_iter()
            .map(CodeActionOrCommand::CodeAction)
            .collect(),
    )
}

fn edit(uri: &Url, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

/// The finding's own fix, when it has one that can be applied.
fn fix_action(file: &File, d: &Diagnostic, positions: &Positions<'_>) -> Option<CodeAction> {
    let fix = d.fix.as_ref()?;
    let safe = match fix.applicability {
        Applicability::Safe => true,
        Applicability::Unsafe => false,
        Applicability::DisplayOnly => return None,
    };
    let edits = fix
        .edits
        .iter()
        .map(|e| TextEdit {
            range: positions.range(e.range),
            new_text: e.replacement.clone(),
        })
        .collect();
    Some(CodeAction {
        title: format!(
            "{}: {} ({} fix)",
            d.code,
            fix.message,
            if safe {
                "safe"
            } else {
                "unsafe: may change behaviour"
            }
        ),
        kind: Some(CodeActionKind::QUICKFIX),
        is_preferred: Some(safe),
        edit: Some(edit(&file.uri, edits)),
        ..CodeAction::default()
    })
}

/// Where a line comment goes to silence `d`: above the Dockerfile instruction that holds
/// it (a comment covers the next instruction), else above its line (a comment covers the
/// next line that is not blank or a comment); with that line's indentation.
fn comment_line_start(file: &File, d: &Diagnostic) -> usize {
    let at = d.range.start().min(file.text.len());
    let at = if file.kind == FileKind::Dockerfile {
        dockerfile::parse(&file.text)
            .instructions
            .iter()
            .find(|i| i.range.start() <= at && at <= i.range.end())
            .map_or(at, |i| i.range.start())
    } else {
        at
    };
    file.text[..at].rfind('\n').map_or(0, |n| n + 1)
}

fn suppress_line(file: &File, d: &Diagnostic) -> CodeAction {
    let line = comment_line_start(file, d);
    let rest = &file.text[line..];
    let indent = &rest[..rest.len() - rest.trim_start_matches([' ', '\t']).len()];
    let at = Positions::new(&file.text).position(line);
    let text = format!("{indent}# bulkhead ignore={}\n", d.code);
    CodeAction {
        title: format!("Ignore {} on this line", d.code),
        kind: Some(CodeActionKind::QUICKFIX),
        is_preferred: Some(false),
        edit: Some(edit(&file.uri, vec![insert(at, text)])),
        ..CodeAction::default()
    }
}

fn suppress_file(file: &File, d: &Diagnostic) -> CodeAction {
    // In a Dockerfile, after the parser directives (`# syntax=`, `# check=`): BuildKit
    // reads no directive after a comment.
    let line = if file.kind == FileKind::Dockerfile {
        dockerfile::parse(&file.text)
            .directives
            .iter()
            .map(|d| d.range.end())
            .max()
            .map_or(0, |end| {
                file.text[end..]
                    .find('\n')
                    .map_or(file.text.len(), |n| end + n + 1)
            })
    } else {
        0
    };
    let at = Positions::new(&file.text).position(line);
    let newline = if line == file.text.len() && !file.text.ends_with('\n') && line > 0 {
        "\n"
    } else {
        ""
    };
    let text = format!("{newline}# bulkhead ignore-file={}\n", d.code);
    CodeAction {
        title: format!("Ignore {} in this file", d.code),
        kind: Some(CodeActionKind::QUICKFIX),
        is_preferred: Some(false),
        edit: Some(edit(&file.uri, vec![insert(at, text)])),
        ..CodeAction::default()
    }
}

fn insert(at: Position, new_text: String) -> TextEdit {
    TextEdit {
        range: Range::new(at, at),
        new_text,
    }
}

/// Every safe fix of the file, in rounds as `bulkhead lint --fix` applies them (with
/// the project's other files read, for the fixes that use them), as one edit of the
/// whole text; none when nothing changes.
fn fix_all_action(linted: &Linted, index: usize) -> Option<CodeAction> {
    let file = &linted.files[index];
    let fixable = linted.diagnostics[index].iter().any(|d| {
        d.fix
            .as_ref()
            .is_some_and(|f| f.applicability == Applicability::Safe)
    });
    if !fixable {
        return None;
    }
    let fixed = fix::fix_project(&linted.project_files(), &[], false, false, &linted.options);
    let fixed = fixed.into_iter().nth(index)?;
    if fixed.text == file.text {
        return None;
    }
    let whole =
        Positions::new(&file.text).range(bulkhead_rules::TextRange::new(0, file.text.len()));
    Some(CodeAction {
        title: format!(
            "Fix all safe findings in this file ({} {})",
            fixed.applied,
            if fixed.applied == 1 { "fix" } else { "fixes" }
        ),
        kind: Some(CodeActionKind::new(FIX_ALL)),
        edit: Some(edit(
            &file.uri,
            vec![TextEdit {
                range: whole,
                new_text: fixed.text,
            }],
        )),
        ..CodeAction::default()
    })
}
