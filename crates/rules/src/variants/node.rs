//! The Node.js variants, on Debian slim (`node:<major>-slim`), Chainguard `node` and
//! distroless `nodejs`. A builder installs the packages with npm (`npm ci --omit=dev`,
//! or the build's own scripts first and `npm prune --omit=dev` after), and the runtime
//! gets the app folder with its `node_modules`, run by `node` as a non-root user. No
//! variant runs npm at run time: distroless and Chainguard's runtime image have none.

use std::fmt::Write as _;

use super::analysis::{App, Entry};
use super::write::{apt, copy_line, header, shared_notes, tail, user_copies, user_env, Checker};
use super::{base, BaseFacts, Family, Language, Skipped, Variant, VariantError, Variants};

/// The families Node.js runs on, in the comparison's order.
const NODE_FAMILIES: [Family; 3] = [Family::Slim, Family::Chainguard, Family::Distroless];

pub(super) fn variants(app: &App) -> Result<Variants, VariantError> {
    let args = node_args(app)?;
    let variants = NODE_FAMILIES
        .into_iter()
        .filter_map(|family| {
            Some(variant(
                app,
                family,
                base(Language::Node, family, None)?,
                &args,
            ))
        })
        .collect();
    let skipped = Skipped::static_families("Node.js needs its runtime and node_modules: there is no static binary to put on an empty image");
    Ok(Variants {
        language: Language::Node,
        variants,
        skipped,
    })
}

/// The arguments after `node` (`server.js`, `--enable-source-maps dist/main.js`).
fn node_args(app: &App) -> Result<Vec<String>, VariantError> {
    let entry = app.entry.as_ref().ok_or(VariantError::NoCommand)?;
    if app.shell_syntax {
        return Err(app.at_command(
            "your command uses shell syntax ($VARIABLES, &&, pipes), and distroless has no shell: write it in exec form (`CMD [\"node\", \"server.js\"]`) and compare again",
        ));
    }
    let is_node = |program: &str| matches!(program.rsplit('/').next(), Some("node" | "nodejs"));
    match entry {
        Entry::Script { name, args } if is_node(name) => Ok(args.clone()),
        Entry::Other(words) if words.first().is_some_and(|w| is_node(w)) => Ok(words[1..].to_vec()),
        // `CMD ["index.js"]` or `CMD ["--require=./otel.js", "server.js"]`: the node
        // image's entrypoint runs `node` with them.
        Entry::Other(words)
            if words.first().is_some_and(|w| {
                w.starts_with('-') || [".js", ".mjs", ".cjs"].iter().any(|e| w.ends_with(e))
            }) =>
        {
            Ok(words.clone())
        }
        Entry::Script { name, args } if matches!(name.as_str(), "npm" | "yarn" | "pnpm") => {
            Err(app.at_command(format!(
                "the image starts `{name} {}`, and the distroless and Chainguard runtime images have no {name}. Start the file that script runs with node (`CMD [\"node\", \"server.js\"]`) and compare again; it also starts faster and receives signals directly",
                args.join(" ")
            )))
        }
        Entry::Script { name, args } => Err(unreadable(
            app,
            &std::iter::once(name.clone()).chain(args.iter().cloned()).collect::<Vec<_>>(),
        )),
        Entry::Other(words) | Entry::Python(words) => Err(unreadable(app, words)),
    }
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
