//! A rule's documentation, read from its doc comment: the text with its sections, one
//! section (its example, what to use instead), the files of its example, its summary.

use std::fmt::Write as _;

use crate::engine::registry::{FileKind, Reads, Relation, RuleMeta, Source};

impl RuleMeta {
    /// The rule's documentation as Markdown: its doc comment, with the `## References`
    /// section made from `sources` (the equivalent checks in other tools) followed by
    /// what the doc comment itself lists there (standards, documentation).
    pub fn docs(&self) -> String {
        let written = self
            .raw_docs
            .lines()
            .map(|line| line.strip_prefix(' ').unwrap_or(line))
            .collect::<Vec<_>>()
            .join("\n");
        let written = written.trim();
        // Without the `docs` feature there is no documentation to add to.
        if written.is_empty() {
            return String::new();
        }
        let (before, references) = match written.split_once("## References") {
            Some((before, after)) => (before.trim_end(), after.trim()),
            None => (written, ""),
        };
        let mut out = format!("{before}\n\n## Standards\n");
        let standards = self.references();
        if standards.is_empty() {
            out.push_str("None: no standard's item covers this check.\n");
        }
        for reference in &standards {
            let item = reference.item;
            let related = match reference.relation {
                crate::knowledge::standards::Coverage::Same => "",
                crate::knowledge::standards::Coverage::Related => " (related)",
            };
            // The heading is the citation where the standard does not number its items.
            if item.id == item.title {
                let _ = writeln!(out, "- {}{related}", item.cite());
            } else {
                let _ = writeln!(out, "- {}: {}{related}", item.cite(), item.title);
            }
        }
        let tools: Vec<&Source> = self
            .sources
            .iter()
            .filter(|s| s.tool != crate::engine::registry::Tool::Pss)
            .collect();
        if tools.is_empty() && references.is_empty() {
            return out.trim_end().to_owned();
        }
        out.push_str("\n## References\n");
        for source in tools {
            let relation = match source.relation {
                Relation::Same => "the same check",
                Relation::Inspired => "a related check",
            };
            let _ = writeln!(out, "- {} `{}` ({relation})", source.tool, source.id);
        }
        if !references.is_empty() {
            out.push_str(references);
        }
        out.trim_end().to_owned()
    }

    /// The first fenced block of `kind`'s language in the docs' `section` (`Example`,
    /// `Use instead`), as a file of that kind: a Dockerfile piece without `FROM` gets
    /// one, as a stage would have.
    pub fn doc_block(&self, section: &str, kind: FileKind) -> Option<String> {
        let docs = self.docs();
        let body = docs.split_once(&format!("## {section}\n"))?.1;
        let body = body.split("\n## ").next().unwrap_or(body);
        let fence = match kind {
            FileKind::Dockerfile => "```dockerfile\n",
            FileKind::Kubernetes | FileKind::Compose => "```yaml\n",
            FileKind::Requirements => "```text\n",
        };
        let start = body.find(fence)? + fence.len();
        let end = body[start..].find("```")?;
        let text = &body[start..start + end];
        let has_from = text
            .lines()
            .any(|l| l.trim_start().to_ascii_uppercase().starts_with("FROM "));
        if kind == FileKind::Dockerfile && !has_from {
            return Some(format!("FROM debian:13-slim\n{text}"));
        }
        Some(text.to_owned())
    }

    /// The files of the docs' example, named as the playground names them: the
    /// rule's own kind for a file rule, a Dockerfile and its manifest for a cross-file
    /// one. Empty when the docs have no example of those kinds.
    pub fn example_files(&self) -> Vec<(&'static str, FileKind, String)> {
        let kinds = match self.reads {
            Reads::File(kind) => vec![kind],
            Reads::Project => vec![FileKind::Dockerfile, FileKind::Kubernetes],
            Reads::Any => Vec::new(),
        };
        kinds
            .into_iter()
            .filter_map(|kind| {
                let text = self.doc_block("Example", kind)?;
                // A cross-file example's YAML may be a Compose file.
                let kind = if self.reads == Reads::Project && FileKind::looks_like_compose(&text) {
                    FileKind::Compose
                } else {
                    kind
                };
                Some((kind.default_name(), kind, text))
            })
            .collect()
    }

    /// The first paragraph under "What it does", as a one-line summary.
    pub fn summary(&self) -> String {
        let docs = self.docs();
        let body = docs
            .split_once("## What it does")
            .map_or(docs.as_str(), |(_, rest)| rest);
        body.trim_start()
            .split("\n\n")
            .next()
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}
