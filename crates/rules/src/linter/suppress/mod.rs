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
//!   makes the findings of the rules that have a BuildKit check errors;
//! - after the codes, `reason="…"` says why (`--require-reason` makes a suppression
//!   without one a finding, BH004), and a bulkhead comment that silences nothing is a
//!   finding too (BH003, with a safe fix that removes it).
//!
//! The findings about suppressions are rules of this folder, like the limits'.

use crate::dockerfile::Dockerfile;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::{Edit, Fix};
use crate::engine::registry::{Reads, RuleMeta, Severity, Tool};
use crate::engine::text::TextRange;
use crate::linter::registry::RULES;
use crate::Options;

include!(concat!(env!("OUT_DIR"), "/rules_suppress.rs"));

/// One suppression comment, read.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Suppression {
    /// Each rule as written, with our codes for it (none: it names no rule).
    items: Vec<(String, Vec<&'static str>)>,
    /// Whether it covers the whole file (else what follows it).
    whole_file: bool,
    /// The comment, from `#` to its end.
    comment: TextRange,
    /// Its whole line, with the line break: what removing it removes.
    line: TextRange,
    /// Written by bulkhead's syntax (else hadolint's).
    ours: bool,
    /// The `reason="…"` given, if any.
    reason: Option<String>,
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

/// The `reason="…"` (or `reason=word`) in a comment's text, if it has a non-empty one.
fn reason(text: &str) -> Option<String> {
    let at = text.find("reason=")?;
    let value = &text[at + "reason=".len()..];
    let reason = match value.strip_prefix('"') {
        Some(quoted) => quoted.split('"').next().unwrap_or_default(),
        None => value.split_whitespace().next().unwrap_or_default(),
    };
    Some(reason.trim().to_owned()).filter(|r| !r.is_empty())
}

/// Read a comment's text (after `#`): `bulkhead ignore=...`, `hadolint ignore=...`.
fn read_comment(text: &str, comment: TextRange, line: TextRange) -> Option<Suppression> {
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
        if !word.starts_with("reason=") && (all.ends_with(',') || word.starts_with(',')) {
            all.push_str(word);
        } else {
            break;
        }
    }
    let items = all
        .split(',')
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(|w| (w.to_owned(), our_codes(w)))
        .collect();
    Some(Suppression {
        items,
        whole_file,
        comment,
        line,
        ours: tool == "bulkhead",
        reason: reason(text),
    })
}

fn comments(source: &str) -> Vec<Suppression> {
    let mut found = Vec::new();
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix('#') {
            let start = offset + (line.len() - trimmed.len());
            let end = (offset + line.trim_end().len()).max(start);
            let whole = TextRange::new(offset, offset + line.len());
            if let Some(suppression) = read_comment(rest, TextRange::new(start, end), whole) {
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

/// What a suppression covers: the whole file, the text of a range (the next
/// instruction, or the next line of YAML), or nothing (a comment with nothing after it).
#[derive(Debug, Clone, Copy)]
enum Scope {
    File,
    Range(TextRange),
    Nothing,
}

impl Scope {
    fn covers(self, d: &Diagnostic) -> bool {
        match self {
            Self::File => true,
            Self::Range(range) => {
                range.start() <= d.range.start() && d.range.start() <= range.end()
            }
            Self::Nothing => false,
        }
    }
}

/// How the findings about suppressions are judged: which rules ran, and whether a
/// suppression must give its reason.
#[derive(Debug, Clone, Copy)]
pub struct Judging<'o> {
    pub options: &'o Options,
    /// The cross-file rules ran (a Dockerfile with a manifest or a Compose file).
    pub cross_file: bool,
}

impl Judging<'_> {
    /// Whether the rule ran, so that a suppression of it that silenced nothing is
    /// unused rather than waiting for the rule.
    fn ran(&self, meta: &RuleMeta) -> bool {
        (self.cross_file || meta.reads != Reads::Project)
            && crate::linter::codes::enabled(meta.code, self.options)
            && !self.options.ignores(meta)
    }
}

/// Drop the diagnostics that `suppressions` silence (each with its scope), then add the
/// findings about the suppressions themselves.
fn silence(
    suppressions: &[(Suppression, Scope)],
    judging: Judging<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut used: Vec<Vec<bool>> = suppressions
        .iter()
        .map(|(s, _)| vec![false; s.items.len()])
        .collect();
    diagnostics.retain(|d| {
        let mut silenced = false;
        for ((suppression, scope), used) in suppressions.iter().zip(&mut used) {
            if !scope.covers(d) {
                continue;
            }
            for ((_, codes), used) in suppression.items.iter().zip(used.iter_mut()) {
                if codes.contains(&d.code) {
                    *used = true;
                    silenced = true;
                }
            }
        }
        !silenced
    });
    let mut about = Vec::new();
    for ((suppression, _), used) in suppressions.iter().zip(&used) {
        if let Some(unused) = unused(suppression, used, judging) {
            about.push(unused);
        }
        if judging.options.require_reason && suppression.reason.is_none() {
            about.push(
                Diagnostic::new(
                    &SuppressionWithoutReason::META,
                    suppression.comment,
                    "This suppression gives no reason, and this project asks for one (`require-reason`)",
                )
                .with_help("Say why the finding does not apply here: `reason=\"…\"` after the codes"),
            );
        }
    }
    judging.options.apply(&mut about);
    diagnostics.extend(about);
}

/// The finding for a bulkhead suppression whose items silenced nothing, if any did not.
fn unused(suppression: &Suppression, used: &[bool], judging: Judging<'_>) -> Option<Diagnostic> {
    if !suppression.ours
        || !crate::linter::codes::enabled(UnusedSuppression::META.code, judging.options)
    {
        return None;
    }
    let judged = |codes: &[&str]| {
        codes
            .iter()
            .filter_map(|c| crate::linter::registry::find(c))
            .all(|rule| judging.ran(rule.meta))
    };
    let idle: Vec<&str> = suppression
        .items
        .iter()
        .zip(used)
        .filter(|((_, codes), used)| !**used && judged(codes))
        .map(|((written, _), _)| written.as_str())
        .collect();
    if idle.is_empty() {
        return None;
    }
    let names = idle
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let unknown = suppression
        .items
        .iter()
        .filter(|(w, codes)| codes.is_empty() && idle.contains(&w.as_str()))
        .count();
    let why = if unknown == idle.len() {
        "names no rule"
    } else {
        "has no finding to silence where it applies"
    };
    let d = Diagnostic::new(
        &UnusedSuppression::META,
        suppression.comment,
        format!("This suppression silences nothing: {names} {why}"),
    );
    Some(if idle.len() == suppression.items.len() {
        d.with_fix(Fix::safe(
            "Remove the comment",
            vec![Edit::delete(suppression.line)],
        ))
    } else {
        d.with_help(format!("Remove {names} from the list"))
    })
}

/// Remove the diagnostics that suppression comments silence in a Dockerfile, where a
/// comment covers the first instruction that starts after it.
pub fn apply(
    source: &str,
    dockerfile: &Dockerfile,
    judging: Judging<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if let Some(checks) = BuildChecks::read(dockerfile) {
        checks.apply(diagnostics);
    }
    let instructions = &dockerfile.instructions;
    let scoped = scoped(source, |comment| {
        let next = instructions.partition_point(|i| i.keyword_range.start() < comment.end());
        instructions
            .get(next)
            .map_or(Scope::Nothing, |i| Scope::Range(i.range))
    });
    silence(&scoped, judging, diagnostics);
}

/// The suppression comments of `source`, each with what it covers: the whole file, or
/// what `next` finds after a line comment.
fn scoped(source: &str, next: impl Fn(TextRange) -> Scope) -> Vec<(Suppression, Scope)> {
    comments(source)
        .into_iter()
        .map(|s| {
            let scope = if s.whole_file {
                Scope::File
            } else {
                next(s.comment)
            };
            (s, scope)
        })
        .collect()
}

/// Remove the diagnostics that suppression comments silence in a file without
/// instructions (YAML, requirements): a comment line covers the next line that is not
/// blank or a comment.
pub fn apply_by_line(source: &str, judging: Judging<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let scoped = scoped(source, |comment| {
        next_content_line(source, comment.end()).map_or(Scope::Nothing, Scope::Range)
    });
    silence(&scoped, judging, diagnostics);
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
            .preview(true)
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

    fn with(options: &crate::Options, source: &str) -> Vec<crate::Diagnostic> {
        Linter::new()
            .options(options)
            .lint(FileKind::Dockerfile, source)
    }

    fn preview() -> crate::Options {
        crate::Options {
            preview: true,
            ..crate::Options::default()
        }
    }

    #[test]
    fn a_reason_is_read_after_the_codes() {
        let src = "FROM a:1\n# bulkhead ignore=DF322, DF300 reason=\"the build needs it\"\nRUN cd /x && apt update\n";
        assert!(codes(src).is_empty(), "{:?}", codes(src));
        let found = super::comments(src);
        assert_eq!(found[0].reason.as_deref(), Some("the build needs it"));
        assert_eq!(found[0].items.len(), 2);
        let bare = super::comments("# hadolint ignore=DL3003 reason=legacy\n");
        assert_eq!(bare[0].reason.as_deref(), Some("legacy"));
        assert_eq!(
            super::comments("# bulkhead ignore=DF001 reason=\"\"\n")[0].reason,
            None
        );
    }

    #[test]
    fn require_reason_flags_a_suppression_without_one() {
        let src = "FROM a:1\n# bulkhead ignore=DF322\nRUN cd /x\n# hadolint ignore=DL3003 reason=\"a\"\nRUN cd /y\n";
        let asked = crate::Options {
            require_reason: true,
            ..crate::Options::default()
        };
        let found: Vec<_> = with(&asked, src)
            .into_iter()
            .filter(|d| d.code == "BH004")
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].range.slice(src), "# bulkhead ignore=DF322");
        assert!(with(&crate::Options::default(), src)
            .iter()
            .all(|d| d.code != "BH004"));
    }

    #[test]
    fn a_suppression_that_silences_nothing_is_flagged_with_a_safe_fix() {
        let src = "# bulkhead ignore=DF001\nFROM python:3.13-slim\n# bulkhead ignore=DF322,DF999 reason=\"old\"\nRUN cd /x\n";
        let found: Vec<_> = with(&preview(), src)
            .into_iter()
            .filter(|d| d.code == "BH003")
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        // Nothing silenced: the fix removes the line.
        assert!(found[0].message.contains("`DF001`"), "{}", found[0].message);
        let fix = found[0].fix.as_ref().expect("a fix");
        assert_eq!(fix.applicability, crate::engine::fix::Applicability::Safe);
        let fixed = crate::engine::fix::apply_edits(src, &fix.edits.iter().collect::<Vec<_>>());
        assert!(fixed.starts_with("FROM python:3.13-slim\n"), "{fixed}");
        // DF322 is silenced, DF999 names no rule: no fix, the finding names it.
        assert!(found[1].message.contains("`DF999`") && !found[1].message.contains("DF322"));
        assert!(found[1].fix.is_none());
        // A YAML suppression too.
        let yaml = "# bulkhead ignore=duplicate-key\na: 1\n";
        let found = Linter::new()
            .options(&preview())
            .lint(FileKind::Kubernetes, yaml);
        assert!(found.iter().any(|d| d.code == "BH003"), "{found:?}");
    }

    #[test]
    fn only_rules_that_ran_and_our_own_comments_are_judged() {
        // hadolint's comment may be for hadolint; an ignored rule did not run; a
        // cross-file rule does not run on one file.
        let src = "# hadolint ignore=DL3006\n# bulkhead ignore=DF322\n# bulkhead ignore=XF001\nFROM python:3.13-slim\n";
        let options = crate::Options {
            ignore: vec!["cd-in-run".into()],
            ..preview()
        };
        let found: Vec<_> = with(&options, src)
            .into_iter()
            .filter(|d| d.code == "BH003")
            .collect();
        assert!(found.is_empty(), "{found:?}");
        // Without preview, BH003 itself does not run.
        let plain = "# bulkhead ignore=DF001\nFROM python:3.13-slim\n";
        assert!(with(&crate::Options::default(), plain)
            .iter()
            .all(|d| d.code != "BH003"));
        // It can be ignored like any rule.
        let quiet = crate::Options {
            ignore: vec!["unused-suppression".into()],
            ..preview()
        };
        assert!(with(&quiet, plain).iter().all(|d| d.code != "BH003"));
        assert!(with(&preview(), plain).iter().any(|d| d.code == "BH003"));
    }

    #[test]
    fn unrelated_comments_change_nothing() {
        let src = "# bulkhead is great\n# hadolint ignore\nFROM node\n";
        assert_eq!(codes(src), ["DF001"]);
    }
}
