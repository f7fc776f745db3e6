//! GitHub Actions workflow commands: one `::error` (or `::warning`, `::notice`) line per
//! finding, which the runner turns into an annotation on the file and line in the run's
//! summary and the pull request's diff, with no upload step.
//!
//! The format is GitHub's "Workflow commands for GitHub Actions"
//! (<https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands>,
//! "Setting an error message"): `::error file={name},line={line},col={col},endLine={endLine},endColumn={endColumn},title={title}::{message}`.
//! Values are escaped as the runner unescapes them (the `@actions/core` toolkit's
//! `escapeData` and `escapeProperty`): `%` as `%25`, `\r` as `%0D` and `\n` as `%0A`
//! everywhere, and in a property also `:` as `%3A` and `,` as `%2C`, which would end it.
//! Lines and columns are 1-based; columns count characters.

use std::fmt::Write as _;

use crate::engine::registry::Severity;
use crate::engine::text::LineIndex;
use crate::render::LintedFile;

/// The command for a severity: GitHub has three levels of annotation.
pub fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// A message (the text after `::`) escaped.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property's value escaped.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One workflow command per finding, each on its own line.
pub fn commands(files: &[LintedFile<'_>]) -> String {
    let mut out = String::new();
    for file in files {
        let index = LineIndex::new(file.source);
        for d in file.diagnostics {
            let start = index.line_col(d.range.start(), file.source);
            let end = index.line_col(d.range.end(), file.source);
            let message = d.message_and_fix("\n");
            let _ = writeln!(
                out,
                "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                command(d.severity),
                escape_property(file.path),
                start.line,
                start.column,
                end.line,
                end.column,
                escape_property(&format!("{} {}", d.code, d.rule)),
                escape_data(&message),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_escape_what_would_end_them_and_messages_what_would_end_the_line() {
        assert_eq!(escape_property("a,b:c%d\r\n"), "a%2Cb%3Ac%25d%0D%0A");
        // A message keeps `:` and `,`: it runs to the end of the line.
        assert_eq!(escape_data("a,b:c%d\r\n"), "a,b:c%25d%0D%0A");
        assert_eq!(command(Severity::Info), "notice");
    }
}
