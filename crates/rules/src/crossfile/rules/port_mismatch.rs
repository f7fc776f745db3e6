use crate::crossfile::{CrossFinding, Paired, PerDockerfile, ProjectContext};
use crate::engine::registry::declare_rule;
use crate::engine::text::TextRange;
use crate::yaml::Node;

declare_rule! {
    /// ## What it does
    /// Compares the ports each file declares for the same container: the image's
    /// `EXPOSE`, the container's `containerPort`s, the probes' ports, and the
    /// `targetPort` of Services that select the pod (by number or by port name); and a
    /// Compose service's container ports (`"80:8080"` → 8080) against the `EXPOSE` of
    /// the Dockerfile it is built from.
    ///
    /// ## Why is this bad?
    /// A Service whose `targetPort` nothing listens on answers "connection refused"; a
    /// probe on the wrong port restarts a healthy pod forever. Each file looks fine on
    /// its own, so no single-file linter sees it.
    ///
    /// ## Example
    /// ```dockerfile
    /// EXPOSE 8000
    /// ```
    /// ```yaml
    /// containers:
    ///   - name: app
    ///     image: registry.example.com/app:1.0.0
    ///     ports: [{containerPort: 8080}]
    ///     readinessProbe: {httpGet: {path: /healthz, port: 8080}}
    /// ```
    ///
    /// ## Use instead
    /// One port everywhere, named once (`ports: [{name: http, containerPort: 8000}]`)
    /// and referred to by name (`port: http`, `targetPort: http`).
    pub struct PortMismatch {
        code: "XF005",
        name: "port-mismatch",
        severity: Warning,
        file_kind: Project,
        checklist: None,
        sources: [],
        whole_file: true,
        references: [],
    }
}

/// The container's declared ports: `(number, name, where)`.
fn container_ports<'y>(paired: &Paired<'_, 'y>) -> Vec<(Option<i64>, Option<&'y str>, TextRange)> {
    paired
        .container
        .list("ports")
        .into_iter()
        .filter_map(|port| {
            let number = port.entry("containerPort")?;
            Some((
                number.value.int(),
                port.get("name").and_then(Node::str),
                number.value.range(),
            ))
        })
        .collect()
}

/// The image's `EXPOSE`d TCP ports with where each is written.
fn exposed(paired: &Paired<'_, '_>) -> Vec<(i64, TextRange)> {
    paired
        .shipped_chain()
        .iter()
        .flat_map(|stage| stage.exposed_ports())
        .filter(|p| p.protocol == "tcp")
        .filter_map(|p| Some((i64::from(p.port?), p.word.range)))
        .collect()
}

impl PortMismatch {
    pub fn check(ctx: &ProjectContext<'_>, out: &mut Vec<CrossFinding>) {
        let mut exposed_by = PerDockerfile::default();
        for paired in ctx.paired() {
            let declared = container_ports(&paired);
            let exposed = exposed_by.get(&paired, exposed);
            let manifest = paired.manifest.file;
            let dockerfile = paired.dockerfile.file;
            // containerPort vs EXPOSE.
            if let Some(&(_, expose_at)) = exposed.first() {
                for &(number, _, at) in &declared {
                    let Some(number) = number else { continue };
                    if exposed.iter().any(|(p, _)| *p == number) {
                        continue;
                    }
                    let list = exposed
                        .iter()
                        .map(|(p, _)| p.to_string())
                        .collect::<Vec<_>>()
                        .join(", ");
                    out.push(
                        CrossFinding::new(&Self::META, format!("The container declares port {number}, but the image exposes {list}: one of them is not where the app listens {}", paired.assumption()), (manifest, at))
                            .help("Use the port the app really listens on in both files")
                            .note(format!("the container declares port {number}"))
                            .other(dockerfile, expose_at, format!("the image exposes {list}")),
                    );
                }
            }
            let known: Vec<i64> = declared
                .iter()
                .filter_map(|d| d.0)
                .chain(exposed.iter().map(|e| e.0))
                .collect();
            let names: Vec<&str> = declared.iter().filter_map(|d| d.1).collect();
            // Probe ports.
            for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
                let Some(handler) = paired.container.node.get(probe) else {
                    continue;
                };
                for action in ["httpGet", "tcpSocket", "grpc"] {
                    let Some(port) = handler.path(&[action, "port"]) else {
                        continue;
                    };
                    let problem = match port.int() {
                        Some(n) if !known.is_empty() && !known.contains(&n) => format!("The {probe} checks port {n}, which neither the container nor the image declares: the probe fails and the pod {}", if probe == "readinessProbe" { "never receives traffic" } else { "is restarted over and over" }),
                        None => match port.str() {
                            Some(name) if !names.contains(&name) => format!("The {probe} uses the port name `{name}`, but the container names no port `{name}`"),
                            _ => continue,
                        },
                        _ => continue,
                    };
                    let mut finding = CrossFinding::new(&Self::META, format!("{problem} {}", paired.assumption()), (manifest, port.range()))
                        .help("Point the probe at the port the app listens on, preferably by the name given in `ports`");
                    if let Some(&(_, at)) = exposed.first() {
                        finding = finding.note("the probe's port").other(
                            dockerfile,
                            at,
                            "the ports the image exposes",
                        );
                    }
                    out.push(finding);
                }
            }
            services(ctx, &paired, &declared, &known, &names, out);
        }
        Self::check_compose(ctx, out);
    }

    /// A Compose service's container ports against its image's `EXPOSE`.
    fn check_compose(ctx: &ProjectContext<'_>, out: &mut Vec<CrossFinding>) {
        for built in ctx.built() {
            let exposed = built.image.exposed();
            let Some(&(_, expose_at)) = exposed.first() else { continue };
            let list = exposed
                .iter()
                .map(|(p, _)| p.to_string())
                .collect::<Vec<_>>()
                .join(", ");
            for port in built.service.ports() {
                let Some(target) = port.target else { continue };
                if exposed.iter().any(|(p, _)| *p == target) {
                    continue;
                }
                out.push(
                    CrossFinding::new(&Self::META, format!("The service sends traffic to port {target}, but the image exposes {list}: one of them is not where the app listens {}", built.assumption()), (built.compose.file, port.node.range()))
                        .help("Use the port the app really listens on in both files")
                        .note(format!("the service publishes container port {target}"))
                        .other(built.image.dockerfile.file, expose_at, format!("the image exposes {list}")),
                );
            }
        }
    }
}

/// Services in any manifest that select the pod, against the container's ports.
fn services(
    ctx: &ProjectContext<'_>,
    paired: &Paired<'_, '_>,
    declared: &[(Option<i64>, Option<&str>, TextRange)],
    known: &[i64],
    names: &[&str],
    out: &mut Vec<CrossFinding>,
) {
    let manifest = paired.manifest.file;
    for (unit, service) in ctx.services_of(paired.pod) {
            for port in service
                .node
                .path(&["spec", "ports"])
                .map(Node::items)
                .unwrap_or_default()
            {
                let Some(target) = port.get("targetPort").or_else(|| port.get("port")) else {
                    continue;
                };
                let problem = match target.int() {
                    Some(n) if !known.is_empty() && !known.contains(&n) => format!("This Service sends traffic to port {n}, which neither the container nor the image declares: clients get \"connection refused\""),
                    None => match target.str() {
                        Some(name) if !names.contains(&name) => format!("This Service targets the port name `{name}`, but the container names no port `{name}`: the Service has no endpoints"),
                        _ => continue,
                    },
                    _ => continue,
                };
                let (other_at, note) = declared.first().map_or(
                    (
                        paired.container.anchor(),
                        "the container the Service selects",
                    ),
                    |d| (d.2, "the container's ports"),
                );
                out.push(
                    CrossFinding::new(&PortMismatch::META, format!("{problem} {}", paired.assumption()), (unit.file, target.range()))
                        .help("Target the container's port by its name (`targetPort: http`) so the two cannot drift apart")
                        .note("the Service's target port")
                        .other(manifest, other_at, note),
                );
            }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::ProjectTest;

    const DOCKERFILE: &str = "FROM python:3.13-slim\nEXPOSE 8000\nUSER 65532\n";
    const GOOD: &str = "kind: Deployment\nspec:\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - name: app\n        image: registry.example/app:1.0\n        ports: [{name: http, containerPort: 8000}]\n        readinessProbe: {httpGet: {path: /healthz, port: http}}\n---\nkind: Service\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: http}]\n";
    const BAD: &str = "kind: Deployment\nspec:\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - name: app\n        image: registry.example/app:1.0\n        ports: [{name: http, containerPort: 8080}]\n        livenessProbe: {httpGet: {path: /healthz, port: 9090}}\n";
    const SERVICE: &str = "kind: Service\nspec:\n  selector: {app: web}\n  ports:\n  - port: 80\n    targetPort: web\n";

    #[test]
    fn cases() {
        let rendered = ProjectTest::new(&super::PortMismatch::META)
            .pass(&[("Dockerfile", DOCKERFILE), ("deploy.yaml", GOOD)])
            .fail(&[
                ("Dockerfile", DOCKERFILE),
                ("deploy.yaml", BAD),
                ("service.yaml", SERVICE),
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }

    /// A Compose service's container port against `EXPOSE`.
    #[test]
    fn compose_ports() {
        let rendered = ProjectTest::new(&super::PortMismatch::META)
            .pass(&[("compose.yaml", "services:\n  web:\n    build: .\n    ports: [\"80:8080\"]\n"), ("Dockerfile", "FROM python:3.13-slim\nEXPOSE 8080\n")])
            .pass(&[("compose.yaml", "services:\n  web:\n    build: .\n    ports: [\"80:8080\"]\n"), ("Dockerfile", "FROM python:3.13-slim\n")])
            .fail(&[("compose.yaml", "services:\n  web:\n    build: .\n    ports:\n      - \"8000:8000\"\n"), ("Dockerfile", "FROM python:3.13-slim\nEXPOSE 8080\n")])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
