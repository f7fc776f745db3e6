//! The rule table: every rule's metadata and check function, in one place.

pub mod dockerfile;
pub mod kubernetes;
pub mod project;
pub mod requirements;

use crate::catalog::{catalog, ImageFacts};
use crate::diagnostic::Diagnostic;
use crate::dockerfile::{Base, Command, Dockerfile, ImageRef, Instruction, Model, Stage};
use crate::registry::RuleMeta;
use crate::text::LineIndex;

/// What a Dockerfile rule sees.
#[derive(Debug)]
pub struct DockerfileContext<'a> {
    pub source: &'a str,
    pub dockerfile: &'a Dockerfile,
    pub model: &'a Model<'a>,
    pub lines: &'a LineIndex,
    pub commands: &'a [ShellCommand<'a>],
}

/// A `COPY --from=<stage>` between two stages of the same file.
#[derive(Debug, Clone, Copy)]
pub struct StageCopy<'a> {
    /// The stage the files are copied into.
    pub into: &'a Stage<'a>,
    pub copy: &'a crate::dockerfile::Copy<'a>,
    /// The `--from` flag, where findings about the copy point.
    pub from: &'a crate::dockerfile::Flag,
    /// The stage the files come from.
    pub source: &'a Stage<'a>,
}

/// A simple command of a `RUN`, with the stage and instruction it belongs to.
pub type ShellCommand<'a> = (&'a Stage<'a>, &'a Instruction, &'a Command);

/// The simple commands of every `RUN` (and `ONBUILD RUN`) in stages with a POSIX
/// shell.
pub fn shell_commands<'a>(model: &'a Model<'a>) -> Vec<ShellCommand<'a>> {
    let mut out = Vec::new();
    for stage in &model.stages {
        if stage.non_posix_shell() {
            continue;
        }
        for run in stage.runs().iter().chain(stage.trigger_runs()) {
            for command in &run.commands {
                out.push((stage, run.instruction, command));
            }
        }
    }
    out
}

impl<'a> DockerfileContext<'a> {
    /// The 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.lines.line_of(offset) + 1
    }

    /// Whether a stage's files end up in the shipped image: the final stage and the
    /// stages it is built `FROM`. (Files copied out of a builder with `COPY --from` are
    /// judged at that `COPY`.)
    pub fn ships(&self, stage: &Stage<'_>) -> bool {
        stage.in_shipped_image
    }

    /// Every `COPY --from=<stage>` that names a stage of this file.
    pub fn stage_copies(&self) -> Vec<StageCopy<'a>> {
        let mut out = Vec::new();
        for stage in &self.model.stages {
            for copy in stage.copies() {
                let Some(from) = copy.from.as_ref() else {
                    continue;
                };
                let named = from
                    .value
                    .as_deref()
                    .and_then(|v| self.model.stage_named(v));
                if let Some(source) = named {
                    out.push(StageCopy {
                        into: stage,
                        copy,
                        from,
                        source,
                    });
                }
            }
        }
        out
    }

    /// The image a stage's chain of `FROM <stage>` starts from, if it is an image.
    pub fn root_image(&self, stage: &'a Stage<'a>) -> Option<ImageRef<'a>> {
        match self.model.root_base(stage) {
            Base::Image(reference) => Some(ImageRef::parse(reference)),
            _ => None,
        }
    }

    /// The catalog facts of the image a stage's chain starts from, if known.
    pub fn base_facts(&self, stage: &'a Stage<'a>) -> Option<&'static ImageFacts> {
        catalog().facts(&self.root_image(stage)?)
    }

    /// Every simple command run by a `RUN` in a stage with a POSIX shell, with its
    /// stage and instruction (computed once per file).
    pub fn shell_commands(&self) -> &'a [ShellCommand<'a>] {
        self.commands
    }
}

/// What a Kubernetes rule sees.
#[derive(Debug)]
pub struct KubernetesContext<'a> {
    pub source: &'a str,
    pub yaml: &'a crate::yaml::Yaml,
    pub manifest: &'a crate::k8s::Manifest<'a>,
}

/// What a requirements-file rule sees.
#[derive(Debug)]
pub struct RequirementsContext<'a> {
    pub source: &'a str,
    pub requirements: &'a crate::requirements::Requirements,
}

/// An edit that adds `option` right after a package manager's subcommand
/// (`apt-get install` → `apt-get install -y`), when the subcommand is written plainly.
pub fn option_after_subcommand(
    source: &str,
    package: &crate::dockerfile::PackageCommand<'_>,
    option: &str,
) -> Option<crate::fix::Edit> {
    let word = package.subcommand_word()?;
    (word.range.slice(source) == word.text)
        .then(|| crate::fix::Edit::insert(word.range.end(), format!(" {option}")))
}

/// An edit that puts `lines` (without a trailing newline) on their own lines just
/// before the stage's `CMD`/`ENTRYPOINT`, or after its last instruction.
pub fn insert_before_command(source: &str, stage: &Stage<'_>, lines: &str) -> crate::fix::Edit {
    let command = stage
        .instructions
        .iter()
        .find(|i| matches!(i.keyword.as_str(), "CMD" | "ENTRYPOINT"));
    if let Some(command) = command {
        let line_start = source[..command.range.start()]
            .rfind('\n')
            .map_or(0, |n| n + 1);
        crate::fix::Edit::insert(line_start, format!("{lines}\n"))
    } else {
        let end = stage
            .instructions
            .last()
            .map_or(stage.from.range.end(), |i| i.range.end());
        crate::fix::Edit::insert(end, format!("\n{lines}"))
    }
}

/// How a rule is run.
#[derive(Debug, Clone, Copy)]
pub enum Check {
    /// Reported by the parser, not by a check function.
    Parser,
    Dockerfile(fn(&DockerfileContext<'_>, &mut Vec<Diagnostic>)),
    Kubernetes(fn(&KubernetesContext<'_>, &mut Vec<Diagnostic>)),
    Requirements(fn(&RequirementsContext<'_>, &mut Vec<Diagnostic>)),
    /// A rule that reads several files together.
    Project(fn(&crate::project::ProjectContext<'_>, &mut Vec<crate::project::CrossFinding>)),
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
            meta: &dockerfile::$rule::META,
            check: Check::Dockerfile(dockerfile::$rule::check),
        }
    };
}

/// A Kubernetes rule with a check function.
macro_rules! kubernetes_rule {
    ($rule:ident) => {
        Rule {
            meta: &kubernetes::$rule::META,
            check: Check::Kubernetes(kubernetes::$rule::check),
        }
    };
}

/// A requirements-file rule with a check function.
macro_rules! requirements_rule {
    ($rule:ident) => {
        Rule {
            meta: &requirements::$rule::META,
            check: Check::Requirements(requirements::$rule::check),
        }
    };
}

/// A cross-file rule with a check function.
macro_rules! project_rule {
    ($rule:ident) => {
        Rule {
            meta: &project::$rule::META,
            check: Check::Project(project::$rule::check),
        }
    };
}

// `RULES`: every rule, ordered by code, collected from the rule files by build.rs.
include!(concat!(env!("OUT_DIR"), "/rules_table.rs"));

/// Look a rule up by code (`DF001`) or name (`latest-base-image`).
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|rule| {
        rule.meta.code.eq_ignore_ascii_case(code_or_name) || rule.meta.name == code_or_name
    })
}

#[cfg(test)]
mod tests {
    use super::*;
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

    #[test]
    fn each_file_kind_has_one_parse_error_rule_flagged_as_such() {
        let flagged: Vec<_> = RULES
            .iter()
            .filter(|r| r.meta.parse_error)
            .map(|r| (r.meta.code, r.meta.name, r.meta.reads))
            .collect();
        assert_eq!(flagged.len(), 3, "{flagged:?}");
        assert!(
            flagged.iter().all(|(_, name, _)| *name == "parse-error"),
            "{flagged:?}"
        );
        let kinds: HashSet<_> = flagged.iter().map(|(_, _, kind)| *kind).collect();
        assert_eq!(kinds.len(), 3, "one per file kind: {flagged:?}");
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
