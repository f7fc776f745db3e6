//! The Java variants: the user's own build stages (Maven, Gradle, `javac`), kept as
//! they wrote them, and a new runtime stage on Eclipse Temurin's JRE, Chainguard's
//! `jre` or distroless `java`, that gets what the user's runtime stage copied (their
//! jar, their classes and libraries) and starts it with `java` as a non-root user.
//!
//! A build that happens in the shipped image itself (one stage: `mvn package`, then
//! `java -jar target/app.jar`) becomes the builder, and the runtime gets its working
//! folder. The builder keeps the user's image: it has the build tool and the JDK.

use std::fmt::Write as _;

use super::analysis::{shipped_stages, App, Entry};
use super::write::{copy_from, header, shared_notes, tail, user_env};
use super::{base, BaseFacts, Language, Skipped, Variant, VariantError, Variants};
use crate::dockerfile::{arg_declarations, Base, ImageRef, Instruction, Model, Stage};
use crate::secrets::looks_secret;

/// The families a jar runs on, in the comparison's order.
const JAVA_FAMILIES: [&str; 3] = ["slim", "chainguard", "distroless"];

/// Programs that build Java code; a stage that runs one is a build stage.
const BUILD_TOOLS: &[&str] = &[
    "mvn", "mvnw", "gradle", "gradlew", "javac", "jar", "sbt", "lein", "ant",
];

/// What the runtime stage keeps of the user's own runtime stage, in order.
#[derive(Debug, Default)]
struct Runtime {
    /// Instruction lines (`WORKDIR`, `ARG`, `COPY`, `LABEL`), ready to write.
    lines: Vec<String>,
    notes: Vec<String>,
}

pub(super) fn variants(model: &Model<'_>, app: &App) -> Result<Variants, VariantError> {
    let shipped = model.shipped().ok_or(VariantError::Empty)?;
    let args = java_args(model, app)?;
    let chain = model.ancestry(shipped);
    let builds_in_shipped = chain.iter().any(|s| runs_build_tool(s));
    let mut builder = String::new();
    let mut runtime = Runtime::default();
    let names = stage_names(model);
    // The shipped stage, when it is the build, keeps its name, or is called `build`.
    let build_name = shipped.name.as_ref().map_or("build", |n| n.text.as_str());
    for stage in shipped_stages(model) {
        let in_chain = chain.iter().any(|c| c.index == stage.index);
        if in_chain && !builds_in_shipped {
            continue;
        }
        let name = if stage.shipped {
            build_name
        } else {
            &names[stage.index]
        };
        write_stage(&mut builder, model, stage, &names, name);
    }
    if builds_in_shipped {
        let dir = app.workdir.clone().unwrap_or_else(|| "/".to_owned());
        runtime.lines.push(format!("WORKDIR {dir}"));
        runtime.lines.push(
            copy_from(Some(build_name), std::slice::from_ref(&dir), &dir)
                .trim_end()
                .to_owned(),
        );
        for jar in args
            .iter()
            .filter(|a| a.starts_with('/') && a.ends_with(".jar"))
        {
            if !jar.starts_with(&format!("{}/", dir.trim_end_matches('/'))) {
                runtime.lines.push(
                    copy_from(Some(build_name), std::slice::from_ref(jar), jar)
                        .trim_end()
                        .to_owned(),
                );
            }
        }
        runtime.notes.push("Your image builds the app in the stage it ships: these variants build in that stage, then copy its working folder to the runtime, without the JDK and the build tool.".to_owned());
    } else {
        read_runtime(model, &chain, &names, &mut runtime);
    }
    let version = java_version(model, shipped);
    let variants = JAVA_FAMILIES
        .into_iter()
        .filter_map(|family| {
            let facts = if family == "slim" {
                base(Language::Java, family, version.as_deref())?
            } else {
                base(Language::Java, family, None)?
            };
            Some(variant(
                app,
                family,
                facts,
                &builder,
                &runtime,
                &args,
                version.as_deref(),
            ))
        })
        .collect();
    let left_out = ["scratch", "static"]
        .map(|name| Skipped {
            name,
            reason: "a jar needs a Java runtime: there is no static binary to put on an empty image (GraalVM's native-image makes one, but that is a different build)".to_owned(),
        })
        .into();
    Ok(Variants {
        language: Language::Java,
        variants,
        skipped: left_out,
    })
}

/// The arguments after `java` (`-jar app.jar`, `-cp app:app/lib/* com.example.Main`).
fn java_args(model: &Model<'_>, app: &App) -> Result<Vec<String>, VariantError> {
    let entry = app.entry.as_ref().ok_or(VariantError::NoCommand)?;
    if app.shell_syntax {
        return Err(VariantError::Cannot(
            "your command uses shell syntax ($VARIABLES, &&, pipes), and distroless has no shell: write it in exec form (`ENTRYPOINT [\"java\", \"-jar\", \"/app/app.jar\"]`; options go in JAVA_TOOL_OPTIONS) and compare again".to_owned(),
        ));
    }
    let is_java = |program: &str| program.rsplit('/').next() == Some("java");
    let words: Vec<String> = match entry {
        Entry::Script { name, args } => std::iter::once(name.clone())
            .chain(args.iter().cloned())
            .collect(),
        Entry::Other(words) | Entry::Python(words) => words.clone(),
    };
    let Some((program, rest)) = words.split_first() else {
        return Err(VariantError::NoCommand);
    };
    if is_java(program) {
        return Ok(rest.to_vec());
    }
    // `CMD ["main.jar"]` on distroless java, whose entrypoint is `java -jar`.
    let distroless = model.shipped().is_some_and(|s| match model.root_base(s) {
        Base::Image(reference) => {
            let image = ImageRef::parse(reference);
            image.repository.contains("distroless/java")
        }
        _ => false,
    });
    if distroless && program.ends_with(".jar") {
        return Ok(std::iter::once("-jar".to_owned())
            .chain(words.iter().cloned())
            .collect());
    }
    let name = program.rsplit('/').next().unwrap_or(program);
    if BUILD_TOOLS.contains(&name) {
        return Err(VariantError::Cannot(format!(
            "the image runs the build tool at run time (`{}`): build a jar in a builder stage, start it with `ENTRYPOINT [\"java\", \"-jar\", \"/app/app.jar\"]`, and compare again",
            words.join(" ")
        )));
    }
    Err(VariantError::Cannot(format!(
        "the image starts `{}`, which bulkhead cannot read as a Java command (a launcher script needs a shell, which distroless has not): start the jar as `ENTRYPOINT [\"java\", \"-jar\", \"/app/app.jar\"]` and compare again",
        words.join(" ")
    )))
}

fn runs_build_tool(stage: &Stage<'_>) -> bool {
    stage.runs().iter().flat_map(|r| &r.commands).any(|c| {
        c.program()
            .and_then(|p| p.rsplit('/').next())
            .is_some_and(|p| BUILD_TOOLS.contains(&p))
    })
}

/// Each stage's name in the variants: its own, or `stage-<index>` for an unnamed one
/// (the variants leave stages out, so indexes would point elsewhere).
fn stage_names(model: &Model<'_>) -> Vec<String> {
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
fn stage_index(model: &Model<'_>, word: &str) -> Option<usize> {
    match word.parse::<usize>() {
        Ok(i) if i < model.stages.len() => Some(i),
        Ok(_) => None,
        Err(_) => model.stage_named(word).map(|s| s.index),
    }
}

/// A build stage of the user's, as they wrote it: its `FROM` line (named, so later
/// stages can refer to it: `name`), then its instructions and comments.
fn write_stage(
    out: &mut String,
    model: &Model<'_>,
    stage: &Stage<'_>,
    names: &[String],
    name: &str,
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
        _ => image,
    };
    let _ = writeln!(out, "\n{from} {image} AS {name}");
    // Its instructions and the comments between them, without what only a shipped image
    // uses: the variant's runtime stage has its own command, port and health check.
    let mut body = String::new();
    let mut cursor = stage.from.range.end();
    for instruction in stage.instructions {
        if matches!(
            instruction.keyword.as_str(),
            "CMD" | "ENTRYPOINT" | "HEALTHCHECK" | "EXPOSE"
        ) {
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
        if let Some(at) = out.find(&from) {
            out.replace_range(at..at + from.len(), &to);
        }
    }
    out
}

/// The user's runtime stage: its folders, build arguments, labels and files, in order.
/// Files copied from a build stage come from that stage; the runtime's own commands
/// are left out (distroless has no shell), and so are `USER`, `EXPOSE`, `HEALTHCHECK`
/// and the command, which the variant writes itself.
fn read_runtime(model: &Model<'_>, chain: &[&Stage<'_>], names: &[String], runtime: &mut Runtime) {
    if chain.iter().all(|s| s.workdir().is_none()) {
        // Relative paths in the command start from /, as in the user's image; distroless
        // and Chainguard start elsewhere.
        runtime.lines.push("WORKDIR /".to_owned());
    }
    for stage in chain.iter().rev() {
        for instruction in stage.instructions {
            match instruction.keyword.as_str() {
                "WORKDIR" | "LABEL" | "STOPSIGNAL" => {
                    runtime
                        .lines
                        .push(format!("{} {}", instruction.keyword, instruction.body().trim()));
                }
                "ARG" => {
                    for (name, default) in arg_declarations(instruction) {
                        if looks_secret(&name.text) {
                            continue;
                        }
                        runtime.lines.push(match default {
                            Some(value) => format!("ARG {}={value}", name.text),
                            None => format!("ARG {}", name.text),
                        });
                    }
                }
                "COPY" | "ADD" => copy(model, stage, instruction, names, runtime),
                "RUN" => runtime.notes.push(format!(
                    "Your runtime stage runs `{}`: distroless and Chainguard's JRE have no shell, so the variants leave it out. A non-root user, CA certificates and tzdata are already there.",
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
) {
    let Some(copy) = stage
        .copies()
        .iter()
        .find(|c| std::ptr::eq(c.instruction, instruction))
    else {
        return;
    };
    let Some(destination) = &copy.destination else {
        return;
    };
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
    let words: Vec<&str> = copy
        .sources
        .iter()
        .chain([destination])
        .map(|w| w.text.as_str())
        .collect();
    if words.iter().any(|w| w.contains(char::is_whitespace)) {
        let quoted: Vec<String> = words.iter().map(|w| format!("{w:?}")).collect();
        let _ = write!(line, " [{}]", quoted.join(", "));
    } else {
        let _ = write!(line, " {}", words.join(" "));
    }
    runtime.lines.push(line);
}

/// The user's Java release (`17`), from the shipped image's name or tag
/// (`eclipse-temurin:17-jre`, `gcr.io/distroless/java17-debian12`,
/// `maven:3.9-eclipse-temurin-21`).
fn java_version(model: &Model<'_>, shipped: &Stage<'_>) -> Option<String> {
    let Base::Image(reference) = model.root_base(shipped) else {
        return None;
    };
    let image = ImageRef::parse(reference);
    let name = image.repository.rsplit('/').next().unwrap_or_default();
    let release = |text: &str| {
        let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
        digits
            .parse::<u32>()
            .ok()
            .filter(|v| (8..=40).contains(v))
            .map(|v| v.to_string())
    };
    if let Some(rest) = name.strip_prefix("java") {
        return release(rest);
    }
    let tag = image.tag?;
    let parts: Vec<&str> = tag.split('-').collect();
    // `3.9-eclipse-temurin-21`: the release follows the JDK's name.
    parts
        .iter()
        .position(|p| matches!(*p, "temurin" | "openjdk" | "jdk" | "corretto" | "zulu"))
        .and_then(|i| parts.get(i + 1))
        .and_then(|p| release(p))
        .or_else(|| parts.first().and_then(|p| release(p)))
}

fn variant(
    app: &App,
    family: &'static str,
    facts: &'static BaseFacts,
    builder: &str,
    runtime: &Runtime,
    args: &[String],
    version: Option<&str>,
) -> Variant {
    let mut notes = shared_notes("Java", version, facts, app);
    notes.extend(runtime.notes.iter().cloned());
    let summary = match family {
        "slim" => "your build stages as you wrote them, and Eclipse Temurin's JRE (no compiler, no build tool) runs the jar as a non-root user.",
        "chainguard" => "your build stages as you wrote them, and Chainguard's JRE, with no shell or package manager, runs the jar.",
        _ => "your build stages as you wrote them, and distroless Java, a JRE with no shell or package manager, runs the jar.",
    };
    let mut out = String::new();
    header(&mut out, facts, summary);
    if builder.is_empty() {
        out.push_str(
            "# Your Dockerfile builds nothing: the files it copies come from your build context.\n",
        );
    } else {
        out.push_str(
            "\n# Your build, as you wrote it: its image has the JDK and the build tool.\n",
        );
        out.push_str(builder.trim_start_matches('\n'));
    }
    let _ = writeln!(out, "\nFROM {}", facts.image);
    // The JRE's own JAVA_HOME and PATH, not the user's image's.
    let env: Vec<(String, String)> = app
        .env
        .iter()
        .filter(|(k, _)| k != "JAVA_HOME")
        .cloned()
        .collect();
    user_env(&mut out, &env, &app.dropped_secrets);
    if !runtime.lines.is_empty() {
        out.push_str("# Your app, owned by root: it can read its files but not change them.\n");
        for line in &runtime.lines {
            out.push_str(line);
            out.push('\n');
        }
    }
    let java = if family == "slim" {
        "java"
    } else {
        facts.interpreter.unwrap_or("/usr/bin/java")
    };
    let command: Vec<String> = std::iter::once(java.to_owned())
        .chain(args.iter().cloned())
        .collect();
    let (keyword, why) = if family == "slim" {
        ("CMD", "")
    } else {
        (
            "ENTRYPOINT",
            "No shell: exec form, with the runtime's full path to java.",
        )
    };
    tail(&mut out, app, None, (keyword, why), &command);
    Variant::new(family, facts, app.port, out, notes)
}
