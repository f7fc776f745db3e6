//! Every code bulkhead has given a rule, in one table (as Ruff's `codes.rs`), and its
//! group: `Stable` (a rule that is reported) or `Removed` (a rule that is gone, whose code
//! stays here so that no other rule is ever given it). A code never changes meaning. The
//! rule table (`RULES`, collected from the rule files) is held to this one by the tests
//! below: a new rule's code is added here, a removed rule's code moves to `Removed`.

use Group::{Preview, Stable};

/// What a code is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// A rule that runs and is reported.
    Stable,
    /// A new rule: it runs only in preview (`--preview`, `preview = true`), so that an
    /// upgrade of bulkhead adds no finding to a CI that did not ask for one. After a
    /// release or two without complaints it becomes `Stable`.
    Preview,
    /// A rule that no longer exists; its code is never reused.
    Removed,
}

/// Every code given out so far, sorted.
pub const CODES: &[(&str, Group)] = &[
    ("BH001", Stable),
    ("BH002", Stable),
    ("BH003", Preview),
    ("BH004", Stable),
    ("CP000", Stable),
    ("CP001", Stable),
    ("CP002", Stable),
    ("CP003", Stable),
    ("CP101", Stable),
    ("CP102", Stable),
    ("CP103", Stable),
    ("CP104", Stable),
    ("CP105", Stable),
    ("CP106", Stable),
    ("CP107", Stable),
    ("CP108", Stable),
    ("CP109", Stable),
    ("CP201", Stable),
    ("CP202", Stable),
    ("CP203", Stable),
    ("CP301", Stable),
    ("CP302", Stable),
    ("CP401", Stable),
    ("CP402", Stable),
    ("CP403", Stable),
    ("DF000", Stable),
    ("DF001", Stable),
    ("DF002", Stable),
    ("DF003", Stable),
    ("DF004", Stable),
    ("DF005", Stable),
    ("DF006", Stable),
    ("DF007", Stable),
    ("DF008", Stable),
    ("DF009", Stable),
    ("DF010", Stable),
    ("DF011", Stable),
    ("DF012", Stable),
    ("DF013", Stable),
    ("DF014", Stable),
    ("DF015", Stable),
    ("DF016", Stable),
    ("DF017", Stable),
    ("DF018", Stable),
    ("DF019", Stable),
    ("DF020", Stable),
    ("DF021", Stable),
    ("DF022", Stable),
    ("DF023", Stable),
    ("DF024", Stable),
    ("DF025", Stable),
    ("DF026", Stable),
    ("DF027", Preview),
    ("DF100", Stable),
    ("DF101", Stable),
    ("DF102", Stable),
    ("DF103", Stable),
    ("DF104", Stable),
    ("DF105", Stable),
    ("DF106", Stable),
    ("DF107", Stable),
    ("DF108", Stable),
    ("DF200", Stable),
    ("DF201", Stable),
    ("DF202", Stable),
    ("DF208", Stable),
    ("DF300", Stable),
    ("DF301", Stable),
    ("DF302", Stable),
    ("DF303", Stable),
    ("DF304", Stable),
    ("DF305", Stable),
    ("DF306", Stable),
    ("DF310", Stable),
    ("DF311", Stable),
    ("DF312", Stable),
    ("DF313", Stable),
    ("DF314", Stable),
    ("DF320", Stable),
    ("DF321", Stable),
    ("DF322", Stable),
    ("DF323", Preview),
    ("DF400", Stable),
    ("DF401", Stable),
    ("DF402", Stable),
    ("DF403", Stable),
    ("DF404", Stable),
    ("DF405", Stable),
    ("DF406", Stable),
    ("DF407", Stable),
    ("DF500", Stable),
    ("DF501", Stable),
    ("KS000", Stable),
    ("KS001", Stable),
    ("KS002", Stable),
    ("KS003", Stable),
    ("KS004", Stable),
    ("KS005", Stable),
    ("KS006", Stable),
    ("KS007", Stable),
    ("KS101", Stable),
    ("KS102", Stable),
    ("KS103", Stable),
    ("KS104", Stable),
    ("KS105", Stable),
    ("KS106", Stable),
    ("KS107", Stable),
    ("KS108", Stable),
    ("KS109", Stable),
    ("KS110", Stable),
    ("KS111", Stable),
    ("KS112", Stable),
    ("KS113", Stable),
    ("KS201", Stable),
    ("KS202", Stable),
    ("KS203", Stable),
    ("KS204", Stable),
    ("KS205", Stable),
    ("KS206", Stable),
    ("KS301", Stable),
    ("KS302", Stable),
    ("KS303", Stable),
    ("KS304", Stable),
    ("KS305", Stable),
    ("KS306", Stable),
    ("KS307", Stable),
    ("KS308", Stable),
    ("KS309", Stable),
    ("KS310", Stable),
    ("KS311", Stable),
    ("KS312", Stable),
    ("KS313", Stable),
    ("KS314", Stable),
    ("KS315", Stable),
    ("KS316", Stable),
    ("RQ000", Stable),
    ("RQ001", Stable),
    ("RQ002", Stable),
    ("RQ003", Stable),
    ("RQ004", Stable),
    ("RQ005", Stable),
    ("RQ006", Stable),
    ("RQ007", Stable),
    ("RQ008", Stable),
    ("RQ009", Stable),
    ("XF001", Stable),
    ("XF002", Stable),
    ("XF003", Stable),
    ("XF004", Stable),
    ("XF005", Stable),
    ("XF006", Stable),
    ("XF007", Stable),
    ("XF008", Stable),
    ("XF009", Stable),
    ("XF010", Stable),
];

/// Whether the rule of `code` runs with these options: a preview rule only in
/// preview. (A code that was never given out runs nowhere.)
pub fn enabled(code: &str, options: &crate::Options) -> bool {
    match group(code) {
        Some(Stable) => true,
        Some(Preview) => options.preview,
        Some(Group::Removed) | None => false,
    }
}

/// What the docs say of a rule in preview (`bulkhead rule`, the rule reference, the
/// playground's rule panel).
pub const PREVIEW_NOTE: &str = "Preview: a new rule, which runs only with `--preview` (or `preview = true` in `bulkhead.toml`), so that upgrading bulkhead adds no finding to a CI that did not ask for it; the playground runs it unless Settings turns preview off.";

/// Whether the rule of `code` is in preview.
pub fn is_preview(code: &str) -> bool {
    group(code) == Some(Preview)
}

/// The group of `code`, if it was ever given out.
pub fn group(code: &str) -> Option<Group> {
    CODES
        .binary_search_by(|(c, _)| (*c).cmp(code))
        .ok()
        .map(|at| CODES[at].1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linter::registry::RULES;

    #[test]
    fn the_table_is_sorted_and_each_code_is_given_once() {
        assert!(
            CODES.windows(2).all(|w| w[0].0 < w[1].0),
            "CODES must be sorted, each code once"
        );
    }

    #[test]
    fn every_rule_has_a_stable_code_and_no_removed_code_has_a_rule() {
        for rule in RULES {
            assert!(
                matches!(group(rule.meta.code), Some(Stable | Preview)),
                "{}: add its code to linter/codes.rs (a removed code is never reused)",
                rule.meta.code
            );
        }
        for (code, group) in CODES {
            let ruled = RULES.iter().any(|r| r.meta.code == *code);
            match group {
                Stable | Preview => assert!(
                    ruled,
                    "{code} is stable but no rule has it: move it to Removed"
                ),
                Group::Removed => assert!(!ruled, "{code} was removed: give the rule a new code"),
            }
        }
        assert_eq!(group("DF999"), None);
    }

    /// A code is given once and keeps its meaning: a rule that goes keeps its code
    /// here as `Removed`, and a new rule never takes one, whatever its group.
    #[test]
    fn a_removed_code_is_reserved_and_never_runs() {
        let options = crate::Options {
            preview: true,
            ..crate::Options::default()
        };
        for (code, group) in CODES {
            let ruled = RULES.iter().any(|r| r.meta.code == *code);
            assert_eq!(*group != Group::Removed, ruled, "{code}");
            assert_eq!(enabled(code, &options), *group != Group::Removed, "{code}");
        }
        // Never given out: runs nowhere, even in preview.
        assert!(!enabled("DF999", &options));
        // Preview rules run only in preview.
        let preview: Vec<_> = CODES.iter().filter(|(_, g)| *g == Preview).collect();
        assert!(!preview.is_empty());
        for (code, _) in preview {
            assert!(!enabled(code, &crate::Options::default()), "{code}");
            assert!(is_preview(code));
        }
    }
}
