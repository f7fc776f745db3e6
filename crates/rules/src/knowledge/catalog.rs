//! The image catalog, read from `data/images.toml` (a dated data file, so facts that
//! change with the world are not buried in code): what is known of base images, the
//! bases the variant generator builds on, end-of-life dates and the tags the pinning fix
//! offers. The one owner of those facts: the rules and the variants ask here.

use crate::knowledge::image_ref::ImageRef;
use crate::knowledge::packages::{OsFamily, PackageManager};

/// The schema's strings and lists: `'static` here (build.rs reads the file into owned
/// ones).
type Str = &'static str;
type List<T> = &'static [T];
use serde::Serialize as Serde;

#[path = "catalog_schema.rs"]
mod schema;
pub use schema::{Catalog, EndOfLife, Family, ImageFacts, Language, Pin, VariantFacts};

/// The catalog, compiled from `data/images.toml` by build.rs (`build/catalog.rs`).
// The literal names the schema's types and the enums' variants as `Debug` writes them.
#[allow(clippy::enum_glob_use, clippy::wildcard_imports)]
mod data {
    use super::schema::*;
    use super::Family::*;
    use super::Language::*;

    pub(super) static CATALOG: Catalog = include!(concat!(env!("OUT_DIR"), "/catalog_data.rs"));

    /// The images' variant sections, each with the index of its entry in
    /// `CATALOG.image`: apart, so that code that never asks for a base does not carry
    /// them.
    pub(super) static VARIANTS: &[(usize, VariantFacts)] =
        include!(concat!(env!("OUT_DIR"), "/catalog_variants.rs"));
}

impl ImageFacts {
    /// The OS package manager (`None`: the image has none, as distroless and
    /// Chainguard's runtime images).
    pub fn manager(&self) -> Option<PackageManager> {
        PackageManager::from_program(self.package_manager).filter(|m| m.is_os())
    }

    /// Whether the image runs as a non-root user unless told otherwise.
    pub fn runs_as_non_root(&self) -> bool {
        self.default_uid.is_some_and(|uid| uid != 0)
    }

    pub fn has_tool(&self, tool: &str) -> bool {
        self.tools.contains(&tool)
    }
}

/// The catalog bundled with the crate.
pub fn catalog() -> &'static Catalog {
    &data::CATALOG
}

/// Every base the variant generator builds on, in the data file's order.
pub fn bases() -> impl Iterator<Item = BaseFacts> {
    data::VARIANTS.iter().map(|(entry, variant)| BaseFacts {
        entry: &catalog().image[*entry],
        variant,
    })
}

/// A base the variant generator builds on: a variant section with the entry it is
/// written under, whose facts it shows. What the comparison table shows is read here,
/// from the entry's facts and the variant's notes beside them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BaseFacts {
    pub entry: &'static ImageFacts,
    pub variant: &'static VariantFacts,
}

/// `word (note)`, or the word alone.
fn with_note(word: &str, note: Option<&str>) -> String {
    match note {
        Some(note) => format!("{word} ({note})"),
        None => word.to_owned(),
    }
}

impl BaseFacts {
    /// The language version the variant runs (`3.13`, `24 (LTS)`).
    pub fn language_version(&self) -> &'static str {
        self.variant
            .language_version
            .or(self.entry.language_version)
            .unwrap_or_default()
    }

    /// Where the runtime's interpreter lives, when it has one.
    pub fn interpreter(&self) -> Option<&'static str> {
        self.entry.interpreter.or(self.variant.interpreter)
    }

    /// The user the runtime image runs as, by number.
    pub fn uid(&self) -> Option<u32> {
        self.entry.default_uid
    }

    pub fn ca_certificates(&self) -> bool {
        self.entry.ca_certificates
    }

    /// When the facts were checked.
    pub fn checked_on(&self) -> &'static str {
        self.entry.checked_on
    }

    /// The builder image's facts, when the catalog has them.
    pub fn builder(&self) -> Option<&'static ImageFacts> {
        catalog().facts(&ImageRef::parse(self.variant.builder))
    }

    /// `bash and /bin/sh (dash)`, `none`, `` none (`:debug` adds busybox sh) ``.
    pub fn shell(&self) -> String {
        match (self.entry.shell, self.variant.shell_note) {
            (true, Some(shells)) => shells.to_owned(),
            (true, None) => "yes".to_owned(),
            (false, note) => with_note("none", note),
        }
    }

    /// The OS package manager as people call it (`apt`, `apk`), or `none`.
    pub fn package_manager(&self) -> String {
        let name = self
            .entry
            .manager()
            .and_then(PackageManager::os_family)
            .map_or("none", OsFamily::tool);
        with_note(name, self.variant.package_manager_note)
    }

    /// `root`, `nonroot (65532)`, `root (the variant adds 65532)`.
    pub fn user(&self) -> String {
        let user = match self.entry.default_uid {
            Some(uid) if uid != 0 => format!("{} ({uid})", self.entry.default_user),
            _ => self.entry.default_user.to_owned(),
        };
        with_note(&user, self.variant.user_note)
    }

    /// `glibc 2.41`, `glibc (Wolfi, current)`, `none (CGO_ENABLED=0)`.
    pub fn libc(&self) -> String {
        let libc = match self.variant.libc_version {
            Some(version) => format!("{} {version}", self.entry.libc),
            None => self.entry.libc.to_owned(),
        };
        with_note(&libc, self.variant.libc_note)
    }
}

/// The variant's own fields and what the table shows of the entry's, as one object.
impl serde::Serialize for BaseFacts {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct Shown<'a> {
            #[serde(flatten)]
            variant: &'a VariantFacts,
            shell: String,
            package_manager: String,
            user: String,
            uid: Option<u32>,
            libc: String,
            language_version: &'a str,
            interpreter: Option<&'a str>,
            ca_certificates: bool,
            checked_on: &'a str,
        }
        Shown {
            variant: self.variant,
            shell: self.shell(),
            package_manager: self.package_manager(),
            user: self.user(),
            uid: self.uid(),
            libc: self.libc(),
            language_version: self.language_version(),
            interpreter: self.interpreter(),
            ca_certificates: self.ca_certificates(),
            checked_on: self.checked_on(),
        }
        .serialize(serializer)
    }
}

/// The Python minor version (`3.13`) of an image: from the tag of the official and
/// Chainguard images (`3.13-slim`, `3.13.1`), else from the catalog.
pub fn python_version(image: &ImageRef<'_>) -> Option<String> {
    let repository = normalised_repository(image);
    let facts = catalog().facts(image);
    if repository == "python" || repository == "cgr.dev/chainguard/python" {
        if let Some(tag) = image.tag {
            let mut parts = tag.split(['.', '-']);
            if let (Some(major), Some(minor)) = (parts.next(), parts.next()) {
                if major == "3" && minor.chars().all(|c| c.is_ascii_digit()) && !minor.is_empty() {
                    return Some(format!("3.{minor}"));
                }
            }
        }
    }
    facts.and_then(|f| f.language_version.map(str::to_owned))
}

/// `python`, `library/python` and `docker.io/library/python` are the same repository.
pub fn normalised_repository(image: &ImageRef<'_>) -> String {
    let repository = image.repository.to_ascii_lowercase();
    match image.registry {
        None => repository
            .strip_prefix("library/")
            .map_or(repository.clone(), str::to_owned),
        Some(hub) if crate::knowledge::image_ref::is_docker_hub(hub) => repository
            .strip_prefix("library/")
            .map_or(repository.clone(), str::to_owned),
        Some(registry) => format!("{}/{repository}", registry.to_ascii_lowercase()),
    }
}

/// Glob match with `*` only.
fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || !text[first.len()..].ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

impl Catalog {
    /// The pin offered for an image's repository, if the catalog has one.
    pub fn pin(&self, image: &ImageRef<'_>) -> Option<&Pin> {
        let repository = normalised_repository(image);
        self.pins.iter().find(|p| p.repository == repository)
    }

    /// Facts for an image reference; the first matching entry wins.
    pub fn facts(&self, image: &ImageRef<'_>) -> Option<&ImageFacts> {
        let repository = normalised_repository(image);
        let tag = image.tag.unwrap_or("latest").to_ascii_lowercase();
        self.image
            .iter()
            .find(|f| glob(f.repository, &repository) && glob(f.tag, &tag))
    }

    /// The end-of-life entry for an image, if its version is past end of life as of
    /// the catalog's date.
    pub fn end_of_life(&self, image: &ImageRef<'_>) -> Option<&EndOfLife> {
        let repository = normalised_repository(image);
        let tag = image.tag.unwrap_or("latest").to_ascii_lowercase();
        self.eol.iter().find(|e| {
            glob(e.repository, &repository)
                && e.date <= self.checked_on
                && (e.versions.is_empty() || e.versions.iter().any(|v| version_prefix(v, &tag)))
        })
    }
}

/// `3.9` is a version prefix of `3.9`, `3.9-slim`, `3.9.18`, not of `3.90`; the tag may
/// carry a distribution prefix such as `bullseye` alone or `slim-bullseye`.
fn version_prefix(version: &str, tag: &str) -> bool {
    if tag.split(['-', '_']).any(|part| part == version) {
        return true;
    }
    tag.strip_prefix(version)
        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_package_manager_in_the_catalog_is_one_the_model_knows() {
        for image in catalog().image {
            assert!(
                image.package_manager == "none" || image.manager().is_some(),
                "{}:{}: package manager {:?}",
                image.repository,
                image.tag,
                image.package_manager
            );
        }
    }

    #[test]
    fn each_variant_says_only_what_its_entry_leaves_open() {
        let mut problems = Vec::new();
        for base in bases() {
            let (entry, variant) = (base.entry, base.variant);
            let label = format!(
                "{} ({:?} {:?})",
                variant.image, variant.language, variant.family
            );
            // The rules look the image up where the variant is written.
            let found = catalog().facts(&ImageRef::parse(variant.image));
            if !found.is_some_and(|f| std::ptr::eq(f, entry)) {
                problems.push(format!("{label}: not the first entry matching its image"));
            }
            if entry.interpreter.is_some() && variant.interpreter.is_some() {
                problems.push(format!("{label}: its entry already names the interpreter"));
            }
            if entry.language_version.is_some() && variant.language_version.is_some() {
                problems.push(format!(
                    "{label}: its entry already says the language version"
                ));
            }
            if base.language_version().is_empty() {
                problems.push(format!("{label}: no language version"));
            }
            if entry.shell && variant.shell_note.is_none() {
                problems.push(format!("{label}: the image has a shell; which?"));
            }
            // The generator runs these images' interpreter by its path.
            let interpreted = !matches!(variant.family, Family::Scratch | Family::Static)
                && matches!(
                    variant.language,
                    Language::Python | Language::Node | Language::Java
                );
            if interpreted && base.interpreter().is_none() {
                problems.push(format!("{label}: no interpreter"));
            }
            // A Chainguard venv built in the `-dev` tag links to its Python.
            if variant.family == Family::Chainguard
                && variant.language == Language::Python
                && base.builder().and_then(|b| b.interpreter) != base.interpreter()
            {
                problems.push(format!("{label}: the builder's Python is elsewhere"));
            }
            if base.builder().is_none() && variant.language == Language::Python {
                problems.push(format!(
                    "{label}: the builder {} is not in the catalog",
                    variant.builder
                ));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn the_table_shows_the_entry_facts_with_the_variant_notes() {
        let base = |image: &str| {
            bases()
                .find(|b| b.variant.image == image)
                .unwrap_or_else(|| panic!("{image}"))
        };
        let slim = base("python:3.13-slim");
        assert_eq!(slim.shell(), "bash and /bin/sh (dash)");
        assert_eq!(slim.package_manager(), "apt");
        assert_eq!(slim.user(), "root (the variant adds 65532)");
        assert_eq!(slim.libc(), "glibc 2.41");
        assert_eq!(slim.uid(), Some(0));
        assert_eq!(slim.interpreter(), slim.entry.interpreter);
        let chainguard = base("cgr.dev/chainguard/python:latest");
        assert_eq!(chainguard.shell(), "none (`:latest-dev` has a shell)");
        assert_eq!(
            chainguard.package_manager(),
            "none (`:latest-dev` has apk and pip)"
        );
        assert_eq!(chainguard.user(), "nonroot (65532)");
        assert_eq!(chainguard.libc(), "glibc (Wolfi, current)");
        assert_eq!(chainguard.language_version(), "3.14");
        let node = base("gcr.io/distroless/nodejs24-debian13:nonroot");
        assert_eq!(node.interpreter(), Some("/nodejs/bin/node"));
        assert_eq!(node.shell(), "none");
        let json = serde_json::to_value(slim).expect("JSON");
        assert_eq!(json["package_manager"], "apt");
        assert_eq!(json["image"], "python:3.13-slim");
        assert!(json.get("shell_note").is_none(), "{json}");
    }

    #[test]
    fn no_pin_offers_a_version_past_end_of_life() {
        let c = catalog();
        for pin in c.pins {
            let image = format!("{}:{}", pin.repository, pin.tag);
            assert!(
                c.end_of_life(&ImageRef::parse(&image)).is_none(),
                "the pinning fix would offer `{image}`, which is past end of life"
            );
        }
    }

    #[test]
    fn data_file_is_compiled_in_and_dated() {
        let parsed = catalog();
        assert!(parsed.image.len() > 10);
        assert!(parsed.checked_on.len() == 10);
        for entry in parsed.image {
            assert_eq!(
                entry.checked_on.len(),
                10,
                "{} has no date",
                entry.repository
            );
        }
        for entry in parsed.eol {
            assert_eq!(entry.date.len(), 10, "{} has a bad date", entry.repository);
        }
    }

    #[test]
    fn facts_match_specific_entries_first() {
        let c = catalog();
        let facts = |r: &str| c.facts(&ImageRef::parse(r)).map(|f| f.family.to_owned());
        assert_eq!(facts("python:3.13-slim").as_deref(), Some("debian-slim"));
        assert_eq!(
            facts("docker.io/library/python:3.13").as_deref(),
            Some("debian-full")
        );
        assert_eq!(facts("python").as_deref(), Some("debian-full"));
        assert_eq!(
            facts("cgr.dev/chainguard/python:latest-dev").as_deref(),
            Some("chainguard")
        );
        let distroless = c
            .facts(&ImageRef::parse(
                "gcr.io/distroless/python3-debian13:nonroot",
            ))
            .expect("distroless");
        assert!(distroless.runs_as_non_root());
        assert!(!distroless.shell);
        assert!(facts("example.com/mine:1").is_none());
    }

    #[test]
    fn python_versions_from_tags_and_catalog() {
        let v = |r: &str| python_version(&ImageRef::parse(r));
        assert_eq!(v("python:3.12-slim-bookworm").as_deref(), Some("3.12"));
        assert_eq!(v("python:3.13.1").as_deref(), Some("3.13"));
        assert_eq!(
            v("gcr.io/distroless/python3-debian13:nonroot").as_deref(),
            Some("3.13")
        );
        assert_eq!(
            v("gcr.io/distroless/python3-debian12").as_deref(),
            Some("3.11")
        );
        assert_eq!(
            v("cgr.dev/chainguard/python:latest-dev").as_deref(),
            Some("3.14")
        );
        assert_eq!(v("python:slim"), None);
    }

    #[test]
    fn end_of_life_by_version_prefix() {
        let c = catalog();
        let eol = |r: &str| {
            c.end_of_life(&ImageRef::parse(r))
                .map(|e| e.what.to_owned())
        };
        assert_eq!(eol("python:3.9-slim").as_deref(), Some("Python 3.9"));
        assert_eq!(eol("python:3.8.18").as_deref(), Some("Python 3.8"));
        assert!(eol("python:3.13-slim").is_none());
        assert!(eol("node:22-alpine").is_none());
        assert!(eol("node:18-alpine").is_some());
        assert!(eol("debian:bullseye-slim").is_some());
        assert!(eol("gcr.io/distroless/python3-debian12").is_some());
        assert!(eol("gcr.io/distroless/python3-debian13").is_none());
        assert!(eol("gcr.io/distroless/python3-debian12:nonroot").is_some());
    }
}
