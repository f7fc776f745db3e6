//! The Node.js variants, on Debian slim (`node:<major>-slim`), Chainguard `node` and
//! distroless `nodejs`. A builder installs the packages with npm (`npm ci --omit=dev`,
//! or the build's own scripts first and `npm prune --omit=dev` after), and the runtime
//! gets the app folder with its `node_modules`, run by `node` as a non-root user. No
//! variant runs npm at run time: distroless and Chainguard's runtime image have none.

use std::fmt::Write as _;

use super::analysis::{App, Entry};
use super::write::{apt, copy_line, header, shared_notes, tail, user_copies, user_env, Checker};
use super::{base, BaseFacts, Context, Family, Language, Skipped, Variant, VariantError, Variants};

/// The families Node.js runs on, in the comparison's order.
const NODE_FAMILIES: [Family; 3] = [Family::Slim, Family::Chainguard, Family::Distroless];

pub(super) fn variants(app: &App, context: &Context) -> Result<Variants, VariantError> {
    let start = node_args(app, context)?;
    let args = start.args;
    // The script's `NAME=value` prefixes become the runtime's environment.
    let mut app = app.clone();
    for (name, value) in start.env {
        app.env.retain(|(k, _)| *k != name);
        app.env.push((name, value));
    }
    let app = &app;
    let variants = NODE_FAMILIES
        .into_iter()
        .filter_map(|family| {
            let mut variant = variant(app, family, base(Language::Node, family, None)?, &args);
            variant.notes.extend(start.notes.iter().cloned());
            Some(variant)
        })
        .collect();
    let skipped = Skipped::static_families("Node.js needs its runtime and node_modules: there is no static binary to put on an empty image");
    Ok(Variants {
        language: Language::Node,
        variants,
        skipped,
    })
}

/// How the variants start the app: the arguments after `node`, and what a package script
/// it came from adds (its environment, a note saying where the command came from).
#[derive(Debug, Default)]
struct Start {
    args: Vec<String>,
    env: Vec<(String, String)>,
    notes: Vec<String>,
}

/// The arguments after `node` (`server.js`, `--enable-source-maps dist/main.js`).
fn node_args(app: &App, context: &Context) -> Result<Start, VariantError> {
    let entry = app.entry.as_ref().ok_or(VariantError::NoCommand)?;
    if app.shell_syntax {
        return Err(app.at_command(
            "your command uses shell syntax ($VARIABLES, &&, pipes), and distroless has no shell: write it in exec form (`CMD [\"node\", \"server.js\"]`) and compare again",
        ));
    }
    let args = |args: Vec<String>| {
        Ok(Start {
            args,
            ..Start::default()
        })
    };
    match entry {
        Entry::Script { name, args: rest } if is_node(name) => args(rest.clone()),
        Entry::Other(words) if words.first().is_some_and(|w| is_node(w)) => {
            args(words[1..].to_vec())
        }
        // `CMD ["index.js"]` or `CMD ["--require=./otel.js", "server.js"]`: the node
        // image's entrypoint runs `node` with them.
        Entry::Other(words)
            if words.first().is_some_and(|w| {
                w.starts_with('-') || [".js", ".mjs", ".cjs"].iter().any(|e| w.ends_with(e))
            }) =>
        {
            args(words.clone())
        }
        Entry::Script { name, args } if PACKAGE_MANAGERS.contains(&name.as_str()) => {
            package_script(app, context, name, args)
        }
        Entry::Script { name, args } => Err(unreadable(
            app,
            &std::iter::once(name.clone())
                .chain(args.iter().cloned())
                .collect::<Vec<_>>(),
        )),
        Entry::Other(words) | Entry::Python(words) => Err(unreadable(app, words)),
    }
}

/// The package managers that run `package.json`'s scripts (`npm start`, `yarn start`,
/// `pnpm run start:dev`).
const PACKAGE_MANAGERS: &[&str] = &["npm", "yarn", "pnpm"];

fn is_node(program: &str) -> bool {
    matches!(program.rsplit('/').next(), Some("node" | "nodejs"))
}

/// `npm start`, `npm run start:dev`, `yarn start`, `pnpm start`: the command of that
/// script in `package.json`, which the variants run with node themselves (distroless
/// and Chainguard's runtime have no npm, and node started directly gets the signals).
fn package_script(
    app: &App,
    context: &Context,
    manager: &str,
    words: &[String],
) -> Result<Start, VariantError> {
    let written = format!("{manager} {}", words.join(" "));
    // `npm start`, `npm run <name>`, `yarn <name>`; the arguments after `--` go to it.
    let (script, passed) = match words {
        [run, name, rest @ ..] if matches!(run.as_str(), "run" | "run-script") => (name, rest),
        [name, rest @ ..] if name == "start" || manager != "npm" => (name, rest),
        _ => return Err(unreadable(app, &[written])),
    };
    let passed: Vec<String> = passed.iter().skip_while(|w| *w == "--").cloned().collect();
    let Some(manifest) = manifest(app, context) else {
        return Err(app.at_command(format!(
            "the image starts `{written}`, which runs the `{script}` script of package.json, and the distroless and Chainguard runtime images have no {manager}. Give bulkhead package.json (run `bulkhead variants` in the app's folder, or paste it in a tab named package.json), or write the script's command (package.json's `scripts.{script}`, such as `node server.js`) as `CMD [\"node\", \"server.js\"]`, and compare again"
        )));
    };
    let (path, text) = manifest;
    let scripts = crate::yaml::Yaml::parse(text);
    let command = scripts
        .roots()
        .next()
        .and_then(|root| root.path(&["scripts", script]))
        .and_then(|node| node.str().map(str::to_owned));
    // npm's own default for a package with no start script.
    let command = command.or_else(|| {
        (script == "start" && context.file(&sibling(path, "server.js")).is_some())
            .then(|| "node server.js".to_owned())
    });
    let Some(command) = command else {
        return Err(app.at_command(format!(
            "the image starts `{written}`, and {path} has no `scripts.{script}`: start the app with node (`CMD [\"node\", \"server.js\"]`) and compare again"
        )));
    };
    let mut start = script_command(app, &command, &written)?;
    start.args.extend(passed);
    start.notes.push(format!(
        "`{written}` runs `{command}` ({path}'s `scripts.{script}`): the variants run it with node directly, since the distroless and Chainguard runtime images have no {manager}; node then receives the stop signal itself."
    ));
    Ok(start)
}

/// `package.json` in the build context, where the Dockerfile copies it from: beside the
/// lock file the manifests' `COPY` names, else at the context's root.
fn manifest<'c>(app: &App, context: &'c Context) -> Option<(&'c str, &'c str)> {
    let copied = app
        .npm_manifests
        .iter()
        .flat_map(|(sources, _)| sources)
        .map(|source| sibling(source, "package.json"));
    copied
        .chain(std::iter::once("package.json".to_owned()))
        .find_map(|path| {
            let file = context.file(&path)?;
            Some((file.path.as_str(), file.text.as_deref()?))
        })
}

/// The file `name` in the folder of `path` (`app/package*.json` gives `app/name`).
fn sibling(path: &str, name: &str) -> String {
    match path.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/{name}"),
        None => name.to_owned(),
    }
}

/// A package script's command read as the variants run it: `node` and its arguments,
/// after simple `NAME=value` prefixes (which become `ENV`). Anything that needs a shell
/// (`&&`, pipes, `$VARIABLES`, redirections) or another program is refused.
fn script_command(app: &App, command: &str, written: &str) -> Result<Start, VariantError> {
    let shell = |why: &str| {
        app.at_command(format!(
            "the image starts `{written}`, whose script `{command}` {why}, and the distroless and Chainguard runtime images have no shell to run it: write the command the app needs as `CMD [\"node\", \"server.js\"]` (settings as ENV lines) and compare again"
        ))
    };
    if command.contains(['$', '`', '>', '<', '(', '*']) {
        return Err(shell("uses shell syntax (variables, redirections, globs)"));
    }
    let commands = crate::dockerfile::syntax::shell::split(command);
    let [one] = commands.as_slice() else {
        return Err(shell("runs more than one command (`&&`, `;`, pipes)"));
    };
    if one.followed_by.is_some() {
        return Err(shell("runs in the background or in a pipe"));
    }
    let Some((program, rest)) = one.words.split_first() else {
        return Err(shell("sets variables but runs nothing"));
    };
    if !is_node(&program.value) {
        return Err(app.at_command(format!(
            "the image starts `{written}`, whose script `{command}` runs `{}`, not node, and the distroless and Chainguard runtime images have no shell or npm to find it: start the file it runs with node (`CMD [\"node\", \"dist/main.js\"]`) and compare again",
            program.value
        )));
    }
    let env = one
        .assignments
        .iter()
        .filter_map(|a| a.value.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    Ok(Start {
        args: rest.iter().map(|w| w.value.clone()).collect(),
        env,
        notes: Vec::new(),
    })
}

fn unreadable(app: &App, words: &[String]) -> VariantError {
    app.at_command(format!(
        "the image starts `{}`, which bulkhead cannot read as a Node.js command: start it as `CMD [\"node\", \"<file>.js\"]` and compare again",
        words.join(" ")
    ))
}

fn workdir(app: &App) -> &str {
    app.workdir.as_deref().unwrap_or("/app")
}

/// The builder: the user's Debian packages (`apt`, on Debian builders), the package
/// manifests, the install, the user's files, the build's own scripts, then the
/// development packages pruned. `root`: the builder image runs as nonroot.
fn builder(out: &mut String, app: &App, image: &str, root: bool, debian: bool) {
    let _ = writeln!(out, "\nFROM {image} AS build");
    if root {
        out.push_str(
            "# The -dev image runs as nonroot; the build writes the app folder.\nUSER root\n",
        );
    }
    if debian {
        apt(out, app, &[]);
    }
    let _ = writeln!(out, "WORKDIR {}", workdir(app));
    let install = app.npm_install.as_deref();
    let built = !app.npm_scripts.is_empty();
    if install.is_some() {
        for (sources, destination) in &app.npm_manifests {
            out.push_str(&copy_line(sources, destination));
        }
    }
    // With build scripts, the development packages are needed until they have run.
    let install_line = |out: &mut String| match (install, built) {
        (Some(command), true) => {
            let _ = writeln!(out, "RUN npm {command}");
        }
        (Some(command), false) => {
            let _ = writeln!(
                out,
                "# Only what the app needs at run time: no development packages.\nRUN npm {command} --omit=dev"
            );
        }
        (None, _) => {
            out.push_str("# Your Dockerfile installs no npm packages: nothing to install here.\n");
        }
    };
    if app.npm_manifests.is_empty() {
        // No separate manifest copy: the sources come first, as in your Dockerfile.
        user_copies(out, app);
        install_line(out);
    } else {
        install_line(out);
        user_copies(out, app);
    }
    if built {
        for script in &app.npm_scripts {
            let _ = writeln!(out, "RUN npm run {script}");
        }
        out.push_str("# The build needed the development packages; the runtime does not.\nRUN npm prune --omit=dev\n");
    }
}

/// The runtime stage: the app folder from the builder, owned by root so the app cannot
/// change its own code, and the user's environment.
fn runtime(out: &mut String, app: &App, image: &str) {
    let dir = workdir(app);
    let _ = writeln!(out, "\nFROM {image}");
    let _ = writeln!(out, "WORKDIR {dir}");
    out.push_str("# Your app and its node_modules, owned by root: the app can read them but not change them.\n");
    let _ = writeln!(out, "COPY --from=build {dir} {dir}");
    if !app.env.iter().any(|(k, _)| k == "NODE_ENV") {
        out.push_str("ENV NODE_ENV=production\n");
    }
    user_env(out, &app.env, &app.dropped_secrets);
}

fn variant(app: &App, family: Family, facts: BaseFacts, args: &[String]) -> Variant {
    let mut notes = shared_notes("Node.js", app.node.as_deref(), facts, app);
    if !app.os_packages.is_empty() && family != Family::Slim {
        notes.push(format!(
            "Your Dockerfile installs {} with the OS package manager. The builder has what npm needs to compile, but if a native module needs a shared library at run time, {} must have it too.",
            app.os_packages.join(", "),
            facts.variant.title
        ));
    }
    let interpreter = facts.interpreter().unwrap_or("node");
    let mut out = String::new();
    let (summary, node) = match family {
        Family::Slim => (
            "a builder installs the packages, and the runtime stage gets only your app and its node_modules, run by a non-root user.",
            "node",
        ),
        Family::Chainguard => (
            "the `-dev` image (with a shell and npm) installs the packages; the runtime image, the same Node.js without a shell or npm, gets only your app.",
            interpreter,
        ),
        _ => (
            "the official Node.js slim image installs the packages; the distroless runtime, Node.js with no shell or npm, gets only your app.",
            interpreter,
        ),
    };
    header(&mut out, facts, summary);
    // Chainguard's -dev builder is Wolfi and runs as nonroot; the others build on Debian.
    let chainguard = family == Family::Chainguard;
    builder(
        &mut out,
        app,
        facts.variant.builder,
        chainguard,
        !chainguard,
    );
    runtime(&mut out, app, facts.variant.image);
    let mut command = vec![node.to_owned()];
    command.extend(args.iter().cloned());
    let (keyword, why) = if family == Family::Slim {
        ("CMD", "")
    } else {
        (
            "ENTRYPOINT",
            "No shell: exec form, with the runtime's full path to node.",
        )
    };
    tail(
        &mut out,
        app,
        Some(Checker::Node(node)),
        (keyword, why),
        &command,
    );
    Variant::new(family, facts, app.port, out, notes)
}
