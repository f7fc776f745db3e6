//! The user's own stages, as they wrote them: for generators that keep the user's build
//! (Java's Maven or Gradle, Rust's cargo) and write only a new runtime stage. Stages are
//! named in the variants (`stage-<index>` for unnamed ones), since a variant leaves some
//! stages out and indexes would point elsewhere.

use crate::dockerfile::Keyword;
use std::fmt::Write as _;

use super::write::{exec, shell_word};
use crate::dockerfile::{arg_declarations, Base, Copy, Instruction, Model, Stage};
use crate::knowledge::catalog::catalog;
use crate::knowledge::image_ref::ImageRef;
use crate::knowledge::secrets::looks_secret;

/// What the runtime stage keeps of the user's own runtime stage, in order.
#[derive(Debug, Default)]
pub(super) struct Runtime {
    /// Instruction lines (`WORKDIR`, `ARG`, `COPY`, `LABEL`), ready to write.
    pub lines: Vec<String>,
    pub notes: Vec<String>,
}

/// Each stage's name in the variants: its own, or `stage-<index>` for an unnamed one
/// (the variants leave stages out, so indexes would point elsewhere).
pub(super) fn stage_names(model: &Model<'_>) -> Vec<String> {
    model
        .stages
        .iter()
        .map(|s| {
            s.name
                .as_ref()
                .map_or_else(|| format!("stage-{}", s.index), |n| n.text.clone())
        })
        .collect()
}

/// The stage a `--from` or `FROM` word names, if it is one of the Dockerfile's.
pub(super) fn stage_index(model: &Model<'_>, word: &str) -> Option<usize> {
    match word.parse::<usize>() {
        Ok(i) if i < model.stages.len() => Some(i),
        Ok(_) => None,
        Err(_) => model.stage_named(word).map(|s| s.index),
    }
}

/// The build arguments declared before the first `FROM`, as written: the kept stages'
/// `FROM` lines may use them (`FROM rust:${RUST_VERSION}`). Secret-looking ones are
/// left out, as everywhere in the variants.
pub(super) fn global_args(model: &Model<'_>) -> String {
    let Some(first) = model.stages.first() else {
        return String::new();
    };
    let mut out = String::new();
    for instruction in model
        .dockerfile
        .instructions
        .iter()
        .take_while(|i| i.range.start() < first.from.range.start())
        .filter(|i| i.keyword == Keyword::Arg)
    {
        if arg_declarations(instruction)
            .iter()
            .any(|(name, _)| looks_secret(&name.text))
        {
            continue;
        }
        out.push_str(instruction.range.slice(model.source));
        out.push('\n');
    }
    out
}

/// A build stage of the user's, as they wrote it: its `FROM` line (named, so later
/// stages can refer to it: `name`), then its instructions and comments, without those
/// `skip` names.
pub(super) fn write_stage(
    out: &mut String,
    model: &Model<'_>,
    stage: &Stage<'_>,
    names: &[String],
    name: &str,
    skip: &dyn Fn(&Instruction) -> bool,
) {
    write_stage_with(out, model, stage, (names, name), skip, &Kept::default());
}

/// What a variant changes in a stage it otherwise keeps as written.
#[derive(Debug, Default)]
pub(super) struct Kept<'k> {
    /// Instruction lines (with their comments) right after the `FROM` line: a setting
    /// the variant needs for the whole build, which the user's own instructions still
    /// override (Go's `ENV CGO_ENABLED=0`).
    pub prelude: &'k str,
    /// The image the stage is built on instead of the user's (one past end of life).
    pub image: Option<String>,
}

/// The user's image made current: when `reference` is past end of life, the same image
/// on the version of `current` (the variant's builder, `golang:1.27`), with the rest of
/// the tag kept (`golang:1.22-alpine` becomes `golang:1.27-alpine`). `None` when it is
/// supported, or is another image.
pub(super) fn current_image(reference: &str, current: &str) -> Option<String> {
    let image = ImageRef::parse(reference);
    let now = ImageRef::parse(current);
    if image.repository != now.repository || catalog().end_of_life(&image).is_none() {
        return None;
    }
    let (tag, version) = (image.tag?, now.tag?);
    let rest = tag.split_once('-').map(|(_, rest)| rest);
    let name = reference.split('@').next().unwrap_or(reference);
    let name = name.strip_suffix(tag)?;
    Some(match rest {
        Some(rest) => format!("{name}{version}-{rest}"),
        None => format!("{name}{version}"),
    })
}

/// [`write_stage`], changed as `kept` says.
pub(super) fn write_stage_with(
    out: &mut String,
    model: &Model<'_>,
    stage: &Stage<'_>,
    (names, name): (&[String], &str),
    skip: &dyn Fn(&Instruction) -> bool,
    kept: &Kept<'_>,
) {
    let source = model.source;
    let mut from = String::from("FROM");
    if let Some(platform) = &stage.platform {
        let _ = write!(
            from,
            " --platform={}",
            platform.value.as_deref().unwrap_or_default()
        );
    }
    let image = stage.image.as_ref().map_or("scratch", |w| w.text.as_str());
    let image = match stage.base {
        Base::Stage(parent) => names[parent].as_str(),
        _ => kept.image.as_deref().unwrap_or(image),
    };
    let _ = writeln!(out, "\n{from} {image} AS {name}");
    out.push_str(kept.prelude);
    // Its instructions and the comments between them, without what only a shipped image
    // uses: the variant's runtime stage has its own command, port and health check.
    let mut body = String::new();
    let mut cursor = stage.from.range.end();
    for instruction in stage.instructions {
        if skip(instruction)
            || matches!(
                instruction.keyword,
                Keyword::Cmd | Keyword::Entrypoint | Keyword::Healthcheck | Keyword::Expose
            )
        {
            body.push_str(&source[cursor..instruction.range.start()]);
            cursor = instruction.range.end();
        }
    }
    if let Some(last) = stage.instructions.last() {
        body.push_str(&source[cursor..last.range.end().max(cursor)]);
    }
    let body = body.trim_start_matches(['\r', '\n']).trim_end();
    if !body.is_empty() {
        out.push_str(&rewrite_from_flags(model, stage, body, names));
        out.push('\n');
    }
}

/// `--from=0` inside a kept stage names the stage by its variant name.
fn rewrite_from_flags(
    model: &Model<'_>,
    stage: &Stage<'_>,
    body: &str,
    names: &[String],
) -> String {
    let mut out = body.to_owned();
    for copy in stage.copies().iter().rev() {
        let Some(value) = copy.from.as_ref().and_then(|f| f.value.as_deref()) else {
            continue;
        };
        let Some(index) = value
            .parse::<usize>()
            .ok()
            .filter(|i| *i < model.stages.len())
        else {
            continue;
        };
        let from = format!("--from={value}");
        let to = format!("--from={}", names[index]);
        // The whole flag: `--from=1` is not the start of `--from=10`.
        let whole = out.match_indices(&from).map(|(at, _)| at).find(|&at| {
            out[at + from.len()..]
                .chars()
                .next()
                .is_none_or(char::is_whitespace)
        });
        if let Some(at) = whole {
            out.replace_range(at..at + from.len(), &to);
        }
    }
    out
}

/// The user's runtime stage: its folders, build arguments, labels and files, in order.
/// Files copied from a build stage come from that stage; the runtime's own commands
/// are left out (distroless has no shell), and so are `USER`, `EXPOSE`, `HEALTHCHECK`
/// and the command, which the variant writes itself. `replace` may write a `COPY`
/// otherwise (the binary, from the variant's own build).
pub(super) fn read_runtime(
    model: &Model<'_>,
    chain: &[&Stage<'_>],
    names: &[String],
    runtime: &mut Runtime,
    replace: &dyn Fn(&Copy<'_>) -> Option<String>,
) {
    if chain.iter().all(|s| s.workdir().is_none()) {
        // Relative paths in the command start from /, as in the user's image; distroless
        // and Chainguard start elsewhere.
        runtime.lines.push("WORKDIR /".to_owned());
    }
    for stage in chain.iter().rev() {
        for instruction in stage.instructions {
            match instruction.keyword {
                Keyword::Workdir | Keyword::Label | Keyword::Stopsignal => {
                    runtime
                        .lines
                        .push(format!("{} {}", instruction.keyword, instruction.body().trim()));
                }
                Keyword::Arg => {
                    for (name, default) in arg_declarations(instruction) {
                        if looks_secret(&name.text) {
                            continue;
                        }
                        runtime.lines.push(match default {
                            Some(value) => format!("ARG {}={}", name.text, shell_word(&value)),
                            None => format!("ARG {}", name.text),
                        });
                    }
                }
                Keyword::Copy | Keyword::Add => copy(model, stage, instruction, names, runtime, replace),
                Keyword::Run => runtime.notes.push(format!(
                    "Your runtime stage runs `{}`: these bases have no shell, so the variants leave it out. A non-root user, CA certificates and tzdata are already there.",
                    instruction.body().trim().lines().next().unwrap_or_default()
                )),
                _ => {}
            }
        }
    }
}

fn copy(
    model: &Model<'_>,
    stage: &Stage<'_>,
    instruction: &Instruction,
    names: &[String],
    runtime: &mut Runtime,
    replace: &dyn Fn(&Copy<'_>) -> Option<String>,
) {
    let Some(copy) = stage.copy_of(instruction) else {
        return;
    };
    let Some(destination) = &copy.destination else {
        return;
    };
    if let Some(line) = replace(copy) {
        runtime.lines.push(line);
        return;
    }
    if !instruction.heredocs.is_empty() {
        runtime.notes.push(format!(
            "`{}` writes a file from the Dockerfile itself: add it back if the app needs it.",
            instruction.body().trim().lines().next().unwrap_or_default()
        ));
        return;
    }
    let remote = copy.sources.iter().any(|w| w.text.contains("://"));
    if remote && !instruction.flags().iter().any(|f| f.name == "checksum") {
        runtime.notes.push(format!(
            "`{}` downloads a file with no integrity check, so the variants leave it out: add it back as `ADD --checksum=sha256:<digest> <url> <dest>`.",
            instruction.body().trim()
        ));
        return;
    }
    let mut line = String::from(if copy.is_add { "ADD" } else { "COPY" });
    for flag in instruction.flags() {
        // Files owned by root: the app can read them but not change them.
        if flag.name == "chown" {
            continue;
        }
        let value = match (flag.name.as_str(), flag.value.as_deref()) {
            ("from", Some(from)) => {
                Some(stage_index(model, from).map_or_else(|| from.to_owned(), |i| names[i].clone()))
            }
            (_, value) => value.map(str::to_owned),
        };
        match value {
            Some(value) => {
                let _ = write!(line, " --{}={value}", flag.name);
            }
            None => {
                let _ = write!(line, " --{}", flag.name);
            }
        }
    }
    let words: Vec<String> = copy
        .sources
        .iter()
        .chain([destination])
        .map(|w| w.text.clone())
        .collect();
    if words.iter().any(|w| w.contains(char::is_whitespace)) {
        let _ = write!(line, " {}", exec(&words));
    } else {
        let _ = write!(line, " {}", words.join(" "));
    }
    runtime.lines.push(line);
}

/// The path a `COPY` of file `name` to `destination` gives it, relative paths taken from
/// `workdir`: `/usr/local/bin/` and `name` make `/usr/local/bin/name`.
pub(super) fn place(destination: &str, name: &str, workdir: &str) -> String {
    let absolute = if destination.starts_with('/') {
        destination.to_owned()
    } else {
        let relative = destination.trim_start_matches("./");
        format!("{}/{relative}", workdir.trim_end_matches('/'))
    };
    let file = absolute.rsplit('/').next().unwrap_or_default();
    if absolute.ends_with('/') || destination == "." || file != name {
        format!("{}/{name}", absolute.trim_end_matches(['/', '.']))
    } else {
        absolute
    }
}
