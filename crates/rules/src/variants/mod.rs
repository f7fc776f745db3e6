//! Variants: the user's own Dockerfile rebuilt on each base family (Debian slim,
//! Chainguard, distroless, `scratch` with a static binary, distroless static), each with
//! a matching Kubernetes Deployment, the base's facts from the image catalog
//! (`knowledge::catalog`, from `data/images.toml`), and the trade-offs. Python
//! Dockerfiles get every family (`python.rs`); Go builds become one static binary on
//! Chainguard static, `scratch` and distroless static (`go.rs`); Node.js apps run on
//! Debian slim, Chainguard and distroless (`node.rs`), Java jars on Eclipse Temurin's
//! JRE, Chainguard's JRE and distroless Java (`java.rs`), and Rust builds, linked
//! statically, on the same three bases as Go (`rust.rs`). Every variant is meant to
//! lint clean under bulkhead's own rules; the tests hold the generator to that.

mod analysis;
mod compose;
mod context;
mod convention;
mod data_files;
mod go;
mod java;
mod manifest;
mod node;
mod prebuilt;
mod python;
mod rust;
mod stages;
mod variables;
mod write;

pub use analysis::{analyse, language, App, Entry};
pub use context::{Context, ContextFile, DockerIgnore};

use crate::dockerfile::{self, Model};

// The languages and base families are the catalog's, whose variants name them.
use crate::knowledge::catalog::{self, catalog};
pub use crate::knowledge::catalog::{BaseFacts, Family, Language};

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

/// When the catalog was last reviewed.
pub fn checked_on() -> &'static str {
    catalog().checked_on
}

/// Every base in the catalog, all languages, by language and family (the comparison's
/// order).
pub fn bases() -> Vec<BaseFacts> {
    let mut bases: Vec<BaseFacts> = catalog::bases().collect();
    bases.sort_by_key(|b| (b.variant.language, b.variant.family));
    bases
}

/// The base the generator uses for a language and family: the one for `version` when
/// the catalog has it, else the family's default.
pub fn base(language: Language, family: Family, version: Option<&str>) -> Option<BaseFacts> {
    let candidates = || {
        catalog::bases()
            .filter(move |b| b.variant.language == language && b.variant.family == family)
    };
    // `3.13` matches `3.13`, and `25` matches `25 (LTS)`.
    version
        .and_then(|v| {
            candidates().find(|b| b.language_version().split_whitespace().next() == Some(v))
        })
        .or_else(|| candidates().find(|b| b.variant.default))
}

/// One generated variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// The family.
    pub name: Family,
    pub facts: BaseFacts,
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
        facts: BaseFacts,
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

/// Whether a stage (or a stage it is built on) says how the container starts.
fn has_command(model: &Model<'_>, stage: &dockerfile::Stage<'_>) -> bool {
    [dockerfile::Keyword::Cmd, dockerfile::Keyword::Entrypoint]
        .into_iter()
        .any(|keyword| model.effective(stage, keyword).is_some())
}

/// The named stages of a Dockerfile that start something (a `CMD` or `ENTRYPOINT`, their
/// own or inherited from a stage they are built on), in file order: the targets worth
/// offering when there is more than one. Stages that only collect files, as a last
/// `FROM scratch AS binaries` does, are not among them.
pub fn targets(source: &str) -> Vec<String> {
    let parsed = dockerfile::parse(source);
    let model = Model::new(source, &parsed);
    model
        .stages
        .iter()
        .filter(|s| has_command(&model, s))
        .filter_map(|s| s.name.as_ref().map(|n| n.text.clone()))
        .collect()
}

/// The index of the stage to rebuild: the one `target` names (as `docker build --target`
/// does), else the last stage that starts something, since a multi-target file often
/// ends in a stage that only collects build outputs; else the last stage.
fn target_stage(model: &Model<'_>, target: Option<&str>) -> Result<usize, VariantError> {
    let Some(target) = target else {
        let last = model.stages.len() - 1;
        return Ok(model
            .stages
            .iter()
            .rev()
            .find(|s| has_command(model, s))
            .map_or(last, |s| s.index));
    };
    let chosen = model.stages.iter().find(|s| {
        s.name
            .as_ref()
            .is_some_and(|n| n.text.eq_ignore_ascii_case(target))
    });
    chosen.map(|s| s.index).ok_or_else(|| {
        let names: Vec<String> = model
            .stages
            .iter()
            .filter_map(|s| s.name.as_ref().map(|n| format!("`{}`", n.text)))
            .collect();
        VariantError::Cannot(if names.is_empty() {
            format!("no stage is named `{target}`: this Dockerfile's stages have no names (`FROM image AS name`)")
        } else {
            format!(
                "no stage is named `{target}`: the stages are {}",
                names.join(", ")
            )
        })
    })
}

/// Generate the variants of a Dockerfile, knowing nothing of its build context.
pub fn generate(source: &str) -> Result<Variants, VariantError> {
    generate_in(source, &Context::default())
}

/// Generate the variants of a Dockerfile built in `context`: its files, when the CLI
/// reads a folder, the playground has them as tabs or the harness builds them, and the
/// stage to build (`--target`).
pub fn generate_in(source: &str, context: &Context) -> Result<Variants, VariantError> {
    let parsed = dockerfile::parse(source);
    let model = Model::new(source, &parsed);
    if model.stages.is_empty() {
        return Err(VariantError::Empty);
    }
    // The stage to rebuild: the file up to its end is the Dockerfile that builds it, with
    // every offset (and so every line a message names) as in the user's file.
    let target = target_stage(&model, context.target.as_deref())?;
    if target + 1 < model.stages.len() {
        let end = model.stages[target + 1].from.range.start();
        return generate_in(&source[..end], context);
    }
    if model.stages.iter().any(|s| s.fragment) {
        return Err(VariantError::Cannot(
            "this Dockerfile has no `FROM`: add the image it builds on (`FROM python:3.13-slim`), then compare again".to_owned(),
        ));
    }
    let language = language(&model);
    let mut app = analyse(&model, context);
    let assumed = if language == Some(Language::Python) {
        convention::apply(&model, context, &mut app)
    } else {
        Vec::new()
    };
    if let Some((range, reason)) = &app.unreadable {
        return Err(VariantError::Unreadable {
            range: *range,
            reason: reason.clone(),
        });
    }
    match language {
        Some(Language::Python) if app.entry.is_none() => Err(VariantError::NoCommand),
        Some(Language::Python) => {
            let mut generated = python::variants(&app, context);
            for variant in &mut generated.variants {
                variant.notes.extend(assumed.iter().cloned());
            }
            Ok(generated)
        }
        Some(Language::Go) => go::variants(&model, &app),
        Some(Language::Node) => node::variants(&app, context),
        Some(Language::Java) => java::variants(&model, &app),
        Some(Language::Rust) => rust::variants(&model, &app),
        None => {
            prebuilt::variants(&model, &app).unwrap_or(Err(VariantError::Unsupported { language }))
        }
    }
}
