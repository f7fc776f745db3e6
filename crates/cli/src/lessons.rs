//! `bulkhead lessons` and `bulkhead lesson ID --check FILE...`: the course of the rules
//! crate (`bulkhead_rules::lessons`), listed, and a learner's files checked against a
//! lesson's goal (exit 0 when it is met), for documentation sites and the lesson tests.

use std::fmt::Write as _;
use std::io::{self, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

use bulkhead_rules::lessons;
use serde_json::json;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// Print every lesson: id, title, checklist item, files.
pub fn list(format: Format) -> Result<ExitCode, String> {
    let mut out = String::new();
    match format {
        Format::Json => {
            let lessons: Vec<_> = lessons::all()
                .iter()
                .map(|l| {
                    json!({
                        "id": l.id,
                        "title": l.title,
                        "checklist": l.checklist,
                        "files": l.files.iter().map(|f| f.name).collect::<Vec<_>>(),
                        "goal": l.goal.text,
                    })
                })
                .collect();
            let text = serde_json::to_string_pretty(&lessons).map_err(|e| e.to_string())?;
            let _ = writeln!(out, "{text}");
        }
        Format::Human => {
            for (n, l) in lessons::all().iter().enumerate() {
                let item = l
                    .checklist
                    .map_or("Pod Security Standards / Compose", |c| c.title());
                let files: Vec<&str> = l.files.iter().map(|f| f.name).collect();
                let _ = writeln!(
                    out,
                    "{:>2}. {:<18} {}  [{item}; {}]",
                    n + 1,
                    l.id,
                    l.title,
                    files.join(", ")
                );
            }
        }
    }
    io::stdout()
        .write_all(out.as_bytes())
        .map_err(|e| format!("cannot write output: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

/// Check `files` against lesson `id`'s goal: 0 when met, 1 with the reasons when not.
/// Each file is known by its name (`Dockerfile`, `deployment.yaml`...), as in the lesson.
pub fn check(id: &str, files: &[PathBuf]) -> Result<ExitCode, String> {
    let lesson = lessons::find(id).ok_or_else(|| {
        let ids: Vec<&str> = lessons::all().iter().map(|l| l.id).collect();
        format!("no lesson `{id}`; the lessons are {}", ids.join(", "))
    })?;
    let mut read = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        read.push((name, text));
    }
    let borrowed: Vec<(&str, &str)> = read.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let left = lessons::check(lesson, &borrowed);
    let mut stdout = io::stdout().lock();
    if left.is_empty() {
        let _ = writeln!(stdout, "{}: goal met. {}", lesson.id, lesson.goal.text);
        return Ok(ExitCode::SUCCESS);
    }
    let _ = writeln!(stdout, "{}: not yet. {}", lesson.id, lesson.goal.text);
    for reason in left {
        let _ = writeln!(stdout, "  - {reason}");
    }
    Ok(ExitCode::from(crate::EXIT_FINDINGS))
}
