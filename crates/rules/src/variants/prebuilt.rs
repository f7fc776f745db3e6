//! A binary built outside Docker, copied onto `scratch` (`COPY target/release/app /app`):
//! the image is already as small as it gets, so the variants only offer what `scratch`
//! lacks: Chainguard static and distroless static have CA certificates, tzdata, a
//! writable `/tmp` and a non-root user, for the same binary.

use std::fmt::Write as _;

use super::analysis::{shipped_stages, App, Entry};
use super::stages::{place, read_runtime, stage_names, Runtime};
use super::write::{header, tail, user_env};
use super::{base, Family, Language, Skipped, Variant, VariantError, Variants};
use crate::dockerfile::{Base, Model};

/// The families that add to `scratch` what a binary may need, in the comparison's order.
const FAMILIES: [Family; 2] = [Family::Chainguard, Family::Static];

/// The variants of a prebuilt binary on `scratch`, or `None` when the image is not one
/// (it builds something, or does not start from `scratch`).
pub(super) fn variants(model: &Model<'_>, app: &App) -> Option<Result<Variants, VariantError>> {
    let shipped = model.shipped()?;
    let chain = model.ancestry(shipped);
    let only_chain = shipped_stages(model).len() == chain.len();
    let builds = chain.iter().any(|s| !s.runs().is_empty());
    if !matches!(model.root_base(shipped), Base::Scratch) || !only_chain || builds {
        return None;
    }
    let Some(words) = app.entry.as_ref().map(words) else {
        return Some(Err(VariantError::NoCommand));
    };
    if app.shell_syntax {
        return Some(Err(app.at_command("your command uses shell syntax, and scratch has no shell to run it: write it in exec form (`ENTRYPOINT [\"/app\"]`) and compare again")));
    }
    let names = stage_names(model);
    let mut runtime = Runtime::default();
    read_runtime(model, &chain, &names, &mut runtime, &|_| None);
    let sources: Vec<&str> = chain
        .iter()
        .flat_map(|s| s.copies())
        .flat_map(|c| &c.sources)
        .map(|w| w.text.as_str())
        .collect();
    // The bases' facts are the same for any static binary; a cargo output folder says
    // which language's to show.
    let cargo = sources
        .iter()
        .any(|s| s.contains("target/") && (s.contains("/release/") || s.contains("/debug/")));
    let language = if cargo { Language::Rust } else { Language::Go };
    let command = placed(model, app, &words);
    let variants = FAMILIES
        .into_iter()
        .filter_map(|family| {
            let facts = base(language, family, None)?;
            let mut out = String::new();
            header(&mut out, facts, "your binary as it is, on a base that adds what scratch lacks: CA certificates, tzdata, /etc/passwd with a nonroot user, and /tmp.");
            let _ = writeln!(out, "\nFROM {}", facts.variant.image);
            user_env(&mut out, &app.env, &app.dropped_secrets);
            out.push_str("# Your files, owned by root: the app can read them but not change them.\n");
            for line in &runtime.lines {
                out.push_str(line);
                out.push('\n');
            }
            tail(&mut out, app, None, ("ENTRYPOINT", ""), &command);
            let mut notes = vec!["Your image is already minimal: one binary on scratch. This base adds only data files (CA certificates for TLS, time zones, a nonroot user in /etc/passwd) and a writable /tmp, with no shell or libc; the binary must be static, as it is on scratch.".to_owned()];
            notes.extend(runtime.notes.iter().cloned());
            Some(Variant::new(family, facts, app.port, out, notes))
        })
        .collect();
    let reason = |why: &str| why.to_owned();
    Some(Ok(Variants {
        language,
        variants,
        skipped: vec![
            Skipped {
                name: Family::Scratch,
                reason: reason("your image is already on scratch: nothing to take away"),
            },
            Skipped {
                name: Family::Slim,
                reason: reason("a prebuilt static binary needs no language runtime or libc"),
            },
            Skipped {
                name: Family::Distroless,
                reason: reason("a prebuilt static binary needs no language runtime or libc"),
            },
        ],
    }))
}

fn words(entry: &Entry) -> Vec<String> {
    match entry {
        Entry::Script { name, args } => std::iter::once(name.clone())
            .chain(args.iter().cloned())
            .collect(),
        Entry::Python(words) | Entry::Other(words) => words.clone(),
    }
}

/// The command with its program made the absolute path the `COPY` put it at: a bare
/// name or a relative path finds nothing on these bases' empty `PATH` otherwise.
fn placed(model: &Model<'_>, app: &App, words: &[String]) -> Vec<String> {
    let mut command = words.to_vec();
    let Some(program) = command.first().cloned() else {
        return command;
    };
    let workdir = app.workdir.as_deref().unwrap_or("/");
    let name = program.rsplit('/').next().unwrap_or(&program).to_owned();
    if program.contains('/') {
        command[0] = place(&program, &name, workdir);
        return command;
    }
    let shipped = model.shipped();
    let copied = shipped
        .map(|s| model.ancestry(s))
        .unwrap_or_default()
        .iter()
        .flat_map(|s| s.copies())
        .filter(|c| c.sources.len() == 1)
        .find_map(|copy| {
            let source = copy.sources[0].text.rsplit('/').next()?;
            let path = place(&copy.destination.as_ref()?.text, source, workdir);
            (path.rsplit('/').next() == Some(name.as_str())).then_some(path)
        });
    if let Some(path) = copied {
        command[0] = path;
    }
    command
}
