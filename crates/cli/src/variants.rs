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

pub fn run(path: Option<&Path>, format: Format, catalog: bool) -> Result<ExitCode, String> {
    let output = if catalog {
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
        let path = path.ok_or("give a Dockerfile")?;
        let source = read(path)?;
        let generated = variants::generate(&source).map_err(|e| e.to_string())?;
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
