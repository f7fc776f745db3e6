//! The Rust variants: the user's own build stages, kept as they wrote them, then the
//! same `cargo build` linked statically (`-C target-feature=+crt-static`, for the
//! builder's own target), so the binary needs no libc and runs on Chainguard static,
//! `scratch` and distroless static. The runtime stage gets the user's other files and
//! runs the binary where the user put it, as a non-root user.

use std::fmt::Write as _;

use super::analysis::{shipped_stages, App, Entry};
use super::stages::{global_args, place, read_runtime, stage_names, write_stage, Runtime};
use super::write::{header, scratch_files, scratch_tmp, tail, user_env};
use super::{base, BaseFacts, Family, Language, Skipped, Variant, VariantError, Variants};
use crate::dockerfile::{Command, Model, PackageCommand, PackageManager, Run, Stage};

/// The families a static binary runs on, in the comparison's order.
const RUST_FAMILIES: [Family; 3] = [Family::Chainguard, Family::Scratch, Family::Static];

/// The variant's own build stage, and where it puts the binaries and `scratch`'s files.
const STATIC: &str = "static-build";
const OUT: &str = "/out";
const ROOTFS: &str = "/out/rootfs";

/// Environment of the build that means nothing at run time.
const BUILD_ENV: &[&str] = &[
    "CARGO_HOME",
    "RUSTUP_HOME",
    "RUSTFLAGS",
    "CARGO_TARGET_DIR",
    "CARGO_INCREMENTAL",
    "CARGO_NET_GIT_FETCH_WITH_CLI",
    "CARGO_REGISTRIES_CRATES_IO_PROTOCOL",
    "RUST_VERSION",
];

/// One binary the shipped image gets from the build: where cargo wrote it (in the
/// build stage) and its file name.
#[derive(Debug)]
struct Binary {
    /// `/app/target/release/server`.
    built: String,
    name: String,
}

/// What the variants keep of the user's build.
#[derive(Debug)]
struct Build {
    /// The stage that runs `cargo build`, and its name in the variants.
    stage: usize,
    /// The user's `cargo build` words after `build`, without `--target`.
    arguments: Vec<String>,
    /// The user's build already targets musl: its binaries are static as they are.
    already_static: bool,
    /// The `RUN` is only `cargo build`: the variant's static build replaces it.
    replaces_run: bool,
    binaries: Vec<Binary>,
}

pub(super) fn variants(model: &Model<'_>, app: &App) -> Result<Variants, VariantError> {
    let shipped = model.shipped().ok_or(VariantError::Empty)?;
    let build = read_build(model, shipped)?;
    let names = stage_names(model);
    let command = command(app, model, shipped, &build)?;
    let chain = model.ancestry(shipped);
    // The user's build stages, as written (the lone `cargo build` left to the static build).
    let skipped_run = build
        .replaces_run
        .then(|| cargo_run(&model.stages[build.stage]))
        .flatten();
    let mut builder = global_args(model);
    for stage in shipped_stages(model) {
        if chain.iter().any(|c| c.index == stage.index) {
            continue;
        }
        let skip = |instruction: &crate::dockerfile::Instruction| {
            skipped_run.is_some_and(|run| std::ptr::eq(run.instruction, instruction))
        };
        write_stage(
            &mut builder,
            model,
            stage,
            &names,
            &names[stage.index],
            &skip,
        );
    }
    let build_name = names[build.stage].clone();
    let mut runtime = Runtime::default();
    let replace = |copy: &crate::dockerfile::Copy<'_>| {
        let destination = copy.destination.as_ref()?;
        let source = copy.sources.first()?;
        let binary = build.binaries.iter().find(|b| b.built == source.text)?;
        if copy.sources.len() != 1 || build.already_static {
            return None;
        }
        Some(format!(
            "COPY --from={STATIC} {OUT}/{} {}",
            binary.name, destination.text
        ))
    };
    read_runtime(model, &chain, &names, &mut runtime, &replace);
    let env: Vec<(String, String)> = app
        .env
        .iter()
        .filter(|(k, _)| !BUILD_ENV.contains(&k.as_str()))
        .cloned()
        .collect();
    let variants = RUST_FAMILIES
        .into_iter()
        .filter_map(|family| {
            let facts = base(Language::Rust, family, None)?;
            let parts = Parts {
                builder: &builder,
                build: &build,
                build_name: &build_name,
                runtime: &runtime,
                env: &env,
                command: &command,
            };
            Some(variant(app, family, facts, &parts))
        })
        .collect();
    Ok(Variants {
        language: Language::Rust,
        variants,
        skipped: vec![Skipped {
            name: Family::Slim,
            reason: "a static Rust binary needs no language runtime or libc, so the three bases here fit it better than Debian slim (keep a Debian or distroless/cc base if a crate links a C library such as OpenSSL)".to_owned(),
        }],
    })
}

/// The `cargo build` invocation among `commands`, if any.
fn cargo_build(commands: &[Command]) -> Option<PackageCommand<'_>> {
    commands.iter().find_map(|c| {
        PackageCommand::recognise(c)
            .filter(|p| p.manager == PackageManager::Cargo && p.subcommand() == Some("build"))
    })
}

/// The stage's `RUN` that runs `cargo build`.
fn cargo_run<'s>(stage: &'s Stage<'_>) -> Option<&'s Run<'s>> {
    stage
        .runs()
        .iter()
        .rev()
        .find(|r| cargo_build(&r.commands).is_some())
}

fn read_build(model: &Model<'_>, shipped: &Stage<'_>) -> Result<Build, VariantError> {
    let why = |reason: &str| VariantError::Cannot(reason.to_owned());
    let stages = shipped_stages(model);
    let stage = stages
        .iter()
        .rev()
        .find(|s| cargo_run(s).is_some())
        .ok_or_else(|| why("no `cargo build` in the stages of the shipped image: build the binary with `cargo build --release` in a builder stage, copy it to the runtime stage, then compare again"))?;
    if model
        .ancestry(shipped)
        .iter()
        .any(|s| s.index == stage.index)
    {
        return Err(why("the image builds and runs in one stage, with the compiler in it: build in a stage of its own (`FROM rust:1 AS build`), copy the binary from `target/release/` to the runtime stage, then compare again"));
    }
    let run = cargo_run(stage).ok_or_else(|| why("no `cargo build`"))?;
    let command = cargo_build(&run.commands).ok_or_else(|| why("no `cargo build`"))?;
    let mut arguments = Vec::new();
    let mut already_static = false;
    let mut words = command.rest().iter();
    while let Some(word) = words.next() {
        let text = word.text.as_str();
        if text == "--target" {
            already_static |= words.next().is_some_and(|w| w.text.contains("musl"));
        } else if let Some(target) = text.strip_prefix("--target=") {
            already_static |= target.contains("musl");
        } else {
            arguments.push(text.to_owned());
        }
    }
    let replaces_run = run.commands.len() == 1 && !already_static;
    // The binaries: what the shipped image copies from the build (or a stage on it)
    // out of a cargo profile folder (`target/release/server`).
    let descends = |index: usize| {
        model
            .ancestry(&model.stages[index])
            .iter()
            .any(|s| s.index == stage.index)
    };
    let mut binaries = Vec::new();
    for copy in model.ancestry(shipped).iter().flat_map(|s| s.copies()) {
        let Some(from) = copy.from.as_ref().and_then(|f| f.value.as_deref()) else {
            continue;
        };
        let Some(index) = super::stages::stage_index(model, from) else {
            continue;
        };
        if !descends(index) {
            continue;
        }
        for source in &copy.sources {
            let mut parts = source.text.rsplit('/');
            let (Some(name), Some(profile)) = (parts.next(), parts.next()) else {
                continue;
            };
            let profile_folder =
                matches!(profile, "release" | "debug") || source.text.contains("/target/");
            if profile_folder && !name.is_empty() && !name.contains(['*', '.']) {
                binaries.push(Binary {
                    built: source.text.clone(),
                    name: name.to_owned(),
                });
            }
        }
    }
    if binaries.is_empty() {
        return Err(why("the shipped image copies no binary out of `target/release/` from the build: copy it with `COPY --from=build /app/target/release/<name> /usr/local/bin/<name>`, then compare again"));
    }
    Ok(Build {
        stage: stage.index,
        arguments,
        already_static,
        replaces_run,
        binaries,
    })
}

/// The command, with a bare program name made the binary's full path (`scratch` has
/// no `PATH` to look it up in).
fn command(
    app: &App,
    model: &Model<'_>,
    shipped: &Stage<'_>,
    build: &Build,
) -> Result<Vec<String>, VariantError> {
    if app.shell_syntax {
        return Err(app.at_command("your command uses shell syntax ($VARIABLES, &&, pipes), and these bases have no shell: write it in exec form (`CMD [\"/usr/local/bin/app\"]`) and compare again"));
    }
    let words = match &app.entry {
        None => return Err(VariantError::NoCommand),
        Some(Entry::Script { name, args }) => std::iter::once(name.clone())
            .chain(args.iter().cloned())
            .collect(),
        Some(Entry::Other(words) | Entry::Python(words)) => words.clone(),
    };
    let Some((program, args)) = words.split_first() else {
        return Err(VariantError::NoCommand);
    };
    if program.contains('/') {
        return Ok(words);
    }
    // Where the shipped image has the binary of that name.
    let workdir = app.workdir.as_deref().unwrap_or("/");
    let placed = model
        .ancestry(shipped)
        .iter()
        .flat_map(|s| s.copies())
        .find_map(|copy| {
            let destination = copy.destination.as_ref()?.text.as_str();
            let source = copy.sources.first()?.text.as_str();
            let binary = build.binaries.iter().find(|b| b.built == source)?;
            (binary.name == *program).then(|| place(destination, &binary.name, workdir))
        })
        .unwrap_or_else(|| format!("/usr/local/bin/{program}"));
    Ok(std::iter::once(placed)
        .chain(args.iter().cloned())
        .collect())
}

/// What every family's variant is made of.
struct Parts<'p> {
    builder: &'p str,
    build: &'p Build,
    build_name: &'p str,
    runtime: &'p Runtime,
    env: &'p [(String, String)],
    command: &'p [String],
}

fn variant(app: &App, family: Family, facts: BaseFacts, parts: &Parts<'_>) -> Variant {
    let build = parts.build;
    let mut notes = parts.runtime.notes.clone();
    if !build.already_static {
        notes.push("The binary is linked statically with glibc: it cannot load NSS modules, so user and host lookups read /etc/passwd, /etc/hosts and DNS directly. If the build fails at linking (a crate needs a C library such as OpenSSL), use rustls, or gcr.io/distroless/cc-debian13 with your dynamic binary.".to_owned());
    }
    if !build.replaces_run && !build.already_static {
        notes.push("Your `cargo build` runs with other commands, so it stays as you wrote it and the static build runs after it: if that is slow, keep only one of them.".to_owned());
    }
    let summary = match family {
        Family::Scratch => "your build, linked statically, on an empty image; CA certificates and /tmp are copied in.",
        Family::Chainguard => "your build, linked statically, on Chainguard's static image: no libc or shell, but CA certificates, tzdata, a nonroot user and /tmp, rebuilt every day.",
        _ => "your build, linked statically, on distroless static: no libc or shell, but CA certificates, tzdata, a nonroot user and /tmp.",
    };
    let mut out = String::new();
    header(&mut out, facts, summary);
    out.push_str("\n# Your build, as you wrote it.\n");
    out.push_str(parts.builder.trim_start_matches('\n'));
    if !build.already_static || family == Family::Scratch {
        let _ = writeln!(out, "\nFROM {} AS {STATIC}", parts.build_name);
    }
    if !build.already_static {
        out.push_str("# The same build, linked statically: the C library goes into the binary, so it runs\n# with no libc. Naming the builder's own target keeps build scripts and proc macros\n# linked as usual.\n");
        let mut line = String::from(
            "RUN target=\"$(rustc -vV | sed -n 's/^host: //p')\" \\\n && RUSTFLAGS=\"${RUSTFLAGS:-} -C target-feature=+crt-static\" cargo build",
        );
        for argument in &build.arguments {
            let _ = write!(line, " {argument}");
        }
        line.push_str(" --target \"$target\" \\\n && mkdir -p ");
        line.push_str(OUT);
        for binary in &build.binaries {
            let (folder, profile) = binary
                .built
                .rsplit_once('/')
                .and_then(|(dir, _)| dir.rsplit_once('/'))
                .unwrap_or(("target", "release"));
            let _ = write!(
                line,
                " \\\n && cp \"{folder}/$target/{profile}/{}\" {OUT}/{}",
                binary.name, binary.name
            );
        }
        out.push_str(&line);
        out.push('\n');
    }
    if family == Family::Scratch {
        scratch_tmp(&mut out, ROOTFS, "");
    }
    let _ = writeln!(out, "\nFROM {}", facts.variant.image);
    if family == Family::Scratch {
        scratch_files(&mut out, STATIC, ROOTFS);
    }
    user_env(&mut out, parts.env, &app.dropped_secrets);
    if !parts.runtime.lines.is_empty() {
        out.push_str("# Your files and the binary, owned by root: the app can read them but not change them.\n");
        for line in &parts.runtime.lines {
            out.push_str(line);
            out.push('\n');
        }
    }
    tail(&mut out, app, None, ("ENTRYPOINT", ""), parts.command);
    Variant::new(family, facts, app.port, out, notes)
}
