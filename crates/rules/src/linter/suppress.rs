//! Suppression comments:
//!
//! - `# bulkhead ignore=DF001,DF200` on the line(s) before an instruction silences
//!   those rules for that instruction (codes or names);
//! - `# bulkhead ignore-file=DF500` anywhere silences a rule for the whole file;
//! - hadolint's `# hadolint ignore=DL3008` and `# hadolint global ignore=DL3008` are
//!   understood too, mapped to our rules through each rule's `sources`;
//! - BuildKit's own parser directive at the top of the file, `# check=skip=A,B`,
//!   `# check=skip=all` and `# check=error=true` (joined with `;`), drops the findings
//!   of the rules whose `sources` name those build checks (all of them for `all`), and
//!   makes the findings of the rules that have a BuildKit check errors.

use crate::dockerfile::Dockerfile;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{RuleMeta, Severity, Tool};
use crate::engine::text::TextRange;
use crate::linter::registry::RULES;

/// One suppression comment, read.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Suppression {
    /// Our rule codes.
    codes: Vec<&'static str>,
    /// `None` for the whole file; else the comment's range (the next instruction is
    /// found later).
    line: Option<TextRange>,
}

/// Our codes for a code or name written in a comment: `DF001`, `latest-base-image`,
/// or a hadolint code such as `DL3006`.
fn our_codes(written: &str) -> Vec<&'static str> {
    let written = written.trim();
    if written.is_empty() {
        return Vec::new();
    }
    RULES
        .iter()
        .filter(|rule| {
            rule.meta.code.eq_ignore_ascii_case(written)
                || rule.meta.name == written
                || rule
                    .meta
                    .cites(Tool::Hadolint)
                    .any(|s| s.id.eq_ignore_ascii_case(written))
        })
        .map(|rule| rule.meta.code)
        .collect()
}

/// Read a comment's text (after `#`): `bulkhead ignore=...`, `hadolint ignore=...`.
fn read_comment(text: &str, range: TextRange) -> Option<Suppression> {
    let mut words = text.split_whitespace();
    let tool = words.next()?;
    if tool != "bulkhead" && tool != "hadolint" {
        return None;
    }
    let mut directive = words.next()?;
    let mut whole_file = false;
    if tool == "hadolint" && directive == "global" {
        whole_file = true;
        directive = words.next()?;
    }
    let (key, list) = directive.split_once('=')?;
    match key {
        "ignore" => {}
        "ignore-file" if tool == "bulkhead" => whole_file = true,
        _ => return None,
    }
    // Codes may be separated by commas with or without spaces after them.
    let mut all = list.to_owned();
    for word in words {
        if all.ends_with(',') || word.starts_with(',') {
            all.push_str(word);
        } else {
            break;
        }
    }
    let codes = all.split(',').flat_map(our_codes).collect();
    Some(Suppression {
        codes,
        line: (!whole_file).then_some(range),
    })
}

fn comments(source: &str) -> Vec<Suppression> {
    let mut found = Vec::new();
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix('#') {
            let start = offset + (line.len() - trimmed.len());
            let end = offset + line.trim_end().len();
            if let Some(suppression) = read_comment(rest, TextRange::new(start, end.max(start))) {
                found.push(suppression);
            }
        }
        offset += line.len();
    }
    found
}

/// What BuildKit's `# check=` directive asks: the checks to skip (`None`: none; an
/// empty list is `skip=all`) and whether their findings are errors.
#[derive(Debug, Default, PartialEq, Eq)]
struct BuildChecks {
    /// The build checks named by `skip=`; `all` stands for every one.
    skip: Vec<String>,
    error: bool,
}

impl BuildChecks {
    /// The `# check=` directive of a file, if it has one (the last, if several).
    fn read(dockerfile: &Dockerfile) -> Option<Self> {
        let value = &dockerfile
            .directives
            .iter()
            .rfind(|d| d.name == "check")?
            .value;
        let mut checks = Self::default();
        for part in value.split(';') {
            let Some((key, list)) = part.split_once('=') else {
                continue;
            };
            match key.trim() {
                "skip" => checks.skip.extend(
                    list.split(',')
                        .map(str::trim)
                        .filter(|c| !c.is_empty())
                        .map(str::to_owned),
                ),
                "error" => checks.error = list.trim().eq_ignore_ascii_case("true"),
                _ => {}
            }
        }
        Some(checks)
    }

    /// The BuildKit checks a rule reports (as its `sources` say).
    fn buildkit_checks(meta: &RuleMeta) -> impl Iterator<Item = &'static str> {
        meta.cites(Tool::BuildKit).map(|s| s.id)
    }

    fn skips(&self, meta: &RuleMeta) -> bool {
        Self::buildkit_checks(meta).any(|check| {
            self.skip
                .iter()
                .any(|skipped| skipped == "all" || skipped == check)
        })
    }

    /// Drop the skipped checks' findings, and make the others errors if asked.
    fn apply(&self, diagnostics: &mut Vec<Diagnostic>) {
        let meta = |d: &Diagnostic| crate::linter::registry::find(d.code).map(|r| r.meta);
        diagnostics.retain(|d| !meta(d).is_some_and(|m| self.skips(m)));
        if self.error {
            for d in diagnostics.iter_mut() {
                if meta(d).is_some_and(|m| Self::buildkit_checks(m).next().is_some()) {
                    d.severity = Severity::Error;
                }
            }
        }
    }
}

/// Remove the diagnostics that suppression comments silence.
pub fn apply(source: &str, dockerfile: &Dockerfile, diagnostics: &mut Vec<Diagnostic>) {
    if let Some(checks) = BuildChecks::read(dockerfile) {
        checks.apply(diagnostics);
    }
    let suppressions = comments(source);
    if suppressions.is_empty() {
        return;
    }
    // Each line suppression covers the first instruction that starts after it.
    let instructions = &dockerfile.instructions;
    let mut file_codes = Vec::new();
    // `(instruction, codes)`: a few at most, so a list.
    let mut scoped: Vec<(usize, Vec<&'static str>)> = Vec::new();
    for suppression in suppressions {
        match suppression.line {
            None => file_codes.extend(suppression.codes),
            Some(comment) => {
                let next =
                    instructions.partition_point(|i| i.keyword_range.start() < comment.end());
                if next < instructions.len() {
                    match scoped.iter_mut().find(|(i, _)| *i == next) {
                        Some((_, codes)) => codes.extend(suppression.codes),
                        None => scoped.push((next, suppression.codes)),
                    }
                }
            }
        }
    }
    diagnostics.retain(|d| {
        if file_codes.contains(&d.code) {
            return false;
        }
        // The instruction the diagnostic starts in: the last one starting at or before it.
        let at = instructions.partition_point(|i| i.range.start() <= d.range.start());
        let Some(index) = at.checked_sub(1) else {
            return true;
        };
        let inside = d.range.start() <= instructions[index].range.end();
        !(inside
            && scoped
                .iter()
                .any(|(i, codes)| *i == index && codes.contains(&d.code)))
    });
}

/// Remove the diagnostics that suppression comments silence in a file without
/// instructions (YAML): a comment line covers the next line that is not blank or a
/// comment.
pub fn apply_by_line(source: &str, diagnostics: &mut Vec<Diagnostic>) {
    let suppressions = comments(source);
    if suppressions.is_empty() {
        return;
    }
    let mut file_codes = Vec::new();
    // (start, end) of the covered line → codes.
    let mut scoped: Vec<(TextRange, Vec<&'static str>)> = Vec::new();
    for suppression in suppressions {
        match suppression.line {
            None => file_codes.extend(suppression.codes),
            Some(comment) => {
                if let Some(line) = next_content_line(source, comment.end()) {
                    scoped.push((line, suppression.codes));
                }
            }
        }
    }
    diagnostics.retain(|d| {
        !file_codes.contains(&d.code)
            && !scoped.iter().any(|(line, codes)| {
                line.start() <= d.range.start()
                    && d.range.start() <= line.end()
                    && codes.contains(&d.code)
            })
    });
}

/// The first line after `offset` that is neither blank nor a comment.
fn next_content_line(source: &str, offset: usize) -> Option<TextRange> {
    let mut start = source[offset..].find('\n')? + offset + 1;
    for line in source[start..].split_inclusive('\n') {
        let trimmed = line.trim();
        if !trimmed.is_empty() && !trimmed.starts_with('#') {
            return Some(TextRange::new(start, start + line.trim_end().len()));
        }
        start += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::{FileKind, Linter};

    fn codes(source: &str) -> Vec<&'static str> {
        let mut codes: Vec<_> = Linter::new()
            .lint(FileKind::Dockerfile, source)
            .into_iter()
            .map(|d| d.code)
            .filter(|c| matches!(*c, "DF001" | "DF300" | "DF322"))
            .collect();
        codes.dedup();
        codes
    }

    #[test]
    fn line_suppression_covers_only_the_next_instruction() {
        let src = "# bulkhead ignore=DF001\nFROM python:latest\nFROM node\n";
        assert_eq!(codes(src), ["DF001"]);
        let findings = Linter::new().lint(FileKind::Dockerfile, src);
        assert!(findings
            .iter()
            .all(|d| d.code != "DF001" || d.range.start() > 40));
    }

    #[test]
    fn names_lists_and_comments_in_between() {
        let src = "FROM a:1\n# bulkhead ignore=apt-instead-of-apt-get, cd-in-run\n# why: legacy\nRUN cd /x && apt update\n";
        assert!(codes(src).is_empty(), "{:?}", codes(src));
    }

    #[test]
    fn file_suppression_and_hadolint_codes() {
        let src = "# bulkhead ignore-file=DF001\nFROM python:latest\nFROM node\n";
        assert!(codes(src).is_empty());
        let src =
            "FROM a:1\n# hadolint ignore=DL3027,DL3003\nRUN cd /x && apt update\nRUN apt update\n";
        assert_eq!(codes(src), ["DF300"]);
        let src = "# hadolint global ignore=DL3006\nFROM node\nFROM python\n";
        assert!(codes(src).is_empty());
    }

    #[test]
    fn yaml_suppressions_cover_the_next_line() {
        let src = "a: 1\n# bulkhead ignore=duplicate-key\n\na: 2\nb: 1\nb: 2\n";
        let codes: Vec<_> = Linter::new()
            .lint(FileKind::Kubernetes, src)
            .into_iter()
            .filter(|d| d.code == "KS001")
            .map(|d| d.range.start())
            .collect();
        assert_eq!(codes, [src.rfind("b:").expect("b")]);
        let src = "# bulkhead ignore-file=KS001,KS005\na: 1\na: 2\n";
        assert!(Linter::new().lint(FileKind::Kubernetes, src).is_empty());
    }

    fn findings(source: &str) -> Vec<(&'static str, crate::Severity)> {
        Linter::new()
            .lint(FileKind::Dockerfile, source)
            .into_iter()
            .map(|d| (d.code, d.severity))
            .collect()
    }

    const CHECKED: &str = "FROM python:3.13 AS Build\nMAINTAINER me\nFROM Build\n";

    #[test]
    fn buildkit_check_skip_drops_the_rules_of_those_checks() {
        let all = findings(CHECKED);
        assert!(all.iter().any(|(c, _)| *c == "DF016"), "{all:?}");
        assert!(all.iter().any(|(c, _)| *c == "DF005"), "{all:?}");
        let src = format!("# check=skip=StageNameCasing, MaintainerDeprecated\n{CHECKED}");
        let skipped = findings(&src);
        assert!(
            skipped
                .iter()
                .all(|(c, _)| !matches!(*c, "DF016" | "DF005")),
            "{skipped:?}"
        );
        assert_eq!(skipped.len(), all.len() - 2, "{skipped:?}");
        // Names are BuildKit's, in its casing; a directive below an instruction is a comment.
        let src = format!("# check=skip=stagenamecasing\n{CHECKED}");
        assert_eq!(findings(&src).len(), all.len());
        let src = format!("{CHECKED}# check=skip=StageNameCasing\n");
        assert_eq!(findings(&src).len(), all.len());
    }

    #[test]
    fn buildkit_check_skip_all_drops_every_buildkit_check() {
        let src = format!("# syntax=docker/dockerfile:1\n# check=skip=all\n{CHECKED}");
        let left = findings(&src);
        assert!(!left.is_empty());
        for (code, _) in left {
            let rule = crate::linter::registry::find(code).expect("a rule");
            assert!(
                rule.meta
                    .sources
                    .iter()
                    .all(|s| s.tool != crate::engine::registry::Tool::BuildKit),
                "{code}"
            );
        }
    }

    #[test]
    fn buildkit_check_error_makes_its_findings_errors() {
        let src = format!("# check=error=true\n{CHECKED}");
        let found = findings(&src);
        let severity = |code| found.iter().find(|(c, _)| *c == code).map(|(_, s)| *s);
        assert_eq!(severity("DF016"), Some(crate::Severity::Error));
        assert_eq!(severity("DF005"), Some(crate::Severity::Error));
        // A rule with no BuildKit check keeps its severity (DF100: a full base image).
        let plain = findings(CHECKED);
        let before = plain.iter().find(|(c, _)| *c == "DF100").map(|(_, s)| *s);
        assert_eq!(severity("DF100"), before);
        assert_ne!(before, Some(crate::Severity::Error));
        // Both at once: the skipped are gone, the others are errors.
        let src = format!("# check=skip=StageNameCasing;error=true\n{CHECKED}");
        let found = findings(&src);
        assert!(found.iter().all(|(c, _)| *c != "DF016"));
        assert!(found.contains(&("DF005", crate::Severity::Error)));
    }

    #[test]
    fn unrelated_comments_change_nothing() {
        let src = "# bulkhead is great\n# hadolint ignore\nFROM node\n";
        assert_eq!(codes(src), ["DF001"]);
    }
}
