//! JUnit XML, the test report that Jenkins (the JUnit plugin), GitLab
//! (`artifacts: reports: junit:`) and Azure Pipelines (`PublishTestResults`, format
//! `JUnit`) read: a `<testsuites>` with one `<testsuite>` per linted file, one
//! `<testcase>` per finding with a `<failure>` in it, and a passing `<testcase>` for a
//! file with no finding (so that it counts as checked).
//!
//! JUnit XML has no one specification; this follows the attributes those consumers
//! read, as the Ant JUnit task's schema has them and the Jenkins JUnit plugin
//! documents (`testsuite` with `name`, `tests`, `failures`, `errors`, `skipped`;
//! `testcase` with `name` and `classname`; `failure` with `message` and `type`, its text
//! the details), described in "JUnit XML reporting file format"
//! (<https://llg.cubic.org/docs/junit/>). Text is escaped as XML 1.0 requires, and the
//! characters it does not allow (most control characters) are replaced with U+FFFD.

use std::fmt::Write as _;

use crate::engine::text::LineIndex;
use crate::render::LintedFile;

/// Text as XML character data or an attribute value (in double quotes): `&`, `<`, `>`,
/// `"` and `'` as entities, line breaks and tabs as character references (so that an
/// attribute keeps them), and characters XML 1.0 does not allow replaced.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if allowed(c) => super::docs_html::escape_html(c.encode_utf8(&mut [0; 4]), &mut out),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// Whether XML 1.0 allows the character (its `Char` production).
fn allowed(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The report of every file.
pub fn report(files: &[LintedFile<'_>]) -> String {
    let total: usize = files.iter().map(|f| f.diagnostics.len()).sum();
    let tests: usize = files.iter().map(|f| f.diagnostics.len().max(1)).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"bulkhead\" tests=\"{tests}\" failures=\"{total}\" errors=\"0\">"
    );
    for file in files {
        let path = escape(file.path);
        let count = file.diagnostics.len();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{count}\" errors=\"0\" skipped=\"0\">",
            count.max(1)
        );
        if count == 0 {
            let _ = writeln!(
                out,
                "    <testcase name=\"no findings\" classname=\"{path}\" file=\"{path}\"/>"
            );
        }
        let index = LineIndex::new(file.source);
        for d in file.diagnostics {
            let at = index.line_col(d.range.start(), file.source);
            let mut details = format!(
                "{}:{}:{}: {} [{}] {}",
                file.path,
                at.line,
                at.column,
                d.code,
                d.severity.as_str(),
                d.message
            );
            if let Some(help) = &d.help {
                let _ = write!(details, "\nFix: {help}");
            }
            let _ = writeln!(
                out,
                "    <testcase name=\"{code} {rule} ({path}:{line})\" classname=\"{path}\" file=\"{path}\" line=\"{line}\">\n      <failure message=\"{message}\" type=\"{code}\">{details}</failure>\n    </testcase>",
                code = d.code,
                rule = d.rule,
                line = at.line,
                message = escape(&d.message),
                details = escape(&details),
            );
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_characters_xml_forbids_are_replaced() {
        assert_eq!(
            escape("<a href=\"x\">&'\n"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&#10;"
        );
        assert_eq!(escape("a\u{1b}[0m\u{0}b"), "a\u{FFFD}[0m\u{FFFD}b");
        assert_eq!(escape("é 🐳"), "é 🐳");
    }
}
