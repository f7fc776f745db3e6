//! The Go variants: the user's build, rebuilt as one static binary (`CGO_ENABLED=0`),
//! on Chainguard static, `scratch` and distroless static. Each keeps the user's build
//! steps (`COPY`, `go mod download`), packages and flags, the runtime files, port and
//! command, and says why in comments.

use crate::dockerfile::Keyword;
use std::fmt::Write as _;

use super::analysis::{shipped_stages, App, Entry};
use super::write::{
    copy_from, copy_line, header, scratch_files, scratch_tmp, shell_word, tail, user_env,
};
use super::{base, BaseFacts, Family, Language, Skipped, Variant, VariantError, Variants};
use crate::dockerfile::{
    arg_declarations, expand_with, Base, Command, ImageRef, Instruction, Model, PackageCommand,
    PackageManager, Stage,
};
use crate::knowledge::secrets::looks_secret;

/// Where the builder writes the binary, and the empty `/tmp` for `scratch`.
const BINARY: &str = "/out/app";
const ROOTFS: &str = "/out/rootfs";

/// The families a static Go binary runs on, in the comparison's order.
const GO_FAMILIES: [Family; 3] = [Family::Chainguard, Family::Scratch, Family::Static];

/// `go build` options that take a value.
const VALUED: &[&str] = &[
    "-o",
    "-ldflags",
    "-gcflags",
    "-asmflags",
    "-tags",
    "-mod",
    "-buildmode",
    "-p",
    "-pkgdir",
    "-modfile",
    "-overlay",
    "-pgo",
    "-buildvcs",
    "-C",
    "-installsuffix",
    "-toolexec",
    "-compiler",
    "-gccgoflags",
];
/// Options kept as the user wrote them; the rest are dropped (`-race` needs cgo, `-o` is
/// the variant's own).
const KEPT: &[&str] = &[
    "-ldflags",
    "-gcflags",
    "-tags",
    "-mod",
    "-buildvcs",
    "-pgo",
    "-a",
    "-v",
    "-trimpath",
];

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

/// One step of the user's build stage, kept in order.
#[derive(Debug)]
enum Step {
    Workdir(String),
    Copy(Vec<String>, String),
    /// An `ARG` the build declares, with its default (`ARG VERSION=dev`).
    Arg(String, Option<String>),
    ModDownload,
}

/// What the Go variants keep from the user's Dockerfile.
#[derive(Debug, Default)]
struct Build {
    /// The user's Go minor version (`1.22`), from the builder's tag.
    go: Option<String>,
    steps: Vec<Step>,
    /// `go build` options and packages, ready to write.
    arguments: Vec<String>,
    /// The names of the build's `ARG`s, which its `go build` words may use.
    args: Vec<String>,
    /// Where the user's build wrote the binary (absolute), if it said.
    output: Option<String>,
    /// Runtime lines from the shipped stage: its own files and other stages' files.
    runtime_copies: Vec<String>,
    /// The build and the shipped image are one stage.
    single_stage: bool,
    /// The shipped image's `ENV`, without the build's Go settings.
    runtime_env: Vec<(String, String)>,
    /// Notes for every family.
    notes: Vec<String>,
}

pub(super) fn variants(model: &Model<'_>, app: &App) -> Result<Variants, VariantError> {
    let mut build = read_build(model)?;
    let command = command(app)?;
    build.runtime_env = app
        .env
        .iter()
        .filter(|(k, _)| !BUILD_ENV.contains(&k.as_str()))
        .cloned()
        .collect();
    if !app.os_packages.is_empty() {
        build.notes.push(format!("Your Dockerfile installs {} with the OS package manager: the Debian builder has git and gcc; the runtime needs none of them.", app.os_packages.join(", ")));
    }
    if build.single_stage {
        build.notes.push("Only the binary reaches the runtime: add `COPY --from=build` lines for files it reads at run time (templates, static files), or embed them with `go:embed`.".to_owned());
    }
    let mut variants = Vec::new();
    for family in GO_FAMILIES {
        if let Some(facts) = base(Language::Go, family, None) {
            variants.push(variant(app, &build, &command, family, facts));
        }
    }
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

fn join(dir: &str, path: &str) -> String {
    let path = path.trim_start_matches("./");
    if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("{}/{path}", dir.trim_end_matches('/'))
    }
}

fn read_build(model: &Model<'_>) -> Result<Build, VariantError> {
    let why = |reason: &str| VariantError::Cannot(reason.to_owned());
    let stages = shipped_stages(model);
    let (stage, run_index) = stages
        .iter()
        .rev()
        .find_map(|s| {
            s.runs()
                .iter()
                .position(|r| go_command(&r.commands, "build").is_some())
                .map(|i| (*s, i))
        })
        .ok_or_else(|| why("no `go build` in the stages of the shipped image: build the binary with `go build -o ...` in a builder stage, then compare again"))?;
    let run = &stage.runs()[run_index];
    let mut build = Build::default();
    let chain: Vec<&Stage<'_>> = model.ancestry(stage).into_iter().rev().collect();
    if let Some(Base::Image(reference)) = chain.first().map(|s| &s.base) {
        let image = ImageRef::parse(reference);
        build.go = image
            .tag
            .and_then(|t| t.split('-').next())
            .filter(|v| v.starts_with("1."))
            .map(|v| v.splitn(3, '.').take(2).collect::<Vec<_>>().join("."));
    }
    let workdir = read_steps(&chain, run.instruction, &mut build)?;
    let command = go_command(&run.commands, "build").ok_or_else(|| why("no `go build`"))?;
    let mut cgo = chain
        .iter()
        .flat_map(|s| s.env())
        .any(|(k, v)| k.text == "CGO_ENABLED" && v == "1");
    cgo |= command
        .command
        .assignments
        .iter()
        .any(|a| a.text == "CGO_ENABLED=1");
    read_arguments(&command, &workdir, &mut build);
    if cgo {
        build.notes.push("Your build turns cgo on; these variants build with CGO_ENABLED=0. If that fails, your code needs C libraries: use gcr.io/distroless/base-debian13 or cgr.dev/chainguard/glibc-dynamic instead.".to_owned());
    }
    let shipped = model.shipped().ok_or_else(|| why("no stages"))?;
    build.single_stage = model
        .ancestry(shipped)
        .iter()
        .any(|s| s.index == stage.index);
    if !build.single_stage {
        read_runtime(model, shipped, stage, &mut build);
    }
    Ok(build)
}

/// The user's build steps before `go build` (`until`), in order, across the build
/// stage's `FROM <stage>` chain; returns the working directory `go build` runs in.
fn read_steps(
    chain: &[&Stage<'_>],
    until: &Instruction,
    build: &mut Build,
) -> Result<String, VariantError> {
    let mut workdir = "/".to_owned();
    'chain: for s in chain {
        for instruction in s.instructions {
            if std::ptr::eq(instruction, until) {
                break 'chain;
            }
            match instruction.keyword {
                Keyword::Workdir => {
                    let path = instruction.body().trim().trim_matches(['"', '\'']);
                    if path.contains('$') {
                        return Err(VariantError::Cannot("the build's WORKDIR uses a variable: write the path out, then compare again".to_owned()));
                    }
                    workdir = join(&workdir, path);
                    build.steps.push(Step::Workdir(workdir.clone()));
                }
                Keyword::Copy | Keyword::Add => {
                    let Some(copy) = s.copy_of(instruction) else {
                        continue;
                    };
                    if copy.from.is_some() || !copy.instruction.heredocs.is_empty() {
                        build.notes.push(format!("Your build's `{}` is not carried over: add it to the builder if the build needs it.", instruction.body().trim()));
                        continue;
                    }
                    let sources: Vec<String> = copy
                        .sources
                        .iter()
                        .map(|w| w.text.clone())
                        .filter(|t| !t.contains("://"))
                        .collect();
                    if let (false, Some(destination)) = (sources.is_empty(), &copy.destination) {
                        build
                            .steps
                            .push(Step::Copy(sources, destination.text.clone()));
                    }
                }
                Keyword::Arg => {
                    for (name, default) in arg_declarations(instruction) {
                        let name = name.text;
                        if looks_secret(&name) {
                            build.notes.push(format!("`ARG {name}` is left out: build arguments are kept in the image's history. Use a build secret (`RUN --mount=type=secret`) instead."));
                        } else {
                            build.args.push(name.clone());
                            build.steps.push(Step::Arg(name, default));
                        }
                    }
                }
                Keyword::Run => {
                    let Some(r) = s.run_of(instruction) else {
                        continue;
                    };
                    let download = go_command(&r.commands, "mod")
                        .is_some_and(|m| m.rest().first().is_some_and(|w| w.text == "download"));
                    if download {
                        build.steps.push(Step::ModDownload);
                    }
                }
                _ => {}
            }
        }
    }
    Ok(workdir)
}

fn read_arguments(command: &PackageCommand<'_>, workdir: &str, build: &mut Build) {
    let words = command.rest();
    let mut dropped = Vec::new();
    let mut i = 0;
    while let Some(word) = words.get(i) {
        let text = word.text.as_str();
        i += 1;
        // A variable the build does not declare as an `ARG` has no value here.
        let undeclared = |word: &str| {
            expand_with(word, |name| {
                build.args.iter().any(|a| a == name).then_some("")
            })
            .is_none()
        };
        if !text.starts_with('-') {
            if undeclared(text) {
                dropped.push(text.to_owned());
            } else {
                build.arguments.push(shell_word(text));
            }
            continue;
        }
        let (name, inline) = match text.split_once('=') {
            Some((name, value)) => (name, Some(value.to_owned())),
            None => (text, None),
        };
        let name = name
            .strip_prefix("--")
            .map_or(name.to_owned(), |n| format!("-{n}"));
        let value = if VALUED.contains(&name.as_str()) && inline.is_none() {
            i += 1;
            words.get(i - 1).map(|w| w.text.clone())
        } else {
            inline
        };
        if name == "-o" {
            build.output = value.map(|v| join(workdir, &v));
            continue;
        }
        if !KEPT.contains(&name.as_str()) || value.as_deref().is_some_and(undeclared) {
            dropped.push(text.to_owned());
            continue;
        }
        if name == "-trimpath" {
            continue; // every variant passes it
        }
        match value {
            Some(value) => build
                .arguments
                .push(format!("{name}={}", shell_word(&value))),
            None => build.arguments.push(name),
        }
    }
    if !dropped.is_empty() {
        build.notes.push(format!(
            "Left out of `go build`: {} (options that need cgo, and variables the build does not declare with ARG); add them back if you need them.",
            dropped.join(" ")
        ));
    }
}

/// The shipped stage's files: its own `COPY`s, and files from other stages and images.
fn read_runtime(
    model: &Model<'_>,
    shipped: &Stage<'_>,
    build_stage: &Stage<'_>,
    build: &mut Build,
) {
    let build_names: Vec<String> = model
        .ancestry(build_stage)
        .iter()
        .flat_map(|s| {
            [
                s.name.as_ref().map(|n| n.text.to_ascii_lowercase()),
                Some(s.index.to_string()),
            ]
        })
        .flatten()
        .collect();
    let output_name = build
        .output
        .as_deref()
        .map(|o| o.rsplit('/').next().unwrap_or(o));
    let chain: Vec<&Stage<'_>> = model.ancestry(shipped).into_iter().rev().collect();
    for stage in &chain {
        for copy in stage.copies() {
            let Some(destination) = &copy.destination else {
                continue;
            };
            let sources: Vec<String> = copy.sources.iter().map(|w| w.text.clone()).collect();
            let Some(from) = copy.from.as_ref().and_then(|f| f.value.as_deref()) else {
                if copy.instruction.heredocs.is_empty()
                    && !sources.iter().any(|s| s.contains("://"))
                {
                    build
                        .runtime_copies
                        .push(copy_line(&sources, &destination.text));
                }
                continue;
            };
            if build_names.contains(&from.to_ascii_lowercase()) {
                let binary = sources.iter().any(|s| {
                    build.output.as_deref() == Some(s.as_str())
                        || output_name.is_some_and(|o| s.rsplit('/').next() == Some(o))
                });
                if !binary {
                    build.runtime_copies.push(copy_from(
                        Some("build"),
                        &sources,
                        &destination.text,
                    ));
                }
            } else if model.stage_named(from).is_none() && from.contains(['/', ':', '.']) {
                build
                    .runtime_copies
                    .push(copy_from(Some(from), &sources, &destination.text));
            } else {
                build.notes.push(format!("`{}` copies from another stage of yours, which these variants do not build: add that stage back if the app needs it.", copy.instruction.body().trim()));
            }
        }
        if let Some(run) = stage.runs().first() {
            build.notes.push(format!("Your runtime stage runs commands (`{}`…); these bases have no shell, so the variants leave them out: CA certificates, tzdata and a non-root user are already there.", run.instruction.body().trim().lines().next().unwrap_or_default()));
        }
    }
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
        join(app.workdir.as_deref().unwrap_or("/"), program)
    } else {
        format!("/usr/local/bin/{program}")
    };
    Ok(std::iter::once(path).chain(args.iter().cloned()).collect())
}

fn variant(
    app: &App,
    build: &Build,
    command: &[String],
    family: Family,
    facts: BaseFacts,
) -> Variant {
    let mut notes = build.notes.clone();
    let theirs = facts.variant.builder.rsplit(':').next().unwrap_or_default();
    if let Some(user) = build.go.as_deref().filter(|v| *v != theirs) {
        notes.push(format!("Go {user} becomes {theirs} in the builder (Go supports its two newest releases): run your tests on it."));
    }
    if family == Family::Scratch {
        notes.push("scratch has no time zone data: build with `-tags timetzdata` (or import `time/tzdata`) if the app loads zones.".to_owned());
    }
    let summary = match family {
        Family::Scratch => "one static binary (CGO_ENABLED=0) on an empty image; CA certificates and /tmp are copied in.",
        Family::Chainguard => "one static binary (CGO_ENABLED=0) on Chainguard's static image: no libc or shell, but CA certificates, tzdata, a nonroot user and /tmp, rebuilt every day.",
        _ => "one static binary (CGO_ENABLED=0) on distroless static: no libc or shell, but CA certificates, tzdata, a nonroot user and /tmp.",
    };
    let mut out = String::new();
    header(&mut out, facts, summary);
    let _ = writeln!(out, "\nFROM {} AS build", facts.variant.builder);
    for step in &build.steps {
        match step {
            Step::Workdir(dir) => {
                let _ = writeln!(out, "WORKDIR {dir}");
            }
            Step::Copy(sources, destination) => out.push_str(&copy_line(sources, destination)),
            Step::Arg(name, None) => {
                let _ = writeln!(out, "ARG {name}");
            }
            Step::Arg(name, Some(default)) => {
                let _ = writeln!(out, "ARG {name}={}", shell_word(default));
            }
            Step::ModDownload => out.push_str("RUN go mod download\n"),
        }
    }
    out.push_str("# CGO_ENABLED=0: no C library to link, so the binary runs without libc; -trimpath\n# keeps the builder's paths out of it.\n");
    let mut line = format!("RUN CGO_ENABLED=0 go build -trimpath -o {BINARY}");
    for argument in &build.arguments {
        let _ = write!(line, " {argument}");
    }
    out.push_str(&line);
    out.push('\n');
    if family == Family::Scratch {
        scratch_tmp(&mut out, ROOTFS, ", and Go's os.TempDir() points there");
    }
    let _ = writeln!(out, "\nFROM {}", facts.variant.image);
    if family == Family::Scratch {
        scratch_files(&mut out, "build", ROOTFS);
    }
    if let Some(dir) = &app.workdir {
        let _ = writeln!(out, "WORKDIR {dir}");
    }
    user_env(&mut out, &build.runtime_env, &app.dropped_secrets);
    if !build.runtime_copies.is_empty() {
        out.push_str(
            "# Your runtime files, owned by root: the app can read them but not change them.\n",
        );
        for line in &build.runtime_copies {
            out.push_str(line);
        }
    }
    let _ = writeln!(out, "COPY --from=build {BINARY} {}", command[0]);
    tail(&mut out, app, None, ("ENTRYPOINT", ""), command);
    Variant::new(family, facts, app.port, out, notes)
}
