//! YAML with byte positions: every key and value knows where it is written, so findings
//! point at the exact text and fixes can splice the source (comments stay untouched,
//! because fixes never re-serialise the document).
//!
//! The tokenizer is `saphyr-parser`; this module turns its events into an arena of
//! nodes. Aliases stay references to the anchored node (they are never copied), `<<`
//! merge keys are resolved on lookup, and hostile input is refused with a positioned
//! [`YamlError`] instead of a panic, a hang or a stack overflow: nesting is capped at
//! [`MAX_DEPTH`] and what aliases would expand to at [`MAX_EXPANSION`].

pub(crate) mod edit;

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Tag};

use crate::engine::text::{LineIndex, TextRange};

/// Deeper nesting than this is refused (real manifests stay below 30 levels).
pub const MAX_DEPTH: usize = 256;
/// Aliases may make a document look at most this many nodes larger than it is written.
pub const MAX_EXPANSION: u64 = 1_000_000;
/// Merge keys (`<<`) that merge mappings that merge mappings... stop here.
const MAX_MERGE_DEPTH: usize = 16;

/// Index of a node in [`Yaml::nodes`].
pub type NodeId = usize;

/// A parsed YAML stream.
#[derive(Debug, Default)]
pub struct Yaml {
    pub nodes: Vec<NodeData>,
    pub documents: Vec<Document>,
    /// Set when the stream could not be read to its end; the documents before the
    /// error are kept.
    pub error: Option<YamlError>,
    /// Keys written twice in one mapping: `(first key, repeated key)`.
    pub duplicate_keys: Vec<(NodeId, NodeId)>,
}

/// One document of a stream (`---` separates them).
#[derive(Debug, Clone, Copy)]
pub struct Document {
    pub root: NodeId,
    pub range: TextRange,
}

/// A node as written.
#[derive(Debug, Clone)]
pub struct NodeData {
    pub value: Value,
    pub range: TextRange,
    /// A tag such as `!!str`, as `handle` + `suffix`.
    pub tag: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Value {
    Scalar {
        text: String,
        style: Style,
    },
    Sequence(Vec<NodeId>),
    /// Key and value node of each entry, in order.
    Mapping(Vec<(NodeId, NodeId)>),
    /// `*name`: the anchored node it refers to.
    Alias(NodeId),
}

/// How a scalar is written, which decides its type: `true` is a boolean, `"true"` a
/// string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

impl From<ScalarStyle> for Style {
    fn from(style: ScalarStyle) -> Self {
        match style {
            ScalarStyle::Plain => Self::Plain,
            ScalarStyle::SingleQuoted => Self::SingleQuoted,
            ScalarStyle::DoubleQuoted => Self::DoubleQuoted,
            ScalarStyle::Literal => Self::Literal,
            ScalarStyle::Folded => Self::Folded,
        }
    }
}

fn tag_text(tag: Option<&Tag>) -> Option<String> {
    tag.map(|t| format!("{}{}", t.handle, t.suffix))
}

/// Why a stream could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub range: TextRange,
}

impl Yaml {
    /// Parse a YAML stream. Never fails: problems are reported in [`Yaml::error`].
    pub fn parse(source: &str) -> Self {
        let mut insertions: Vec<(usize, usize)> = Vec::new();
        loop {
            let text = with_insertions(source, &insertions);
            let mut builder = Builder {
                source,
                text: &text,
                insertions: &insertions,
                lines: LineIndex::new(&text),
                yaml: Yaml::default(),
                stack: Vec::new(),
                anchors: Vec::new(),
                document_start: 0,
                sizes: Vec::new(),
                quoted_too_far_left: None,
            };
            builder.run();
            let retry = builder.quoted_too_far_left.take();
            let yaml = builder.yaml;
            match retry {
                Some(quote) if insertions.len() < MAX_REINDENTED_LINES => {
                    let before = insertions.len();
                    reindent_quoted(source, quote, &mut insertions);
                    if insertions.len() == before {
                        return yaml;
                    }
                }
                _ => return yaml,
            }
        }
    }

    /// A view of a node.
    pub fn node(&self, id: NodeId) -> Node<'_> {
        Node { yaml: self, id }
    }

    /// The root node of each document, skipping empty documents.
    pub fn roots(&self) -> impl Iterator<Item = Node<'_>> {
        self.documents.iter().map(|d| self.node(d.root))
    }
}

/// A collection being built.
#[derive(Debug)]
struct Open {
    id: NodeId,
    anchor: usize,
    /// A mapping's pending key.
    key: Option<NodeId>,
    /// Keys already seen in a mapping: text → key node.
    seen: HashMap<String, NodeId>,
    /// Where a flow collection's closing bracket is, or the start of a block one.
    start: usize,
}

struct Builder<'s> {
    /// The text as the user wrote it; every range refers to it.
    source: &'s str,
    /// The text given to the tokenizer: `source` with `insertions` applied.
    text: &'s str,
    insertions: &'s [(usize, usize)],
    /// Set when the tokenizer refused a quoted scalar whose continuation lines are
    /// indented less than its parent (the offset of its opening quote in `source`).
    quoted_too_far_left: Option<usize>,
    lines: LineIndex,
    yaml: Yaml,
    stack: Vec<Open>,
    /// saphyr anchor id → node.
    /// Anchored nodes by anchor id (the tokenizer numbers anchors from 1, in order).
    anchors: Vec<Option<NodeId>>,
    document_start: usize,
    /// Expanded size of each node (aliases count what they refer to).
    sizes: Vec<u64>,
}

impl Builder<'_> {
    fn run(&mut self) {
        let mut parser = Parser::new_from_str(self.text);
        while let Some(next) = parser.next_event() {
            let (event, span) = match next {
                Ok(pair) => pair,
                Err(error) => {
                    let at = self.offset_of(error.marker().line(), error.marker().col());
                    if error.info() == "invalid indentation in quoted scalar" {
                        self.quoted_too_far_left = Some(at);
                    }
                    let message = if error.info() == "recursion limit exceeded" {
                        too_deep()
                    } else {
                        format!("Invalid YAML: {}", error.info())
                    };
                    self.fail(message, at, at);
                    return;
                }
            };
            let start = self.offset_of(span.start.line(), span.start.col());
            let end = self.offset_of(span.end.line(), span.end.col()).max(start);
            let range = TextRange::new(start, end);
            let go_on = match event {
                Event::DocumentStart(_) => {
                    self.document_start = start;
                    self.anchors.clear();
                    true
                }
                Event::Scalar(text, style, anchor, tag) => {
                    let value = Value::Scalar {
                        text: text.into_owned(),
                        style: Style::from(style),
                    };
                    let id = self.push(value, range, tag_text(tag.as_deref()), 1);
                    self.register(anchor, id);
                    self.attach(id);
                    true
                }
                Event::Alias(anchor) => self.on_alias(anchor, range),
                Event::SequenceStart(anchor, tag) => self.open(
                    Value::Sequence(Vec::new()),
                    anchor,
                    tag_text(tag.as_deref()),
                    range,
                ),
                Event::MappingStart(anchor, tag) => self.open(
                    Value::Mapping(Vec::new()),
                    anchor,
                    tag_text(tag.as_deref()),
                    range,
                ),
                Event::SequenceEnd | Event::MappingEnd => self.close(end),
                Event::StreamStart | Event::StreamEnd | Event::Nothing | Event::DocumentEnd => true,
            };
            if !go_on {
                return;
            }
        }
    }

    fn on_alias(&mut self, anchor: usize, range: TextRange) -> bool {
        let Some(target) = self.anchors.get(anchor).copied().flatten() else {
            self.fail(
                "This alias refers to an anchor that is not defined before it".to_owned(),
                range.start(),
                range.end(),
            );
            return false;
        };
        let size = self.sizes[target];
        let id = self.push(Value::Alias(target), range, None, size);
        self.attach(id);
        true
    }

    /// A sequence or mapping starts.
    fn open(&mut self, value: Value, anchor: usize, tag: Option<String>, range: TextRange) -> bool {
        if self.stack.len() >= MAX_DEPTH {
            self.fail(too_deep(), range.start(), range.end());
            return false;
        }
        let id = self.push(value, range, tag, 1);
        self.stack.push(Open {
            id,
            anchor,
            key: None,
            seen: HashMap::new(),
            start: range.start(),
        });
        true
    }

    /// The innermost sequence or mapping ends at `end` (where the tokenizer says).
    fn close(&mut self, end: usize) -> bool {
        let Some(open) = self.stack.pop() else {
            return true;
        };
        let flow = matches!(self.source.as_bytes().get(open.start), Some(b'[' | b'{'));
        let last_child_end = self
            .children(open.id)
            .map(|c| self.yaml.nodes[c].range.end())
            .max();
        let end = if flow {
            end.max(open.start + 1)
        } else {
            last_child_end.unwrap_or(open.start)
        };
        self.yaml.nodes[open.id].range = TextRange::new(open.start, end.max(open.start));
        let size = self
            .children(open.id)
            .fold(1u64, |total, c| total.saturating_add(self.sizes[c]));
        self.sizes[open.id] = size;
        let written = self.yaml.nodes.len() as u64;
        if size.saturating_sub(written) > MAX_EXPANSION {
            self.fail(
                format!("Aliases here would expand to more than {MAX_EXPANSION} nodes (an alias bomb?); the file is not read further"),
                open.start,
                end,
            );
            return false;
        }
        self.register(open.anchor, open.id);
        self.attach(open.id);
        true
    }

    fn children(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let (items, entries): (&[NodeId], &[(NodeId, NodeId)]) = match &self.yaml.nodes[id].value {
            Value::Sequence(items) => (items, &[]),
            Value::Mapping(entries) => (&[], entries),
            _ => (&[], &[]),
        };
        items
            .iter()
            .copied()
            .chain(entries.iter().flat_map(|&(k, v)| [k, v]))
    }

    fn push(&mut self, value: Value, range: TextRange, tag: Option<String>, size: u64) -> NodeId {
        self.yaml.nodes.push(NodeData { value, range, tag });
        self.sizes.push(size);
        self.yaml.nodes.len() - 1
    }

    fn register(&mut self, anchor: usize, id: NodeId) {
        if anchor > 0 {
            if self.anchors.len() <= anchor {
                self.anchors.resize(anchor + 1, None);
            }
            self.anchors[anchor] = Some(id);
        }
    }

    /// Put a finished node into its parent, or make it a document root.
    fn attach(&mut self, id: NodeId) {
        let Some(parent) = self.stack.last_mut() else {
            let range = self.yaml.nodes[id].range;
            self.yaml.documents.push(Document {
                root: id,
                range: TextRange::new(self.document_start.min(range.start()), range.end()),
            });
            return;
        };
        let parent_id = parent.id;
        match &mut self.yaml.nodes[parent_id].value {
            Value::Sequence(items) => items.push(id),
            Value::Mapping(entries) => match parent.key.take() {
                None => parent.key = Some(id),
                Some(key) => {
                    entries.push((key, id));
                    if let Value::Scalar { text, .. } = &self.yaml.nodes[key].value {
                        if let Some(&first) = parent.seen.get(text) {
                            self.yaml.duplicate_keys.push((first, key));
                        } else {
                            parent.seen.insert(text.clone(), key);
                        }
                    }
                }
            },
            _ => {}
        }
    }

    fn fail(&mut self, message: String, start: usize, end: usize) {
        let start = start.min(self.source.len());
        let mut end = end.clamp(start, self.source.len());
        let mut start = start;
        if end == start {
            // Point at the character there so the error is visible; at the end of the
            // file, at the last character written.
            match self.source[start..].chars().next() {
                Some(c) if !c.is_whitespace() => end = start + c.len_utf8(),
                _ => {
                    let before = self.source[..start].trim_end();
                    if let Some(c) = before.chars().next_back() {
                        start = before.len() - c.len_utf8();
                        end = before.len();
                    } else if let Some(c) = self.source[start..].chars().next() {
                        end = start + c.len_utf8();
                    }
                }
            }
        }
        self.yaml.error = Some(YamlError {
            message,
            range: TextRange::new(start, end),
        });
    }

    /// The byte offset in `source` of a 1-based line and a 0-based column counted in
    /// characters of `text`.
    fn offset_of(&self, line: usize, col: usize) -> usize {
        if line == 0 || line > self.lines.line_count() {
            return self.source.len();
        }
        let range = self.lines.line_range(line - 1, self.text);
        let text = range.slice(self.text);
        let within = text.char_indices().nth(col).map_or(text.len(), |(i, _)| i);
        let mut offset = range.start() + within;
        // Back from `text` to `source`: remove the spaces inserted before `offset`.
        let mut added = 0;
        for &(at, count) in self.insertions {
            if offset < at + added {
                break;
            }
            if offset < at + added + count {
                offset = at + added;
                break;
            }
            added += count;
        }
        offset - added
    }
}

/// How many under-indented continuation lines of quoted scalars are re-indented
/// before giving up (see [`reindent_quoted`]).
const MAX_REINDENTED_LINES: usize = 256;

/// `source` with `count` spaces inserted at each `(offset, count)`, sorted by offset.
fn with_insertions(source: &str, insertions: &[(usize, usize)]) -> String {
    let mut text = String::with_capacity(source.len() + insertions.len() * 4);
    let mut from = 0;
    for &(at, count) in insertions {
        text.push_str(&source[from..at]);
        text.extend(std::iter::repeat_n(' ', count));
        from = at;
    }
    text.push_str(&source[from..]);
    text
}

/// Kubernetes' YAML library (like libyaml and `PyYAML`) accepts a quoted scalar whose
/// continuation lines are indented less than the sequence entry it belongs to:
///
/// ```yaml
///     - "exec server \
///   --port 80"
/// ```
///
/// The tokenizer we use does not, so such lines get extra spaces in the text it reads
/// (positions still refer to the original). Inside a quoted scalar leading spaces of a
/// continuation line are folded away, so the value does not change.
fn reindent_quoted(source: &str, quote: usize, insertions: &mut Vec<(usize, usize)>) {
    let bytes = source.as_bytes();
    let Some(&delimiter @ (b'"' | b'\'')) = bytes.get(quote) else {
        return;
    };
    let line_start = source[..quote].rfind('\n').map_or(0, |i| i + 1);
    let needed = source[line_start..]
        .find(|c: char| c != ' ')
        .map_or(0, |i| i + 1);
    let mut i = quote + 1;
    while i < bytes.len() {
        match bytes[i] {
            // An escaped line break (`\` at the end of a line) is still a line break.
            b'\\' if delimiter == b'"' && !matches!(bytes.get(i + 1), Some(b'\n' | b'\r')) => {
                i += 1;
            }
            b'\'' if delimiter == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 1,
            c if c == delimiter => break,
            b'\n' => {
                let start = i + 1;
                let indent = source[start..].find(|c: char| c != ' ').unwrap_or(0);
                let blank = matches!(bytes.get(start + indent), None | Some(b'\n' | b'\r'));
                if indent < needed && !blank {
                    // Kept in order as they are added (no sort routine in the page).
                    let at = insertions.partition_point(|&(a, _)| a < start);
                    insertions.insert(at, (start, needed - indent));
                }
            }
            _ => {}
        }
        i += 1;
    }
}

fn too_deep() -> String {
    format!("This YAML is nested more than {MAX_DEPTH} levels deep; no manifest needs that, so it is not read further")
}

/// A node of a [`Yaml`] stream, with lookups that follow aliases and merge keys.
#[derive(Debug, Clone, Copy)]
pub struct Node<'y> {
    pub yaml: &'y Yaml,
    pub id: NodeId,
}

/// A mapping entry: the key as written and its value.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'y> {
    pub key: Node<'y>,
    pub value: Node<'y>,
}

impl<'y> Node<'y> {
    fn data(self) -> &'y NodeData {
        &self.yaml.nodes[self.id]
    }

    /// Where the node is written (for an alias: the `*name`).
    pub fn range(self) -> TextRange {
        self.data().range
    }

    /// The node an alias refers to (the node itself otherwise).
    #[must_use]
    pub fn resolve(self) -> Self {
        let mut node = self;
        // Aliases only point backwards, so this ends; the bound is for safety.
        for _ in 0..MAX_MERGE_DEPTH {
            match node.data().value {
                Value::Alias(target) => node = self.yaml.node(target),
                _ => break,
            }
        }
        node
    }

    /// The text of a scalar.
    pub fn str(self) -> Option<&'y str> {
        match &self.resolve().data().value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// The style of a scalar.
    pub fn style(self) -> Option<Style> {
        match &self.resolve().data().value {
            Value::Scalar { style, .. } => Some(*style),
            _ => None,
        }
    }

    /// Whether this is a plain (unquoted, untagged) scalar, whose type YAML infers.
    fn plain(self) -> Option<&'y str> {
        let node = self.resolve();
        match &node.data().value {
            Value::Scalar {
                text,
                style: Style::Plain,
            } if node.data().tag.is_none() => Some(text),
            _ => None,
        }
    }

    /// A boolean as Kubernetes reads it (`true`/`false` in any case; the YAML 1.1
    /// spellings `yes`/`no`/`on`/`off` too, as its YAML library accepts them).
    pub fn bool(self) -> Option<bool> {
        match self.plain()?.to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" | "y" => Some(true),
            "false" | "no" | "off" | "n" => Some(false),
            _ => None,
        }
    }

    /// An integer written as a plain scalar.
    pub fn int(self) -> Option<i64> {
        let text = self.plain()?;
        text.strip_prefix('+').unwrap_or(text).parse().ok()
    }

    /// `null`, `~` or nothing at all.
    pub fn is_null(self) -> bool {
        self.plain()
            .is_some_and(|t| matches!(t, "" | "~" | "null" | "Null" | "NULL"))
    }

    /// A scalar that is a string in Kubernetes' eyes (quoted, or plain but neither a
    /// boolean, a number nor null).
    pub fn is_quoted_string(self) -> bool {
        matches!(
            self.style(),
            Some(Style::SingleQuoted | Style::DoubleQuoted)
        )
    }

    pub fn is_mapping(self) -> bool {
        matches!(self.resolve().data().value, Value::Mapping(_))
    }

    pub fn is_sequence(self) -> bool {
        matches!(self.resolve().data().value, Value::Sequence(_))
    }

    /// The items of a sequence (empty for anything else).
    pub fn items(self) -> Vec<Node<'y>> {
        match &self.resolve().data().value {
            Value::Sequence(items) => items.iter().map(|&i| self.yaml.node(i)).collect(),
            _ => Vec::new(),
        }
    }

    /// The entries of a mapping as Kubernetes sees them: merge keys (`<<`) resolved
    /// (keys written in the mapping win), and for a key written twice the last value.
    pub fn entries(self) -> Vec<Entry<'y>> {
        let mut out = Vec::new();
        self.collect_entries(&mut out, 0);
        out
    }

    fn collect_entries(self, out: &mut Vec<Entry<'y>>, depth: usize) {
        let Value::Mapping(entries) = &self.resolve().data().value else {
            return;
        };
        let mut merged = Vec::new();
        for &(key, value) in entries {
            let key = self.yaml.node(key);
            let value = self.yaml.node(value);
            if key.plain() == Some("<<") && depth < MAX_MERGE_DEPTH {
                let sources = if value.is_sequence() {
                    value.items()
                } else {
                    vec![value]
                };
                for source in sources {
                    source.collect_entries(&mut merged, depth + 1);
                }
                continue;
            }
            let text = key.str();
            if let Some(existing) = out
                .iter_mut()
                .find(|e| text.is_some() && e.key.str() == text)
            {
                existing.value = value;
            } else {
                out.push(Entry { key, value });
            }
        }
        for entry in merged {
            let text = entry.key.str();
            if !out.iter().any(|e| e.key.str() == text) {
                out.push(entry);
            }
        }
    }

    /// The entries of a mapping exactly as written here: merge keys (`<<`) not
    /// resolved, repeated keys kept. What edits to this mapping's text need.
    pub fn written_entries(self) -> Vec<Entry<'y>> {
        match &self.data().value {
            Value::Mapping(entries) => entries
                .iter()
                .map(|&(key, value)| Entry {
                    key: self.yaml.node(key),
                    value: self.yaml.node(value),
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Whether this node is an alias (`*name`) rather than written here.
    pub fn is_alias(self) -> bool {
        matches!(self.data().value, Value::Alias(_))
    }

    /// The entry for `key` in a mapping, as in [`Node::entries`]: the first key written
    /// with the last value written, else a merged-in entry.
    pub fn entry(self, key: &str) -> Option<Entry<'y>> {
        let Value::Mapping(written) = &self.resolve().data().value else {
            return None;
        };
        // Without merge keys, no need to build every entry (rules look up a few keys of
        // every mapping, so this is the hot path).
        let keys = || written.iter().map(|&(k, v)| (self.yaml.node(k), v));
        if keys().any(|(k, _)| k.plain() == Some("<<")) {
            return self
                .entries()
                .into_iter()
                .find(|e| e.key.str() == Some(key));
        }
        let (_, value) = keys().rev().find(|(k, _)| k.str() == Some(key))?;
        let (first, _) = keys().find(|(k, _)| k.str() == Some(key))?;
        Some(Entry {
            key: first,
            value: self.yaml.node(value),
        })
    }

    /// The value for `key` in a mapping.
    pub fn get(self, key: &str) -> Option<Node<'y>> {
        self.entry(key).map(|e| e.value)
    }

    /// Follow a path of keys.
    pub fn path(self, keys: &[&str]) -> Option<Node<'y>> {
        keys.iter().try_fold(self, |node, key| node.get(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    fn text(source: &str, node: Node<'_>) -> String {
        node.range().slice(source).to_owned()
    }

    #[test]
    fn positions_of_keys_and_values() {
        let src = "# comment\napiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: app\n    image: \"nginx:1.27\"\n    ports: [{containerPort: 80}]\n";
        let yaml = Yaml::parse(src);
        assert!(yaml.error.is_none(), "{:?}", yaml.error);
        let root = yaml.roots().next().expect("document");
        let container = root
            .path(&["spec", "containers"])
            .expect("containers")
            .items()[0];
        let image = container.entry("image").expect("image");
        assert_eq!(text(src, image.key), "image");
        assert_eq!(text(src, image.value), "\"nginx:1.27\"");
        assert_eq!(image.value.str(), Some("nginx:1.27"));
        assert!(image.value.is_quoted_string());
        assert_eq!(
            text(src, container),
            "name: app\n    image: \"nginx:1.27\"\n    ports: [{containerPort: 80}]"
        );
        let ports = container.get("ports").expect("ports");
        assert_eq!(text(src, ports), "[{containerPort: 80}]");
        assert_eq!(
            ports.items()[0].get("containerPort").and_then(Node::int),
            Some(80)
        );
    }

    #[test]
    fn documents_anchors_and_merge_keys() {
        let src = "a: 1\n---\nbase: &b\n  runAsUser: 1000\n  runAsNonRoot: true\nctx:\n  <<: *b\n  runAsUser: 0\n---\n";
        let yaml = Yaml::parse(src);
        assert!(yaml.error.is_none(), "{:?}", yaml.error);
        assert_eq!(yaml.documents.len(), 3);
        let doc = yaml.roots().nth(1).expect("second document");
        let ctx = doc.get("ctx").expect("ctx");
        assert_eq!(ctx.get("runAsUser").and_then(Node::int), Some(0));
        let merged = ctx.entry("runAsNonRoot").expect("merged");
        assert_eq!(merged.value.bool(), Some(true));
        // The merged value points at where it is written, under the anchor.
        assert_eq!(
            yaml.node(merged.key.id).range().start(),
            src.find("runAsNonRoot").expect("key")
        );
    }

    #[test]
    fn scalar_types_follow_the_style() {
        let src = "a: true\nb: \"true\"\nc: 65532\nd: '65532'\ne: ~\nf:\ng: !!str 1\n";
        let yaml = Yaml::parse(src);
        let root = yaml.roots().next().expect("document");
        assert_eq!(root.get("a").and_then(Node::bool), Some(true));
        assert_eq!(root.get("b").and_then(Node::bool), None);
        assert_eq!(root.get("c").and_then(Node::int), Some(65532));
        assert_eq!(root.get("d").and_then(Node::int), None);
        assert!(root.get("e").is_some_and(Node::is_null));
        assert!(root.get("f").is_some_and(Node::is_null));
        assert_eq!(root.get("g").and_then(Node::int), None);
    }

    #[test]
    fn duplicate_keys_are_recorded_and_the_last_wins() {
        let src = "a: 1\nb: 2\na: 3\n";
        let yaml = Yaml::parse(src);
        assert_eq!(yaml.duplicate_keys.len(), 1);
        let (first, again) = yaml.duplicate_keys[0];
        assert_eq!(yaml.node(first).range().start(), 0);
        assert_eq!(yaml.node(again).range().start(), 10);
        let root = yaml.roots().next().expect("document");
        assert_eq!(root.get("a").and_then(Node::int), Some(3));
    }

    #[test]
    fn quoted_scalars_may_continue_left_of_their_entry_as_in_libyaml() {
        let src =
            "c:\n  command:\n    - \"exec server \\\n  --port 80\"\n    - 'a\n  b'\n  image: x\n";
        let yaml = Yaml::parse(src);
        assert!(yaml.error.is_none(), "{:?}", yaml.error);
        let root = yaml.roots().next().expect("document");
        let items = root.path(&["c", "command"]).expect("command").items();
        assert_eq!(items[0].str(), Some("exec server --port 80"));
        assert_eq!(text(src, items[0]), "\"exec server \\\n  --port 80\"");
        assert_eq!(items[1].str(), Some("a b"));
        let image = root.path(&["c", "image"]).expect("image");
        assert_eq!(image.range().start(), src.rfind('x').expect("x"));
    }

    #[test]
    fn errors_have_positions() {
        let src = "a: 1\nb: [1, 2\nc: 3\n";
        let yaml = Yaml::parse(src);
        let error = yaml.error.expect("error");
        assert!(
            error.message.starts_with("Invalid YAML"),
            "{}",
            error.message
        );
        assert!(error.range.start() > 4, "{error:?}");
        let tabs = Yaml::parse("a:\n\tb: 1\n");
        assert!(tabs.error.is_some());
        let unicode = Yaml::parse("é: [\n");
        assert!(unicode.error.is_some_and(|e| e.range.start() <= 6));
    }

    #[test]
    fn alias_bombs_and_deep_nesting_are_refused() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
            .iter()
            .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
        {
            let refs = vec![format!("*{prev}"); 10].join(", ");
            writeln!(bomb, "{name}: &{name} [{refs}]").expect("write");
        }
        let yaml = Yaml::parse(&bomb);
        let error = yaml.error.expect("bomb refused");
        assert!(error.message.contains("alias bomb"), "{}", error.message);

        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let yaml = Yaml::parse(&deep);
        assert!(yaml.error.expect("deep").message.contains("nested"));
        let deep_block: String = (0..10_000).fold(String::new(), |mut out, i| {
            writeln!(out, "{}k:", " ".repeat(i)).expect("write");
            out
        });
        let yaml = Yaml::parse(&deep_block);
        assert!(yaml.error.expect("deep block").message.contains("nested"));
    }
}
