//! The course: lessons through the ten checklist items, the base-image families, the Pod
//! Security Standards and Compose. Each lesson has starting files with the problem, a
//! short explanation, a goal checked by the same rules, hints, a reference and a
//! solution. The texts are data: each lesson is a folder of `content/lessons/` (its
//! `lesson.toml` and its starting and solution files), in the order of
//! `content/lessons/course.toml`, compiled into [`all`] by build.rs. `bulkhead lessons`
//! lists them, `bulkhead lesson ID --check FILE...` checks a learner's files, and the
//! playground opens one at `#lesson/ID`.

use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{Checklist, Severity};
use crate::hardening::{ItemStatus, Status};

// LESSONS, from content/lessons/ (build/content.rs).
include!(concat!(env!("OUT_DIR"), "/content_lessons.rs"));

/// A file of a lesson: its name (which decides its kind) and text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LessonFile {
    pub name: &'static str,
    pub text: &'static str,
}

/// What a lesson asks for, checked on the findings of the learner's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Goal {
    /// The goal in a sentence ("Make *Runs as a non-root user* pass without breaking the
    /// pod").
    pub text: &'static str,
    /// Checklist items that must pass.
    pub passes: &'static [Checklist],
    /// Rules that must not be reported, by code.
    pub absent: &'static [&'static str],
    /// No error-level finding in any file (nothing broken on the way).
    pub no_errors: bool,
    /// The image the Dockerfile's last `FROM` names starts with this.
    pub final_base: Option<&'static str>,
}

/// A lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lesson {
    pub id: &'static str,
    pub title: &'static str,
    /// The checklist item it teaches (`None`: the Pod Security Standards, Compose).
    pub checklist: Option<Checklist>,
    /// What the problem is and why it matters, in a few sentences.
    pub explanation: &'static str,
    pub files: &'static [LessonFile],
    pub goal: Goal,
    pub hints: &'static [&'static str],
    /// Where to read more: a standard's item or a rule (`DF200`).
    pub reference: &'static str,
    /// The files as one solution has them (the same names).
    pub solution: &'static [LessonFile],
}

/// Every lesson, in the course's order.
pub fn all() -> &'static [Lesson] {
    LESSONS
}

/// The lesson with this id.
pub fn find(id: &str) -> Option<&'static Lesson> {
    all().iter().find(|l| l.id == id)
}

/// What a goal asks, as plain data (the playground reads a lesson's goal from
/// `lessons.js` into this).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoalParts<'a> {
    pub passes: Vec<Checklist>,
    pub absent: Vec<&'a str>,
    pub no_errors: bool,
    pub final_base: Option<&'a str>,
}

impl Goal {
    pub fn parts(&self) -> GoalParts<'static> {
        GoalParts {
            passes: self.passes.to_vec(),
            absent: self.absent.to_vec(),
            no_errors: self.no_errors,
            final_base: self.final_base,
        }
    }
}

/// Why a goal is not met yet, on the findings `(code, severity)` and checklist of the
/// files (`dockerfile`: the Dockerfile's text): one sentence per unmet part (empty: met).
pub fn unmet(
    goal: &GoalParts<'_>,
    checklist: &[ItemStatus],
    findings: &[(&str, Severity)],
    dockerfile: Option<&str>,
) -> Vec<String> {
    let mut out = Vec::new();
    for item in &goal.passes {
        let passes = checklist
            .iter()
            .any(|s| s.item == *item && s.status == Status::Pass);
        if !passes {
            out.push(format!("*{}* does not pass yet.", item.title()));
        }
    }
    for code in &goal.absent {
        if findings.iter().any(|(c, _)| c == code) {
            out.push(format!("{code} is still reported."));
        }
    }
    if goal.no_errors {
        let errors: Vec<&str> = findings
            .iter()
            .filter(|(_, s)| *s == Severity::Error)
            .map(|(c, _)| *c)
            .collect();
        if !errors.is_empty() {
            out.push(format!(
                "Something broke on the way: {} (errors).",
                errors.join(", ")
            ));
        }
    }
    if let Some(prefix) = goal.final_base {
        let last = dockerfile.and_then(last_from_image);
        if !last.is_some_and(|image| image.starts_with(prefix)) {
            out.push(format!("The last `FROM` is not `{prefix}…` yet."));
        }
    }
    out
}

/// The image of the last `FROM` of a Dockerfile's text.
fn last_from_image(text: &str) -> Option<&str> {
    text.lines().rev().find_map(|l| {
        let l = l.trim_start();
        l.get(..5).filter(|k| k.eq_ignore_ascii_case("FROM "))?;
        l[5..].split_whitespace().find(|w| !w.starts_with("--"))
    })
}

/// Check a lesson's goal on files `(name, text)`: the reasons it is not met (empty: met).
pub fn check(lesson: &Lesson, files: &[(&str, &str)]) -> Vec<String> {
    let project: Vec<crate::ProjectFile<'_>> = files
        .iter()
        .map(|(name, text)| crate::ProjectFile {
            path: name,
            kind: crate::FileKind::for_file_or_manifest(name, text),
            source: text,
        })
        .collect();
    let report = crate::Linter::new().check(&project);
    let findings: Vec<(&str, Severity)> = report
        .diagnostics
        .iter()
        .flatten()
        .map(|d: &Diagnostic| (d.code, d.severity))
        .collect();
    let dockerfile = project
        .iter()
        .find(|f| f.kind == crate::FileKind::Dockerfile)
        .map(|f| f.source);
    unmet(
        &lesson.goal.parts(),
        &report.checklist,
        &findings,
        dockerfile,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(files: &[LessonFile]) -> Vec<(&str, &str)> {
        files.iter().map(|f| (f.name, f.text)).collect()
    }

    /// Every lesson's start fails its goal and its solution meets it.
    #[test]
    fn each_start_fails_its_goal_and_its_solution_meets_it() {
        let mut problems = Vec::new();
        for lesson in all() {
            if check(lesson, &texts(lesson.files)).is_empty() {
                problems.push(format!(
                    "{}: the starting files already meet the goal",
                    lesson.id
                ));
            }
            let left = check(lesson, &texts(lesson.solution));
            if !left.is_empty() {
                problems.push(format!(
                    "{}: the solution does not meet the goal: {left:?}",
                    lesson.id
                ));
            }
            let names: Vec<&str> = lesson.files.iter().map(|f| f.name).collect();
            let solved: Vec<&str> = lesson.solution.iter().map(|f| f.name).collect();
            if names != solved {
                problems.push(format!(
                    "{}: the solution has other files ({solved:?}) than the start ({names:?})",
                    lesson.id
                ));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn the_course_covers_the_checklist_the_bases_the_pss_and_compose() {
        let lessons = all();
        assert!(lessons.len() >= 12, "{} lessons", lessons.len());
        for item in Checklist::ALL {
            assert!(
                lessons.iter().any(|l| l.checklist == Some(item)),
                "no lesson on {item:?}"
            );
        }
        for base in ["cgr.dev/chainguard/", "gcr.io/distroless/", "scratch"] {
            assert!(
                lessons
                    .iter()
                    .any(|l| l.goal.final_base.is_some_and(|b| b.starts_with(base))),
                "no lesson ending on {base}"
            );
        }
        assert!(
            lessons
                .iter()
                .any(|l| l.files.iter().any(|f| f.name.starts_with("compose"))),
            "no Compose lesson"
        );
        let mut ids: Vec<&str> = lessons.iter().map(|l| l.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), lessons.len(), "ids are unique");
    }
}
