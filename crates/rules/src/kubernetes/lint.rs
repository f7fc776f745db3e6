//! Linting one manifest: its parse error, then what each rule's check finds (before the
//! Namespace levels, the suppressions and the user's choices, which the linter applies).

use crate::engine::diagnostic::Diagnostic;
use crate::kubernetes::rules::{HelmTemplate, Kustomization, ParseError};
use crate::kubernetes::{KubernetesContext, Manifest};
use crate::yaml::Yaml;

/// A Kubernetes rule's check.
pub(crate) type Check = fn(&KubernetesContext<'_>, &mut Vec<Diagnostic>);

/// The findings of `checks` on a parsed manifest (at `path`, when known), after its
/// parse error, among the `project`'s manifests. A Helm template or a Kustomize file
/// gets one finding that says it is not checked, and nothing else.
pub(crate) fn lint(
    source: &str,
    path: Option<&str>,
    beside_chart: bool,
    yaml: &Yaml,
    manifest: &Manifest<'_>,
    project: &[Manifest<'_>],
    checks: impl IntoIterator<Item = Check>,
) -> Vec<Diagnostic> {
    if let Some(unjudged) = HelmTemplate::detect(source, path, beside_chart)
        .or_else(|| Kustomization::detect(manifest, path))
    {
        return vec![unjudged];
    }
    let mut diagnostics = Vec::new();
    if let Some(error) = &yaml.error {
        diagnostics.push(Diagnostic::new(
            &ParseError::META,
            error.range,
            &error.message,
        ));
    }
    let context = KubernetesContext {
        source,
        yaml,
        manifest,
        project,
    };
    for check in checks {
        check(&context, &mut diagnostics);
    }
    diagnostics
}
