//! Edits to YAML text in the document's own style: a field added to a block mapping
//! goes on a new line at the indentation of its siblings; to a flow mapping, before
//! the closing brace. Comments and the rest of the text stay as they are.

use crate::engine::fix::Edit;
use crate::engine::text::TextRange;
use crate::yaml::Node;

/// The 0-based column of a byte offset (in bytes; YAML indentation is spaces).
fn column(source: &str, offset: usize) -> usize {
    offset - source[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// The end of the line holding `offset` (before its line break).
fn line_end(source: &str, offset: usize) -> usize {
    source[offset..]
        .find('\n')
        .map_or(source.len(), |i| offset + i)
}

/// Whether a mapping is written in flow style (`{a: 1}`).
pub fn is_flow(source: &str, mapping: Node<'_>) -> bool {
    source[mapping.resolve().range().start()..].starts_with('{')
}

/// The document's indentation step: how much deeper a child key sits than its parent
/// key, judged from `mapping` and its parent key; 2 when it cannot be seen.
pub fn indent_step(source: &str, parent_key: Option<Node<'_>>, mapping: Node<'_>) -> usize {
    let Some(parent) = parent_key else { return 2 };
    if mapping.is_alias() {
        return 2;
    }
    let first = mapping
        .written_entries()
        .first()
        .map(|e| e.key.range().start());
    match first {
        Some(child) if !is_flow(source, mapping) => {
            let step = column(source, child).saturating_sub(column(source, parent.range().start()));
            if (1..=8).contains(&step) {
                step
            } else {
                2
            }
        }
        _ => 2,
    }
}

/// The document's indentation step near `mapping`: from the first entry whose value is
/// a block mapping (how much deeper its keys sit); 2 when none shows it.
pub fn guess_step(source: &str, mapping: Node<'_>) -> usize {
    if mapping.is_alias() {
        return 2;
    }
    for entry in mapping.written_entries() {
        let value = entry.value;
        if value.is_mapping()
            && !value.is_alias()
            && !is_flow(source, value)
            && !value.written_entries().is_empty()
        {
            return indent_step(source, Some(entry.key), value);
        }
    }
    2
}

/// Add `key: value` to a mapping, after its last entry. `value` is written as given
/// (it may be a flow collection such as `[ALL]`).
pub fn add_entry(source: &str, mapping: Node<'_>, key: &str, value: &str) -> Option<Edit> {
    // An alias's mapping is written elsewhere and shared: it is not edited from here.
    if mapping.is_alias() || !mapping.is_mapping() {
        return None;
    }
    let range = mapping.range();
    if is_flow(source, mapping) {
        let close = range
            .end()
            .checked_sub(1)
            .filter(|&i| source.as_bytes().get(i) == Some(&b'}'))?;
        let empty = mapping.written_entries().is_empty();
        let text = if empty {
            format!("{key}: {value}")
        } else {
            format!(", {key}: {value}")
        };
        return Some(Edit::insert(close, text));
    }
    let first = mapping.written_entries().first()?.key.range().start();
    // Written on its own lines below the key? (`- name: a` puts the first key after `- `.)
    let indent = column(source, first);
    let at = line_end(source, range.end().max(first));
    Some(Edit::insert(
        at,
        format!("\n{}{key}: {value}", " ".repeat(indent)),
    ))
}

/// Add `key:` with a nested `child: value` to a mapping: `securityContext:` with
/// `allowPrivilegeEscalation: false` under it.
pub fn add_nested(
    source: &str,
    mapping: Node<'_>,
    key: &str,
    step: usize,
    child: &str,
    value: &str,
) -> Option<Edit> {
    if mapping.is_alias() || !mapping.is_mapping() {
        return None;
    }
    if is_flow(source, mapping) {
        return add_entry(source, mapping, key, &format!("{{{child}: {value}}}"));
    }
    let first = mapping.written_entries().first()?.key.range().start();
    let indent = column(source, first);
    let at = line_end(source, mapping.range().end().max(first));
    Some(Edit::insert(
        at,
        format!(
            "\n{}{key}:\n{}{child}: {value}",
            " ".repeat(indent),
            " ".repeat(indent + step)
        ),
    ))
}

/// Add `item` (written as given, e.g. `{name: tmp, emptyDir: {}}`) at the end of a
/// sequence, as a new `- item` line in a block sequence or before the `]` of a flow one.
pub fn add_item(source: &str, sequence: Node<'_>, item: &str) -> Option<Edit> {
    if sequence.is_alias() {
        return None;
    }
    let range = sequence.range();
    if source[range.start()..].starts_with('[') {
        let close = range
            .end()
            .checked_sub(1)
            .filter(|&i| source.as_bytes().get(i) == Some(&b']'))?;
        let text = if sequence.items().is_empty() {
            item.to_owned()
        } else {
            format!(", {item}")
        };
        return Some(Edit::insert(close, text));
    }
    let first = sequence.items().first()?.range().start();
    let line_start = source[..first].rfind('\n').map_or(0, |i| i + 1);
    let dash = source[line_start..first]
        .rfind('-')
        .map(|i| line_start + i)?;
    let indent = column(source, dash);
    let last_end = sequence.items().last()?.range().end().max(range.end());
    Some(Edit::insert(
        line_end(source, last_end),
        format!("\n{}- {item}", " ".repeat(indent)),
    ))
}

/// Replace a quoted scalar with its unquoted text (`"true"` → `true`).
pub fn unquote(source: &str, value: Node<'_>) -> Option<Edit> {
    let range: TextRange = value.range();
    let written = range.slice(source);
    let text = value.str()?;
    let quoted = (written.starts_with('"') && written.ends_with('"'))
        || (written.starts_with('\'') && written.ends_with('\''));
    (quoted && written.len() == text.len() + 2).then(|| Edit::replace(range, text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::fix::apply_edits;
    use crate::yaml::Yaml;

    fn edit(source: &str, path: &[&str], f: impl Fn(&str, Node<'_>) -> Option<Edit>) -> String {
        let yaml = Yaml::parse(source);
        let root = yaml.roots().next().expect("document");
        let node = root.path(path).expect("path");
        let e = f(source, node).expect("edit");
        apply_edits(source, &[&e])
    }

    #[test]
    fn entries_follow_the_document_style() {
        let block =
            "spec:\n    securityContext:\n        runAsNonRoot: true  # keep me\n    image: x\n";
        assert_eq!(
            edit(block, &["spec", "securityContext"], |s, n| add_entry(s, n, "allowPrivilegeEscalation", "false")),
            "spec:\n    securityContext:\n        runAsNonRoot: true  # keep me\n        allowPrivilegeEscalation: false\n    image: x\n"
        );
        let flow = "c: {securityContext: {runAsNonRoot: true}}\n";
        assert_eq!(
            edit(flow, &["c", "securityContext"], |s, n| add_entry(
                s,
                n,
                "allowPrivilegeEscalation",
                "false"
            )),
            "c: {securityContext: {runAsNonRoot: true, allowPrivilegeEscalation: false}}\n"
        );
        let item = "containers:\n- name: app\n  image: x\n";
        let yaml = Yaml::parse(item);
        let container = yaml
            .roots()
            .next()
            .and_then(|r| r.get("containers"))
            .expect("containers")
            .items()[0];
        let e = add_nested(
            item,
            container,
            "securityContext",
            2,
            "allowPrivilegeEscalation",
            "false",
        )
        .expect("edit");
        assert_eq!(
            apply_edits(item, &[&e]),
            "containers:\n- name: app\n  image: x\n  securityContext:\n    allowPrivilegeEscalation: false\n"
        );
        assert_eq!(edit("a: \"true\"\n", &["a"], unquote), "a: true\n");
    }
}
