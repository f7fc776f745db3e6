//! Document symbols, the editor's outline: a Dockerfile's stages, a Compose file's
//! services, a manifest's objects with their containers.

use bulkhead_rules::yaml::{Node, Yaml};
use bulkhead_rules::{dockerfile, FileKind, TextRange};
use lsp_types::{DocumentSymbol, SymbolKind};

use super::documents::{Document, Positions};

pub fn document_symbols(doc: &Document) -> Option<Vec<DocumentSymbol>> {
    let positions = Positions::new(&doc.text);
    let symbol = |name: String,
                  detail: Option<String>,
                  kind,
                  range: TextRange,
                  selection: TextRange,
                  children| {
        #[allow(deprecated)] // `deprecated` is a field the type still has
        DocumentSymbol {
            name,
            detail,
            kind,
            tags: None,
            deprecated: None,
            range: positions.range(range),
            selection_range: positions.range(selection),
            children,
        }
    };
    let found = match doc.kind()? {
        FileKind::Dockerfile => stages(&doc.text)
            .into_iter()
            .map(|s| {
                symbol(
                    s.name,
                    Some(s.image),
                    SymbolKind::CLASS,
                    s.range,
                    s.selection,
                    None,
                )
            })
            .collect(),
        FileKind::Compose => {
            let yaml = Yaml::parse(&doc.text);
            yaml.roots()
                .filter_map(|root| root.get("services"))
                .flat_map(Node::entries)
                .map(|service| {
                    let name = service.key.str().unwrap_or("?").to_owned();
                    let image = service
                        .value
                        .get("image")
                        .and_then(Node::str)
                        .map(str::to_owned);
                    let range = cover(service.key.range(), service.value.range());
                    symbol(
                        name,
                        image,
                        SymbolKind::CLASS,
                        range,
                        service.key.range(),
                        None,
                    )
                })
                .collect()
        }
        FileKind::Kubernetes => {
            let yaml = Yaml::parse(&doc.text);
            yaml.documents
                .iter()
                .filter_map(|document| {
                    let root = yaml.node(document.root);
                    let kind = root.get("kind")?.str()?.to_owned();
                    let name = root
                        .path(&["metadata", "name"])
                        .and_then(Node::str)
                        .unwrap_or("");
                    let mut containers = Vec::new();
                    collect_containers(root, 0, &mut containers);
                    let children = containers
                        .into_iter()
                        .map(|(name, image, range, selection)| {
                            symbol(name, image, SymbolKind::OBJECT, range, selection, None)
                        })
                        .collect();
                    let selection = root.get("kind").map_or(document.range, Node::range);
                    Some(symbol(
                        format!("{kind} {name}").trim().to_owned(),
                        None,
                        SymbolKind::MODULE,
                        cover(document.range, root.range()),
                        selection,
                        Some(children),
                    ))
                })
                .collect()
        }
        FileKind::Requirements => return None,
    };
    Some(found)
}

/// The smallest range holding both (a YAML entry: from its key to its value's end).
fn cover(a: TextRange, b: TextRange) -> TextRange {
    TextRange::new(a.start().min(b.start()), a.end().max(b.end()))
}

/// A build stage: from its `FROM` to its last instruction.
struct Stage {
    name: String,
    image: String,
    range: TextRange,
    selection: TextRange,
}

fn stages(text: &str) -> Vec<Stage> {
    let parsed = dockerfile::parse(text);
    let mut stages: Vec<Stage> = Vec::new();
    for instruction in &parsed.instructions {
        if instruction.keyword == dockerfile::Keyword::From {
            let words: Vec<&str> = instruction.args.as_str().split_whitespace().collect();
            let image = words
                .iter()
                .find(|w| !w.starts_with("--"))
                .copied()
                .unwrap_or_default()
                .to_owned();
            let named = words
                .iter()
                .position(|w| w.eq_ignore_ascii_case("as"))
                .and_then(|at| words.get(at + 1));
            let name = named.map_or_else(|| format!("stage {}", stages.len()), |n| (*n).to_owned());
            stages.push(Stage {
                name,
                image,
                range: instruction.range,
                selection: instruction.range,
            });
        } else if let Some(stage) = stages.last_mut() {
            stage.range = cover(stage.range, instruction.range);
        }
    }
    stages
}

/// Each container (`containers`, `initContainers`, `ephemeralContainers` items) under
/// `node`, wherever the object's kind puts its pod template: (name, image, range,
/// where its name is).
fn collect_containers(
    node: Node<'_>,
    depth: usize,
    out: &mut Vec<(String, Option<String>, TextRange, TextRange)>,
) {
    if depth > 12 || !node.is_mapping() {
        return;
    }
    for entry in node.entries() {
        let key = entry.key.str().unwrap_or_default();
        if matches!(key, "containers" | "initContainers" | "ephemeralContainers") {
            for item in entry.value.items() {
                let name = item
                    .get("name")
                    .and_then(Node::str)
                    .unwrap_or("?")
                    .to_owned();
                let image = item.get("image").and_then(Node::str).map(str::to_owned);
                let selection = item.entry("name").map_or(item.range(), |e| e.value.range());
                out.push((name, image, item.range(), selection));
            }
        } else {
            collect_containers(entry.value, depth + 1, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn symbols(name: &str, text: &str) -> Vec<DocumentSymbol> {
        let uri = lsp_types::Url::parse(&format!("file:///p/{name}")).expect("a URI");
        document_symbols(&Document::new(uri, text.to_owned(), 1)).expect("symbols")
    }

    #[test]
    fn stages_services_objects_and_containers_are_the_outline() {
        let found = symbols(
            "Dockerfile",
            "FROM golang:1 AS build\nRUN go build\nFROM scratch\nCOPY --from=build /a /a\n",
        );
        let names: Vec<&str> = found.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["build", "stage 1"]);
        assert_eq!(found[0].range.end.line, 1);
        assert_eq!(found[1].detail.as_deref(), Some("scratch"));

        let found = symbols(
            "compose.yaml",
            "services:\n  api:\n    image: a:1\n  db:\n    image: postgres:17\n",
        );
        let names: Vec<&str> = found.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["api", "db"]);

        let found = symbols(
            "k.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      initContainers:\n        - name: init\n          image: busybox:1\n      containers:\n        - name: app\n          image: app:1\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n",
        );
        let names: Vec<&str> = found.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Deployment web", "Service web"]);
        let children: Vec<&str> = found[0]
            .children
            .iter()
            .flatten()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(children, ["init", "app"]);
    }
}
