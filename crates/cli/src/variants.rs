//! `bulkhead variants`: the user's Dockerfile on each base family, with the facts.

use std::fmt::Write as _;
use std::io::{self, Read as _, Write as _};
use std::path::Path;
use std::process::ExitCode;

use bulkhead_rules::variants::{self, BaseFacts, Variants};
use clap::ValueEnum;
use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// What `bulkhead variants` was asked.
pub struct Request<'a> {
    pub dockerfile: Option<&'a Path>,
    pub format: Format,
    pub catalog: bool,
    pub context: Option<&'a Path>,
    pub target: Option<String>,
}

pub fn run(request: &Request<'_>) -> Result<ExitCode, String> {
    let format = request.format;
    let output = if request.catalog {
        match format {
            Format::Json => pretty(&json!({
                "checked_on": variants::checked_on(),
                "bases": variants::bases(),
            })),
            Format::Human => {
                let mut out = format!("Base images, facts checked {}:\n", variants::checked_on());
                for base in variants::bases() {
                    out.push('\n');
                    facts(&mut out, &base);
                }
                out
            }
        }
    } else {
        let mut path = request.dockerfile.ok_or("give a Dockerfile")?.to_owned();
        // A folder is the build context with its Dockerfile in it.
        if path.is_dir() {
            path = ["Dockerfile", "Containerfile"]
                .iter()
                .map(|name| path.join(name))
                .find(|p| p.is_file())
                .ok_or_else(|| format!("{} has no Dockerfile", path.display()))?;
        }
        let source = read(&path)?;
        let folder = request.context.map(Path::to_owned).or_else(|| {
            (path != Path::new("-")).then(|| {
                path.parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .map_or_else(|| Path::new(".").to_owned(), Path::to_owned)
            })
        });
        let mut context = match folder {
            Some(folder) => read_context(&folder)?,
            None => variants::Context::default(),
        };
        context.target.clone_from(&request.target);
        let generated = variants::generate_in(&source, &context).map_err(|e| e.to_string())?;
        for skipped in &generated.skipped {
            let _ = writeln!(
                io::stderr(),
                "bulkhead: no {} variant: {}",
                skipped.name,
                skipped.reason
            );
        }
        match format {
            Format::Json => pretty(&to_json(&generated)),
            Format::Human => human(&generated),
        }
    };
    io::stdout()
        .lock()
        .write_all(output.as_bytes())
        .map_err(|e| format!("cannot write the output: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

/// Folders a build context holds that are not the app: dependencies, caches and
/// version control.
const SKIPPED_FOLDERS: &[&str] = &[
    ".git",
    "node_modules",
    "target",
    "__pycache__",
    ".venv",
    "venv",
    ".tox",
    "dist",
    "build",
];

/// The files of the build context in `folder`: every path (up to
/// [`variants::Context::MAX_FILES`]), with the text of the ones the generator reads.
fn read_context(folder: &Path) -> Result<variants::Context, String> {
    // What `docker build` leaves out of the context is not there for the variants either.
    let ignore = std::fs::read_to_string(folder.join(".dockerignore"))
        .map(|text| variants::DockerIgnore::parse(&text))
        .unwrap_or_default();
    let mut files = Vec::new();
    let mut pending = vec![folder.to_owned()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir)
            .map_err(|e| format!("cannot read the build context {}: {e}", dir.display()))?;
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for entry in entries {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                if !SKIPPED_FOLDERS.contains(&entry.file_name().to_string_lossy().as_ref()) {
                    pending.push(path);
                }
                continue;
            }
            let Ok(relative) = path.strip_prefix(folder) else {
                continue;
            };
            let relative = relative.to_string_lossy().replace('\\', "/");
            if ignore.excludes(&relative) {
                continue;
            }
            let text = if variants::Context::wants_text(&relative) {
                std::fs::read(&path)
                    .ok()
                    .filter(|bytes| bytes.len() <= bulkhead_rules::MAX_FILE_BYTES)
                    .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            } else {
                None
            };
            files.push(variants::ContextFile {
                path: relative,
                text,
            });
            if files.len() >= variants::Context::MAX_FILES {
                // Not the whole context: an absent file proves nothing.
                return Ok(variants::Context {
                    known: false,
                    ..variants::Context::of(files)
                });
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(variants::Context::of(files))
}

fn read(path: &Path) -> Result<String, String> {
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
    } else {
        bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    }
    if bytes.len() > bulkhead_rules::MAX_FILE_BYTES {
        return Err(format!(
            "{} is over 2 MiB: not a Dockerfile",
            path.display()
        ));
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// `[{name, base, builder, dockerfile, manifest, compose, notes, facts}]`.
fn to_json(generated: &Variants) -> Value {
    Value::Array(
        generated
            .variants
            .iter()
            .map(|v| {
                json!({
                    "name": v.name,
                    "base": v.facts.variant.image,
                    "builder": v.facts.variant.builder,
                    "dockerfile": v.dockerfile,
                    "manifest": v.manifest,
                    "compose": v.compose,
                    "notes": v.notes,
                    "facts": v.facts,
                })
            })
            .collect(),
    )
}

fn facts(out: &mut String, base: &BaseFacts) {
    let yes = |b: bool| if b { "yes" } else { "no" };
    let _ = writeln!(
        out,
        "{} ({}, {}){}",
        base.variant.title,
        base.variant.language.as_str(),
        base.variant.image,
        if base.variant.estimate {
            " [some facts estimated]"
        } else {
            ""
        }
    );
    let rows = [
        ("size", base.variant.size.to_owned()),
        ("os", base.variant.os.to_owned()),
        ("shell", base.shell()),
        ("package manager", base.package_manager()),
        ("user", base.user()),
        ("libc", base.libc()),
        ("version", base.language_version().to_owned()),
        ("CA certificates", yes(base.ca_certificates()).to_owned()),
        ("tzdata", yes(base.variant.tzdata).to_owned()),
        ("end of life", base.variant.end_of_life.to_owned()),
        ("debugging", base.variant.debugging.to_owned()),
        ("stops working", base.variant.stops_working.to_owned()),
        ("checked", base.checked_on().to_owned()),
    ];
    for (name, value) in rows {
        let _ = writeln!(out, "  {name:<16}{value}");
    }
}

fn human(generated: &Variants) -> String {
    let mut out = String::new();
    for variant in &generated.variants {
        let _ = writeln!(out, "==== {} variant", variant.name);
        facts(&mut out, &variant.facts);
        for note in &variant.notes {
            let _ = writeln!(out, "  note: {note}");
        }
        let _ = writeln!(out, "\n{}", variant.dockerfile);
    }
    out
}
