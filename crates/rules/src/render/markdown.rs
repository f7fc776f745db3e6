//! Findings as review comments in Markdown, to paste into a pull request: each with its
//! file and line, rule, why, and the fix as a GitHub ```` ```suggestion ```` block that
//! replaces the lines the comment is on.

use std::fmt::Write as _;

use super::LintedFile;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::{apply_edits, Applicability};
use crate::engine::text::LineIndex;

/// The lines a fix changes (1-based, inclusive) and their text once it is applied, when
/// the fix edits the file and its edits can be applied (`index`: the lines of `source`).
pub fn suggestion(
    source: &str,
    index: &LineIndex,
    diagnostic: &Diagnostic,
) -> Option<(u32, u32, String)> {
    let fix = diagnostic
        .fix
        .as_ref()
        .filter(|f| f.applicability != Applicability::DisplayOnly && !f.edits.is_empty())?;
    let start = fix.edits.iter().map(|e| e.range.start()).min()?;
    let end = fix.edits.iter().map(|e| e.range.end()).max()?;
    // Lines inserted before a line (or at the end of the file) are suggested with the
    // line above them, which is where the comment can be.
    let inserted_at_line_start = start == end && start > 0 && source[..start].ends_with('\n');
    let first = index.line_of(if inserted_at_line_start {
        start - 1
    } else {
        start
    });
    // An edit that ends at a line's start changes nothing of that line.
    let last = if inserted_at_line_start {
        first
    } else {
        index.line_of(if end > start && source[..end].ends_with('\n') {
            end - 1
        } else {
            end
        })
    };
    let line = |l: usize| u32::try_from(l + 1).unwrap_or(u32::MAX);
    let (first, last) = (line(first), line(last));
    merged(source, index, first, last, &[diagnostic]).map(|text| (first, last, text))
}

/// Lines `first` to `last` as a comment names them: `3`, or `3-5`.
fn span(first: u32, last: u32) -> String {
    if first == last {
        first.to_string()
    } else {
        format!("{first}-{last}")
    }
}

/// The text of lines `first..=last` (1-based) of `source` with the edits of every fix in
/// `group` applied together, when all of them lie in those lines and none overlaps
/// another (so one suggestion carries them all; [`suggestion`] is this for one fix).
fn merged(
    source: &str,
    index: &LineIndex,
    first: u32,
    last: u32,
    group: &[&Diagnostic],
) -> Option<String> {
    let line = |l: u32| usize::try_from(l).ok()?.checked_sub(1);
    let from = index.line_range(line(first)?, source).start();
    let mut edits: Vec<_> = group
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .flat_map(|f| &f.edits)
        .collect();
    let to = index
        .line_range(line(last)?, source)
        .end()
        .max(edits.iter().map(|e| e.range.end()).max()?);
    edits.sort_by_key(|e| (e.range.start(), e.range.end()));
    // Insertions at one point (a flag after `install`, another flag there) go in together.
    let mut shifted: Vec<crate::engine::fix::Edit> = Vec::new();
    for e in edits {
        if e.range.start() < from || e.range.end() > to {
            return None;
        }
        let range = crate::TextRange::new(e.range.start() - from, e.range.end() - from);
        match shifted.last_mut() {
            Some(last) if last.range == range && range.is_empty() => {
                last.replacement.push_str(&e.replacement);
            }
            Some(last) if last.range.end() > range.start() || last.range == range => return None,
            _ => shifted.push(crate::engine::fix::Edit::replace(
                range,
                e.replacement.clone(),
            )),
        }
    }
    let refs: Vec<_> = shifted.iter().collect();
    Some(
        apply_edits(source.get(from..to)?, &refs)
            .trim_end_matches(['\n', '\r'])
            .to_owned(),
    )
}

/// One review comment: the place, each finding on it, and the suggestion for them all.
fn comment(
    out: &mut String,
    path: &str,
    lines: &str,
    group: &[&Diagnostic],
    suggested: Option<&str>,
) {
    let _ = write!(out, "\n**`{path}:{lines}`**");
    for (i, d) in group.iter().enumerate() {
        let _ = write!(
            out,
            "{}`{}` {} · {}\n\n{}\n",
            if i == 0 { " · " } else { "\n" },
            d.code,
            d.rule,
            d.severity.as_str(),
            d.message
        );
        if let Some(help) = &d.help {
            let _ = writeln!(out, "\nFix: {help}");
        }
    }
    if let Some(text) = suggested {
        // A fence longer than any run of backticks in the text.
        let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        let fence = "`".repeat(longest.max(2) + 1);
        let _ = write!(out, "\n{fence}suggestion\n{text}\n{fence}\n");
    }
}

/// The findings of `files` as review comments, most severe first within each file. The
/// fixes that change the same lines become one comment with one suggestion that applies
/// them all: a pull request can accept only one suggestion for a line.
pub fn review(files: &[LintedFile<'_>]) -> String {
    let total: usize = files.iter().map(|f| f.diagnostics.len()).sum();
    let mut out = format!(
        "### bulkhead: {}\n",
        crate::engine::text::counted(total, "finding")
    );
    for file in files {
        let index = LineIndex::new(file.source);
        let mut diagnostics: Vec<&Diagnostic> = file.diagnostics.iter().collect();
        diagnostics.sort_by_key(|d| (std::cmp::Reverse(d.severity), d.range.start()));
        let suggested: Vec<_> = diagnostics
            .iter()
            .map(|d| suggestion(file.source, &index, d))
            .collect();
        // The groups of fixes whose lines overlap: each an interval and its members.
        let mut groups: Vec<(u32, u32, Vec<usize>)> = Vec::new();
        let mut by_line: Vec<usize> = (0..diagnostics.len())
            .filter(|&i| suggested[i].is_some())
            .collect();
        by_line.sort_by_key(|&i| suggested[i].as_ref().map(|(f, l, _)| (*f, *l)));
        for i in by_line {
            let Some((first, last, _)) = suggested[i] else {
                continue;
            };
            match groups.last_mut() {
                Some((_, end, members)) if first <= *end => {
                    *end = (*end).max(last);
                    members.push(i);
                }
                _ => groups.push((first, last, vec![i])),
            }
        }
        let mut done = vec![false; diagnostics.len()];
        for (i, d) in diagnostics.iter().enumerate() {
            if done[i] {
                continue;
            }
            let group = groups.iter().find(|(_, _, members)| members.contains(&i));
            match (group, &suggested[i]) {
                (Some((first, last, members)), _) if members.len() > 1 => {
                    let group: Vec<&Diagnostic> = members.iter().map(|&m| diagnostics[m]).collect();
                    for &m in members {
                        done[m] = true;
                    }
                    let text = merged(file.source, &index, *first, *last, &group);
                    comment(
                        &mut out,
                        file.path,
                        &span(*first, *last),
                        &group,
                        text.as_deref(),
                    );
                }
                (_, Some((first, last, text))) => {
                    comment(&mut out, file.path, &span(*first, *last), &[d], Some(text));
                }
                (_, None) => {
                    let at = index.line_col(d.range.start(), file.source);
                    comment(&mut out, file.path, &at.line.to_string(), &[d], None);
                }
            }
            done[i] = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::registry::FileKind;

    #[test]
    fn fixes_become_suggestions_of_the_lines_they_change() {
        let source =
            "# app\nFROM python:3.13-slim as build\nRUN apt update && apt install -y curl\n";
        let diagnostics = crate::Linter::new().lint(FileKind::Dockerfile, source);
        let text = review(&[LintedFile {
            path: "Dockerfile",
            source,
            diagnostics: &diagnostics,
        }]);
        assert!(
            text.starts_with(&format!("### bulkhead: {} findings\n", diagnostics.len())),
            "{text}"
        );
        assert!(
            text.contains("**`Dockerfile:2`** · `DF003` from-as-casing · info"),
            "{text}"
        );
        assert!(
            text.contains("```suggestion\nFROM python:3.13-slim AS build\n```"),
            "{text}"
        );
        // Each suggestion, put in place of its lines, is the text with that fix applied.
        for d in diagnostics.iter().filter(|d| d.fix.is_some()) {
            let Some((first, last, suggested)) = suggestion(source, &LineIndex::new(source), d)
            else {
                continue;
            };
            let lines: Vec<&str> = source.lines().collect();
            let (first, last) = (first as usize - 1, last as usize);
            let replaced = [&lines[..first], &[suggested.as_str()], &lines[last..]]
                .concat()
                .join("\n")
                + "\n";
            let fix = d.fix.as_ref().expect("a fix");
            let edits: Vec<_> = fix.edits.iter().collect();
            assert_eq!(replaced, apply_edits(source, &edits), "{}", d.code);
        }
    }

    #[test]
    fn fixes_of_one_line_are_one_comment_with_one_suggestion() {
        let source = "FROM python:3.13-slim\nRUN apt-get install curl\nUSER 65532\n";
        let diagnostics = crate::Linter::new().lint(FileKind::Dockerfile, source);
        let text = review(&[LintedFile {
            path: "Dockerfile",
            source,
            diagnostics: &diagnostics,
        }]);
        assert_eq!(text.matches("```suggestion").count(), 1, "{text}");
        // One comment carries the three fixes of line 2 (DF304, with no fix, has its own).
        let fixed_comment = text
            .split("\n**`")
            .find(|c| c.contains("```suggestion"))
            .unwrap_or_default();
        assert!(fixed_comment.starts_with("Dockerfile:2`**"), "{text}");
        let block = text
            .split("```suggestion\n")
            .nth(1)
            .and_then(|b| b.split("\n```").next())
            .unwrap_or_default();
        // Every fix of the line, at once: what the line becomes when they are all applied.
        let fixed_line = {
            let fixes: Vec<_> = diagnostics
                .iter()
                .filter(|d| d.fix.is_some() && d.range.start() >= 22)
                .flat_map(|d| &d.fix.as_ref().expect("a fix").edits)
                .collect();
            apply_edits(source, &fixes)
                .lines()
                .nth(1)
                .unwrap_or_default()
                .to_owned()
        };
        assert_eq!(block, fixed_line, "{text}");
        for code in ["DF301", "DF302", "DF303"] {
            assert!(
                fixed_comment.contains(&format!("`{code}`")),
                "{code}: {text}"
            );
            assert!(
                block.contains(match code {
                    "DF301" => "-y",
                    "DF302" => "--no-install-recommends",
                    _ => "rm -rf /var/lib/apt/lists/*",
                }),
                "{code}: {block}"
            );
        }
    }

    #[test]
    fn a_fix_that_adds_lines_suggests_them_with_the_line_it_is_on() {
        let source = "services:\n  web:\n    image: x:1\n";
        let diagnostics = crate::Linter::new().lint(FileKind::Compose, source);
        let cap_drop = diagnostics
            .iter()
            .find(|d| d.code == "CP105")
            .expect("CP105");
        let (first, last, text) =
            suggestion(source, &LineIndex::new(source), cap_drop).expect("a suggestion");
        assert!(
            first <= last && text.contains("cap_drop: [ALL]"),
            "{first}-{last}: {text}"
        );
        // Lines added at the end of the file go with the last line.
        let source = "FROM python:3.13-slim\nCMD [\"python\", \"app.py\"]";
        let diagnostic = Diagnostic::new(
            &crate::dockerfile::rules::RunsAsRoot::META,
            crate::TextRange::new(0, 4),
            "root",
        )
        .with_fix_opt(Some(crate::engine::fix::Fix::unsafe_(
            "Add `USER 65532`",
            vec![crate::engine::fix::Edit::insert(
                source.len(),
                "\nUSER 65532",
            )],
        )));
        let (first, last, text) =
            suggestion(source, &LineIndex::new(source), &diagnostic).expect("a suggestion");
        assert_eq!(
            (first, last, text.as_str()),
            (2, 2, "CMD [\"python\", \"app.py\"]\nUSER 65532")
        );
        let source = "FROM a\nCMD x\n";
        let diagnostic = Diagnostic::new(
            &crate::dockerfile::rules::RunsAsRoot::META,
            crate::TextRange::new(0, 4),
            "root",
        )
        .with_fix_opt(Some(crate::engine::fix::Fix::unsafe_(
            "Add",
            vec![crate::engine::fix::Edit::insert(7, "USER 1\n")],
        )));
        assert_eq!(
            suggestion(source, &LineIndex::new(source), &diagnostic),
            Some((1, 1, "FROM a\nUSER 1".to_owned()))
        );
    }
}
