//! Facts about base images, read from `data/base-images.toml` (a dated data file, so
//! facts that change with the world are not buried in code).

use crate::knowledge::image_ref::ImageRef;

// `CHECKED_ON`, `IMAGES`, `EOL` and `PINS`, compiled from `data/base-images.toml` by build.rs.
include!(concat!(env!("OUT_DIR"), "/catalog_data.rs"));

/// The whole catalog.
#[derive(Debug)]
pub struct Catalog {
    /// When the catalog as a whole was last reviewed (`YYYY-MM-DD`); also the date
    /// end-of-life checks compare against, so results do not depend on the clock.
    pub checked_on: &'static str,
    pub image: &'static [ImageFacts],
    pub eol: &'static [EndOfLife],
    /// The tag the pinning fix offers for a repository.
    pub pins: &'static [Pin],
}

/// The tag a `latest` or untagged base of `repository` is pinned to by the fix.
#[derive(Debug, Clone)]
pub struct Pin {
    pub repository: &'static str,
    pub tag: &'static str,
    pub checked_on: &'static str,
    /// Taken from release schedules rather than checked on the registry.
    pub estimate: bool,
}

/// What is known about images matching a repository and tag pattern.
#[derive(Debug, Clone)]
#[allow(clippy::struct_excessive_bools)] // a data record: each flag is one fact
pub struct ImageFacts {
    pub repository: &'static str,
    pub tag: &'static str,
    pub family: &'static str,
    /// Slim, Alpine, distroless, Chainguard: no compilers and few packages.
    pub minimal: bool,
    /// A `-dev`, `:debug` or similar variant meant for building or debugging.
    pub dev_variant: bool,
    /// Ships a compiler toolchain (`golang`, `rust`, `maven`).
    pub build_toolchain: bool,
    /// What to use instead when this image is not minimal.
    pub full_alternative: Option<&'static str>,
    pub shell: bool,
    pub package_manager: &'static str,
    pub default_user: &'static str,
    pub default_uid: Option<u32>,
    /// Notable programs present (`curl`, `wget`, `gcc`...).
    pub tools: &'static [&'static str],
    pub libc: &'static str,
    pub ca_certificates: bool,
    /// The language version, when the tag does not say it (`python3-debian13` is 3.13).
    pub language_version: Option<&'static str>,
    /// Where the language's interpreter lives (`/usr/local/bin/python`).
    pub interpreter: Option<&'static str>,
    /// Only `latest`-style tags are published (Chainguard's free images): a version tag
    /// cannot be pinned, only a digest.
    pub only_latest: bool,
    pub checked_on: &'static str,
}

impl ImageFacts {
    /// The OS package manager (`None`: the image has none, as distroless and
    /// Chainguard's runtime images).
    pub fn manager(&self) -> Option<crate::knowledge::packages::PackageManager> {
        crate::knowledge::packages::PackageManager::from_program(self.package_manager)
            .filter(|m| m.is_os())
    }

    /// Whether the image runs as a non-root user unless told otherwise.
    pub fn runs_as_non_root(&self) -> bool {
        self.default_uid.is_some_and(|uid| uid != 0)
    }

    pub fn has_tool(&self, tool: &str) -> bool {
        self.tools.contains(&tool)
    }
}

/// An image version past its end of support.
#[derive(Debug, Clone)]
pub struct EndOfLife {
    pub repository: &'static str,
    pub versions: &'static [&'static str],
    pub date: &'static str,
    pub what: &'static str,
    pub estimate: bool,
}

/// The catalog bundled with the crate.
pub fn catalog() -> &'static Catalog {
    static CATALOG: Catalog = Catalog {
        checked_on: CHECKED_ON,
        image: IMAGES,
        eol: EOL,
        pins: PINS,
    };
    &CATALOG
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
        for image in IMAGES {
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
