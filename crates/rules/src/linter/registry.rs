//! The rule table: every rule and how it is run, collected from the rule files by
//! build.rs, and looking a rule up by code or name.

use crate::engine::registry::{FileKind, Reads, RuleMeta};

/// How a rule is run.
#[derive(Debug, Clone, Copy)]
pub enum Check {
    /// Reported by the parser, not by a check function.
    Parser,
    Dockerfile(crate::dockerfile::Check),
    Kubernetes(crate::kubernetes::Check),
    Compose(crate::compose::Check),
    Requirements(crate::requirements::Check),
    /// A rule that reads several files together.
    CrossFile(crate::crossfile::CrossCheck),
}

/// A registered rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub meta: &'static RuleMeta,
    pub check: Check,
}

/// A Dockerfile rule with a check function.
macro_rules! dockerfile_rule {
    ($rule:ident) => {
        Rule {
            meta: &crate::dockerfile::rules::$rule::META,
            check: Check::Dockerfile(crate::dockerfile::rules::$rule::check),
        }
    };
}

/// A Kubernetes rule with a check function.
macro_rules! kubernetes_rule {
    ($rule:ident) => {
        Rule {
            meta: &crate::kubernetes::rules::$rule::META,
            check: Check::Kubernetes(crate::kubernetes::rules::$rule::check),
        }
    };
}

/// A Compose rule with a check function.
/// Without the `compose` feature (the playground's first module, which leaves Compose
/// files to the module it loads on demand) the rules are known but not run.
#[cfg(feature = "compose")]
macro_rules! compose_rule {
    ($rule:ident) => {
        Rule {
            meta: &crate::compose::rules::$rule::META,
            check: Check::Compose(crate::compose::rules::$rule::check),
        }
    };
}
#[cfg(not(feature = "compose"))]
macro_rules! compose_rule {
    ($rule:ident) => {
        Rule {
            meta: &crate::compose::rules::$rule::META,
            check: Check::Parser,
        }
    };
}

/// A requirements-file rule with a check function.
macro_rules! requirements_rule {
    ($rule:ident) => {
        Rule {
            meta: &crate::requirements::rules::$rule::META,
            check: Check::Requirements(crate::requirements::rules::$rule::check),
        }
    };
}

/// A cross-file rule with a check function.
macro_rules! crossfile_rule {
    ($rule:ident) => {
        Rule {
            meta: &crate::crossfile::rules::$rule::META,
            check: Check::CrossFile(crate::crossfile::rules::$rule::check),
        }
    };
}

// `RULES`: every rule, ordered by code, collected from the rule files by build.rs.
include!(concat!(env!("OUT_DIR"), "/rules_table.rs"));

/// The parse-error rule of a file kind: how a file that cannot be read (or text that is
/// not UTF-8) is reported.
pub fn parse_error(kind: FileKind) -> &'static RuleMeta {
    RULES
        .iter()
        .map(|rule| rule.meta)
        .find(|meta| meta.parse_error && meta.reads == Reads::File(kind))
        .expect("every file kind has a parse-error rule")
}

/// Look a rule up by code (`DF001`) or name (`latest-base-image`).
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|rule| {
        rule.meta.code.eq_ignore_ascii_case(code_or_name) || rule.meta.name == code_or_name
    })
}

#[cfg(test)]
mod table_tests {
    use super::*;
    use crate::engine::registry::Severity;
    use std::collections::HashSet;

    /// `sources` is the one list of other tools' checks: the docs make the References
    /// list from it, so the doc comment's own References cite no peer check IDs.
    #[cfg(feature = "docs")]
    #[test]
    fn references_cite_peer_checks_only_through_sources() {
        let looks_like_id = |word: &str| {
            let word = word.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '_');
            let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
            word.strip_prefix("DL").is_some_and(digits)
                || word.strip_prefix("DS-").is_some_and(digits)
                || word.strip_prefix("KSV").is_some_and(digits)
                || word.starts_with("CKV_")
                || word.starts_with("CKV2_")
        };
        for rule in RULES {
            let raw = rule.meta.raw_docs;
            let Some((_, references)) = raw.split_once("## References") else {
                continue;
            };
            let cited: Vec<&str> = references
                .split_whitespace()
                .filter(|w| looks_like_id(w))
                .collect();
            assert!(
                cited.is_empty(),
                "{}: its References cite {cited:?}: put other tools' checks in `sources`, which the docs list",
                rule.meta.code
            );
        }
    }

    /// Every rule names the standards' items it implements, or says in its docs that
    /// none covers it; each item is written the standard's way, and one number has one
    /// title everywhere.
    #[test]
    fn every_rule_has_references_or_says_none() {
        use crate::knowledge::standards::{CIS_DOCKER, NSA_CISA, OWASP_DOCKER, PSS};
        let mut titles: Vec<(&str, &str, &str)> = Vec::new();
        let mut with = 0;
        for rule in RULES {
            let meta = rule.meta;
            let references = meta.references();
            let docs = meta.docs();
            let standards = docs
                .split_once("## Standards")
                .map(|(_, s)| s)
                .unwrap_or_default();
            if references.is_empty() {
                assert!(
                    standards.trim_start().starts_with("None:"),
                    "{}: no references and no \"None:\"",
                    meta.code
                );
                continue;
            }
            with += 1;
            for r in &references {
                let item = r.item;
                let well_formed = match item.standard {
                    s if s == CIS_DOCKER => {
                        item.id.split('.').all(|n| n.parse::<u8>().is_ok()) && item.id.contains('.')
                    }
                    s if s == OWASP_DOCKER => item
                        .id
                        .strip_prefix("RULE #")
                        .is_some_and(|n| n.trim_end_matches('a').parse::<u8>().is_ok()),
                    s if s == PSS => {
                        item.id.starts_with("Baseline: ") || item.id.starts_with("Restricted: ")
                    }
                    s if s == NSA_CISA => item.id == item.title,
                    _ => false,
                };
                assert!(
                    well_formed && !item.title.is_empty(),
                    "{}: {item:?}",
                    meta.code
                );
                assert!(
                    standards.contains(item.title),
                    "{}: its docs do not list {item:?}",
                    meta.code
                );
                match titles
                    .iter()
                    .find(|(s, id, _)| *s == item.standard && *id == item.id)
                {
                    Some((_, _, title)) => {
                        assert_eq!(*title, item.title, "{}: {}", meta.code, item.id);
                    }
                    None => titles.push((item.standard, item.id, item.title)),
                }
            }
        }
        // Most rules are about something a standard asks for.
        assert!(
            with * 2 > RULES.len(),
            "{with} of {} rules have references",
            RULES.len()
        );
    }

    #[test]
    fn each_file_kind_has_one_parse_error_rule_flagged_as_such() {
        let flagged: Vec<_> = RULES
            .iter()
            .filter(|r| r.meta.parse_error)
            .map(|r| (r.meta.code, r.meta.name, r.meta.reads))
            .collect();
        assert_eq!(flagged.len(), 4, "{flagged:?}");
        assert!(
            flagged.iter().all(|(_, name, _)| *name == "parse-error"),
            "{flagged:?}"
        );
        let kinds: HashSet<_> = flagged.iter().map(|(_, _, kind)| *kind).collect();
        assert_eq!(kinds.len(), 4, "one per file kind: {flagged:?}");
        for kind in [
            FileKind::Dockerfile,
            FileKind::Kubernetes,
            FileKind::Requirements,
        ] {
            assert_eq!(parse_error(kind).reads, Reads::File(kind));
        }
    }

    #[test]
    fn codes_and_names_are_unique_and_sorted() {
        let codes: Vec<_> = RULES.iter().map(|r| r.meta.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        assert_eq!(codes, sorted, "RULES must be ordered by code");
        // `parse-error` is the one name each file kind has.
        let names: HashSet<_> = RULES.iter().map(|r| (r.meta.name, r.meta.reads)).collect();
        assert_eq!(names.len(), RULES.len(), "rule names must be unique");
        for rule in RULES.iter().filter(|r| !r.meta.parse_error) {
            assert_eq!(
                RULES
                    .iter()
                    .filter(|r| r.meta.name == rule.meta.name)
                    .count(),
                1,
                "{} is used twice",
                rule.meta.name
            );
        }
        assert_eq!(codes.iter().collect::<HashSet<_>>().len(), RULES.len());
    }

    #[test]
    fn every_rule_has_the_documentation_sections() {
        for rule in RULES {
            let docs = rule.meta.docs();
            for heading in ["## What it does", "## Why is this bad?", "## Example"] {
                assert!(
                    docs.contains(heading),
                    "{} lacks `{heading}`",
                    rule.meta.code
                );
            }
            assert!(
                !rule.meta.summary().is_empty(),
                "{} has no summary",
                rule.meta.code
            );
        }
    }

    #[test]
    fn breaking_baseline_is_an_error_and_restricted_alone_a_warning() {
        use crate::engine::pss::PssLevel;
        for rule in RULES {
            let expected = match rule.meta.pss_level() {
                Some(PssLevel::Baseline) => Severity::Error,
                Some(PssLevel::Restricted) => Severity::Warning,
                None => continue,
            };
            assert_eq!(rule.meta.severity, expected, "{}", rule.meta.code);
        }
    }

    #[test]
    fn find_by_code_or_name() {
        assert_eq!(
            find("df001").map(|r| r.meta.name),
            Some("latest-base-image")
        );
        assert_eq!(
            find("latest-base-image").map(|r| r.meta.code),
            Some("DF001")
        );
        assert!(find("nope").is_none());
    }
}
