//! The schema of the image catalog (`data/images.toml`), written once for its two
//! readers. build.rs (`build/catalog.rs`) deserialises the data file into these types,
//! with `String`s and `Vec`s, and writes their `Debug` form out as the Rust literals
//! that `knowledge/catalog.rs` includes, where the same types hold `&'static` data. Each
//! includer says what `Str` and `List` are and what `Serde` derives (`Deserialize` in
//! the build, `Serialize` in the crate), so a field is added here and in the data file,
//! nowhere else.

use super::{List, Serde, Str};

/// The whole data file, but the images' variant sections (which build.rs keeps apart:
/// the rules do not carry what only the variants show).
#[derive(Debug, Clone, PartialEq, Eq, Serde)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// When the catalog as a whole was last reviewed (`YYYY-MM-DD`); also the date
    /// end-of-life checks compare against, so results do not depend on the clock.
    pub checked_on: Str,
    pub image: List<ImageFacts>,
    pub eol: List<EndOfLife>,
    /// The tag the pinning fix offers for a repository.
    #[serde(rename = "pin")]
    pub pins: List<Pin>,
}

/// What is known about images matching a repository and tag pattern.
#[derive(Debug, Clone, PartialEq, Eq, Serde)]
#[serde(deny_unknown_fields)]
#[allow(clippy::struct_excessive_bools)] // a data record: each flag is one fact
pub struct ImageFacts {
    pub repository: Str,
    pub tag: Str,
    pub family: Str,
    /// Slim, Alpine, distroless, Chainguard: no compilers and few packages.
    pub minimal: bool,
    /// A `-dev`, `:debug` or similar variant meant for building or debugging.
    #[serde(default)]
    pub dev_variant: bool,
    /// Ships a compiler toolchain (`golang`, `rust`, `maven`).
    #[serde(default)]
    pub build_toolchain: bool,
    /// What to use instead when this image is not minimal.
    pub full_alternative: Option<Str>,
    pub shell: bool,
    /// The OS package manager's program (`apt-get`, `apk`), or `none`.
    pub package_manager: Str,
    pub default_user: Str,
    pub default_uid: Option<u32>,
    /// Notable programs present (`curl`, `wget`, `gcc`...).
    #[serde(default)]
    pub tools: List<Str>,
    /// `glibc`, `musl` or `none`.
    pub libc: Str,
    #[serde(default)]
    pub ca_certificates: bool,
    /// The language version, when the tag does not say it (`python3-debian13` is 3.13).
    pub language_version: Option<Str>,
    /// Where the language's interpreter lives (`/usr/local/bin/python`).
    pub interpreter: Option<Str>,
    /// The language the image runs or builds, for the variant generator: what its name
    /// may not say (`amazoncorretto` and `bellsoft/liberica-openjdk-debian` are Java,
    /// `tiangolo/uwsgi-nginx-flask` is Python).
    pub language: Option<Language>,
    /// How the image starts an app it is given by convention (tiangolo's images run
    /// `/app/main.py`'s `app` with their own start script): the same app started by a
    /// server the variants can install, as its command line. Empty for most images.
    #[serde(default)]
    pub app_command: List<Str>,
    /// The packages `app_command` needs, pinned, added to the user's install (the
    /// image had them installed).
    #[serde(default)]
    pub app_packages: List<Str>,
    /// The port the image's own start script listens on (tiangolo's: 80).
    pub app_port: Option<u16>,
    /// Only `latest`-style tags are published (Chainguard's free images): a version tag
    /// cannot be pinned, only a digest.
    #[serde(default)]
    pub only_latest: bool,
    /// When this entry and its variants were checked.
    pub checked_on: Str,
}

/// A base the variant generator rebuilds Dockerfiles on (an `[[image.variant]]` section
/// of an image's entry): one image of its entry, for one language and base family, with
/// what the comparison shows of it beyond the entry's facts. The `*_note` fields add to
/// a fact of the entry and are shown with it, not on their own.
#[derive(Debug, Clone, PartialEq, Eq, Serde)]
#[serde(deny_unknown_fields)]
pub struct VariantFacts {
    pub language: Language,
    pub family: Family,
    /// The variant the generator uses for its family unless the version says otherwise.
    #[serde(default)]
    pub default: bool,
    pub title: Str,
    /// The runtime image, one that its entry matches.
    pub image: Str,
    /// Where dependencies are installed and binaries built.
    pub builder: Str,
    /// A tag of the same image with a shell, for debugging.
    pub debug_image: Option<Str>,
    pub os: Str,
    /// Compressed size, linux/amd64.
    pub size: Str,
    pub home: Str,
    /// The shells, when the entry has one (`bash and /bin/sh (dash)`); else where to
    /// find one (`` `:debug` adds busybox sh ``).
    #[serde(skip_serializing)]
    pub shell_note: Option<Str>,
    /// Beside the entry's package manager (`` `:latest-dev` has apk and pip ``).
    #[serde(skip_serializing)]
    pub package_manager_note: Option<Str>,
    /// Beside the entry's default user (`the variant adds 65532`).
    #[serde(skip_serializing)]
    pub user_note: Option<Str>,
    /// The version of the entry's libc in this tag (`2.41`).
    #[serde(skip_serializing)]
    pub libc_version: Option<Str>,
    /// Beside the entry's libc (`staticx bundles glibc into the binary`).
    #[serde(skip_serializing)]
    pub libc_note: Option<Str>,
    /// The language version, when the entry does not say it (`3.13`, `24 (LTS)`).
    #[serde(skip_serializing)]
    pub language_version: Option<Str>,
    /// The interpreter's path, when the entry does not say it.
    #[serde(skip_serializing)]
    pub interpreter: Option<Str>,
    pub site_packages: Option<Str>,
    #[serde(default)]
    pub tzdata: bool,
    pub end_of_life: Str,
    /// How to get a shell next to the app.
    pub debugging: Str,
    /// What stops working compared with a full image.
    pub stops_working: Str,
    /// Sizes or dates taken from release notes rather than the image itself.
    #[serde(default)]
    pub estimate: bool,
}

/// A language the variant generator writes Dockerfiles for, in the catalog's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serde)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Python,
    Node,
    Go,
    Rust,
    Java,
}

/// A base family, in the order the comparison shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serde)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// The language's official slim image (Debian slim; Eclipse Temurin's JRE for Java).
    Slim,
    /// Wolfi, from cgr.dev.
    Chainguard,
    /// gcr.io/distroless, Debian based.
    Distroless,
    /// Nothing at all: a static binary and what it needs.
    Scratch,
    /// distroless/static: no libc, but CA certificates, tzdata, /etc/passwd and /tmp.
    Static,
}

/// An image version past its end of support.
#[derive(Debug, Clone, PartialEq, Eq, Serde)]
#[serde(deny_unknown_fields)]
pub struct EndOfLife {
    pub repository: Str,
    #[serde(default)]
    pub versions: List<Str>,
    pub date: Str,
    pub what: Str,
    #[serde(default)]
    pub estimate: bool,
}

/// The tag a `latest` or untagged base of `repository` is pinned to by the fix.
#[derive(Debug, Clone, PartialEq, Eq, Serde)]
#[serde(deny_unknown_fields)]
pub struct Pin {
    pub repository: Str,
    pub tag: Str,
    pub checked_on: Str,
    /// Taken from release schedules rather than checked on the registry.
    #[serde(default)]
    pub estimate: bool,
}
