//! The on-demand panels as HTML, made in the on-demand module so that the page's own
//! wasm carries neither their markup nor the facts they show. The page puts the HTML in
//! as it is (every text here is escaped) and answers clicks on the buttons by their
//! `data-action` (`components::variants`).

use std::fmt::Write as _;

use bulkhead_rules::render::{escape_html, inline};
use bulkhead_rules::variants::{Variant, Variants};

/// `text` with its `code` spans, as HTML (the catalog's and the notes' text is Markdown).
fn rich(text: &str) -> String {
    let mut out = String::new();
    inline(text, &mut out);
    out
}

/// `text`, escaped.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_html(text, &mut out);
    out
}

/// A unified diff, with added and removed lines marked (by class and by their `+`/`-`).
/// It scrolls sideways, so it takes the focus (keyboard users scroll it too).
pub fn diff(file: &str, diff: &str) -> String {
    let file = esc(file);
    let mut out = format!(
        r#"<pre class="diff" data-testid="diff" data-file="{file}" aria-label="Changes to {file}" tabindex="0">"#
    );
    for line in diff.lines() {
        let class = match line.chars().next() {
            Some('+') if !line.starts_with("+++") => "added",
            Some('-') if !line.starts_with("---") => "removed",
            _ => "context",
        };
        let _ = writeln!(out, r#"<span class="{class}">{}"#, esc(line));
        out.push_str("</span>");
    }
    out.push_str("</pre>");
    out
}

/// The rows of the comparison: a label and how to read it off a variant.
type Row = (&'static str, fn(&Variant) -> String);

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

const ROWS: &[Row] = &[
    ("Runtime image", |v| v.facts.variant.image.to_owned()),
    ("Size (compressed)", |v| v.facts.variant.size.to_owned()),
    ("Shell", |v| v.facts.shell()),
    ("Package manager", |v| v.facts.package_manager()),
    ("Default user", |v| v.facts.user()),
    ("libc", |v| v.facts.libc()),
    ("Language version", |v| {
        v.facts.language_version().to_owned()
    }),
    ("CA certificates, tzdata", |v| {
        format!(
            "{}, {}",
            yes(v.facts.ca_certificates()),
            yes(v.facts.variant.tzdata)
        )
    }),
    ("End of life", |v| v.facts.variant.end_of_life.to_owned()),
    ("Debugging", |v| v.facts.variant.debugging.to_owned()),
    ("What stops working", |v| {
        v.facts.variant.stops_working.to_owned()
    }),
    ("For this app", |v| v.notes.join(" ")),
    ("Facts checked", |v| {
        let estimate = if v.facts.variant.estimate {
            " (some estimated)"
        } else {
            ""
        };
        format!("{}{estimate}", v.facts.checked_on())
    }),
];

/// The head of the comparison: the note, the table of facts and the families left out.
pub fn comparison(checked_on: &str, generated: &Variants) -> String {
    let mut out = format!(
        r#"<p class="variants-note">Your Dockerfile on each base. Catalog checked {}; the last row says when each column's facts were checked and whether some are estimates.</p>"#,
        esc(checked_on)
    );
    out.push_str(r#"<div class="table-scroll" tabindex="0" aria-label="Base images compared"><table data-testid="variants-table"><caption class="visually-hidden">Facts per base image</caption><thead><tr><th scope="col"><span class="visually-hidden">Fact</span></th>"#);
    for v in &generated.variants {
        let _ = write!(
            out,
            r#"<th scope="col">{}</th>"#,
            esc(v.facts.variant.title)
        );
    }
    out.push_str("</tr></thead><tbody>");
    for (label, read) in ROWS {
        let _ = write!(out, r#"<tr><th scope="row">{}</th>"#, esc(label));
        for v in &generated.variants {
            let _ = write!(out, "<td>{}</td>", rich(&read(v)));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
    if !generated.skipped.is_empty() {
        out.push_str(r#"<ul class="skipped">"#);
        for s in &generated.skipped {
            let _ = write!(out, "<li>No {} variant: {}</li>", s.name, rich(&s.reason));
        }
        out.push_str("</ul>");
    }
    out
}

/// A variant's files, as they are copied, downloaded and opened: its Dockerfile, its
/// Deployment and its Compose file, each `(name, text)`.
pub fn files(variant: &Variant) -> [(String, &str); 3] {
    [
        (format!("Dockerfile.{}", variant.name), &variant.dockerfile),
        (
            format!("deployment.{}.yaml", variant.name),
            &variant.manifest,
        ),
        (format!("compose.{}.yaml", variant.name), &variant.compose),
    ]
}

/// The buttons that choose a variant, the `shown` one pressed (`data-action="show"`).
fn picker(generated: &Variants, shown: usize) -> String {
    let mut out =
        String::from(r#"<div class="variant-picker" role="group" aria-label="Show a variant">"#);
    for (i, v) in generated.variants.iter().enumerate() {
        let _ = write!(
            out,
            r#"<button type="button" data-testid="variant-tab" data-variant="{}" data-action="show" data-index="{i}" aria-pressed="{}">{}</button>"#,
            v.name,
            i == shown,
            esc(v.facts.variant.title)
        );
    }
    out.push_str("</div>");
    out
}

/// The variant at `index` of `generated`, shown: the picker, its exports (buttons the
/// page answers by `data-action`), its diff from the user's Dockerfile `name` and its
/// text, side by side where there is room. A read-only page cannot open it as tabs.
pub fn detail(
    name: &str,
    generated: &Variants,
    index: usize,
    changes: &str,
    read_only: bool,
) -> String {
    let variant = &generated.variants[index];
    let files = files(variant);
    let file = esc(&files[0].0);
    let button = |attributes: &str, testid: &str, label: &str| {
        format!(r#"<button type="button" data-testid="{testid}" {attributes}>{label}</button>"#)
    };
    let mut out = picker(generated, index);
    let _ = write!(
        out,
        r#"<div class="variant" data-testid="variant" data-variant="{}"><div class="export">"#,
        variant.name
    );
    out.push_str(&button(
        r#"data-action="copy""#,
        "variant-copy",
        &format!("Copy {file}"),
    ));
    for (i, (name, _)) in files.iter().enumerate() {
        let testid = [
            "variant-download",
            "variant-download-manifest",
            "variant-download-compose",
        ][i];
        out.push_str(&button(
            &format!(r#"data-action="download" data-index="{i}""#),
            testid,
            &format!("Download {}", esc(name)),
        ));
    }
    if !read_only {
        out.push_str(&button(
            r#"data-action="open""#,
            "variant-open",
            "Open all three as tabs (and lint them)",
        ));
    }
    let _ = write!(
        out,
        r#"</div><div class="variant-compare"><details class="diffs" open><summary>Changes from your {}</summary>{changes}</details><div class="variant-file"><p class="variant-file-title">{file}</p><pre class="variant-text" data-testid="variant-dockerfile" aria-label="{file}" tabindex="0">{}</pre></div></div></div>"#,
        esc(name),
        esc(&variant.dockerfile),
    );
    out
}
