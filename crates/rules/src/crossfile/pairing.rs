//! Several files read together: which Dockerfile builds which container's image, and
//! the facts cross-file rules compare (the image's user, ports, health check, what it
//! writes; the container's security context, ports and probes).

use crate::dockerfile::{Base, ImageRef, Instruction, Keyword, Model, Stage, Word};
use crate::engine::diagnostic::{Diagnostic, Related};
use crate::engine::registry::{FileKind, RuleMeta};
use crate::engine::text::{LineIndex, TextRange};
use crate::knowledge::catalog::{catalog, ImageFacts};
use crate::kubernetes::{Container, ContainerKind, Manifest, Pod};
use crate::requirements::Requirements;

/// One file of a project, as given to [`crate::Linter::check`].
#[derive(Debug, Clone, Copy)]
pub struct ProjectFile<'a> {
    pub path: &'a str,
    pub kind: FileKind,
    pub source: &'a str,
}

/// A file of the project as it was read: its index in the project's files, its path
/// and text, and what it was read as (a Dockerfile's model, a manifest, a Compose file).
#[derive(Debug)]
pub struct Unit<'a, T> {
    pub file: usize,
    pub path: &'a str,
    pub source: &'a str,
    pub read: &'a T,
}

/// A Dockerfile of the project.
pub type DockerfileUnit<'a> = Unit<'a, Model<'a>>;
/// A manifest of the project.
pub type ManifestUnit<'a> = Unit<'a, Manifest<'a>>;
/// A Compose file of the project.
pub type ComposeUnit<'a> = Unit<'a, crate::compose::Compose<'a>>;

/// A requirements file of the project.
#[derive(Debug)]
pub struct RequirementsUnit<'a> {
    pub file: usize,
    pub path: &'a str,
    pub requirements: &'a Requirements,
}

/// A container and the Dockerfile assumed to build its image.
#[derive(Debug, Clone)]
pub struct Pairing {
    /// Index into [`ProjectContext::dockerfiles`].
    pub dockerfile: usize,
    /// Index into [`ProjectContext::manifests`].
    pub manifest: usize,
    /// Pod and container indexes in that manifest.
    pub pod: usize,
    pub container: usize,
    /// Why: "`Dockerfile` is the only Dockerfile", "the image name matches"...
    pub reason: String,
}

/// What cross-file rules see.
#[derive(Debug)]
pub struct ProjectContext<'a> {
    pub dockerfiles: Vec<DockerfileUnit<'a>>,
    pub manifests: Vec<ManifestUnit<'a>>,
    pub composes: Vec<ComposeUnit<'a>>,
    pub requirements: Vec<RequirementsUnit<'a>>,
    pub pairs: Vec<Pairing>,
    pub builds: Vec<Build>,
}

/// A Compose service with `build:` and the Dockerfile that builds it.
#[derive(Debug, Clone)]
pub struct Build {
    /// Index into [`ProjectContext::dockerfiles`].
    pub dockerfile: usize,
    /// Index into [`ProjectContext::composes`], and the service's index in it.
    pub compose: usize,
    pub service: usize,
    /// Why: "`build: .` names `Dockerfile`", "it is the only Dockerfile".
    pub reason: String,
}

/// The image a Dockerfile builds: its shipped stage, and what the files say about it.
#[derive(Debug, Clone, Copy)]
pub struct Built<'c, 'a> {
    pub dockerfile: &'c DockerfileUnit<'a>,
    /// The stage `docker build` produces.
    pub shipped: &'a Stage<'a>,
}

/// A Compose service and the Dockerfile that builds its image.
#[derive(Debug, Clone, Copy)]
pub struct BuiltService<'c, 'a> {
    pub build: &'c Build,
    pub compose: &'c ComposeUnit<'a>,
    pub service: &'c crate::compose::Service<'a>,
    pub image: Built<'c, 'a>,
}

impl BuiltService<'_, '_> {
    /// How messages name the pairing: "(assuming `Dockerfile` builds the image of
    /// service `web`: `build: .` names it)".
    pub fn assumption(&self) -> String {
        format!(
            "(assuming `{}` builds the image of service `{}`: {})",
            self.image.dockerfile.path, self.service.name, self.build.reason
        )
    }
}

/// One side of a paired container: everything a rule needs about it.
#[derive(Debug, Clone, Copy)]
pub struct Paired<'c, 'a> {
    pub pairing: &'c Pairing,
    pub dockerfile: &'c DockerfileUnit<'a>,
    pub manifest: &'c ManifestUnit<'a>,
    pub pod: &'c Pod<'a>,
    pub container: &'c Container<'a>,
    /// The stage `docker build` produces.
    pub shipped: &'a Stage<'a>,
}

/// The user an image runs as, as far as the files tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageUser {
    /// Root: `USER root`, `USER 0`, or no `USER` on a base that runs as root.
    Root { at: TextRange },
    /// A numeric UID (`USER 65532`, or a base image whose default user is numeric).
    Numeric { uid: u32, at: TextRange },
    /// A user name (`USER nonroot`): the kubelet cannot tell whether it is root.
    Named { name: String, at: TextRange },
    /// No `USER`, on a base image we know nothing about.
    Unknown,
}

/// A finding that joins two files. It is reported in both, each pointing at the
/// other.
#[derive(Debug, Clone)]
pub struct CrossFinding {
    pub rule: &'static RuleMeta,
    pub message: String,
    pub help: Option<String>,
    /// File index (in the project) and range of the main place.
    pub primary: (usize, TextRange),
    /// The other place, with a note on what is there.
    pub other: Option<(usize, TextRange, String)>,
    /// What is at the main place, shown from the other file.
    pub note: String,
}

impl CrossFinding {
    pub fn new(rule: &'static RuleMeta, message: String, primary: (usize, TextRange)) -> Self {
        Self {
            rule,
            message,
            help: None,
            primary,
            other: None,
            note: "the other side of this finding".to_owned(),
        }
    }

    /// What is at the main place, as the other file's diagnostic shows it.
    #[must_use]
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = note.into();
        self
    }

    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn other(mut self, file: usize, range: TextRange, note: impl Into<String>) -> Self {
        self.other = Some((file, range, note.into()));
        self
    }
}

impl<'a> ProjectContext<'a> {
    /// The Services, in any manifest, that select `pod` (a selector whose every label
    /// the pod has), with the manifest each is in.
    pub fn services_of<'c>(
        &'c self,
        pod: &Pod<'a>,
    ) -> Vec<(&'c ManifestUnit<'a>, &'c crate::kubernetes::Object<'a>)> {
        let labels: Vec<(&str, &str)> = pod
            .metadata
            .and_then(|m| m.get("labels"))
            .map(|l| {
                l.entries()
                    .into_iter()
                    .filter_map(|e| Some((e.key.str()?, e.value.str()?)))
                    .collect()
            })
            .unwrap_or_default();
        let mut found = Vec::new();
        for unit in &self.manifests {
            for service in unit.read.objects.iter().filter(|o| o.kind == "Service") {
                let Some(selector) = service.node.path(&["spec", "selector"]) else {
                    continue;
                };
                let selects = !selector.entries().is_empty()
                    && selector.entries().iter().all(|e| {
                        labels
                            .iter()
                            .any(|(k, v)| Some(*k) == e.key.str() && Some(*v) == e.value.str())
                    });
                if selects {
                    found.push((unit, service));
                }
            }
        }
        found
    }

    /// Every paired container with its Dockerfile and manifest.
    pub fn paired(&self) -> Vec<Paired<'_, 'a>> {
        self.pairs
            .iter()
            .filter_map(|pairing| {
                let dockerfile = &self.dockerfiles[pairing.dockerfile];
                let manifest = &self.manifests[pairing.manifest];
                let pod = manifest.read.pods.get(pairing.pod)?;
                let container = pod.containers.get(pairing.container)?;
                let shipped = dockerfile.read.shipped()?;
                Some(Paired {
                    pairing,
                    dockerfile,
                    manifest,
                    pod,
                    container,
                    shipped,
                })
            })
            .collect()
    }

    /// Every Compose service built by a Dockerfile of the project.
    pub fn built(&self) -> Vec<BuiltService<'_, 'a>> {
        self.builds
            .iter()
            .filter_map(|build| {
                let dockerfile = &self.dockerfiles[build.dockerfile];
                let compose = &self.composes[build.compose];
                Some(BuiltService {
                    build,
                    compose,
                    service: compose.read.services.get(build.service)?,
                    image: Built {
                        dockerfile,
                        shipped: dockerfile.read.shipped()?,
                    },
                })
            })
            .collect()
    }
}

/// Work that depends only on a pair's Dockerfile, done once per Dockerfile however many
/// containers it is paired with (one Dockerfile often runs in dozens of Deployments).
#[derive(Debug)]
pub struct PerDockerfile<T> {
    done: Vec<(usize, T)>,
}

impl<T> Default for PerDockerfile<T> {
    fn default() -> Self {
        Self { done: Vec::new() }
    }
}

impl<T> PerDockerfile<T> {
    /// `compute(paired)` for this pair's Dockerfile, computed the first time only.
    pub fn get(
        &mut self,
        paired: &Paired<'_, '_>,
        compute: impl FnOnce(&Paired<'_, '_>) -> T,
    ) -> &T {
        let key = paired.pairing.dockerfile;
        let at = if let Some(at) = self.done.iter().position(|(k, _)| *k == key) {
            at
        } else {
            self.done.push((key, compute(paired)));
            self.done.len() - 1
        };
        &self.done[at].1
    }
}

impl<'a> Paired<'_, 'a> {
    /// How messages name the pairing: "(assuming `Dockerfile` builds the image of
    /// container `app`: it is the only Dockerfile)".
    pub fn assumption(&self) -> String {
        format!(
            "(assuming `{}` builds the image of {}: {})",
            self.dockerfile.path,
            self.container.label().to_lowercase(),
            self.pairing.reason
        )
    }

    /// `runAsNonRoot: true` when no `runAsUser` says which user: the kubelet must then
    /// verify the image's own user before it starts the container.
    pub fn unverified_non_root(&self) -> Option<crate::kubernetes::Setting<'a>> {
        let setting = self.pod.effective(self.container, "runAsNonRoot")?;
        (setting.entry.value.bool() == Some(true)
            && self.pod.effective(self.container, "runAsUser").is_none())
        .then_some(setting)
    }

    /// The image the container runs.
    pub fn image(&self) -> Built<'_, 'a> {
        Built {
            dockerfile: self.dockerfile,
            shipped: self.shipped,
        }
    }

    /// The catalog facts of the shipped stage's base image.
    pub fn base_facts(&self) -> Option<&'static ImageFacts> {
        self.image().base_facts()
    }

    /// Where findings about the image's base point.
    pub fn base_range(&self) -> TextRange {
        self.image().base_range()
    }

    /// The user the image runs as.
    pub fn image_user(&self) -> ImageUser {
        self.image().image_user()
    }

    /// An instruction of the shipped image, latest first.
    pub fn effective(&self, keyword: Keyword) -> Option<&'a Instruction> {
        self.image().effective(keyword)
    }

    /// Stages whose files are in the shipped image.
    pub fn shipped_chain(&self) -> Vec<&'a Stage<'a>> {
        self.image().shipped_chain()
    }
}

impl<'a> Built<'_, 'a> {
    /// The catalog facts of the shipped stage's base image.
    pub fn base_facts(&self) -> Option<&'static ImageFacts> {
        match self.dockerfile.read.root_base(self.shipped) {
            Base::Image(reference) => catalog().facts(&ImageRef::parse(reference)),
            _ => None,
        }
    }

    /// Where findings about the image's base point: the shipped chain's `FROM` image.
    pub fn base_range(&self) -> TextRange {
        self.dockerfile.read.root_stage(self.shipped).image_range()
    }

    /// The user the image runs as.
    pub fn image_user(&self) -> ImageUser {
        if let Some((_, word)) = self.dockerfile.read.effective_user(self.shipped) {
            return user_word(&word);
        }
        let at = self.base_range();
        if matches!(self.dockerfile.read.root_base(self.shipped), Base::Scratch) {
            return ImageUser::Root { at };
        }
        match self.base_facts() {
            Some(facts) => match facts.default_uid {
                Some(0) | None if facts.default_user == "root" => ImageUser::Root { at },
                Some(uid) => ImageUser::Numeric { uid, at },
                None => ImageUser::Named {
                    name: facts.default_user.to_owned(),
                    at,
                },
            },
            None => ImageUser::Unknown,
        }
    }

    /// An instruction of the shipped image (its own stage or the stages it is built
    /// on), latest first.
    pub fn effective(&self, keyword: Keyword) -> Option<&'a Instruction> {
        self.dockerfile.read.effective(self.shipped, keyword)
    }

    /// Stages whose files are in the shipped image.
    pub fn shipped_chain(&self) -> Vec<&'a Stage<'a>> {
        self.dockerfile.read.ancestry(self.shipped)
    }

    /// The ports the image's `EXPOSE` lists, with where.
    pub fn exposed(&self) -> Vec<(u16, TextRange)> {
        self.shipped_chain()
            .iter()
            .flat_map(|stage| stage.exposed_ports())
            .filter_map(|e| Some((e.port?, e.word.range)))
            .collect()
    }
}

/// `USER app:group` → the user part, classified.
fn user_word(word: &Word) -> ImageUser {
    let user = word.text.split(':').next().unwrap_or_default();
    let at = TextRange::new(
        word.range.start(),
        word.range.start() + user.len().min(word.range.len()),
    );
    if crate::dockerfile::is_root_user(user) {
        return ImageUser::Root { at };
    }
    match user.parse::<u32>() {
        Ok(uid) => ImageUser::Numeric { uid, at },
        Err(_) => ImageUser::Named {
            name: user.to_owned(),
            at,
        },
    }
}

/// The last path segment of an image repository: `registry:5000/team/api:1.0` → `api`.
fn image_name(reference: &str) -> String {
    let image = ImageRef::parse(reference);
    image
        .repository
        .rsplit('/')
        .next()
        .unwrap_or(image.repository)
        .to_ascii_lowercase()
}

/// Whether an image is a public image nobody builds from a Dockerfile next to the
/// manifest: an official Docker Hub image (`nginx:1.27`, `redis`), or one in our
/// catalog of base images.
fn looks_public(reference: &str) -> bool {
    let image = ImageRef::parse(reference);
    (image.registry.is_none() && !image.repository.contains('/'))
        || catalog().facts(&image).is_some()
}

/// Which Dockerfile builds `container`'s image when the user has not said: the one
/// whose name matches the image's, else the only Dockerfile for an image that is not
/// a public one. With the reason, for messages.
fn guess(
    dockerfiles: &[DockerfileUnit<'_>],
    container: &Container<'_>,
    image: Option<&str>,
) -> Option<(usize, String)> {
    let by_name = image.and_then(|image| {
        let wanted = image_name(image);
        dockerfiles
            .iter()
            .position(|d| {
                FileKind::dockerfile_image_name(d.path).as_deref() == Some(wanted.as_str())
            })
            .map(|d| {
                (
                    d,
                    format!("the image name `{wanted}` matches the Dockerfile's"),
                )
            })
    });
    by_name.or_else(|| {
        let single = dockerfiles.len() == 1;
        let own_image = image.is_none_or(|i| !looks_public(i));
        (single && own_image && container.kind == ContainerKind::Container)
            .then(|| (0, "it is the only Dockerfile".to_owned()))
    })
}

/// Decide which Dockerfile builds which container. `explicit` pairs (image or
/// container name → Dockerfile path) come from the user and, when given, are the only
/// pairs; otherwise image names that match a Dockerfile's name; then, with a single
/// Dockerfile, every container whose image is not a public one.
pub fn pair(
    dockerfiles: &[DockerfileUnit<'_>],
    manifests: &[ManifestUnit<'_>],
    explicit: &[(String, String)],
) -> Vec<Pairing> {
    let mut pairs = Vec::new();
    if dockerfiles.is_empty() {
        return pairs;
    }
    for (m, unit) in manifests.iter().enumerate() {
        for (p, pod) in unit.read.pods.iter().enumerate() {
            let mut paired_in_pod = false;
            let candidates: Vec<(usize, &Container<'_>)> = pod
                .containers
                .iter()
                .enumerate()
                .filter(|(_, c)| c.kind != ContainerKind::Ephemeral)
                .collect();
            for &(c, container) in &candidates {
                let image = container.image().map(|(_, text)| text);
                let name = container.name();
                // A choice made by the user replaces the guessing.
                let chosen = if explicit.is_empty() {
                    guess(dockerfiles, container, image)
                } else {
                    explicit
                        .iter()
                        .find(|(key, _)| Some(key.as_str()) == image || Some(key.as_str()) == name)
                        .and_then(|(_, path)| dockerfiles.iter().position(|d| d.path == path))
                        .map(|d| (d, "you chose it".to_owned()))
                };
                if let Some((dockerfile, reason)) = chosen {
                    paired_in_pod = true;
                    pairs.push(Pairing {
                        dockerfile,
                        manifest: m,
                        pod: p,
                        container: c,
                        reason,
                    });
                }
            }
            // A single Dockerfile and only public images: it most likely builds the
            // first container's image after all (a tutorial's `image: python:3.13`).
            if !paired_in_pod && dockerfiles.len() == 1 && explicit.is_empty() {
                if let Some(&(c, _)) = candidates
                    .iter()
                    .find(|(_, c)| c.kind == ContainerKind::Container)
                {
                    pairs.push(Pairing {
                        dockerfile: 0,
                        manifest: m,
                        pod: p,
                        container: c,
                        reason: "it is the only Dockerfile and no image looks like it was built from it, so the first container is assumed".to_owned(),
                    });
                }
            }
        }
    }
    pairs
}

/// `a/./b/../c` → `a/c`, with `\` read as `/`.
fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let path = path.replace('\\', "/");
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// Which Dockerfile builds each Compose service with `build:`: the one at the service's
/// `context` and `dockerfile` (relative to the Compose file), else the only Dockerfile.
pub fn pair_builds(dockerfiles: &[DockerfileUnit<'_>], composes: &[ComposeUnit<'_>]) -> Vec<Build> {
    let mut builds = Vec::new();
    for (c, unit) in composes.iter().enumerate() {
        let folder = unit.path.replace('\\', "/");
        let folder = folder.rsplit_once('/').map_or("", |(dir, _)| dir);
        for (s, service) in unit.read.services.iter().enumerate() {
            let Some(build) = service.field("build") else {
                continue;
            };
            let (context, file) = if let Some(context) = build.value.str() {
                (context, "Dockerfile")
            } else {
                (
                    build
                        .value
                        .get("context")
                        .and_then(crate::yaml::Node::str)
                        .unwrap_or("."),
                    build
                        .value
                        .get("dockerfile")
                        .and_then(crate::yaml::Node::str)
                        .unwrap_or("Dockerfile"),
                )
            };
            let wanted = normalise(&format!("{folder}/{context}/{file}"));
            let by_path = dockerfiles
                .iter()
                .position(|d| normalise(d.path) == wanted)
                .map(|d| (d, format!("its `build:` names `{wanted}`")));
            let chosen = by_path.or_else(|| {
                (dockerfiles.len() == 1).then(|| (0, "it is the only Dockerfile".to_owned()))
            });
            if let Some((dockerfile, reason)) = chosen {
                builds.push(Build {
                    dockerfile,
                    compose: c,
                    service: s,
                    reason,
                });
            }
        }
    }
    builds
}

/// The container images of all `manifests`, in order and without repeats.
pub(crate) fn unique_images(manifests: &[Manifest<'_>]) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for image in manifests.iter().flat_map(images) {
        if !found.iter().any(|i| i == image) {
            found.push(image.to_owned());
        }
    }
    found
}

/// Every container's image in a manifest, in order (repeats included): the images the
/// playground offers when the user picks which one the Dockerfile builds.
pub(crate) fn images<'m>(manifest: &'m Manifest<'_>) -> impl Iterator<Item = &'m str> + 'm {
    manifest
        .pods
        .iter()
        .flat_map(|pod| &pod.containers)
        .filter_map(|container| container.image().map(|(_, image)| image))
}

/// Turn cross findings into diagnostics in both files, each pointing at the other.
pub fn report(files: &[ProjectFile<'_>], findings: Vec<CrossFinding>, out: &mut [Vec<Diagnostic>]) {
    let lines: Vec<LineIndex> = files.iter().map(|f| LineIndex::new(f.source)).collect();
    let related = |file: usize, range: TextRange, message: String| Related {
        path: files[file].path.to_owned(),
        range,
        start: lines[file].line_col(range.start(), files[file].source),
        end: lines[file].line_col(range.end(), files[file].source),
        message,
    };
    for finding in findings {
        let (file, range) = finding.primary;
        let mut primary = Diagnostic::new(finding.rule, range, finding.message.clone());
        primary.help.clone_from(&finding.help);
        if let Some((other_file, other_range, note)) = &finding.other {
            primary
                .related
                .push(related(*other_file, *other_range, note.clone()));
            let mut mirror = Diagnostic::new(finding.rule, *other_range, finding.message);
            mirror.help = finding.help;
            mirror.related.push(related(file, range, finding.note));
            out[*other_file].push(mirror);
        }
        out[file].push(primary);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_images_and_dockerfile_paths() {
        assert_eq!(image_name("registry:5000/team/api:1.0"), "api");
        assert_eq!(image_name("app"), "app");
        assert_eq!(
            FileKind::dockerfile_image_name("services/api/Dockerfile").as_deref(),
            Some("api")
        );
        assert_eq!(
            FileKind::dockerfile_image_name("api.Dockerfile").as_deref(),
            Some("api")
        );
        assert_eq!(
            FileKind::dockerfile_image_name("Dockerfile.worker").as_deref(),
            Some("worker")
        );
        assert_eq!(FileKind::dockerfile_image_name("Dockerfile"), None);
        assert!(looks_public("nginx:1.27"));
        assert!(looks_public("python:3.13-slim"));
        assert!(!looks_public("registry.example/app:1.0.0"));
        assert!(!looks_public("team/app"));
    }
}
