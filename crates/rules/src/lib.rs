//! bulkhead's rules: parse Dockerfiles, Kubernetes manifests and requirements files,
//! and report findings at exact byte ranges.
//!
//! This crate is pure: `&str` in, [`Diagnostic`]s out. No I/O, no globals, no
//! browser types; the CLI and the web playground are thin shells over it.

pub mod catalog;
pub mod diagnostic;
pub mod dockerfile;
pub mod fix;
pub mod k8s;
pub mod project;
pub mod registry;
pub mod render;
pub mod requirements;
pub mod rules;
pub mod secrets;
mod suppress;
pub mod text;
pub mod yaml;
pub mod yaml_edit;

#[cfg(test)]
mod testing;

pub use diagnostic::{Diagnostic, Related};
pub use project::ProjectFile;
pub use registry::{Checklist, FileKind, RuleMeta, Severity};
pub use text::{LineCol, LineIndex, TextRange};

use rules::{Check, DockerfileContext, KubernetesContext, RequirementsContext, RULES};

/// Lint one file of the given kind. Diagnostics are sorted by position, then code.
pub fn lint(kind: FileKind, source: &str) -> Vec<Diagnostic> {
    let mut diagnostics = match kind {
        FileKind::Dockerfile => lint_dockerfile(source),
        FileKind::Kubernetes => lint_kubernetes(source),
        FileKind::Requirements => lint_requirements(source),
    };
    diagnostics.sort_by(|a, b| (a.range, a.code).cmp(&(b.range, b.code)));
    diagnostics
}

fn lint_dockerfile(source: &str) -> Vec<Diagnostic> {
    if let Some(nul) = source.find('\0') {
        // Binary data: report it instead of finding nonsense in it.
        return vec![Diagnostic::new(
            &rules::dockerfile::ParseError::META,
            TextRange::new(nul, nul + 1),
            "This file contains a NUL byte: it looks like binary data, not a Dockerfile",
        )];
    }
    let dockerfile = dockerfile::parse(source);
    let mut diagnostics: Vec<Diagnostic> = dockerfile
        .errors
        .iter()
        .map(|e| Diagnostic::new(&rules::dockerfile::ParseError::META, e.range, &e.message))
        .collect();
    let model = dockerfile::Model::new(source, &dockerfile);
    let lines = LineIndex::new(source);
    let commands = rules::shell_commands(&model);
    let context = DockerfileContext {
        source,
        dockerfile: &dockerfile,
        model: &model,
        lines: &lines,
        commands: &commands,
    };
    for rule in RULES {
        if let Check::Dockerfile(check) = rule.check {
            check(&context, &mut diagnostics);
        }
    }
    suppress::apply(source, &dockerfile, &mut diagnostics);
    diagnostics
}

fn lint_kubernetes(source: &str) -> Vec<Diagnostic> {
    let parse_error = &rules::kubernetes::ParseError::META;
    if let Some(nul) = source.find('\0') {
        return vec![Diagnostic::new(
            parse_error,
            TextRange::new(nul, nul + 1),
            "This file contains a NUL byte: it looks like binary data, not YAML",
        )];
    }
    let yaml = yaml::Yaml::parse(source);
    let mut diagnostics = Vec::new();
    if let Some(error) = &yaml.error {
        diagnostics.push(Diagnostic::new(parse_error, error.range, &error.message));
    }
    let manifest = k8s::Manifest::new(&yaml);
    let context = KubernetesContext {
        source,
        yaml: &yaml,
        manifest: &manifest,
    };
    for rule in RULES {
        if let Check::Kubernetes(check) = rule.check {
            check(&context, &mut diagnostics);
        }
    }
    suppress::apply_by_line(source, &mut diagnostics);
    diagnostics
}

fn lint_requirements(source: &str) -> Vec<Diagnostic> {
    if let Some(nul) = source.find('\0') {
        return vec![Diagnostic::new(
            &rules::requirements::ParseError::META,
            TextRange::new(nul, nul + 1),
            "This file contains a NUL byte: it looks like binary data, not a requirements file",
        )];
    }
    let requirements = requirements::parse(source);
    let context = RequirementsContext {
        source,
        requirements: &requirements,
    };
    let mut diagnostics = Vec::new();
    for rule in RULES {
        if let Check::Requirements(check) = rule.check {
            check(&context, &mut diagnostics);
        }
    }
    suppress::apply_by_line(source, &mut diagnostics);
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
    let mut out: Vec<Vec<Diagnostic>> = files.iter().map(|f| lint(f.kind, f.source)).collect();
    let readable = |f: &ProjectFile<'_>, kind: FileKind| f.kind == kind && !f.source.contains('\0');
    let dockerfiles: Vec<(usize, dockerfile::Dockerfile)> = files
        .iter()
        .enumerate()
        .filter(|(_, f)| readable(f, FileKind::Dockerfile))
        .map(|(i, f)| (i, dockerfile::parse(f.source)))
        .collect();
    let yamls: Vec<(usize, yaml::Yaml)> = files
        .iter()
        .enumerate()
        .filter(|(_, f)| readable(f, FileKind::Kubernetes))
        .map(|(i, f)| (i, yaml::Yaml::parse(f.source)))
        .collect();
    if dockerfiles.is_empty() || yamls.is_empty() {
        return out;
    }
    let requirements: Vec<(usize, requirements::Requirements)> = files
        .iter()
        .enumerate()
        .filter(|(_, f)| readable(f, FileKind::Requirements))
        .map(|(i, f)| (i, requirements::parse(f.source)))
        .collect();
    let models: Vec<dockerfile::Model<'_>> = dockerfiles
        .iter()
        .map(|(i, d)| dockerfile::Model::new(files[*i].source, d))
        .collect();
    let manifests: Vec<k8s::Manifest<'_>> =
        yamls.iter().map(|(_, y)| k8s::Manifest::new(y)).collect();
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
    let mut cross: Vec<Vec<Diagnostic>> = vec![Vec::new(); files.len()];
    project::report(files, findings, &mut cross);
    for (i, mut found) in cross.into_iter().enumerate() {
        if found.is_empty() {
            continue;
        }
        match dockerfiles.iter().find(|(d, _)| *d == i) {
            Some((_, parsed)) => suppress::apply(files[i].source, parsed, &mut found),
            None => suppress::apply_by_line(files[i].source, &mut found),
        }
        out[i].extend(found);
        out[i].sort_by(|a, b| (a.range, a.code).cmp(&(b.range, b.code)));
    }
    out
}
