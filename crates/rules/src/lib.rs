//! bulkhead's rules: parse Dockerfiles, Kubernetes manifests and requirements files,
//! and report findings at exact byte ranges.
//!
//! This crate is pure: `&str` in, [`Diagnostic`]s out. No I/O, no globals, no
//! browser types; the CLI and the web playground are thin shells over it.

pub mod catalog;
pub mod diagnostic;
pub mod dockerfile;
pub mod fix;
pub mod hardening;
pub mod k8s;
mod pip;
pub mod project;
pub mod registry;
pub mod render;
pub mod requirements;
pub mod rules;
pub mod secrets;
mod suppress;
pub mod text;
pub mod variants;
pub mod yaml;
pub mod yaml_edit;

#[cfg(test)]
mod testing;

pub use diagnostic::{Diagnostic, Related};
pub use project::ProjectFile;
pub use registry::{Checklist, FileKind, RuleMeta, Severity};
pub use text::{LineCol, LineIndex, TextRange};

use rules::{Check, DockerfileContext, KubernetesContext, RequirementsContext, RULES};

/// Files larger than this are not linted (one `file-too-large` finding instead). The
/// largest real file in the corpus is 22 KB.
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;

/// Findings per file past this are summarised in one `too-many-findings` finding.
pub const MAX_FINDINGS: usize = 1000;

/// Lint one file of the given kind. Diagnostics are sorted by position, then code.
pub fn lint(kind: FileKind, source: &str) -> Vec<Diagnostic> {
    if let Some(refused) = refuse(kind, source) {
        return vec![refused];
    }
    let mut diagnostics = match kind {
        FileKind::Dockerfile => {
            let dockerfile = dockerfile::parse(source);
            let model = dockerfile::Model::new(source, &dockerfile);
            let mut found = dockerfile_diagnostics(source, &dockerfile, &model);
            suppress::apply(source, &dockerfile, &mut found);
            found
        }
        FileKind::Kubernetes => {
            let yaml = yaml::Yaml::parse(source);
            let manifest = k8s::Manifest::new(&yaml);
            let mut found = kubernetes_diagnostics(source, &yaml, &manifest);
            suppress::apply_by_line(source, &mut found);
            found
        }
        FileKind::Requirements => {
            let mut found = requirements_diagnostics(source, &requirements::parse(source));
            suppress::apply_by_line(source, &mut found);
            found
        }
    };
    finish(&mut diagnostics);
    diagnostics
}

/// Sort by position, then code, and summarise findings past [`MAX_FINDINGS`].
fn finish(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| (a.range, a.code).cmp(&(b.range, b.code)));
    cap(diagnostics);
}

/// The one finding for a file that is not read at all: larger than
/// [`MAX_FILE_BYTES`], or binary data (a NUL byte).
fn refuse(kind: FileKind, source: &str) -> Option<Diagnostic> {
    if source.len() > MAX_FILE_BYTES {
        return Some(too_large(source));
    }
    let nul = source.find('\0')?;
    let (meta, what) = match kind {
        FileKind::Dockerfile => (&rules::dockerfile::ParseError::META, "a Dockerfile"),
        FileKind::Kubernetes => (&rules::kubernetes::ParseError::META, "YAML"),
        FileKind::Requirements => (
            &rules::requirements::ParseError::META,
            "a requirements file",
        ),
    };
    Some(Diagnostic::new(
        meta,
        TextRange::new(nul, nul + 1),
        format!("This file contains a NUL byte: it looks like binary data, not {what}"),
    ))
}

/// The finding for a file over [`MAX_FILE_BYTES`], at the character where it crosses
/// the limit.
fn too_large(source: &str) -> Diagnostic {
    let mut at = MAX_FILE_BYTES;
    while !source.is_char_boundary(at) {
        at -= 1;
    }
    let end = source[at..]
        .chars()
        .next()
        .map_or(at, |c| at + c.len_utf8());
    // A whole number of MiB: the files here are at least 2.
    let mib = source.len() / (1024 * 1024);
    Diagnostic::new(
        &rules::project::FileTooLarge::META,
        TextRange::new(at, end),
        format!("This file is about {mib} MiB; bulkhead reads files up to 2 MiB (real Dockerfiles and manifests are far smaller), so it is not linted. Your text is kept as it is"),
    )
    .with_help("Lint the Dockerfile and manifests themselves, one file per tab")
}

/// Keep the first [`MAX_FINDINGS`] findings and summarise the rest.
fn cap(diagnostics: &mut Vec<Diagnostic>) {
    if diagnostics.len() <= MAX_FINDINGS {
        return;
    }
    let rest = diagnostics.split_off(MAX_FINDINGS);
    let mut codes: Vec<&str> = rest.iter().map(|d| d.code).collect();
    codes.sort_unstable();
    codes.dedup();
    let at = rest[0].range;
    diagnostics.push(Diagnostic::new(
        &rules::project::TooManyFindings::META,
        at,
        format!(
            "{} more findings not shown ({}): fix the ones above, or use `--fix`, and lint again",
            rest.len(),
            codes.join(", ")
        ),
    ));
}

/// A parsed Dockerfile's parse errors and rule findings (before suppressions).
fn dockerfile_diagnostics(
    source: &str,
    dockerfile: &dockerfile::Dockerfile,
    model: &dockerfile::Model<'_>,
) -> Vec<Diagnostic> {
    let mut diagnostics: Vec<Diagnostic> = dockerfile
        .errors
        .iter()
        .map(|e| Diagnostic::new(&rules::dockerfile::ParseError::META, e.range, &e.message))
        .collect();
    let lines = LineIndex::new(source);
    let commands = rules::shell_commands(model);
    let context = DockerfileContext {
        source,
        dockerfile,
        model,
        lines: &lines,
        commands: &commands,
    };
    for rule in RULES {
        if let Check::Dockerfile(check) = rule.check {
            check(&context, &mut diagnostics);
        }
    }
    diagnostics
}

/// A parsed manifest's parse error and rule findings (before suppressions).
fn kubernetes_diagnostics(
    source: &str,
    yaml: &yaml::Yaml,
    manifest: &k8s::Manifest<'_>,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    if let Some(error) = &yaml.error {
        diagnostics.push(Diagnostic::new(
            &rules::kubernetes::ParseError::META,
            error.range,
            &error.message,
        ));
    }
    let context = KubernetesContext {
        source,
        yaml,
        manifest,
    };
    for rule in RULES {
        if let Check::Kubernetes(check) = rule.check {
            check(&context, &mut diagnostics);
        }
    }
    diagnostics
}

/// A parsed requirements file's rule findings (before suppressions).
fn requirements_diagnostics(
    source: &str,
    requirements: &requirements::Requirements,
) -> Vec<Diagnostic> {
    let context = RequirementsContext {
        source,
        requirements,
    };
    let mut diagnostics = Vec::new();
    for rule in RULES {
        if let Check::Requirements(check) = rule.check {
            check(&context, &mut diagnostics);
        }
    }
    diagnostics
}

/// Lint several files together: each file's own rules, then the cross-file rules that
/// read a Dockerfile and the manifests running its image (and requirements files).
/// `explicit` pairs an image (or container name) with the Dockerfile path that builds
/// it; without it, pairing is by image name, or the only Dockerfile. Returns each
/// file's diagnostics, in the order of `files`.
pub fn lint_project(
    files: &[ProjectFile<'_>],
    explicit: &[(String, String)],
) -> Vec<Vec<Diagnostic>> {
    check_project(files, explicit).diagnostics
}

/// Everything the playground shows about a set of files, from one parse of each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectReport {
    /// Each file's diagnostics, in the order of the files (what [`lint_project`] returns).
    pub diagnostics: Vec<Vec<Diagnostic>>,
    /// The manifests' container images, in order and without repeats.
    pub images: Vec<String>,
    /// The hardening checklist, one verdict per item in [`Checklist::ALL`] order.
    pub checklist: Vec<hardening::ItemStatus>,
}

/// [`lint_project`], plus the container images and the hardening checklist, reading the
/// same parse of each file.
pub fn check_project(files: &[ProjectFile<'_>], explicit: &[(String, String)]) -> ProjectReport {
    // Each file is parsed once; its own rules and the cross-file rules share the parse.
    // Files that are refused (too large, binary) are not parsed at all.
    let refused: Vec<Option<Diagnostic>> = files.iter().map(|f| refuse(f.kind, f.source)).collect();
    let refused = &refused;
    let read = |kind: FileKind| {
        files
            .iter()
            .enumerate()
            .filter(move |(i, f)| f.kind == kind && refused[*i].is_none())
    };
    let dockerfiles: Vec<(usize, dockerfile::Dockerfile)> = read(FileKind::Dockerfile)
        .map(|(i, f)| (i, dockerfile::parse(f.source)))
        .collect();
    let yamls: Vec<(usize, yaml::Yaml)> = read(FileKind::Kubernetes)
        .map(|(i, f)| (i, yaml::Yaml::parse(f.source)))
        .collect();
    let requirements: Vec<(usize, requirements::Requirements)> = read(FileKind::Requirements)
        .map(|(i, f)| (i, requirements::parse(f.source)))
        .collect();
    let models: Vec<dockerfile::Model<'_>> = dockerfiles
        .iter()
        .map(|(i, d)| dockerfile::Model::new(files[*i].source, d))
        .collect();
    let manifests: Vec<k8s::Manifest<'_>> =
        yamls.iter().map(|(_, y)| k8s::Manifest::new(y)).collect();

    let mut out: Vec<Vec<Diagnostic>> = refused
        .iter()
        .map(|r| r.iter().cloned().collect())
        .collect();
    for ((i, parsed), model) in dockerfiles.iter().zip(&models) {
        out[*i] = dockerfile_diagnostics(files[*i].source, parsed, model);
    }
    for ((i, yaml), manifest) in yamls.iter().zip(&manifests) {
        out[*i] = kubernetes_diagnostics(files[*i].source, yaml, manifest);
    }
    for (i, parsed) in &requirements {
        out[*i] = requirements_diagnostics(files[*i].source, parsed);
    }

    if !dockerfiles.is_empty() && !yamls.is_empty() {
        let dockerfile_units: Vec<project::DockerfileUnit<'_>> = dockerfiles
            .iter()
            .zip(&models)
            .map(|((i, _), model)| project::DockerfileUnit {
                file: *i,
                path: files[*i].path,
                source: files[*i].source,
                model,
            })
            .collect();
        let manifest_units: Vec<project::ManifestUnit<'_>> = yamls
            .iter()
            .zip(&manifests)
            .map(|((i, _), manifest)| project::ManifestUnit {
                file: *i,
                path: files[*i].path,
                source: files[*i].source,
                manifest,
            })
            .collect();
        let pairs = project::pair(&dockerfile_units, &manifest_units, explicit);
        let context = project::ProjectContext {
            dockerfiles: dockerfile_units,
            manifests: manifest_units,
            requirements: requirements
                .iter()
                .map(|(i, r)| project::RequirementsUnit {
                    file: *i,
                    path: files[*i].path,
                    requirements: r,
                })
                .collect(),
            pairs,
        };
        let mut findings = Vec::new();
        for rule in RULES {
            if let Check::Project(check) = rule.check {
                check(&context, &mut findings);
            }
        }
        project::report(files, findings, &mut out);
        rules::kubernetes::probes_from_healthchecks(&context, &mut out);
    }

    // Suppressions, order and the findings cap, over each file's own and cross-file
    // findings together.
    for (i, found) in out.iter_mut().enumerate() {
        match dockerfiles.iter().find(|(d, _)| *d == i) {
            Some((_, parsed)) => suppress::apply(files[i].source, parsed, found),
            None if refused[i].is_none() => {
                suppress::apply_by_line(files[i].source, found);
            }
            None => {}
        }
        finish(found);
    }

    let images = project::unique_images(&manifests);
    let model_of: Vec<(usize, &dockerfile::Model<'_>)> =
        dockerfiles.iter().map(|(i, _)| *i).zip(&models).collect();
    let checklist = hardening::assess(&hardening::facts(files, &model_of), &out, &images);
    ProjectReport {
        diagnostics: out,
        images,
        checklist,
    }
}
