//! The Java variants: the user's own build stages (Maven, Gradle, `javac`), kept as
//! they wrote them, and a new runtime stage on Eclipse Temurin's JRE, Chainguard's
//! `jre` or distroless `java`, that gets what the user's runtime stage copied (their
//! jar, their classes and libraries) and starts it with `java` as a non-root user.
//!
//! A build that happens in the shipped image itself (one stage: `mvn package`, then
//! `java -jar target/app.jar`) becomes the builder, and the runtime gets its working
//! folder. The builder keeps the user's image: it has the build tool and the JDK.

use std::fmt::Write as _;

use super::analysis::{shipped_stages, App, Entry, JVM_BUILD_TOOLS};
use super::stages::{global_args, read_runtime, stage_names, write_stage, Runtime};
use super::write::{copy_from, header, shared_notes, tail, user_env};
use super::{base, BaseFacts, Family, Language, Skipped, Variant, VariantError, Variants};
use crate::dockerfile::{Base, ImageRef, Model, Stage};

/// The families a jar runs on, in the comparison's order.
const JAVA_FAMILIES: [Family; 3] = [Family::Slim, Family::Chainguard, Family::Distroless];

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
        write_stage(&mut builder, model, stage, &names, name, &|_| false);
    }
    // The arguments before the first FROM, which the kept FROM lines may use.
    if !builder.is_empty() {
        builder.insert_str(0, &global_args(model));
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
        read_runtime(model, &chain, &names, &mut runtime, &|_| None);
    }
    let version = java_version(model, shipped);
    let variants = JAVA_FAMILIES
        .into_iter()
        .filter_map(|family| {
            let facts = if family == Family::Slim {
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
    let left_out = Skipped::static_families("a jar needs a Java runtime: there is no static binary to put on an empty image (GraalVM's native-image makes one, but that is a different build)");
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
        return Err(app.at_command(
            "your command uses shell syntax ($VARIABLES, &&, pipes), and distroless has no shell: write it in exec form (`ENTRYPOINT [\"java\", \"-jar\", \"/app/app.jar\"]`; options go in JAVA_TOOL_OPTIONS) and compare again",
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
    if JVM_BUILD_TOOLS.contains(&name) {
        return Err(app.at_command(format!(
            "the image runs the build tool at run time (`{}`): build a jar in a builder stage, start it with `ENTRYPOINT [\"java\", \"-jar\", \"/app/app.jar\"]`, and compare again",
            words.join(" ")
        )));
    }
    Err(app.at_command(format!(
        "the image starts `{}`, which bulkhead cannot read as a Java command (a launcher script needs a shell, which distroless has not): start the jar as `ENTRYPOINT [\"java\", \"-jar\", \"/app/app.jar\"]` and compare again",
        words.join(" ")
    )))
}

fn runs_build_tool(stage: &Stage<'_>) -> bool {
    stage.runs().iter().flat_map(|r| &r.commands).any(|c| {
        c.program()
            .and_then(|p| p.rsplit('/').next())
            .is_some_and(|p| JVM_BUILD_TOOLS.contains(&p))
    })
}

/// The user's Java release (`17`), from the shipped image's name or tag
/// (`eclipse-temurin:17-jre`, `gcr.io/distroless/java17-debian12`,
/// `maven:3.9-eclipse-temurin-21`, `bellsoft/liberica-runtime-container:jre-21-musl`).
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
    // `java21-debian13`, `adoptopenjdk/openjdk8`.
    if let Some(rest) = name
        .strip_prefix("java")
        .or_else(|| name.strip_prefix("openjdk"))
    {
        if let Some(version) = release(rest) {
            return Some(version);
        }
    }
    let tag = image.tag?;
    let parts: Vec<&str> = tag.split('-').collect();
    // `3.9-eclipse-temurin-21`: the release follows the JDK's name.
    parts
        .iter()
        .position(|p| {
            matches!(
                *p,
                "temurin" | "openjdk" | "jdk" | "jre" | "corretto" | "zulu"
            )
        })
        .and_then(|i| parts.get(i + 1))
        .and_then(|p| release(p))
        .or_else(|| parts.first().and_then(|p| release(p)))
}

fn variant(
    app: &App,
    family: Family,
    facts: BaseFacts,
    builder: &str,
    runtime: &Runtime,
    args: &[String],
    version: Option<&str>,
) -> Variant {
    let mut notes = shared_notes("Java", version, facts, app);
    notes.extend(runtime.notes.iter().cloned());
    let summary = match family {
        Family::Slim => "your build stages as you wrote them, and Eclipse Temurin's JRE (no compiler, no build tool) runs the jar as a non-root user.",
        Family::Chainguard => "your build stages as you wrote them, and Chainguard's JRE, with no shell or package manager, runs the jar.",
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
    let _ = writeln!(out, "\nFROM {}", facts.variant.image);
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
    let java = if family == Family::Slim {
        "java"
    } else {
        facts.interpreter().unwrap_or("java")
    };
    let command: Vec<String> = std::iter::once(java.to_owned())
        .chain(args.iter().cloned())
        .collect();
    let (keyword, why) = if family == Family::Slim {
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
