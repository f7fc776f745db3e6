//! Hover: on a finding, its message, fix and the rule's documentation (why, example,
//! standards: what `bulkhead rule CODE` prints); on a Dockerfile instruction, flag or
//! `--mount` type, or a Kubernetes or Compose field, the playground's explanation of it
//! (`content/explain/`).

use std::fmt::Write as _;

use bulkhead_rules::explain::{self, Term};
use bulkhead_rules::linter::{codes, registry};
use bulkhead_rules::{dockerfile, FileKind, TextRange};
use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use super::documents::{offset, Document, Positions};
use super::project::Linted;

pub fn hover(doc: &Document, linted: Option<&Linted>, position: Position) -> Option<Hover> {
    let at = offset(&doc.text, position);
    let mut parts = Vec::new();
    let mut range = None;
    if let Some((linted, index)) = linted.and_then(|l| Some((l, l.index_of(&doc.uri)?))) {
        for d in linted.diagnostics[index]
            .iter()
            .filter(|d| d.range.start() <= at && at <= d.range.end())
        {
            let mut text = format!(
                "**{}** `{}` ({})\n\n{}",
                d.code,
                d.rule,
                d.severity.as_str(),
                d.message
            );
            if let Some(help) = &d.help {
                let _ = write!(text, "\n\n**Fix:** {help}");
            }
            if let Some(rule) = registry::find(d.code) {
                if codes::is_preview(d.code) {
                    let _ = write!(text, "\n\n{}", codes::PREVIEW_NOTE);
                }
                let _ = write!(text, "\n\n---\n\n{}", rule.meta.docs());
            }
            parts.push(text);
            range.get_or_insert(d.range);
        }
    }
    if let Some((term, at)) = term_at(doc, at) {
        parts.push(format!("**{}**\n\n{}", term.0, term.1));
        range.get_or_insert(at);
    }
    if parts.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range: range.map(|r| Positions::new(&doc.text).range(r)),
    })
}

/// The term under the cursor, as (its name, its explanation), and where it is written.
fn term_at(doc: &Document, at: usize) -> Option<((String, String), TextRange)> {
    match doc.kind()? {
        FileKind::Dockerfile => dockerfile_term(&doc.text, at),
        FileKind::Kubernetes => yaml_key(&doc.text, at, Term::Kubernetes),
        FileKind::Compose => yaml_key(&doc.text, at, Term::Compose),
        FileKind::Requirements => None,
    }
}

/// The explanation of a term written as `name` (the explanation table's terms hold
/// `&'static str`s, so they are compared by what they say).
fn find(matches: impl Fn(Term) -> bool) -> Option<&'static str> {
    explain::all()
        .iter()
        .find(|e| matches(e.term))
        .map(|e| e.text)
}

fn dockerfile_term(text: &str, at: usize) -> Option<((String, String), TextRange)> {
    let parsed = dockerfile::parse(text);
    let instruction = parsed
        .instructions
        .iter()
        .find(|i| i.range.start() <= at && at <= i.range.end())?;
    let keyword = instruction.keyword.as_str();
    if instruction.keyword_range.start() <= at && at <= instruction.keyword_range.end() {
        let text = find(|t| t == Term::Instruction(keyword))?;
        return Some((
            (keyword.to_owned(), text.to_owned()),
            instruction.keyword_range,
        ));
    }
    // The word under the cursor: a flag (`--chown=1000`, `--mount=type=cache,...`).
    let (start, end) = word_around(text, at);
    let word = &text[start..end];
    let flag = word.strip_prefix("--")?;
    let name = flag.split('=').next().unwrap_or(flag);
    let mut said = find(|t| matches!(t, Term::Flag(k, f) if k == keyword && f == name))?.to_owned();
    if name == "mount" {
        let kind = flag
            .split([',', '='])
            .skip_while(|p| *p != "type")
            .nth(1)
            .unwrap_or("bind");
        if let Some(more) = find(|t| matches!(t, Term::Mount(m) if m == kind)) {
            let _ = write!(said, "\n\n`type={kind}`: {more}");
        }
    }
    Some((
        (format!("{keyword} --{name}"), said),
        TextRange::new(start, end),
    ))
}

/// The whitespace-separated word around `at`.
fn word_around(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let start = text[..at].rfind(char::is_whitespace).map_or(0, |n| n + 1);
    let end = text[at..]
        .find(char::is_whitespace)
        .map_or(text.len(), |n| at + n);
    (start, end)
}

/// The key of the YAML line under the cursor (`runAsNonRoot:`, `- name:`), explained.
fn yaml_key(
    text: &str,
    at: usize,
    term: fn(&'static str) -> Term,
) -> Option<((String, String), TextRange)> {
    let at = at.min(text.len());
    let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |n| at + n);
    let line = &text[line_start..line_end];
    let body = line.trim_start_matches([' ', '-', '\t']);
    let key_start = line_start + (line.len() - body.len());
    let key = body.split(':').next()?.trim().trim_matches(['"', '\'']);
    if key.is_empty() || !body.contains(':') {
        return None;
    }
    let explanation = explain::all().iter().find(|e| {
        let ((Term::Kubernetes(name), Term::Kubernetes(_))
        | (Term::Compose(name), Term::Compose(_))) = (e.term, term(""))
        else {
            return false;
        };
        name == key
    })?;
    Some((
        (key.to_owned(), explanation.text.to_owned()),
        TextRange::new(key_start, key_start + key.len()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(name: &str, text: &str) -> Document {
        let uri = lsp_types::Url::parse(&format!("file:///p/{name}")).expect("a URI");
        Document::new(uri, text.to_owned(), 1)
    }

    #[test]
    fn instructions_flags_mount_types_and_fields_are_explained() {
        let text = "FROM alpine:3\nRUN --mount=type=cache,target=/root/.cache pip install x\nCOPY --chown=1 a b\n";
        let d = doc("Dockerfile", text);
        let ((name, said), _) = term_at(&d, 1).expect("FROM");
        assert_eq!(name, "FROM");
        assert!(said.contains("base image"), "{said}");
        let ((name, said), _) =
            term_at(&d, text.find("type=cache").expect("mount")).expect("--mount");
        assert_eq!(name, "RUN --mount");
        assert!(said.contains("`type=cache`"), "{said}");
        let ((name, _), _) = term_at(&d, text.find("chown").expect("chown")).expect("--chown");
        assert_eq!(name, "COPY --chown");
        assert!(term_at(&d, text.find("pip").expect("pip")).is_none());

        let yaml = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      securityContext:\n        runAsNonRoot: true\n";
        let d = doc("pod.yaml", yaml);
        let ((name, said), range) =
            term_at(&d, yaml.find("NonRoot").expect("field")).expect("runAsNonRoot");
        assert_eq!(name, "runAsNonRoot");
        assert!(!said.is_empty());
        assert_eq!(range.slice(yaml), "runAsNonRoot");
    }
}
