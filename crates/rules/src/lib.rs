//! bulkhead's rules: parse Dockerfiles, Kubernetes manifests and requirements files,
//! and report findings at exact byte ranges.
//!
//! This crate is pure: `&str` in, [`Diagnostic`]s out. No I/O, no globals, no
//! browser types; the CLI and the web playground are thin shells over it.

pub mod catalog;
pub mod diagnostic;
pub mod dockerfile;
pub mod k8s;
pub mod registry;
pub mod render;
pub mod requirements;
pub mod rules;
pub mod secrets;
mod suppress;
pub mod text;
pub mod yaml;

#[cfg(test)]
mod testing;

pub use diagnostic::Diagnostic;
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
