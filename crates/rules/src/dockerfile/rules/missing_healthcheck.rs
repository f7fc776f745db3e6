use crate::dockerfile::Keyword;
use crate::engine::diagnostic::Diagnostic;
use crate::dockerfile::Stage;
use crate::engine::fix::Fix;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags a shipped image with no `HEALTHCHECK` in its final stage or the stages it
    /// is built on. `HEALTHCHECK NONE` counts as a deliberate choice.
    ///
    /// ## Why is this bad?
    /// Without a health check, Docker and Compose only know whether the process exists,
    /// not whether it answers. Kubernetes ignores `HEALTHCHECK` and uses liveness and
    /// readiness probes instead, so declare the equivalent probe in the manifest as well.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// CMD ["python", "app.py"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// HEALTHCHECK --interval=30s --timeout=3s \
    ///   CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz')"]
    /// CMD ["python", "app.py"]
    /// ```
    ///
    /// ## Contested
    /// For: CIS Docker Benchmark 4.6 asks for a `HEALTHCHECK` in every image, and Docker,
    /// Compose and Swarm act on it (restart policies, `depends_on: condition:
    /// service_healthy`). Against: an image that only ever runs on Kubernetes gains
    /// nothing from it, since the kubelet ignores `HEALTHCHECK` and runs its own probes,
    /// and the check's command (`curl`, a Python one-liner) needs a tool the minimal
    /// image may not have. When the image's manifest is in the input and has probes, the
    /// manifest is what matters; the cross-file check XF007 offers its probe.
    ///
    /// ## Fix safety
    /// Unsafe: on bases whose Python or Node.js interpreter the catalog knows, a
    /// `HEALTHCHECK` that fetches `http://127.0.0.1:<port>/` with it goes before `CMD` or
    /// `ENTRYPOINT`, on the first exposed TCP port; the app must answer `/` there without
    /// an error status, or Docker marks the container unhealthy. With no `EXPOSE` the fix
    /// is display-only, with `<port>` to fill in. Other bases get no fix: Java's JRE, for
    /// one, cannot run a one-line check, so there the Kubernetes probes check the port.
    pub struct MissingHealthcheck {
        code: "DF500",
        name: "missing-healthcheck",
        severity: Info,
        file_kind: Dockerfile,
        checklist: Some(Checklist::HealthChecks),
        sources: [
            Source::same(Tool::Checkov, "CKV_DOCKER_2"),
            Source::same(Tool::Trivy, "DS-0026"),
            Source::same(Tool::Tally, "hadolint/DL3057"),
        ],
        fixes: [Unsafe, DisplayOnly],
        whole_file: true,
        references: [same(CIS_4_6)],
    }
}

/// A `HEALTHCHECK` with the image's own Python interpreter (it needs no curl), on the
/// port the image exposes. Unsafe (the app must answer on `/`); only a suggestion when
/// the port is not known. Nothing for images without a known interpreter.
fn healthcheck_fix<'a>(ctx: &DockerfileContext<'a>, stage: &'a Stage<'a>) -> Option<Fix> {
    let interpreter = ctx.base_facts(stage).and_then(|facts| facts.interpreter)?;
    let port = ctx
        .model
        .ancestry(stage)
        .iter()
        .flat_map(|s| s.exposed_ports())
        .find_map(|p| p.port.filter(|_| p.protocol == "tcp"));
    let port_text = port.map_or_else(|| "<port>".to_owned(), |p| p.to_string());
    // A one-line check in the image's own interpreter; Java's has none (a JRE cannot
    // run source), so there the probes check the port instead.
    let program = interpreter.rsplit('/').next().unwrap_or(interpreter);
    let line = if program.starts_with("python") {
        format!(
            "HEALTHCHECK CMD [\"{interpreter}\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:{port_text}/')\"]"
        )
    } else if matches!(program, "node" | "nodejs") {
        format!(
            "HEALTHCHECK CMD [\"{interpreter}\", \"-e\", \"require('http').get('http://127.0.0.1:{port_text}/', (r) => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))\"]"
        )
    } else {
        return None;
    };
    if port.is_none() {
        return Some(Fix::display_only(
            format!("Add `{line}` with the port the app listens on"),
            Vec::new(),
        ));
    }
    let edit = crate::dockerfile::edit::insert_before_command(ctx.source, stage, &line);
    Some(Fix::unsafe_(format!("Add `{line}`"), vec![edit]))
}

impl MissingHealthcheck {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        let Some(stage) = ctx.model.shipped() else {
            return;
        };
        // A snippet without `FROM` says nothing about the whole image.
        if stage.fragment {
            return;
        }
        if ctx.model.effective(stage, Keyword::Healthcheck).is_some() {
            return;
        }
        let range = stage.image_range();
        out.push(
            Diagnostic::new(&Self::META, range, "The shipped image has no `HEALTHCHECK`, so Docker cannot tell a hung app from a healthy one")
                .with_help("Add a `HEALTHCHECK` that uses a program the image has (e.g. the app's own interpreter), and matching liveness/readiness probes in Kubernetes")
                .with_fix_opt(healthcheck_fix(ctx, stage)),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::MissingHealthcheck::META)
            .pass(&[
                "FROM a\nHEALTHCHECK CMD [\"/app\", \"health\"]",
                "FROM a AS b\nHEALTHCHECK NONE\nFROM b",
            ])
            .fail(&[
                "FROM a\nCMD [\"x\"]",
                "FROM a AS b\nHEALTHCHECK CMD true\nFROM c",
                "FROM python:3.13-slim\nEXPOSE 8000\nUSER 65532\nCMD [\"python\", \"app.py\"]\n",
                "FROM gcr.io/distroless/python3-debian13:nonroot\nCOPY app.py /app/\n",
                "FROM node:24-slim\nEXPOSE 3000\nUSER 65532\nCMD [\"node\", \"server.js\"]\n",
                // The JRE has no one-line check: reported, no fix.
                "FROM eclipse-temurin:21-jre\nEXPOSE 8080\nUSER 65532\nCMD [\"java\", \"-jar\", \"app.jar\"]\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
