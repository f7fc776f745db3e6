use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::Fix;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::kubernetes::KubernetesContext;
use crate::yaml;

declare_rule! {
    /// ## What it does
    /// Flags long-running containers without a `livenessProbe` or a `readinessProbe`.
    /// Jobs and CronJobs, init and ephemeral containers are not checked.
    ///
    /// ## Why is this bad?
    /// Without a readiness probe, traffic reaches the pod before it can answer; without
    /// a liveness probe, a hung process is never restarted. A Dockerfile `HEALTHCHECK`
    /// does not help: Kubernetes ignores it.
    ///
    /// ## Example
    /// ```yaml
    /// - name: app
    ///   image: registry.example.com/app:1.4.2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - name: app
    ///   image: registry.example.com/app:1.4.2
    ///   readinessProbe:
    ///     httpGet: {path: /healthz, port: 8080}
    ///   livenessProbe:
    ///     httpGet: {path: /healthz, port: 8080}
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the probes are templates. Alone, a manifest gets `httpGet` on the
    /// container's first port and a placeholder `/healthz`, marked as such; with the
    /// Dockerfile it runs, they call what the image's `HEALTHCHECK` calls
    /// (`http://localhost:8000/health` becomes `{path: /health, port: 8000}`).
    pub struct MissingProbes {
        code: "KS303",
        name: "missing-probes",
        severity: Warning,
        file_kind: Kubernetes,
        checklist: Some(Checklist::HealthChecks),
        sources: [
            Source::same(Tool::KubeLinter, "no-liveness-probe"),
            Source::same(Tool::KubeLinter, "no-readiness-probe"),
            Source::same(Tool::Checkov, "CKV_K8S_8"),
            Source::same(Tool::Checkov, "CKV_K8S_9"),
            Source::same(Tool::Polaris, "readinessProbeMissing"),
            Source::same(Tool::Polaris, "livenessProbeMissing"),
            Source::same(Tool::KubeScore, "pod-probes"),
        ],
        fixes: [Unsafe],
        whole_file: true,
        references: [],
    }
}

/// The missing probes as `httpGet` templates: on `url` (the port and path the image's
/// own `HEALTHCHECK` calls, in a project) or else on the container's first port (else
/// 8080) and a placeholder path. Unsafe: the path must be one the app answers.
pub(crate) fn template(
    source: &str,
    container: &crate::kubernetes::Container<'_>,
    missing: &[&str],
    url: Option<&(u16, String)>,
) -> Option<Fix> {
    let first_port = || {
        container
            .list("ports")
            .iter()
            .find_map(|p| p.get("containerPort").and_then(crate::yaml::Node::int))
            .unwrap_or(8080)
    };
    let (port, path, note) = match url {
        Some((port, path)) => (
            i64::from(*port),
            path.as_str(),
            "  # what the image's HEALTHCHECK calls",
        ),
        None => (
            first_port(),
            "/healthz",
            "  # placeholder: a path the app answers when healthy",
        ),
    };
    let flow = yaml::edit::is_flow(source, container.node);
    let mut edits = Vec::new();
    for probe in missing {
        let mut value = format!("{{httpGet: {{path: {path}, port: {port}}}}}");
        if !flow {
            value.push_str(note);
        }
        edits.push(yaml::edit::add_entry(source, container.node, probe, &value)?);
    }
    // Both probes go after the last entry: join them into one insertion.
    let at = edits.first()?.range;
    let text: String = edits.iter().map(|e| e.replacement.as_str()).collect();
    Some(Fix::unsafe_(
        "Add probe templates",
        vec![crate::engine::fix::Edit::replace(at, text)],
    ))
}

pub(crate) fn missing<'c>(container: &crate::kubernetes::Container<'_>) -> Vec<&'c str> {
    ["readinessProbe", "livenessProbe"]
        .into_iter()
        .filter(|p| container.field(p).is_none())
        .collect()
}

impl MissingProbes {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for pod in &ctx.manifest.pods {
            let kind = ctx.manifest.object_of(pod).map(|o| o.kind);
            if matches!(kind, Some("Job" | "CronJob")) {
                continue;
            }
            for container in pod
                .containers
                .iter()
                .filter(|c| c.kind == crate::kubernetes::ContainerKind::Container && !c.bare_context)
            {
                let missing = missing(container);
                if missing.is_empty() {
                    continue;
                }
                let names = missing
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(" or ");
                out.push(
                    Diagnostic::new(&Self::META, container.anchor(), format!("{} has no {names}: Kubernetes cannot tell when it is ready or stuck (it ignores the image's HEALTHCHECK)", container.label()))
                        .with_help("Add probes that call the app itself, e.g. `httpGet: {path: /healthz, port: 8080}`")
                        .with_fix_opt(template(ctx.source, container, &missing, None)),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;
    use crate::{FileKind, ProjectFile, Linter};

    #[test]
    fn in_a_project_the_probes_call_what_the_healthcheck_calls() {
        let dockerfile = "FROM python:3.13-slim\nUSER 65532\nEXPOSE 8000\nHEALTHCHECK CMD python -c \"import urllib.request; urllib.request.urlopen('http://localhost:8000/health')\"\nCMD [\"python\", \"app.py\"]\n";
        let manifest = "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: registry.example/app:1.0\n        ports:\n        - containerPort: 9000\n";
        let files = [
            ProjectFile {
                path: "Dockerfile",
                kind: FileKind::Dockerfile,
                source: dockerfile,
            },
            ProjectFile {
                path: "deploy.yaml",
                kind: FileKind::Kubernetes,
                source: manifest,
            },
        ];
        let found = Linter::new().check(&files).diagnostics;
        let probes = found[1]
            .iter()
            .find(|d| d.code == "KS303")
            .and_then(|d| d.fix.as_ref())
            .expect("KS303 with a fix");
        let text: String = probes
            .edits
            .iter()
            .map(|e| e.replacement.as_str())
            .collect();
        assert!(
            text.contains("{httpGet: {path: /health, port: 8000}}"),
            "{text}"
        );
        assert!(!text.contains("/healthz"), "{text}");
        // Alone, the manifest gets the placeholder on its own port.
        let alone = crate::Linter::new().lint(FileKind::Kubernetes, manifest);
        let fix = alone
            .iter()
            .find(|d| d.code == "KS303")
            .and_then(|d| d.fix.as_ref())
            .expect("fix");
        assert!(fix.edits[0]
            .replacement
            .contains("{httpGet: {path: /healthz, port: 9000}}"));
    }

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::MissingProbes::META)
            .pass(&[
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    readinessProbe: {tcpSocket: {port: 80}}\n    livenessProbe: {tcpSocket: {port: 80}}\n",
                "kind: Job\nspec:\n  template:\n    spec:\n      containers: [{name: a, image: x}]\n",
            ])
            .fail(&["kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: x\n        readinessProbe: {tcpSocket: {port: 80}}\n"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
