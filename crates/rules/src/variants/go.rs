//! The Go variants: the user's own build stages, kept as they wrote them (their image,
//! `go mod init`, `go mod download`, their `go build` and its flags), with one setting
//! added, `CGO_ENABLED=0`, so the binary is static and needs no libc. The runtime stage,
//! on Chainguard static, `scratch` or distroless static, gets what the user's runtime
//! stage copied (the binary from the build, their files) and runs it as a non-root user.
//!
//! A build in the shipped image itself (one stage: `go build -o /app`, then
//! `CMD ["/app"]`) becomes the builder, and the runtime gets the binary the command
//! starts.

use std::fmt::Write as _;

use super::analysis::{shipped_stages, App, Entry};
use super::stages::{
    current_image, global_args, place, read_runtime, stage_names, write_stage_with, Kept, Runtime,
};
use super::write::{copy_from, header, scratch_files, scratch_tmp, tail, user_env};
use super::{base, BaseFacts, Family, Language, Skipped, Variant, VariantError, Variants};
use crate::dockerfile::{Command, Model, PackageCommand, PackageManager, Stage};

/// The stage that makes `scratch`'s `/tmp`, and where.
const ROOTFS_STAGE: &str = "rootfs";
const ROOTFS: &str = "/out/rootfs";

/// The families a static Go binary runs on, in the comparison's order.
const GO_FAMILIES: [Family; 3] = [Family::Chainguard, Family::Scratch, Family::Static];

/// `go build` options that link C code, which a build with cgo off refuses.
const NEEDS_CGO: &[&str] = &["-race", "-msan", "-asan", "--race", "--msan", "--asan"];

/// Environment of the build that means nothing at run time.
const BUILD_ENV: &[&str] = &[
    "CGO_ENABLED",
    "GOPATH",
    "GOCACHE",
    "GOOS",
    "GOARCH",
    "GOARM",
    "GOAMD64",
    "GOFLAGS",
    "GO111MODULE",
    "GOPROXY",
    "GOPRIVATE",
    "GONOSUMDB",
    "GOMODCACHE",
    "GOBIN",
    "GOTOOLCHAIN",
];

/// What every family's variant is made of.
struct Parts {
    /// The user's build stages, as written, with `CGO_ENABLED=0` set where they start.
    builder: String,
    /// The stage the runtime's `scratch` files are made in (the build stage's name).
    build_name: String,
    runtime: Runtime,
    env: Vec<(String, String)>,
    command: Vec<String>,
}

pub(super) fn variants(model: &Model<'_>, app: &App) -> Result<Variants, VariantError> {
    let shipped = model.shipped().ok_or(VariantError::Empty)?;
    let stage = build_stage(model)?;
    let command = command(app)?;
    let names = stage_names(model);
    let chain = model.ancestry(shipped);
    let single_stage = chain.iter().any(|s| s.index == stage.index);
    // The shipped stage, when it is the build, keeps its name, or is called `build`.
    let build_name = if single_stage {
        shipped
            .name
            .as_ref()
            .map_or_else(|| "build".to_owned(), |n| n.text.clone())
    } else {
        names[stage.index].clone()
    };
    let build_root = model.root_stage(stage).index;
    let mut builder = global_args(model);
    let mut notes = Vec::new();
    for kept in shipped_stages(model) {
        let in_chain = chain.iter().any(|c| c.index == kept.index);
        if in_chain && !single_stage {
            continue;
        }
        let name = if kept.shipped {
            build_name.as_str()
        } else {
            &names[kept.index]
        };
        let mut changes = Kept::default();
        if kept.index == build_root {
            changes.prelude = "# Added by bulkhead: no C library to link, so the binary runs without libc.\nENV CGO_ENABLED=0\n";
            changes.image = current_go(kept, &mut notes);
        }
        write_stage_with(
            &mut builder,
            model,
            kept,
            (&names, name),
            &|_| false,
            &changes,
        );
    }
    let mut runtime = Runtime::default();
    if single_stage {
        if let Some(dir) = &app.workdir {
            runtime.lines.push(format!("WORKDIR {dir}"));
        }
        let binary = std::slice::from_ref(&command[0]);
        runtime.lines.push(
            copy_from(Some(&build_name), binary, &command[0])
                .trim_end()
                .to_owned(),
        );
        runtime.notes.push("Your image builds and runs in one stage: these variants build in that stage and copy only the binary the command starts. Add `COPY --from=build` lines for files it reads at run time (templates, static files), or embed them with `go:embed`.".to_owned());
    } else {
        read_runtime(model, &chain, &names, &mut runtime, &|_| None);
    }
    runtime.notes.extend(notes);
    runtime.notes.extend(cgo_notes(model, stage));
    if !app.os_packages.is_empty() {
        runtime.notes.push(format!("Your Dockerfile installs {} with the OS package manager: the build keeps them; the runtime needs none of them.", app.os_packages.join(", ")));
    }
    let parts = Parts {
        builder,
        build_name,
        runtime,
        env: app
            .env
            .iter()
            .filter(|(k, _)| !BUILD_ENV.contains(&k.as_str()))
            .cloned()
            .collect(),
        command: placed_command(model, shipped, app, command),
    };
    let variants = GO_FAMILIES
        .into_iter()
        .filter_map(|family| {
            Some(variant(
                app,
                family,
                base(Language::Go, family, None)?,
                &parts,
            ))
        })
        .collect();
    Ok(Variants {
        language: Language::Go,
        variants,
        skipped: vec![Skipped {
            name: Family::Slim,
            reason: "a static Go binary needs no language runtime or libc, so the three bases here fit it better than Debian slim (keep a Debian base only if your build needs cgo)".to_owned(),
        }],
    })
}

/// The `go <subcommand>` invocation among `commands`, if any.
fn go_command<'c>(commands: &'c [Command], subcommand: &str) -> Option<PackageCommand<'c>> {
    commands.iter().find_map(|c| {
        PackageCommand::recognise(c)
            .filter(|p| p.manager == PackageManager::Go && p.subcommand() == Some(subcommand))
    })
}

/// The Go image the build stage is built on, when the user's is past end of life: the
/// same image on the Go of the catalog's builder, said in a note.
fn current_go(stage: &Stage<'_>, notes: &mut Vec<String>) -> Option<String> {
    let reference = stage.image.as_ref()?.text.as_str();
    let builder = base(Language::Go, Family::Static, None)?.variant.builder;
    let image = current_image(reference, builder)?;
    notes.push(format!("`{reference}` is past end of life (only the two newest Go releases get security fixes): the build runs on `{image}` instead. Run your tests on it, and raise the `go` line of go.mod if the build asks."));
    Some(image)
}

/// The last stage of the shipped image's build that runs `go build`.
fn build_stage<'m, 'a>(model: &'m Model<'a>) -> Result<&'m Stage<'a>, VariantError> {
    shipped_stages(model)
        .into_iter()
        .rev()
        .find(|s| s.runs().iter().any(|r| go_command(&r.commands, "build").is_some()))
        .ok_or_else(|| VariantError::Cannot("no `go build` in the stages of the shipped image: build the binary with `go build -o ...` in a builder stage, then compare again".to_owned()))
}

/// What the added `CGO_ENABLED=0` may break: a build that turns cgo back on, or asks for
/// a sanitizer (`-race`), which needs it.
fn cgo_notes(model: &Model<'_>, stage: &Stage<'_>) -> Vec<String> {
    let chain = model.ancestry(stage);
    let mut cgo = chain
        .iter()
        .flat_map(|s| s.env())
        .any(|(k, v)| k.text == "CGO_ENABLED" && v == "1");
    let mut sanitizers = Vec::new();
    for run in chain.iter().flat_map(|s| s.runs()) {
        let Some(build) = go_command(&run.commands, "build") else {
            continue;
        };
        cgo |= build
            .command
            .assignments
            .iter()
            .any(|a| a.text == "CGO_ENABLED=1");
        for word in build.rest() {
            let flag = word.text.split('=').next().unwrap_or_default();
            if NEEDS_CGO.contains(&flag) && !sanitizers.contains(&word.text) {
                sanitizers.push(word.text.clone());
            }
        }
    }
    let mut notes = Vec::new();
    if cgo {
        notes.push("Your build turns cgo on, which overrides the CGO_ENABLED=0 these variants add: the binary then needs libc, which these bases do not have. Build with CGO_ENABLED=0, or use gcr.io/distroless/base-debian13 or cgr.dev/chainguard/glibc-dynamic.".to_owned());
    }
    if !sanitizers.is_empty() {
        notes.push(format!(
            "Your `go build` passes {}, which needs cgo: with CGO_ENABLED=0 the build fails until you drop it (keep it for test builds).",
            sanitizers.join(" ")
        ));
    }
    notes
}

/// The command, with the binary's absolute path first.
fn command(app: &App) -> Result<Vec<String>, VariantError> {
    let words = match &app.entry {
        None => return Err(VariantError::NoCommand),
        Some(Entry::Other(words)) => words.clone(),
        Some(Entry::Script { name, args }) => std::iter::once(name.clone())
            .chain(args.iter().cloned())
            .collect(),
        Some(Entry::Python(_)) => {
            return Err(app.at_command("the image starts Python, not a Go binary"))
        }
    };
    if app.shell_syntax {
        return Err(app.at_command("your command uses shell syntax ($VARIABLES, &&, pipes), and these bases have no shell: write it in exec form (`CMD [\"/app\"]`) and compare again"));
    }
    let Some((program, args)) = words.split_first() else {
        return Err(VariantError::NoCommand);
    };
    if program == "go" || program.ends_with("/go") {
        return Err(app.at_command("the image runs the go tool itself (`go run`): build a binary with `go build -o` and start that, then compare again"));
    }
    let path = if program.starts_with('/') {
        program.clone()
    } else if program.contains('/') {
        place(
            program,
            program.rsplit('/').next().unwrap_or(program),
            app.workdir.as_deref().unwrap_or("/"),
        )
    } else {
        // A bare name, found on the user's image's PATH: `/usr/local/bin` unless the
        // runtime stage copies it somewhere else (see `placed_command`).
        format!("/usr/local/bin/{program}")
    };
    Ok(std::iter::once(path).chain(args.iter().cloned()).collect())
}

/// The command with a bare program name made the path the runtime stage copies that file
/// to (`COPY --from=build /bin/server /usr/bin/server` and `CMD ["server"]`): `scratch`
/// has no `PATH` to look it up in.
fn placed_command(
    model: &Model<'_>,
    shipped: &Stage<'_>,
    app: &App,
    mut command: Vec<String>,
) -> Vec<String> {
    let Some(Entry::Script { name, .. }) = &app.entry else {
        return command;
    };
    let workdir = app.workdir.as_deref().unwrap_or("/");
    let placed = model
        .ancestry(shipped)
        .iter()
        .flat_map(|s| s.copies())
        .filter(|c| c.from.is_some() && c.sources.len() == 1)
        .find_map(|copy| {
            let destination = copy.destination.as_ref()?.text.as_str();
            let source = copy.sources[0].text.rsplit('/').next()?;
            let path = place(destination, source, workdir);
            (path.rsplit('/').next() == Some(name.as_str())).then_some(path)
        });
    if let Some(path) = placed {
        command[0] = path;
    }
    command
}

fn variant(app: &App, family: Family, facts: BaseFacts, parts: &Parts) -> Variant {
    let mut notes = parts.runtime.notes.clone();
    if family == Family::Scratch {
        notes.push("scratch has no time zone data: build with `-tags timetzdata` (or import `time/tzdata`) if the app loads zones.".to_owned());
    }
    let summary = match family {
        Family::Scratch => "your build, made static (CGO_ENABLED=0), on an empty image; CA certificates and /tmp are copied in.",
        Family::Chainguard => "your build, made static (CGO_ENABLED=0), on Chainguard's static image: no libc or shell, but CA certificates, tzdata, a nonroot user and /tmp, rebuilt every day.",
        _ => "your build, made static (CGO_ENABLED=0), on distroless static: no libc or shell, but CA certificates, tzdata, a nonroot user and /tmp.",
    };
    let mut out = String::new();
    header(&mut out, facts, summary);
    out.push_str("\n# Your build, as you wrote it, with cgo turned off.\n");
    out.push_str(parts.builder.trim_start_matches('\n'));
    if family == Family::Scratch {
        let _ = writeln!(out, "\nFROM {} AS {ROOTFS_STAGE}", parts.build_name);
        scratch_tmp(&mut out, ROOTFS, ", and Go's os.TempDir() points there");
    }
    let _ = writeln!(out, "\nFROM {}", facts.variant.image);
    if family == Family::Scratch {
        scratch_files(&mut out, ROOTFS_STAGE, ROOTFS);
    }
    user_env(&mut out, &parts.env, &app.dropped_secrets);
    if !parts.runtime.lines.is_empty() {
        out.push_str("# Your files and the binary, owned by root: the app can read them but not change them.\n");
        for line in &parts.runtime.lines {
            out.push_str(line);
            out.push('\n');
        }
    }
    tail(&mut out, app, None, ("ENTRYPOINT", ""), &parts.command);
    Variant::new(family, facts, app.port, out, notes)
}
