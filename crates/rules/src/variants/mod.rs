//! Variants: the user's own Dockerfile rebuilt on each base family (Debian slim,
//! Chainguard, distroless, `scratch` with a static binary, distroless static), each with
//! a matching Kubernetes Deployment, the base's facts from `data/variants.toml`, and the
//! trade-offs. Python Dockerfiles get every family (`python.rs`); Go builds become one
//! static binary on Chainguard static, `scratch` and distroless static (`go.rs`);
//! Node.js apps run on Debian slim, Chainguard and distroless (`node.rs`), Java jars
//! on Eclipse Temurin's JRE, Chainguard's JRE and distroless Java (`java.rs`), and Rust
//! builds, linked statically, on the same three bases as Go (`rust.rs`). Every
//! variant is meant to lint clean under bulkhead's own rules; the
//! tests hold the generator to that.

mod analysis;
mod compose;
mod go;
mod java;
mod manifest;
mod node;
mod python;
mod rust;
mod stages;
mod write;

pub use analysis::{analyse, language, App, Entry, Language};

use crate::dockerfile::{self, Model};

// `CHECKED_ON` and `BASES`, compiled from `data/variants.toml` by build.rs.
include!(concat!(env!("OUT_DIR"), "/variants_data.rs"));

/// A base family, in the order the comparison shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// Debian slim with the language.
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

impl Family {
    /// Every family, in the comparison's order.
    pub const ALL: [Self; 5] = [
        Self::Slim,
        Self::Chainguard,
        Self::Distroless,
        Self::Scratch,
        Self::Static,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Slim => "slim",
            Self::Chainguard => "chainguard",
            Self::Distroless => "distroless",
            Self::Scratch => "scratch",
            Self::Static => "static",
        }
    }
}

impl std::fmt::Display for Family {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One base image, as the comparison table shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[allow(clippy::struct_excessive_bools)] // a data record: each flag is one fact
pub struct BaseFacts {
    pub language: &'static str,
    pub family: Family,
    /// The entry the generator uses for its family unless the version says otherwise.
    pub default: bool,
    pub title: &'static str,
    /// The runtime image.
    pub image: &'static str,
    /// Where dependencies are installed and binaries built.
    pub builder: &'static str,
    /// A tag of the same image with a shell, for debugging.
    pub debug_image: Option<&'static str>,
    pub os: &'static str,
    /// Compressed size, linux/amd64.
    pub size: &'static str,
    pub shell: &'static str,
    pub package_manager: &'static str,
    pub user: &'static str,
    pub uid: Option<u32>,
    pub home: &'static str,
    pub libc: &'static str,
    pub language_version: &'static str,
    pub interpreter: Option<&'static str>,
    pub site_packages: Option<&'static str>,
    pub ca_certificates: bool,
    pub tzdata: bool,
    pub end_of_life: &'static str,
    /// How to get a shell next to the app.
    pub debugging: &'static str,
    /// What stops working compared with a full image.
    pub stops_working: &'static str,
    pub checked_on: &'static str,
    /// Sizes or dates taken from release notes rather than the image itself.
    pub estimate: bool,
}

/// When the variant catalog was last reviewed.
pub fn checked_on() -> &'static str {
    CHECKED_ON
}

/// Every base in the variant catalog, all languages.
pub fn bases() -> &'static [BaseFacts] {
    BASES
}

/// The base the generator uses for a language and family: the one for `version` when
/// the catalog has it, else the family's default.
pub fn base(
    language: Language,
    family: Family,
    version: Option<&str>,
) -> Option<&'static BaseFacts> {
    let candidates = || {
        BASES
            .iter()
            .filter(move |b| b.language == language.as_str() && b.family == family)
    };
    // `3.13` matches `3.13`, and `25` matches `25 (LTS)`.
    version
        .and_then(|v| {
            candidates().find(|b| b.language_version.split_whitespace().next() == Some(v))
        })
        .or_else(|| candidates().find(|b| b.default))
}

/// One generated variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// The family.
    pub name: Family,
    pub facts: &'static BaseFacts,
    pub dockerfile: String,
    /// A Deployment that runs the variant under the Restricted profile.
    pub manifest: String,
    /// A Compose file whose service runs the variant as hardened.
    pub compose: String,
    /// What changed for this app, beyond the base's general trade-offs.
    pub notes: Vec<String>,
}

impl Variant {
    /// A variant of `dockerfile` on `facts`, with a Deployment for an app on `port`.
    fn new(
        name: Family,
        facts: &'static BaseFacts,
        port: Option<u16>,
        dockerfile: String,
        notes: Vec<String>,
    ) -> Self {
        Self {
            name,
            facts,
            manifest: manifest::deployment(facts, port),
            compose: compose::service(facts, &format!("Dockerfile.{name}"), port),
            dockerfile,
            notes,
        }
    }
}

/// A family the generator left out for this Dockerfile, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub name: Family,
    pub reason: String,
}

impl Skipped {
    /// The static families (`scratch`, distroless static), left out for a language that
    /// needs its runtime at run time, for `reason`.
    fn static_families(reason: &str) -> Vec<Self> {
        [Family::Scratch, Family::Static]
            .map(|name| Self {
                name,
                reason: reason.to_owned(),
            })
            .into()
    }
}

/// The result of [`generate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variants {
    pub language: Language,
    pub variants: Vec<Variant>,
    pub skipped: Vec<Skipped>,
}

/// Why no variants could be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VariantError {
    /// The Dockerfile does not parse far enough to read.
    Empty,
    /// The language could not be told, or has no generator yet.
    Unsupported { language: Option<Language> },
    /// No `CMD` or `ENTRYPOINT`: nothing says how the app starts.
    NoCommand,
    /// The Dockerfile's shape is one the generator cannot rebuild; the text says why.
    Cannot(String),
    /// The command at `range` cannot be read (DF004: an exec form that is not JSON);
    /// the variants come once it is fixed.
    Unreadable {
        range: crate::engine::text::TextRange,
        reason: String,
    },
}

impl std::fmt::Display for VariantError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Empty => f.write_str("the Dockerfile has no FROM: paste a Dockerfile to compare bases"),
            Self::Unsupported { language: Some(language) } => write!(
                f,
                "variants are generated for Python, Go, Node.js, Java and Rust Dockerfiles so far; this one is {}. The facts of its bases are in `bulkhead variants --catalog`",
                language.as_str()
            ),
            Self::Unsupported { language: None } => f.write_str(
                "bulkhead cannot tell which language this image runs (variants are generated for Python, Go, Node.js, Java and Rust Dockerfiles so far)",
            ),
            Self::NoCommand => f.write_str(
                "the Dockerfile has no CMD or ENTRYPOINT: add the command that starts your app, then compare bases",
            ),
            Self::Cannot(reason) | Self::Unreadable { reason, .. } => f.write_str(reason),
        }
    }
}

impl std::error::Error for VariantError {}

/// Generate the variants of a Dockerfile.
pub fn generate(source: &str) -> Result<Variants, VariantError> {
    let parsed = dockerfile::parse(source);
    let model = Model::new(source, &parsed);
    if model.stages.is_empty() {
        return Err(VariantError::Empty);
    }
    if model.stages.iter().any(|s| s.fragment) {
        return Err(VariantError::Cannot(
            "this Dockerfile has no `FROM`: add the image it builds on (`FROM python:3.13-slim`), then compare again".to_owned(),
        ));
    }
    let language = language(&model);
    let app = analyse(&model);
    if let Some((range, reason)) = &app.unreadable {
        return Err(VariantError::Unreadable {
            range: *range,
            reason: reason.clone(),
        });
    }
    match language {
        Some(Language::Python) if app.entry.is_none() => Err(VariantError::NoCommand),
        Some(Language::Python) => Ok(python::variants(&app)),
        Some(Language::Go) => go::variants(&model, &app),
        Some(Language::Node) => node::variants(&app),
        Some(Language::Java) => java::variants(&model, &app),
        Some(Language::Rust) => rust::variants(&model, &app),
        _ => Err(VariantError::Unsupported { language }),
    }
}
