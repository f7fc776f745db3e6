//! A Compose file read as services, after the Compose Specification: each service's
//! settings in either of the forms the specification allows (`environment` as a list of
//! `KEY=value` or a mapping, `ports` and `volumes` in short `a:b` or long syntax), with
//! the positions rules point at.

use crate::engine::text::TextRange;
use crate::yaml::{Entry, Node, Yaml};

/// A Compose file.
#[derive(Debug)]
pub struct Compose<'y> {
    pub yaml: &'y Yaml,
    /// The top-level mapping, when the file has one.
    pub root: Option<Node<'y>>,
    pub services: Vec<Service<'y>>,
    /// Entries of `services:` that are not a mapping (`web:` alone, `web: [a]`).
    pub malformed: Vec<Entry<'y>>,
    /// The files its top-level `include:` names.
    pub includes: Vec<FileRef>,
}

/// Another file a Compose file names (`include:`, `extends: {file:}`), relative to its
/// own folder, and whether that file was among those given ([`link`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRef {
    pub path: String,
    /// Where it is written.
    pub range: TextRange,
    pub given: bool,
}

/// `extends: {file: common.yaml, service: base}`: a service in another file.
#[derive(Debug, Clone)]
pub struct ForeignBase {
    pub file: FileRef,
    pub service: String,
}

/// `extends` chains longer than this are not followed (they loop, or are absurd).
const MAX_EXTENDS: usize = 8;

/// One entry of `services:`.
#[derive(Debug, Clone)]
pub struct Service<'y> {
    pub name: &'y str,
    /// The service's name key, where findings about a missing setting point.
    pub key: Node<'y>,
    /// The service's mapping.
    pub node: Node<'y>,
    /// The services it `extends` in the same file, nearest first: a setting it does not
    /// write itself comes from them.
    pub bases: Vec<Node<'y>>,
    /// The service in another file it (or its last base here) `extends`.
    pub foreign: Option<ForeignBase>,
    /// The settings that service (and what it extends in turn) writes, once [`link`]
    /// found its file among those given: they are inherited, though not from here.
    pub inherited: Vec<String>,
}

/// An environment variable: `KEY=value` in a list, or `KEY: value` in a mapping.
#[derive(Debug, Clone)]
pub struct Variable<'y> {
    pub name: String,
    /// `None` for `KEY` alone (the value comes from the shell or an env file).
    pub value: Option<String>,
    /// Where the value is written (the whole item for the list form).
    pub range: TextRange,
    pub node: Node<'y>,
}

/// A published port: `"8080:80"`, `"127.0.0.1:5432:5432"`, or the long syntax.
#[derive(Debug, Clone)]
pub struct Port<'y> {
    /// The host address it is bound to (`127.0.0.1`), when one is written.
    pub host_ip: Option<String>,
    /// The host port (or range), when one is published.
    pub published: Option<String>,
    /// The container port.
    pub target: Option<u16>,
    pub node: Node<'y>,
}

/// A mount: `"/host:/container:ro"`, `"name:/data"`, or the long syntax.
#[derive(Debug, Clone)]
pub struct Mount<'y> {
    /// The host path or volume name; `None` for an anonymous volume.
    pub source: Option<String>,
    pub target: Option<String>,
    pub read_only: bool,
    pub node: Node<'y>,
}

impl Mount<'_> {
    /// Whether the source is a path on the host (a bind mount), not a named volume.
    pub fn is_bind(&self) -> bool {
        self.source
            .as_deref()
            .is_some_and(|s| s.starts_with(['/', '.', '~', '$']))
    }
}

impl<'y> Compose<'y> {
    pub fn new(yaml: &'y Yaml) -> Self {
        let root = yaml.roots().next().filter(|r| r.is_mapping());
        let (entries, malformed): (Vec<Entry<'y>>, Vec<Entry<'y>>) = root
            .and_then(|r| r.get("services"))
            .map(Node::entries)
            .unwrap_or_default()
            .into_iter()
            .partition(|e| e.value.is_mapping());
        // `extends: base` or `extends: {service: base}` without `file:`: a service of
        // this file. (One in another file is read only when that file is given.)
        let base_of = |node: Node<'y>| -> Option<Node<'y>> {
            let extends = node.get("extends")?;
            let name = match extends.str() {
                Some(name) => name,
                None if extends.get("file").is_none() => extends.get("service")?.str()?,
                None => return None,
            };
            entries
                .iter()
                .find(|e| e.key.str() == Some(name))
                .map(|e| e.value)
        };
        let services = entries
            .iter()
            .filter_map(|entry| {
                let mut bases = Vec::new();
                let mut at = entry.value;
                while let Some(base) = base_of(at).filter(|_| bases.len() < MAX_EXTENDS) {
                    if base.id == entry.value.id || bases.iter().any(|b: &Node<'y>| b.id == base.id)
                    {
                        break;
                    }
                    bases.push(base);
                    at = base;
                }
                Some(Service {
                    name: entry.key.str()?,
                    key: entry.key,
                    node: entry.value,
                    foreign: foreign_base(at),
                    bases,
                    inherited: Vec::new(),
                })
            })
            .collect();
        // `include: [a.yaml]`, `include: [{path: a.yaml}]` or `{path: [a.yaml, b.yaml]}`.
        let includes = root
            .and_then(|r| r.get("include"))
            .map(Node::items)
            .unwrap_or_default()
            .into_iter()
            .flat_map(|item| match item.get("path") {
                Some(path) if path.is_sequence() => path.items(),
                Some(path) => vec![path],
                None => vec![item],
            })
            .filter_map(|node| Some(FileRef::new(node.str()?, node.range())))
            .collect();
        Self {
            yaml,
            root,
            services,
            malformed,
            includes,
        }
    }
}

impl FileRef {
    fn new(path: &str, range: TextRange) -> Self {
        Self {
            path: path.to_owned(),
            range,
            given: false,
        }
    }
}

/// `extends: {file: …, service: …}` of a service's mapping.
fn foreign_base(node: Node<'_>) -> Option<ForeignBase> {
    let extends = node.get("extends")?;
    let file = extends.get("file")?;
    Some(ForeignBase {
        file: FileRef::new(file.str()?, file.range()),
        service: extends.get("service")?.str()?.to_owned(),
    })
}

/// `path`'s folder joined with `relative`, without `.` and `..` parts.
fn resolve(path: &str, relative: &str) -> String {
    let mut parts: Vec<&str> = if relative.starts_with('/') {
        Vec::new()
    } else {
        path.split('/').collect()
    };
    parts.pop();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    parts.join("/")
}

/// Which of `paths` a file reference from the file at `from` names: the path itself, or
/// else the only file of that name without a folder (the playground's files have none).
fn find_file(paths: &[&str], from: usize, reference: &str) -> Option<usize> {
    let wanted = resolve(paths[from], reference);
    let exact = paths.iter().position(|p| resolve("", p) == wanted);
    exact.or_else(|| {
        let name = wanted.rsplit('/').next()?;
        let mut named = paths.iter().enumerate().filter(|(_, p)| **p == name);
        let (only, _) = named.next()?;
        named.next().is_none().then_some(only)
    })
}

/// Settle the references between the Compose files given together (at `paths`): which
/// files of `include:` and `extends: {file:}` are among them, and what each service
/// inherits from a service in another file.
pub fn link(composes: &mut [Compose<'_>], paths: &[&str]) {
    // The settings a service writes, with those it inherits here and from other files.
    fn keys(
        composes: &[Compose<'_>],
        paths: &[&str],
        file: usize,
        name: &str,
        depth: usize,
    ) -> Option<Vec<String>> {
        let service = composes[file].services.iter().find(|s| s.name == name)?;
        let mut written: Vec<String> = std::iter::once(&service.node)
            .chain(&service.bases)
            .flat_map(|n| n.entries())
            .filter_map(|e| e.key.str())
            .filter(|k| *k != "extends")
            .map(str::to_owned)
            .collect();
        if let Some(foreign) = service.foreign.as_ref().filter(|_| depth < MAX_EXTENDS) {
            let other = find_file(paths, file, &foreign.file.path)?;
            written.extend(
                keys(composes, paths, other, &foreign.service, depth + 1).unwrap_or_default(),
            );
        }
        Some(written)
    }
    let mut found = Vec::new();
    for (file, compose) in composes.iter().enumerate() {
        let includes: Vec<bool> = compose
            .includes
            .iter()
            .map(|r| find_file(paths, file, &r.path).is_some())
            .collect();
        let services: Vec<(bool, Vec<String>)> = compose
            .services
            .iter()
            .map(|service| {
                let Some(foreign) = &service.foreign else {
                    return (false, Vec::new());
                };
                match find_file(paths, file, &foreign.file.path) {
                    Some(other) => (
                        true,
                        keys(composes, paths, other, &foreign.service, 1).unwrap_or_default(),
                    ),
                    None => (false, Vec::new()),
                }
            })
            .collect();
        found.push((includes, services));
    }
    for (compose, (includes, services)) in composes.iter_mut().zip(found) {
        for (reference, given) in compose.includes.iter_mut().zip(includes) {
            reference.given = given;
        }
        for (service, (given, inherited)) in compose.services.iter_mut().zip(services) {
            if let Some(foreign) = &mut service.foreign {
                foreign.file.given = given;
            }
            service.inherited = inherited;
        }
    }
}

impl<'y> Service<'y> {
    /// A setting the service writes itself (a bad value is reported where it is written:
    /// at the service it is inherited from, once).
    pub fn own(&self, key: &str) -> Option<Entry<'y>> {
        self.node.entry(key)
    }

    /// Whether `node` is written in this service itself (not inherited).
    pub fn writes(&self, node: Node<'y>) -> bool {
        self.node.range().contains_range(node.range())
    }

    /// Whether the service gets `key` from a service in another file, without writing it
    /// here (then rules about a missing setting leave it to that file).
    pub fn inherits(&self, key: &str) -> bool {
        self.field(key).is_none() && self.inherited.iter().any(|k| k == key)
    }

    /// A setting of the service: its own, else the one of the service it `extends`.
    pub fn field(&self, key: &str) -> Option<Entry<'y>> {
        self.node
            .entry(key)
            .or_else(|| self.bases.iter().find_map(|b| b.entry(key)))
    }

    /// A nested setting (`deploy.resources.limits.memory`), its own or inherited.
    pub fn path(&self, keys: &[&str]) -> Option<Node<'y>> {
        std::iter::once(&self.node)
            .chain(&self.bases)
            .find_map(|n| n.path(keys))
    }

    /// A setting that may be one string or a list of strings (`cap_add`, `dns`...).
    pub fn strings(&self, key: &str) -> Vec<(String, Node<'y>)> {
        let Some(entry) = self.field(key) else {
            return Vec::new();
        };
        let nodes = if entry.value.is_sequence() {
            entry.value.items()
        } else {
            vec![entry.value]
        };
        nodes
            .into_iter()
            .filter_map(|n| Some((scalar(n)?, n)))
            .collect()
    }

    /// `environment` as the service writes it, in either form.
    pub fn environment(&self) -> Vec<Variable<'y>> {
        let Some(entry) = self.own("environment") else {
            return Vec::new();
        };
        if entry.value.is_sequence() {
            return entry
                .value
                .items()
                .into_iter()
                .filter_map(|item| {
                    let text = item.str()?;
                    let (name, value) = match text.split_once('=') {
                        Some((n, v)) => (n, Some(v.to_owned())),
                        None => (text, None),
                    };
                    Some(Variable {
                        name: name.to_owned(),
                        value,
                        range: item.range(),
                        node: item,
                    })
                })
                .collect();
        }
        entry
            .value
            .entries()
            .into_iter()
            .filter_map(|e| {
                Some(Variable {
                    name: e.key.str()?.to_owned(),
                    value: (!e.value.is_null()).then(|| scalar(e.value)).flatten(),
                    range: e.value.range(),
                    node: e.value,
                })
            })
            .collect()
    }

    /// `ports` as the service writes them, in either form.
    pub fn ports(&self) -> Vec<Port<'y>> {
        self.own("ports")
            .map(|e| e.value.items())
            .unwrap_or_default()
            .into_iter()
            .filter_map(|node| {
                if node.is_mapping() {
                    return Some(Port {
                        host_ip: node.get("host_ip").and_then(scalar),
                        published: node.get("published").and_then(scalar),
                        target: node
                            .get("target")
                            .and_then(scalar)
                            .and_then(|t| t.parse().ok()),
                        node,
                    });
                }
                let text = scalar(node)?;
                // `[host_ip:][published:]target[/protocol]`; an IPv6 address is in brackets.
                let text = text.split('/').next().unwrap_or_default();
                let (host_ip, rest) = if let Some(after) = text.strip_prefix('[') {
                    let (ip, rest) = after.split_once(']')?;
                    (Some(ip.to_owned()), rest.trim_start_matches(':'))
                } else {
                    (None, text)
                };
                let parts: Vec<&str> = rest.split(':').collect();
                let (host_ip, published, target) = match parts.as_slice() {
                    [target] => (host_ip, None, *target),
                    [published, target] => (host_ip, Some(*published), *target),
                    [ip, published, target] => (Some((*ip).to_owned()), Some(*published), *target),
                    _ => return None,
                };
                Some(Port {
                    host_ip,
                    published: published.filter(|p| !p.is_empty()).map(str::to_owned),
                    target: target.split('-').next().and_then(|t| t.parse().ok()),
                    node,
                })
            })
            .collect()
    }

    /// `volumes` as the service writes them, in either form.
    pub fn mounts(&self) -> Vec<Mount<'y>> {
        self.own("volumes")
            .map(|e| e.value.items())
            .unwrap_or_default()
            .into_iter()
            .filter_map(|node| {
                if node.is_mapping() {
                    return Some(Mount {
                        source: node.get("source").and_then(scalar),
                        target: node.get("target").and_then(scalar),
                        read_only: node.get("read_only").and_then(Node::bool) == Some(true),
                        node,
                    });
                }
                let text = scalar(node)?;
                let parts: Vec<&str> = text.split(':').collect();
                let (source, target, mode) = match parts.as_slice() {
                    [target] => (None, *target, ""),
                    [source, target] => (Some(*source), *target, ""),
                    [source, target, mode, ..] => (Some(*source), *target, *mode),
                    [] => return None,
                };
                Some(Mount {
                    source: source.map(str::to_owned),
                    target: Some(target.to_owned()),
                    read_only: mode.split(',').any(|m| m == "ro"),
                    node,
                })
            })
            .collect()
    }

    /// The service's own `image:`, when written as text.
    pub fn image(&self) -> Option<(Entry<'y>, &'y str)> {
        let entry = self.own("image")?;
        Some((entry, entry.value.str()?))
    }

    /// Whether the service is built here (`build:`): then `image:` names the result.
    pub fn is_built(&self) -> bool {
        self.field("build").is_some()
    }

    /// Where findings about a missing setting point: the service's name.
    pub fn anchor(&self) -> TextRange {
        self.key.range()
    }
}

/// A scalar's text, whatever its type (`8080` and `"8080"` alike).
fn scalar(node: Node<'_>) -> Option<String> {
    if let Some(text) = node.str() {
        return Some(text.to_owned());
    }
    node.int().map(|n| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::registry::FileKind;

    fn compose(text: &str) -> (Yaml, usize) {
        let yaml = Yaml::parse(text);
        let count = Compose::new(&yaml).services.len();
        (yaml, count)
    }

    #[test]
    fn settings_are_read_in_both_forms() {
        let text = "services:\n  web:\n    image: nginx:1.27\n    environment:\n      - A=1\n      - B\n    ports:\n      - \"127.0.0.1:5432:5432\"\n      - 8080:80\n      - \"[::1]:9000:9000/tcp\"\n      - target: 443\n        published: \"8443\"\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n      - data:/data\n      - type: bind\n        source: /etc\n        target: /host-etc\n  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: secret\n      EMPTY:\n";
        let yaml = Yaml::parse(text);
        let file = Compose::new(&yaml);
        assert_eq!(file.services.len(), 2);
        let web = &file.services[0];
        let env: Vec<_> = web
            .environment()
            .into_iter()
            .map(|v| (v.name, v.value))
            .collect();
        assert_eq!(
            env,
            [
                ("A".to_owned(), Some("1".to_owned())),
                ("B".to_owned(), None)
            ]
        );
        let ports: Vec<_> = web
            .ports()
            .into_iter()
            .map(|p| (p.host_ip, p.published, p.target))
            .collect();
        assert_eq!(
            ports,
            [
                (
                    Some("127.0.0.1".to_owned()),
                    Some("5432".to_owned()),
                    Some(5432)
                ),
                (None, Some("8080".to_owned()), Some(80)),
                (Some("::1".to_owned()), Some("9000".to_owned()), Some(9000)),
                (None, Some("8443".to_owned()), Some(443)),
            ]
        );
        let mounts: Vec<_> = web
            .mounts()
            .into_iter()
            .map(|m| (m.is_bind(), m.source, m.target, m.read_only))
            .collect();
        assert_eq!(
            mounts[0],
            (
                true,
                Some("/var/run/docker.sock".to_owned()),
                Some("/var/run/docker.sock".to_owned()),
                true
            )
        );
        assert_eq!(
            mounts[1],
            (
                false,
                Some("data".to_owned()),
                Some("/data".to_owned()),
                false
            )
        );
        assert_eq!(mounts[2].1.as_deref(), Some("/etc"));
        let db: Vec<_> = file.services[1]
            .environment()
            .into_iter()
            .map(|v| (v.name, v.value))
            .collect();
        assert_eq!(
            db,
            [
                ("POSTGRES_PASSWORD".to_owned(), Some("secret".to_owned())),
                ("EMPTY".to_owned(), None)
            ]
        );
    }

    #[test]
    fn settings_come_from_the_service_it_extends() {
        let yaml = Yaml::parse("services:\n  base:\n    image: x:1\n    read_only: true\n    user: \"1000\"\n  web:\n    extends: base\n    ports: [\"80:80\"]\n  worker:\n    extends: {service: web}\n  other:\n    extends: {file: common.yaml, service: base}\n  loop:\n    extends: loop\n");
        let file = Compose::new(&yaml);
        let by_name = |n: &str| file.services.iter().find(|s| s.name == n).expect("service");
        assert!(by_name("web").field("read_only").is_some());
        assert!(
            by_name("worker").field("user").is_some(),
            "through two levels"
        );
        assert!(
            by_name("other").field("user").is_none(),
            "another file's service is not read"
        );
        assert!(by_name("loop").bases.is_empty());
    }

    #[test]
    fn compose_files_are_told_from_manifests() {
        assert!(FileKind::looks_like_compose(
            "services:\n  web:\n    image: x\n"
        ));
        assert!(FileKind::looks_like_compose(
            "version: \"3.8\"\nservices:\n  web: {image: x}\n"
        ));
        assert!(!FileKind::looks_like_compose(
            "apiVersion: v1\nkind: List\nservices: []\n"
        ));
        assert!(!FileKind::looks_like_compose("kind: Pod\nspec: {}\n"));
        // A list or a scalar under `services:` is not a service.
        assert_eq!(compose("services:\n  - web\n").1, 0);
    }
}
