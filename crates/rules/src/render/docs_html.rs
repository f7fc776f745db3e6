//! A rule's documentation (the small Markdown subset of its doc comment) as HTML, for
//! `web/generated/rule-docs.js`: the playground shows it as it is, so the page carries no
//! Markdown renderer. `##` headings, fenced code blocks, `-` lists (wrapped items
//! continue with two spaces), paragraphs and inline code; every text is escaped.

/// Escape text for HTML: `&`, `<`, `>` and both quotes, so it is safe in a text node
/// and in a quoted attribute.
pub fn escape_html(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Split `a `b` c` into `[(false, "a "), (true, "b"), (false, " c")]`. An unpaired
/// backtick stays as text.
pub fn code_spans(text: &str) -> Vec<(bool, String)> {
    let pieces: Vec<&str> = text.split('`').collect();
    let paired = pieces.len() % 2 == 1;
    let mut out = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        let is_code = i % 2 == 1 && (paired || i + 1 < pieces.len() - 1);
        if !is_code && i % 2 == 1 {
            out.push((false, format!("`{piece}")));
        } else if !piece.is_empty() {
            out.push((is_code, (*piece).to_owned()));
        }
    }
    out
}

/// Text with `code spans`, as escaped HTML with `<code>` elements.
pub fn inline(text: &str, out: &mut String) {
    for (is_code, piece) in code_spans(text) {
        if is_code {
            out.push_str("<code class=\"inline-code\">");
            escape_html(&piece, out);
            out.push_str("</code>");
        } else {
            escape_html(&piece, out);
        }
    }
}

/// The HTML of a rule's documentation.
pub fn docs_html(markdown: &str) -> String {
    let mut out = String::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut list: Vec<String> = Vec::new();
    let mut code: Option<Vec<&str>> = None;
    let flush = |paragraph: &mut Vec<&str>, list: &mut Vec<String>, out: &mut String| {
        if !paragraph.is_empty() {
            out.push_str("<p>");
            inline(&paragraph.join(" "), out);
            out.push_str("</p>");
            paragraph.clear();
        }
        if !list.is_empty() {
            out.push_str("<ul>");
            for item in list.iter() {
                out.push_str("<li>");
                inline(item, out);
                out.push_str("</li>");
            }
            out.push_str("</ul>");
            list.clear();
        }
    };
    let block = |lines: &[&str], out: &mut String| {
        out.push_str("<pre><code>");
        escape_html(&lines.join("\n"), out);
        out.push_str("</code></pre>");
    };
    for line in markdown.lines() {
        if let Some(lines) = code.as_mut() {
            if line.starts_with("```") {
                block(lines, &mut out);
                code = None;
            } else {
                lines.push(line);
            }
            continue;
        }
        if line.starts_with("```") {
            flush(&mut paragraph, &mut list, &mut out);
            code = Some(Vec::new());
        } else if let Some(heading) = line.strip_prefix("## ") {
            flush(&mut paragraph, &mut list, &mut out);
            out.push_str("<h3>");
            escape_html(heading, &mut out);
            out.push_str("</h3>");
        } else if let Some(item) = line.strip_prefix("- ") {
            if !paragraph.is_empty() {
                flush(&mut paragraph, &mut Vec::new(), &mut out);
            }
            list.push(item.to_owned());
        } else if line.trim().is_empty() {
            flush(&mut paragraph, &mut list, &mut out);
        } else if let (Some(last), true) = (list.last_mut(), line.starts_with("  ")) {
            last.push(' ');
            last.push_str(line.trim());
        } else {
            paragraph.push(line.trim());
        }
    }
    if let Some(lines) = code {
        block(&lines, &mut out);
    }
    flush(&mut paragraph, &mut list, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::{code_spans, docs_html};

    #[test]
    fn backtick_spans_become_code() {
        assert_eq!(
            code_spans("Base image `python:latest` uses `latest`."),
            [
                (false, "Base image ".to_owned()),
                (true, "python:latest".to_owned()),
                (false, " uses ".to_owned()),
                (true, "latest".to_owned()),
                (false, ".".to_owned()),
            ]
        );
        assert_eq!(code_spans("no code"), [(false, "no code".to_owned())]);
        assert_eq!(
            code_spans("odd ` tick"),
            [(false, "odd ".to_owned()), (false, "` tick".to_owned())]
        );
    }

    #[test]
    fn the_markdown_subset_becomes_escaped_html() {
        let html = docs_html(
            "## What it does\nFlags `FROM x:latest` <here>.\n\n- one `a&b`\n  continued\n- two\n\n```dockerfile\nRUN echo \"<b>\"\n```\nA lone ` tick.\n",
        );
        assert_eq!(
            html,
            "<h3>What it does</h3><p>Flags <code class=\"inline-code\">FROM x:latest</code> &lt;here&gt;.</p>\
             <ul><li>one <code class=\"inline-code\">a&amp;b</code> continued</li><li>two</li></ul>\
             <pre><code>RUN echo &quot;&lt;b&gt;&quot;</code></pre><p>A lone ` tick.</p>"
        );
    }
}
