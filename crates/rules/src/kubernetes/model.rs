//! Kubernetes manifests read as objects, pod specs and containers, with the
//! security-context inheritance the kubelet applies.
//!
//! Pod specs are found in every workload kind (`Pod`, `Deployment`, `CronJob`'s job
//! template, `PodTemplate`, `DeploymentConfig`, items of a `List`...) and in bare
//! fragments pasted from blog posts: a pod spec, a container, a list of containers,
//! or just a `securityContext:` block.

use crate::engine::text::TextRange;
use crate::kubernetes::schema::{CONTAINER_ONLY_FIELDS, POD_ONLY_FIELDS, SHARED_FIELDS};
use crate::yaml::{Entry, Node, Yaml};

/// `List` items inside `List` items inside ... stop here.
const MAX_LIST_DEPTH: usize = 8;

/// A manifest file read as Kubernetes objects.
#[derive(Debug)]
pub struct Manifest<'y> {
    pub yaml: &'y Yaml,
    pub objects: Vec<Object<'y>>,
    pub pods: Vec<Pod<'y>>,
}

/// A document (or `List` item) with a `kind`.
#[derive(Debug, Clone, Copy)]
pub struct Object<'y> {
    pub node: Node<'y>,
    pub kind: &'y str,
    pub kind_entry: Entry<'y>,
    pub metadata: Option<Entry<'y>>,
}

impl<'y> Object<'y> {
    /// `metadata.name`, if written.
    pub fn name(&self) -> Option<&'y str> {
        self.metadata?.value.get("name")?.str()
    }

    /// `metadata.namespace`, if written.
    pub fn namespace(&self) -> Option<Entry<'y>> {
        self.metadata?.value.entry("namespace")
    }

    /// The namespace the object lands in: `metadata.namespace`, else `default`.
    pub fn namespace_name(&self) -> &'y str {
        self.namespace()
            .and_then(|e| e.value.str())
            .unwrap_or("default")
    }
}

/// A pod spec: `spec` of a Pod, `spec.template.spec` of a workload, or a fragment.
#[derive(Debug, Clone)]
pub struct Pod<'y> {
    /// Index into [`Manifest::objects`]; `None` for a fragment.
    pub object: Option<usize>,
    /// The pod spec mapping (for a lone container fragment, the container itself).
    pub spec: Node<'y>,
    /// The `spec:` key, where findings about a missing pod-level field point.
    pub spec_key: Option<Node<'y>>,
    /// The pod template's metadata (annotations), if any.
    pub metadata: Option<Node<'y>>,
    pub containers: Vec<Container<'y>>,
    /// Whether this was pasted without its surrounding object.
    pub fragment: bool,
}

/// Which list a container is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContainerKind {
    Container,
    Init,
    /// An init container with `restartPolicy: Always`: runs for the pod's lifetime.
    Sidecar,
    Ephemeral,
}

/// A container of a pod.
#[derive(Debug, Clone, Copy)]
pub struct Container<'y> {
    pub node: Node<'y>,
    pub kind: ContainerKind,
    /// The node *is* a security context, pasted on its own (`runAsNonRoot: true` ...).
    pub bare_context: bool,
}

/// A security-context setting and where it comes from.
#[derive(Debug, Clone, Copy)]
pub struct Setting<'y> {
    pub entry: Entry<'y>,
    /// Set at pod level and inherited by the container.
    pub from_pod: bool,
}

/// Where a kind of object keeps its pod template (the mapping whose `spec` is the pod
/// spec): the object itself for a Pod; `None` for kinds without pods.
pub fn pod_template_path(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "Pod" => &[],
        "CronJob" => &["spec", "jobTemplate", "spec", "template"],
        "PodTemplate" => &["template"],
        "Deployment"
        | "ReplicaSet"
        | "ReplicationController"
        | "StatefulSet"
        | "DaemonSet"
        | "Job"
        | "DeploymentConfig" => &["spec", "template"],
        _ => return None,
    })
}

/// Whether an entry's value is the boolean `true`.
pub fn is_true(entry: Option<Entry<'_>>) -> bool {
    entry.is_some_and(|e| e.value.bool() == Some(true))
}

/// Whether an entry's value is the boolean `false`.
pub fn is_false(entry: Option<Entry<'_>>) -> bool {
    entry.is_some_and(|e| e.value.bool() == Some(false))
}

impl<'y> Container<'y> {
    pub fn name(&self) -> Option<&'y str> {
        self.node.get("name")?.str()
    }

    /// A field of the container (`image`, `resources`, `livenessProbe`...).
    pub fn field(&self, field: &str) -> Option<Entry<'y>> {
        self.node.entry(field)
    }

    /// The items of a list field (`ports`, `env`, `volumeMounts`...).
    pub fn list(&self, field: &str) -> Vec<Node<'y>> {
        self.node.get(field).map(Node::items).unwrap_or_default()
    }

    /// The `image` entry and its reference, unless it is a template placeholder
    /// (`$IMAGE`, `{{ .Values.image }}`) whose value is not known here.
    pub fn image(&self) -> Option<(Entry<'y>, &'y str)> {
        let entry = self.field("image")?;
        let text = entry.value.str()?;
        (!text.contains('$') && !text.contains("{{")).then_some((entry, text))
    }

    /// The capabilities the container's `securityContext` lists under `add` or
    /// `drop`, upper-cased and without a `CAP_` prefix.
    pub fn capabilities(&self, key: &str) -> Vec<String> {
        self.own("capabilities")
            .and_then(|c| c.value.get(key))
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .filter_map(|i| i.str())
            .map(|c| c.trim_start_matches("CAP_").to_ascii_uppercase())
            .collect()
    }

    /// Whether the container drops `NET_BIND_SERVICE` (by name or with `ALL`) without
    /// adding it back: then only root may bind a port below 1024.
    pub fn drops_net_bind_service(&self) -> bool {
        self.capabilities("drop")
            .iter()
            .any(|d| d == "ALL" || d == "NET_BIND_SERVICE")
            && !self
                .capabilities("add")
                .iter()
                .any(|a| a == "NET_BIND_SERVICE")
    }

    /// Where findings about the whole container point: its `name` key, else its
    /// first key.
    pub fn anchor(&self) -> TextRange {
        self.node.entry("name").map_or_else(
            || {
                let start = self.node.resolve().range().start();
                TextRange::new(start, start)
            },
            |e| e.key.range(),
        )
    }

    /// The container's own `securityContext` entry.
    pub fn security_context(&self) -> Option<Entry<'y>> {
        if self.bare_context {
            return Some(Entry {
                key: self.node,
                value: self.node,
            });
        }
        self.node.entry("securityContext")
    }

    /// A field of the container's own `securityContext`.
    pub fn own(&self, field: &str) -> Option<Entry<'y>> {
        self.security_context()?.value.entry(field)
    }

    /// Where a finding about a missing container security field points: the
    /// container's `securityContext:` key, else its name.
    pub fn missing_anchor(&self) -> TextRange {
        if self.bare_context {
            return self
                .node
                .entries()
                .first()
                .map_or_else(|| self.anchor(), |e| e.key.range());
        }
        self.security_context()
            .map_or_else(|| self.anchor(), |e| e.key.range())
    }

    /// How the container is named in messages.
    pub fn label(&self) -> String {
        let what = match self.kind {
            ContainerKind::Container => "Container",
            ContainerKind::Init => "Init container",
            ContainerKind::Sidecar => "Sidecar container",
            ContainerKind::Ephemeral => "Ephemeral container",
        };
        match self.name() {
            Some(name) => format!("{what} `{name}`"),
            None => what.to_owned(),
        }
    }
}

impl<'y> Pod<'y> {
    /// The pod's `securityContext` entry.
    pub fn security_context(&self) -> Option<Entry<'y>> {
        if self.is_lone_container() {
            return None;
        }
        self.spec.entry("securityContext")
    }

    /// A field of the pod's `securityContext`.
    pub fn own(&self, field: &str) -> Option<Entry<'y>> {
        self.security_context()?.value.entry(field)
    }

    /// Whether the pod says it runs on Windows (`spec.os.name: windows`). Pod Security
    /// Admission does not apply the Linux-only Restricted controls to it
    /// (privilege escalation, seccomp, capabilities).
    pub fn is_windows(&self) -> bool {
        self.field("os")
            .and_then(|os| os.value.get("name"))
            .and_then(Node::str)
            == Some("windows")
    }

    /// A pod spec field (`hostNetwork`, `volumes`...).
    pub fn field(&self, field: &str) -> Option<Entry<'y>> {
        if self.is_lone_container() {
            return None;
        }
        self.spec.entry(field)
    }

    /// The pod's volumes.
    pub fn volumes(&self) -> Vec<Node<'y>> {
        self.field("volumes")
            .map(|e| e.value.items())
            .unwrap_or_default()
    }

    /// Whether this "pod" is a container pasted on its own.
    pub fn is_lone_container(&self) -> bool {
        self.fragment && self.containers.len() == 1 && self.containers[0].node.id == self.spec.id
    }

    /// The setting a container runs with for a field both levels have: the
    /// container's own, else the pod's.
    pub fn effective(&self, container: &Container<'y>, field: &str) -> Option<Setting<'y>> {
        if let Some(entry) = container.own(field) {
            return Some(Setting {
                entry,
                from_pod: false,
            });
        }
        self.own(field).map(|entry| Setting {
            entry,
            from_pod: true,
        })
    }

    /// Where a finding about a missing pod-level field points: the pod's
    /// `securityContext:` key, else `spec:`, else the first container.
    pub fn missing_anchor(&self) -> TextRange {
        if let Some(context) = self.security_context() {
            return context.key.range();
        }
        if let Some(key) = self.spec_key {
            return key.range();
        }
        self.containers.first().map_or_else(
            || {
                let start = self.spec.resolve().range().start();
                TextRange::new(start, start)
            },
            Container::anchor,
        )
    }

    /// Whether the manifest says `container` runs as a non-root user: `Some(true)` for a
    /// non-zero `runAsUser`, or `runAsNonRoot: true` without one (the kubelet refuses
    /// to start it as root); `Some(false)` for `runAsUser: 0`; `None` when the image's
    /// user decides.
    pub fn runs_as_non_root(&self, container: &Container<'y>) -> Option<bool> {
        if let Some(uid) = self
            .effective(container, "runAsUser")
            .and_then(|s| s.entry.value.int())
        {
            return Some(uid != 0);
        }
        self.effective(container, "runAsNonRoot")
            .and_then(|s| s.entry.value.bool())
            .filter(|&non_root| non_root)
    }

    /// The lowest port a non-root process may bind in this pod: 1024, unless the pod's
    /// `net.ipv4.ip_unprivileged_port_start` sysctl lowers it.
    pub fn unprivileged_port_start(&self) -> i64 {
        self.own("sysctls")
            .map(|sysctls| sysctls.value.items())
            .unwrap_or_default()
            .into_iter()
            .filter(|s| {
                s.get("name").and_then(Node::str) == Some("net.ipv4.ip_unprivileged_port_start")
            })
            .find_map(|s| s.get("value")?.str()?.trim().parse::<i64>().ok())
            .map_or(1024, |start| start.clamp(0, 1024))
    }

    /// Annotations of the pod (template) metadata.
    pub fn annotations(&self) -> Vec<Entry<'y>> {
        self.metadata
            .and_then(|m| m.get("annotations"))
            .map(Node::entries)
            .unwrap_or_default()
    }
}

impl<'y> Manifest<'y> {
    pub fn new(yaml: &'y Yaml) -> Self {
        let mut manifest = Self {
            yaml,
            objects: Vec::new(),
            pods: Vec::new(),
        };
        for root in yaml.roots() {
            manifest.read(root, 0);
        }
        manifest
    }

    fn read(&mut self, node: Node<'y>, depth: usize) {
        if node.is_sequence() {
            // A list of containers pasted on its own.
            let items = node.items();
            if !items.is_empty() && items.iter().all(|i| looks_like_container(*i)) {
                self.pods.push(Pod {
                    object: None,
                    spec: node,
                    spec_key: None,
                    metadata: None,
                    containers: items
                        .into_iter()
                        .map(|node| Container {
                            node,
                            kind: ContainerKind::Container,
                            bare_context: false,
                        })
                        .collect(),
                    fragment: true,
                });
            }
            return;
        }
        if !node.is_mapping() {
            return;
        }
        let Some(kind_entry) = node.entry("kind") else {
            self.read_fragment(node);
            return;
        };
        let kind = kind_entry.value.str().unwrap_or_default();
        let index = self.objects.len();
        self.objects.push(Object {
            node,
            kind,
            kind_entry,
            metadata: node.entry("metadata"),
        });
        if kind.ends_with("List") && depth < MAX_LIST_DEPTH {
            for item in node.get("items").map(Node::items).unwrap_or_default() {
                self.read(item, depth + 1);
            }
            return;
        }
        let Some(path) = pod_template_path(kind) else {
            return;
        };
        let Some(template) = node.path(path) else {
            return;
        };
        if let Some(spec) = template.entry("spec") {
            self.push_pod(
                Some(index),
                spec.value,
                Some(spec.key),
                template.get("metadata"),
                false,
            );
        }
    }

    /// A document without `kind`: a pod spec, a container, or a security context.
    fn read_fragment(&mut self, node: Node<'y>) {
        if let Some(spec) = node
            .entry("spec")
            .filter(|s| s.value.get("containers").is_some())
        {
            self.push_pod(None, spec.value, Some(spec.key), node.get("metadata"), true);
        } else if node.get("containers").is_some() {
            self.push_pod(None, node, None, None, true);
        } else if looks_like_container(node) || node.get("securityContext").is_some() {
            self.push_lone(node, false);
        } else if node.entries().iter().any(|e| {
            e.key.str().is_some_and(|k| {
                CONTAINER_ONLY_FIELDS.contains(&k)
                    || SHARED_FIELDS.contains(&k)
                    || POD_ONLY_FIELDS.contains(&k)
            })
        }) {
            self.push_lone(node, true);
        }
    }

    /// A container, or a security context, pasted on its own.
    fn push_lone(&mut self, node: Node<'y>, bare_context: bool) {
        self.pods.push(Pod {
            object: None,
            spec: node,
            spec_key: None,
            metadata: None,
            containers: vec![Container {
                node,
                kind: ContainerKind::Container,
                bare_context,
            }],
            fragment: true,
        });
    }

    fn push_pod(
        &mut self,
        object: Option<usize>,
        spec: Node<'y>,
        spec_key: Option<Node<'y>>,
        metadata: Option<Node<'y>>,
        fragment: bool,
    ) {
        let mut containers = Vec::new();
        for (list, kind) in [
            ("initContainers", ContainerKind::Init),
            ("containers", ContainerKind::Container),
            ("ephemeralContainers", ContainerKind::Ephemeral),
        ] {
            for node in spec.get(list).map(Node::items).unwrap_or_default() {
                let kind = if kind == ContainerKind::Init
                    && node.get("restartPolicy").and_then(Node::str) == Some("Always")
                {
                    ContainerKind::Sidecar
                } else {
                    kind
                };
                containers.push(Container {
                    node,
                    kind,
                    bare_context: false,
                });
            }
        }
        self.pods.push(Pod {
            object,
            spec,
            spec_key,
            metadata,
            containers,
            fragment,
        });
    }

    /// Every container with its pod.
    pub fn containers(&self) -> impl Iterator<Item = (&Pod<'y>, &Container<'y>)> {
        self.pods
            .iter()
            .flat_map(|pod| pod.containers.iter().map(move |c| (pod, c)))
    }

    /// The object a pod belongs to.
    pub fn object_of(&self, pod: &Pod<'y>) -> Option<&Object<'y>> {
        self.objects.get(pod.object?)
    }
}

/// A mapping with an `image`, or a `name` with what only containers have.
fn looks_like_container(node: Node<'_>) -> bool {
    // A container's `image` is a string: Helm values write `image: {repository, tag}`.
    node.is_mapping()
        && (node
            .get("image")
            .is_some_and(|i| !i.is_mapping() && !i.is_sequence())
            || (node.get("name").is_some()
                && [
                    "command",
                    "args",
                    "ports",
                    "securityContext",
                    "resources",
                    "env",
                ]
                .iter()
                .any(|k| node.get(k).is_some())))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each pod's object kind and its containers' names and kinds.
    type Found = Vec<(Option<String>, Vec<(String, ContainerKind)>)>;

    fn manifest_kinds(src: &str) -> Found {
        let yaml = Yaml::parse(src);
        let manifest = Manifest::new(&yaml);
        manifest
            .pods
            .iter()
            .map(|p| {
                (
                    manifest.object_of(p).map(|o| o.kind.to_owned()),
                    p.containers
                        .iter()
                        .map(|c| (c.name().unwrap_or("?").to_owned(), c.kind))
                        .collect(),
                )
            })
            .collect()
    }

    #[test]
    fn pods_in_every_workload_kind() {
        let src = "apiVersion: v1\nkind: List\nitems:\n- kind: Pod\n  spec:\n    containers: [{name: a, image: x}]\n- kind: CronJob\n  spec:\n    jobTemplate:\n      spec:\n        template:\n          spec:\n            initContainers:\n            - {name: i, image: x}\n            - {name: s, image: x, restartPolicy: Always}\n            containers: [{name: c, image: x}]\n---\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers: [{name: d, image: x}]\n      ephemeralContainers: [{name: e, image: x}]\n---\nkind: Service\nspec: {}\n";
        let found = manifest_kinds(src);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].0.as_deref(), Some("Pod"));
        assert_eq!(
            found[1].1,
            [
                ("i".to_owned(), ContainerKind::Init),
                ("s".to_owned(), ContainerKind::Sidecar),
                ("c".to_owned(), ContainerKind::Container)
            ]
        );
        assert_eq!(found[2].1[1], ("e".to_owned(), ContainerKind::Ephemeral));
    }

    #[test]
    fn fragments() {
        assert_eq!(
            manifest_kinds("name: app\nimage: x\n")[0].1,
            [("app".to_owned(), ContainerKind::Container)]
        );
        assert_eq!(
            manifest_kinds("- name: a\n  image: x\n- name: b\n  image: y\n")[0]
                .1
                .len(),
            2
        );
        assert_eq!(
            manifest_kinds("containers:\n- name: a\n  image: x\n")[0]
                .1
                .len(),
            1
        );
        for src in [
            "securityContext:\n  runAsNonRoot: true\n",
            "runAsNonRoot: true\nrunAsUser: 1000\n",
        ] {
            let yaml = Yaml::parse(src);
            let manifest = Manifest::new(&yaml);
            let (_, container) = manifest.containers().next().expect("container");
            let non_root = container.own("runAsNonRoot").expect("runAsNonRoot");
            assert_eq!(non_root.value.bool(), Some(true));
        }
    }

    #[test]
    fn container_settings_override_the_pod() {
        let src = "kind: Pod\nspec:\n  securityContext:\n    runAsUser: 1000\n    runAsNonRoot: true\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      runAsUser: 0\n";
        let yaml = Yaml::parse(src);
        let manifest = Manifest::new(&yaml);
        let (pod, container) = manifest.containers().next().expect("container");
        let user = pod.effective(container, "runAsUser").expect("user");
        assert!(!user.from_pod);
        assert_eq!(user.entry.value.int(), Some(0));
        let non_root = pod.effective(container, "runAsNonRoot").expect("non-root");
        assert!(non_root.from_pod);
        assert_eq!(container.anchor().slice(src), "name");
        assert_eq!(pod.missing_anchor().slice(src), "securityContext");
    }
}
