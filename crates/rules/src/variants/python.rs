//! The Python variants. Each keeps the user's `COPY` paths, working directory,
//! environment, port and command, and says why in comments.

use std::fmt::Write as _;

use crate::knowledge::wheels::{self, Wheel};
use crate::requirements;

use super::analysis::{App, Entry};
use super::data_files::{self, Data};
use super::write::{
    apt, copy_line, header, scratch_files, scratch_tmp, shared_notes, tail, user_copies, user_env,
    Checker,
};
use super::{base, variables, BaseFacts, Context, Family, Language, Skipped, Variant, Variants};

/// The freezing tools for the `scratch` and `static` variants, pinned (checked on the
/// Python Package Index on 2026-11-24).
const PYINSTALLER: &str = "pyinstaller==6.22.3";
const STATICX: &str = "staticx==0.14.2";

/// Where each variant puts what it installs.
const VENV: &str = "/opt/venv";
const TARGET: &str = "/opt/site-packages";
/// Where the frozen binary goes in the `scratch` and `static` images.
const BINARY: &str = "/usr/local/bin/app";
/// The folder whose `tmp/` the `scratch` variant's builder makes for the runtime to copy.
const ROOTFS: &str = "/opt/rootfs";

/// Console scripts that also run as `python -m <module>` (distroless cannot run a
/// script's `#!` line, and PyInstaller needs a module to freeze).
const MODULES: &[(&str, &str)] = &[
    ("gunicorn", "gunicorn"),
    ("uvicorn", "uvicorn"),
    ("hypercorn", "hypercorn"),
    ("daphne", "daphne"),
    ("granian", "granian"),
    ("celery", "celery"),
    ("flask", "flask"),
    ("fastapi", "fastapi"),
    ("streamlit", "streamlit"),
    ("waitress-serve", "waitress"),
    ("django-admin", "django"),
    ("functions-framework", "functions_framework"),
    ("pytest", "pytest"),
];

/// Modules that run their app on another server, which loads its own classes by name
/// (gunicorn's logger and workers), so PyInstaller must collect that server's modules
/// too: functions-framework serves with gunicorn (`functions_framework/_http/gunicorn.py`).
const SERVED_BY: &[(&str, &str)] = &[("functions_framework", "gunicorn")];

/// How a variant starts the app, once the family's constraints are applied.
enum Start {
    /// An exec-form command line.
    Exec(Vec<String>),
    /// Freeze `script` (or a launcher for `module`) into one binary; then run it with `args`.
    Freeze {
        script: Option<String>,
        module: Option<String>,
        args: Vec<String>,
    },
}

pub(super) fn variants(app: &App, context: &Context) -> Variants {
    let pins = pins(app, context);
    let data = data_files::find(app, context);
    let mut variants = Vec::new();
    let mut skipped = Vec::new();
    for family in Family::ALL {
        // The user's Python wherever the family publishes it: a pinned wheel for 3.11
        // may not exist for 3.13.
        let Some(facts) = base(Language::Python, family, app.python.as_deref()) else {
            continue;
        };
        let made = version_notes(app, &pins, family, facts).and_then(|version| {
            let mut variant = variant(app, family, facts, &data)?;
            variant.notes.extend(version);
            Ok(variant)
        });
        match made {
            Ok(variant) => variants.push(variant),
            Err(reason) => skipped.push(Skipped {
                name: family,
                reason,
            }),
        }
    }
    Variants {
        language: Language::Python,
        variants,
        skipped,
    }
}

/// The user's exact pins (`name==version`, names as pip normalises them): from the
/// requirement files where the build context has their text (`None` when a file was
/// not read), and from the `pip install` line.
struct Pins {
    pinned: Vec<(String, String)>,
    unread: Vec<String>,
}

fn pins(app: &App, context: &Context) -> Pins {
    let mut pinned = Vec::new();
    let mut unread = Vec::new();
    for source in &app.requirement_sources {
        let Some(text) = context.text(source) else {
            unread.push(source.clone());
            continue;
        };
        for line in requirements::parse(text).lines {
            if let requirements::Line::Requirement(requirement) = line {
                if let (Some(name), Some(version)) =
                    (&requirement.name, requirement.pinned_version())
                {
                    pinned.push((name.clone(), version.to_owned()));
                }
            }
        }
    }
    for package in &app.packages {
        if let Some((name, version)) = package.split_once("==") {
            pinned.push((requirements::normalise_name(name), version.to_owned()));
        }
    }
    Pins { pinned, unread }
}

/// Where the family's Python is not the user's: why, and which pins have no wheel for
/// it (`knowledge::wheels`), or that they were not checked. A pin known to have no
/// wheel there leaves the family out (`Err`, why): its build would fail.
fn version_notes(
    app: &App,
    pins: &Pins,
    family: Family,
    facts: BaseFacts,
) -> Result<Vec<String>, String> {
    let Some(user) = app.python.as_deref() else {
        return Ok(Vec::new());
    };
    let theirs = facts
        .language_version()
        .split_whitespace()
        .next()
        .unwrap_or_default();
    if theirs == user || !theirs.starts_with(|c: char| c.is_ascii_digit()) {
        return Ok(Vec::new());
    }
    let why = if facts.entry.only_latest {
        format!(
            "{}'s free image has only its newest Python",
            facts.variant.title
        )
    } else {
        format!("{} publishes no Python {user} base", facts.variant.title)
    };
    let mut broken = Vec::new();
    let mut unchecked = Vec::new();
    for (name, version) in &pins.pinned {
        match wheels::wheel(name, version, theirs) {
            Wheel::No { first } => broken.push(format!(
                "{name}=={version} has no wheel for CPython {theirs} (the first is {first})"
            )),
            Wheel::Yes => {}
            Wheel::NotChecked => unchecked.push(format!("{name}=={version}")),
        }
    }
    if !broken.is_empty() {
        return Err(format!(
            "it runs Python {theirs}, not your {user} ({why}), and {}: pip would build it from source, which needs a compiler and headers the builder lacks, or fail. Raise the pin, or use a variant that keeps {user}{}",
            broken.join("; "),
            if family == Family::Slim { "" } else { " (Debian slim does)" }
        ));
    }
    let mut note = format!(
        "Python {user} becomes {theirs} here ({why}): run your tests on it before you switch."
    );
    if !pins.pinned.is_empty() {
        note.push_str(" None of your pins is known to lack a wheel for it.");
    }
    if !unchecked.is_empty() {
        let _ = write!(
            note,
            " Not checked (not in bulkhead's wheel table): {}.",
            unchecked.join(", ")
        );
    }
    if !pins.unread.is_empty() {
        let _ = write!(
            note,
            " {} not read (no build context), so its pins are not checked.",
            pins.unread.join(", ")
        );
    }
    Ok(vec![note])
}

/// The module a console script runs as, if known.
fn module_of(script: &str) -> Option<&'static str> {
    MODULES.iter().find(|(s, _)| *s == script).map(|(_, m)| *m)
}

/// Interpreter options before the script or `-m` (`-u`, `-X dev`...), and the rest.
fn split_python_args(args: &[String]) -> (Vec<String>, &[String]) {
    let mut options = Vec::new();
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        if arg == "-m" || !arg.starts_with('-') {
            break;
        }
        options.push(arg.clone());
        if matches!(arg.as_str(), "-X" | "-W") {
            if let Some(value) = args.get(i + 1) {
                options.push(value.clone());
                i += 1;
            }
        }
        i += 1;
    }
    (options, &args[i..])
}

/// The Python a family's runtime runs the app with.
fn interpreter(family: Family, facts: BaseFacts) -> String {
    match family {
        Family::Slim => "python".to_owned(),
        Family::Chainguard => format!("{VENV}/bin/python"),
        // The catalog names every Python runtime's interpreter (its tests hold it to that).
        _ => facts.interpreter().unwrap_or("python3").to_owned(),
    }
}

fn start(app: &App, family: Family, facts: BaseFacts) -> Result<Start, String> {
    let entry = app.entry.as_ref().ok_or("no command")?;
    let frozen = matches!(family, Family::Scratch | Family::Static);
    if app.shell_syntax && family != Family::Slim {
        return Err(app.at_command(format!(
            "your command uses shell syntax (&&, pipes, redirections, `$(...)`), and {} has no shell: write it as one program with its arguments in exec form (`CMD [\"python\", \"app.py\"]`), and put the rest in the app or a Python launcher, then compare again",
            facts.variant.title
        )).to_string());
    }
    let interpreter = interpreter(family, facts);
    match entry {
        Entry::Python(args) => {
            let (options, rest) = split_python_args(args);
            if frozen {
                return match rest.split_first() {
                    Some((flag, rest)) if flag == "-m" => {
                        let (module, args) = rest.split_first().ok_or("`python -m` without a module")?;
                        Ok(Start::Freeze {
                            script: None,
                            module: Some(module.clone()),
                            args: args.to_vec(),
                        })
                    }
                    Some((script, args)) if script.ends_with(".py") => Ok(Start::Freeze {
                        script: Some(script.clone()),
                        module: None,
                        args: args.to_vec(),
                    }),
                    _ => Err("PyInstaller needs a script (`python app.py`) or a module (`python -m app`) to freeze".to_owned()),
                };
            }
            let mut words = vec![interpreter];
            words.extend(options);
            words.extend(rest.iter().cloned());
            Ok(Start::Exec(words))
        }
        Entry::Script { name, args } => match family {
            Family::Slim => Ok(Start::Exec(std::iter::once(name.clone()).chain(args.iter().cloned()).collect())),
            Family::Chainguard => Ok(Start::Exec(
                std::iter::once(format!("{VENV}/bin/{name}"))
                    .chain(args.iter().cloned())
                    .collect(),
            )),
            _ => match module_of(name) {
                Some(module) if frozen => Ok(Start::Freeze {
                    script: None,
                    module: Some(module.to_owned()),
                    args: args.clone(),
                }),
                Some(module) => {
                    let mut words = vec![interpreter, "-m".to_owned(), module.to_owned()];
                    words.extend(args.iter().cloned());
                    Ok(Start::Exec(words))
                }
                // A script bulkhead does not know: PyInstaller freezes the script pip
                // wrote (it is Python, whatever its `#!` line says)...
                None if frozen => Ok(Start::Freeze {
                    script: Some(format!("{VENV}/bin/{name}")),
                    module: None,
                    args: args.clone(),
                }),
                // ...and distroless runs it with its `#!` line rewritten to the
                // runtime's own interpreter (see `distroless`).
                None => Ok(Start::Exec(
                    std::iter::once(format!("{TARGET}/bin/{name}"))
                        .chain(args.iter().cloned())
                        .collect(),
                )),
            },
        },
        Entry::Other(words) if family == Family::Slim => Ok(Start::Exec(words.clone())),
        Entry::Other(words) => Err(format!(
            "the image starts `{}`, which is not Python: if it is a shell script, {} has no shell to run it",
            words.join(" "),
            facts.variant.title
        )),
    }
}

/// Modules the app imports by name at run time, which PyInstaller's analysis cannot
/// follow: the `module:attribute` of an ASGI/WSGI server's arguments (`main:app`,
/// `mysite.wsgi:application`), a gunicorn worker class, and Django's settings module
/// with Django's own modules.
fn imported_by_name(app: &App, args: &[String]) -> Vec<String> {
    let mut modules: Vec<String> = Vec::new();
    let mut add = |module: &str| {
        if !module.is_empty() && !modules.iter().any(|m| m == module) {
            modules.push(module.to_owned());
        }
    };
    let is_name = |s: &str| {
        !s.is_empty()
            && s.split('.').all(|part| {
                part.chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                    && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            })
    };
    let mut words = args.iter().peekable();
    while let Some(arg) = words.next() {
        // gunicorn's `-k uvicorn.workers.UvicornWorker`: a worker class loaded by name.
        let class = match arg.as_str() {
            "-k" | "--worker-class" => words.peek().map(|w| w.as_str()),
            _ => arg.strip_prefix("--worker-class="),
        };
        if let Some((module, _class)) = class
            .filter(|c| is_name(c))
            .and_then(|c| c.rsplit_once('.'))
        {
            add(module);
        }
        if let Some((module, attribute)) = arg.split_once(':') {
            if is_name(module) && is_name(attribute.trim_end_matches("()")) {
                add(module);
            }
        }
    }
    if let Some((_, settings)) = app.env.iter().find(|(k, _)| k == "DJANGO_SETTINGS_MODULE") {
        if is_name(settings) {
            add(settings);
            // Django loads its middleware, apps and backends by name.
            add("django.core.handlers.wsgi");
        }
    }
    modules
}

/// The working directory the user's paths are relative to.
fn workdir(app: &App) -> &str {
    app.workdir.as_deref().unwrap_or("/app")
}

/// `COPY` the requirement files, `pip install` them (and the packages named on the
/// user's `pip install` line) into the builder's venv, or into `target` with
/// `--target`, and the project itself.
fn install(out: &mut String, app: &App, target: Option<&str>) {
    if app.requirements.is_empty() && app.packages.is_empty() && !app.installs_project {
        out.push_str("# Your Dockerfile installs no Python packages: nothing to install here.\n");
        if let Some(target) = target {
            // The runtime stage copies it all the same.
            let _ = writeln!(out, "RUN mkdir -p {target}");
        }
        return;
    }
    let options = target.map(|t| format!(" --target {t}")).unwrap_or_default();
    for (file, source) in app.requirements.iter().zip(&app.requirement_sources) {
        let _ = write!(out, "{}", copy_line(std::slice::from_ref(source), file));
    }
    if app.installs_project {
        out.push_str(
            "# `pip install .` builds your project, so the whole build context is needed here.\n",
        );
        user_copies(out, app);
    }
    let mut line = format!("RUN pip install --no-cache-dir{options}");
    if app.require_hashes {
        line.push_str(" --require-hashes");
    }
    for file in &app.requirements {
        let _ = write!(line, " -r {file}");
    }
    for package in &app.packages {
        let _ = write!(line, " {package}");
    }
    if app.installs_project {
        line.push_str(" .");
    }
    out.push_str(&line);
    out.push('\n');
}

fn app_files(out: &mut String, app: &App) {
    out.push_str("# Your files, owned by root: the app can read them but not change them.\n");
    user_copies(out, app);
}

fn variant(app: &App, family: Family, facts: BaseFacts, data: &Data) -> Result<Variant, String> {
    // The version note, with the pins it may break, is `version_notes`'.
    let mut notes = shared_notes("Python", None, facts, app);
    // Shell variables, on a base with no shell: the program reads them itself, or the
    // image's Python expands them.
    let translated;
    let (app, launcher) = if !app.shell_variables.is_empty() && family != Family::Slim {
        let frozen = matches!(family, Family::Scratch | Family::Static);
        translated = variables::translate(app, !frozen, facts.variant.title)?;
        notes.extend(translated.notes.iter().cloned());
        (&translated.app, translated.launcher)
    } else {
        (app, false)
    };
    let mut start = start(app, family, facts)?;
    if let (true, Start::Exec(words)) = (launcher, &mut start) {
        let command = std::mem::take(words);
        words.extend([
            interpreter(family, facts),
            "-c".to_owned(),
            variables::LAUNCHER.to_owned(),
        ]);
        words.extend(command);
    }
    if !app.os_packages.is_empty() && family != Family::Slim {
        notes.push(format!(
            "Your Dockerfile installs {} with the OS package manager. The builder keeps them, but if a compiled package needs a shared library at run time (libpq for psycopg2, say), {} must have it too.",
            app.os_packages.join(", "),
            facts.variant.title
        ));
    }
    let workdir = workdir(app);
    let mut out = String::new();
    match (family, start) {
        (Family::Slim, Start::Exec(command)) => slim(&mut out, app, facts, workdir, &command),
        (Family::Chainguard, Start::Exec(command)) => {
            chainguard(&mut out, app, facts, workdir, &command);
        }
        (Family::Distroless, Start::Exec(command)) => {
            distroless(&mut out, app, facts, workdir, &command);
        }
        (
            _,
            Start::Freeze {
                script,
                module,
                args,
            },
        ) => {
            frozen(
                &mut out,
                (app, data),
                family,
                facts,
                workdir,
                (script, module, args),
                &mut notes,
            );
        }
        _ => return Err("this family cannot run the command".to_owned()),
    }
    if app.shell_syntax {
        notes.push("Your command used shell syntax; it is kept as `sh -c`.".to_owned());
    }
    Ok(Variant::new(family, facts, app.port, out, notes))
}

/// A virtual environment in the builder: your dependencies apart from the system's,
/// copied to the runtime as one directory.
fn venv(out: &mut String, app: &App, workdir: &str) {
    let _ = writeln!(
        out,
        "RUN python -m venv {VENV}\nENV PATH=\"{VENV}/bin:$PATH\""
    );
    let _ = writeln!(out, "WORKDIR {workdir}");
    install(out, app, None);
}

/// The runtime stage's body: the installed dependencies from the builder, the
/// environment that finds them, then the user's own settings and files.
fn runtime(out: &mut String, app: &App, workdir: &str, installed: &str, env: &str) {
    let _ = writeln!(out, "WORKDIR {workdir}");
    let _ = writeln!(out, "COPY --from=build {installed} {installed}");
    let _ = writeln!(
        out,
        "ENV {env} PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1"
    );
    user_env(out, &app.env, &app.dropped_secrets);
    app_files(out, app);
}

/// [`runtime`] for the variants that copy the builder's virtual environment.
fn venv_runtime(out: &mut String, app: &App, workdir: &str) {
    runtime(
        out,
        app,
        workdir,
        VENV,
        &format!("PATH=\"{VENV}/bin:$PATH\""),
    );
}

fn slim(out: &mut String, app: &App, facts: BaseFacts, workdir: &str, command: &[String]) {
    header(out, facts, "a builder stage installs the dependencies into a virtual environment, and the runtime stage gets only that venv and your files, run by a non-root user.");
    let _ = writeln!(out, "\nFROM {} AS build", facts.variant.builder);
    apt(out, app, &[]);
    out.push_str("# A virtual environment: your dependencies apart from the system's, copied as one directory.\n");
    venv(out, app, workdir);
    let _ = writeln!(out, "\nFROM {}", facts.variant.image);
    out.push_str("# A system user with a fixed number (65532, as distroless and Chainguard use), so\n# Kubernetes can verify runAsNonRoot; no password, no login shell, no home.\n");
    out.push_str("RUN groupadd --system --gid 65532 nonroot \\\n && useradd --system --no-log-init --uid 65532 --gid nonroot --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin nonroot\n");
    venv_runtime(out, app, workdir);
    let command = if !app.shell_variables.is_empty() {
        // One program: `exec` makes it PID 1 in the shell's place, to get the signals.
        vec![
            "sh".to_owned(),
            "-c".to_owned(),
            format!("exec {}", command.join(" ")),
        ]
    } else if app.shell_syntax {
        vec!["sh".to_owned(), "-c".to_owned(), command.join(" ")]
    } else {
        command.to_vec()
    };
    tail(
        out,
        app,
        Some(Checker::Python("python")),
        ("CMD", ""),
        &command,
    );
}

fn chainguard(out: &mut String, app: &App, facts: BaseFacts, workdir: &str, command: &[String]) {
    header(out, facts, "the `-dev` image (with a shell and pip) builds a virtual environment; the runtime image, the same Python without a shell or package manager, gets only that venv and your files.");
    let _ = writeln!(out, "\nFROM {} AS build", facts.variant.builder);
    out.push_str("# The -dev image runs as nonroot; the build needs to write /opt.\nUSER root\n");
    if !app.os_packages.is_empty() {
        let _ = writeln!(
            out,
            "# Your Dockerfile installs {} with apt-get. Wolfi names packages differently: if pip\n# needs more than the -dev image has, add them here with `apk add --no-cache`.",
            app.os_packages.join(" ")
        );
    }
    venv(out, app, workdir);
    let _ = writeln!(out, "\nFROM {}", facts.variant.image);
    let _ = writeln!(
        out,
        "# Both tags carry the same Python at {}, which the venv links to.",
        facts.interpreter().unwrap_or("python")
    );
    venv_runtime(out, app, workdir);
    let python = format!("{VENV}/bin/python");
    let why = "The image's entrypoint is Python itself: replace it with your command.";
    tail(
        out,
        app,
        Some(Checker::Python(&python)),
        ("ENTRYPOINT", why),
        command,
    );
}

fn distroless(out: &mut String, app: &App, facts: BaseFacts, workdir: &str, command: &[String]) {
    let interpreter = facts.interpreter().unwrap_or("python3");
    let builders = facts
        .builder()
        .and_then(|b| b.interpreter)
        .unwrap_or("the builder's Python");
    header(out, facts, "the same Python minor version builds the dependencies as plain files (`pip install --target`), which the distroless runtime imports through PYTHONPATH.");
    let _ = writeln!(out, "\nFROM {} AS build", facts.variant.builder);
    apt(out, app, &[]);
    let _ = writeln!(out, "WORKDIR {workdir}");
    let _ = writeln!(
        out,
        "# --target writes plain files, with no interpreter path baked in (a venv would link to\n# {builders}, which distroless does not have; it has {interpreter})."
    );
    install(out, app, Some(TARGET));
    if command
        .first()
        .is_some_and(|c| c.starts_with(&format!("{TARGET}/bin/")))
    {
        let _ = writeln!(
            out,
            "# pip wrote the console scripts' `#!` line for this image's Python; distroless has its\n# Python at {interpreter}, so the scripts name that one instead.\nRUN sed -i '1s|^#!.*python.*$|#!{interpreter}|' {TARGET}/bin/*"
        );
    }
    let _ = writeln!(out, "\nFROM {}", facts.variant.image);
    runtime(out, app, workdir, TARGET, &format!("PYTHONPATH={TARGET}"));
    let why =
        "No shell: exec form, with the interpreter's full path (console scripts run as modules).";
    tail(
        out,
        app,
        Some(Checker::Python(interpreter)),
        ("ENTRYPOINT", why),
        command,
    );
}

/// Files a server loads from disk by path rather than by import: functions-framework's
/// `--source` (`main.py` by default), which a frozen binary needs beside it.
fn loaded_from_disk(module: Option<&str>, args: &[String]) -> Vec<String> {
    if module != Some("functions_framework") {
        return Vec::new();
    }
    let mut words = args.iter();
    while let Some(arg) = words.next() {
        if let Some(source) = arg.strip_prefix("--source=") {
            return vec![source.to_owned()];
        }
        if arg == "--source" {
            return words.next().cloned().into_iter().collect();
        }
    }
    vec!["main.py".to_owned()]
}

fn frozen(
    out: &mut String,
    (app, data): (&App, &Data),
    family: Family,
    facts: BaseFacts,
    workdir: &str,
    (script, module, args): (Option<String>, Option<String>, Vec<String>),
    notes: &mut Vec<String>,
) {
    let summary = if family == Family::Scratch {
        "PyInstaller freezes the app into one binary and staticx bundles the C libraries into it, so it runs on an empty image; CA certificates and /tmp are copied in."
    } else {
        "PyInstaller and staticx make one static binary, which runs on distroless static: no libc or shell, but CA certificates, tzdata, a nonroot user and /tmp are there."
    };
    header(out, facts, summary);
    let _ = writeln!(out, "\nFROM {} AS build", facts.variant.builder);
    out.push_str("# binutils for PyInstaller, patchelf for staticx.\n");
    apt(out, app, &["binutils", "patchelf"]);
    venv(out, app, workdir);
    let _ = writeln!(
        out,
        "RUN pip install --no-cache-dir {PYINSTALLER} {STATICX}"
    );
    if !app.installs_project {
        user_copies(out, app);
    }
    let (target, mut collect) = match (&script, &module) {
        (Some(script), _) => (script.clone(), String::new()),
        (None, Some(module)) => {
            let _ = writeln!(
                out,
                "# A launcher that runs `python -m {module}`, for PyInstaller to freeze.\nRUN printf 'import runpy\\nrunpy.run_module(\"{module}\", run_name=\"__main__\", alter_sys=True)\\n' > /opt/launcher.py"
            );
            let mut collect = format!(" --collect-submodules {module}");
            for server in SERVED_BY
                .iter()
                .filter(|(m, _)| m == module)
                .map(|(_, s)| s)
            {
                let _ = write!(collect, " --collect-submodules {server}");
            }
            ("/opt/launcher.py".to_owned(), collect)
        }
        (None, None) => ("app.py".to_owned(), String::new()),
    };
    let from_disk = loaded_from_disk(module.as_deref(), &args);
    let staged = data_files::stage(out, data, &from_disk);
    if staged {
        let _ = write!(collect, " --add-data {}:.", data_files::STAGED);
    }
    let mut imported = imported_by_name(app, &args);
    // What the source loaded from disk imports must be in the binary too.
    for file in &from_disk {
        if let Some(stem) = file.strip_suffix(".py").filter(|s| !s.contains('/')) {
            imported.push(stem.to_owned());
        }
    }
    if !imported.is_empty() {
        let _ = writeln!(
            out,
            "# Modules your command names ({}) are imported by name at run time, where\n# PyInstaller cannot see them: collect them, and every module of your own packages\n# among them (found with `find` here; settings name more modules, such as Django's\n# ROOT_URLCONF).",
            imported.join(", ")
        );
        let _ = write!(collect, " --paths {workdir}");
        let mut packages: Vec<&str> = Vec::new();
        for module in &imported {
            let _ = write!(collect, " --hidden-import {module}");
            let top = module.split('.').next().unwrap_or(module);
            if module.contains('.') && !packages.contains(&top) {
                packages.push(top);
                let _ = write!(collect, " --collect-submodules {top}");
            }
        }
        if !packages.is_empty() {
            let _ = write!(
                collect,
                " $(find {} -name '*.py' 2>/dev/null | sed -e 's|\\.py$||' -e 's|/__init__$||' -e 's|/|.|g' -e 's|^|--hidden-import=|')",
                packages.join(" ")
            );
        }
    }
    let _ = writeln!(
        out,
        "# staticx writes its output as mode 0700: make it executable by any user (owned by\n# root, so the app cannot change it).\nRUN pyinstaller --onefile --name app{collect} {target} \\\n && staticx --strip dist/app /opt/app \\\n && chmod 0755 /opt/app"
    );
    if family == Family::Scratch {
        scratch_tmp(out, ROOTFS, ", and PyInstaller unpacks itself there");
    }
    let _ = writeln!(out, "\nFROM {}", facts.variant.image);
    if family == Family::Scratch {
        scratch_files(out, "build", ROOTFS);
    }
    user_env(out, &app.env, &app.dropped_secrets);
    if staged {
        let _ = writeln!(
            out,
            "# The data files beside the binary, in the working directory your paths start from.\nWORKDIR {workdir}\nCOPY --from=build {}/ {workdir}/",
            data_files::STAGED
        );
    }
    // Out of the working directory, which holds the data files (`/app` by default).
    let _ = writeln!(out, "COPY --from=build /opt/app {BINARY}");
    let mut command = vec![BINARY.to_owned()];
    command.extend(args);
    tail(out, app, None, ("ENTRYPOINT", ""), &command);
    notes.push(data_files::note(data, &from_disk, workdir));
    notes.push("Modules your code imports by name at run time (beyond those your command names) need PyInstaller's `--hidden-import`.".to_owned());
}
