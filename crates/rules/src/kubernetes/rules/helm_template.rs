use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::engine::text::TextRange;

/// What only a Helm template writes: its objects, functions and control actions.
/// (`{{ $labels.instance }}` alone is not enough: Prometheus rules and Alertmanager
/// templates in ConfigMaps use the same braces.)
const HELM_MARKERS: &[&str] = &[
    ".Values", ".Release.", ".Chart.", ".Capabilities.", ".Files.", ".Template.",
    "include \"", "template \"", "toYaml", "nindent", "{{- if", "{{ if ", "{{- end", "{{ end",
    "{{- range", "{{ range ", "{{- with", "{{ with ", "{{- define", "{{ define ",
];

declare_rule! {
    /// ## What it does
    /// Recognises a Helm chart's template (`{{ .Values.image }}`, `{{- if ... }}`,
    /// `{{ include ... }}`, or any YAML under a `templates/` folder), its `Chart.yaml`
    /// and the files beside it (`values.yaml`), and reports each once, as not checked:
    /// nothing else is said about the file.
    ///
    /// ## Why is this bad?
    /// A template is not YAML until Helm renders it. Read as YAML, `{{ .Values.image }}`
    /// is a nested mapping and `{{- if }}` a syntax error, so a linter either buries you
    /// in parse errors or judges text that will never reach the cluster. The manifests
    /// that do reach it are what `helm template` prints.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: {{ include "app.fullname" . }}
    /// spec:
    ///   template:
    ///     spec:
    ///       containers:
    ///         - name: app
    ///           image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
    /// ```
    ///
    /// ## Use instead
    /// Lint what Helm renders: `helm template my-release ./chart | bulkhead lint -`
    /// (with `--stdin-filename rendered.yaml`).
    pub struct HelmTemplate {
        code: "KS006",
        name: "helm-template",
        severity: Info,
        file_kind: Kubernetes,
        checklist: None,
        sources: [Source::inspired(Tool::Helm, "template")],
        whole_file: true,
        not_checked: true,
        references: [],
    }
}

impl HelmTemplate {
    /// Whether the file at `path` is a chart's `Chart.yaml` (or `Chart.yml`).
    pub fn is_chart(path: &str) -> bool {
        let file = path.rsplit(['/', '\\']).next().unwrap_or_default();
        file.eq_ignore_ascii_case("Chart.yaml") || file.eq_ignore_ascii_case("Chart.yml")
    }

    /// The one finding for a Helm template or `Chart.yaml` at `path` (when known), or
    /// `None` for a file Helm has nothing to do with.
    /// `beside_chart`: a `Chart.yaml` is in the file's folder.
    pub fn detect(source: &str, path: Option<&str>, beside_chart: bool) -> Option<Diagnostic> {
        let path = path.unwrap_or_default().replace('\\', "/");
        // The chart's own files (its `Chart.yaml`, the values beside it): one note at
        // their first line.
        let chart_file = |message: &str| {
            let end = source.find('\n').unwrap_or(source.len());
            Diagnostic::new(&Self::META, TextRange::new(0, end), message)
                .with_help("Lint the chart's rendered manifests: `helm template my-release ./chart | bulkhead lint -`")
        };
        if Self::is_chart(&path) {
            return Some(chart_file("This is a Helm chart's `Chart.yaml`, not a manifest: nothing in it is checked"));
        }
        let action = source.find("{{").filter(|_| {
            HELM_MARKERS.iter().any(|m| source.contains(m))
        });
        let in_templates = path.starts_with("templates/") || path.contains("/templates/");
        if action.is_none() && !in_templates {
            return beside_chart.then(|| {
                chart_file("This file is beside a Helm chart's `Chart.yaml` (its values, or a file the chart reads): it is not a manifest, so it is not checked")
            });
        }
        let at = action.unwrap_or(0);
        let end = source[at..].find('\n').map_or(source.len(), |i| at + i);
        let line = source[..at].matches('\n').count() + 1;
        let message = if action.is_some() {
            format!("This is a Helm template (its first action is on line {line}): it is not YAML until Helm renders it, so it is not checked")
        } else {
            "This file is in a Helm chart's `templates/` folder: it is not YAML until Helm renders it, so it is not checked".to_owned()
        };
        Some(
            Diagnostic::new(&Self::META, TextRange::new(at, end), message)
                .with_help("Render the chart and lint the output: `helm template my-release ./chart | bulkhead lint -`"),
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::HelmTemplate::META)
            .pass(&[
                "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers: [{name: a, image: x}]\n",
                // Prometheus alert templates use the same braces.
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: rules}\ndata:\n  alerts.yml: |\n    groups:\n    - name: a\n      rules:\n      - alert: Down\n        annotations:\n          summary: \"{{ $labels.instance }} is down\"\n",
            ])
            .fail(&[
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include \"app.fullname\" . }}\n  labels:\n    {{- include \"app.labels\" . | nindent 4 }}\nspec:\n  {{- if not .Values.autoscaling.enabled }}\n  replicas: {{ .Values.replicaCount }}\n  {{- end }}\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }

    /// A Chart.yaml given with the files marks its folder as a chart's: `values.yaml`
    /// there is a chart's file; alone, it is YAML that is no manifest (KS005).
    #[test]
    fn files_beside_a_chart() {
        const VALUES: &str = "image:\n  repository: registry.example.com/app\n  tag: 1.0.0\nsecurityContext:\n  privileged: true\n";
        const CHART: &str = "apiVersion: v2\nname: app\nversion: 0.1.0\n";
        let rendered = crate::linter::testing::ProjectTest::new(&super::HelmTemplate::META)
            .pass(&[("chart/values.yaml", VALUES)])
            .fail(&[("chart/values.yaml", VALUES), ("chart/Chart.yaml", CHART)])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
