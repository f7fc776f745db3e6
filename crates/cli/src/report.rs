//! The reports of a run: each `--output-format FORMAT[=FILE]` is one, to standard output
//! or to its file, so that one run can feed a dashboard (SARIF), a merge request (GitLab's
//! Code Quality) and the log (`human`) at once.

use std::io::{self, Write as _};
use std::path::PathBuf;

use bulkhead_rules::{render, Diagnostic, FileKind, Severity};
use clap::ValueEnum;

use crate::Input;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Source lines with carets, like rustc and ruff.
    Human,
    /// The stable JSON report described in docs/json-output.md.
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// Review comments in Markdown (`file:line`, rule, why), each fix as a GitHub
    /// ```suggestion block, to paste into a pull request.
    Markdown,
    /// GitHub Actions workflow commands (`::error file=…,line=…::message`): annotations
    /// on the run and the pull request, with no upload step.
    Github,
    /// GitLab's Code Quality report (JSON), for `artifacts: reports: codequality:`.
    Gitlab,
    /// JUnit XML, for Jenkins, GitLab's test reports and Azure Pipelines.
    Junit,
}

/// One report: its format, and the file it goes to (`None`: standard output).
#[derive(Debug, Clone)]
pub struct Output {
    pub format: Format,
    pub file: Option<PathBuf>,
}

/// `FORMAT` or `FORMAT=FILE`, as `--output-format` takes it.
pub fn parse_output(text: &str) -> Result<Output, String> {
    let (name, file) = match text.split_once('=') {
        Some((name, file)) if !file.is_empty() => (name, Some(PathBuf::from(file))),
        Some((name, _)) => return Err(format!("`{name}=`: name the file after `=`")),
        None => (text, None),
    };
    let format = Format::from_str(name, true).map_err(|_| {
        let names: Vec<String> = Format::value_variants()
            .iter()
            .filter_map(|f| f.to_possible_value().map(|v| v.get_name().to_owned()))
            .collect();
        format!("`{name}` is not a format; use one of {}", names.join(", "))
    })?;
    Ok(Output { format, file })
}

/// The files linted, each with its kind and findings.
pub type Linted<'i> = [(&'i Input, FileKind, Vec<Diagnostic>)];

/// The report in one format; `paint` colours the human report's pieces.
pub fn render(
    format: Format,
    all: &Linted<'_>,
    paint: &dyn Fn(render::Part, &str) -> String,
) -> Result<String, String> {
    let files: Vec<_> = all
        .iter()
        .map(|(input, _, diagnostics)| render::LintedFile {
            path: &input.path,
            source: &input.text,
            diagnostics,
        })
        .collect();
    Ok(match format {
        Format::Human => {
            let mut out = String::new();
            for file in &files {
                out.push_str(&render::human_painted(
                    file.path,
                    file.source,
                    file.diagnostics,
                    paint,
                ));
            }
            let count: usize = files.iter().map(|f| f.diagnostics.len()).sum();
            let plural = |n: usize| if n == 1 { "" } else { "s" };
            out + &format!(
                "{count} finding{} in {} file{}.\n",
                plural(count),
                files.len(),
                plural(files.len())
            )
        }
        Format::Json => pretty(&render::json::Report {
            files: all
                .iter()
                .map(|(input, kind, diagnostics)| {
                    render::json::FileReport::new(&input.path, *kind, &input.text, diagnostics)
                })
                .collect(),
        })?,
        Format::Sarif => pretty(&render::sarif::log(&files))?,
        Format::Markdown => render::markdown::review(&files),
        Format::Github => render::github::commands(&files),
        Format::Gitlab => pretty(&render::gitlab::issues(&files))?,
        Format::Junit => render::junit::report(&files),
    })
}

/// A value as indented JSON, with a final line break.
fn pretty(value: &impl serde::Serialize) -> Result<String, String> {
    serde_json::to_string_pretty(value)
        .map(|text| text + "\n")
        .map_err(|e| e.to_string())
}

/// Write every report: those with a file to it, the one without (at most one) to
/// standard output, coloured if `color`. No `--output-format` is `human` to standard
/// output.
pub fn write_all(outputs: &[Output], all: &Linted<'_>, color: bool) -> Result<(), String> {
    let default = [Output {
        format: Format::Human,
        file: None,
    }];
    let outputs = if outputs.is_empty() {
        &default[..]
    } else {
        outputs
    };
    if outputs.iter().filter(|o| o.file.is_none()).count() > 1 {
        return Err("only one --output-format can go to standard output; give the others a file (`json=report.json`)".to_owned());
    }
    for output in outputs {
        let painted = color && output.file.is_none();
        let text = render(output.format, all, &|part, text| {
            if painted {
                ansi(part, text)
            } else {
                text.to_owned()
            }
        })?;
        match &output.file {
            Some(path) => std::fs::write(path, text)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
            None => io::stdout()
                .lock()
                .write_all(text.as_bytes())
                .map_err(|e| format!("cannot write output: {e}"))?,
        }
    }
    Ok(())
}

/// ANSI colours for the human report on a terminal: bold locations, the severity's
/// colour for its code, label and carets, blue for the gutter.
fn ansi(part: render::Part, text: &str) -> String {
    let code = match part {
        render::Part::Location => "1",
        render::Part::Severity(Severity::Error) => "1;31",
        render::Part::Severity(Severity::Warning) => "1;33",
        render::Part::Severity(Severity::Info) => "1;36",
        render::Part::Gutter => "34",
    };
    format!("\u{1b}[{code}m{text}\u{1b}[0m")
}
