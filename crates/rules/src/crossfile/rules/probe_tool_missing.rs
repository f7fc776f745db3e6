use crate::dockerfile::Keyword;
use crate::dockerfile::Form;
use crate::crossfile::{CrossFinding, Built, ProjectContext};
use crate::engine::registry::{declare_rule, Checklist};
use crate::requirements::normalise_name;
use crate::engine::text::TextRange;
use crate::yaml::Node;

/// Python modules that ship with the interpreter.
const STDLIB: &[&str] = &[
    "os",
    "sys",
    "json",
    "socket",
    "http",
    "urllib",
    "ssl",
    "time",
    "subprocess",
    "pathlib",
    "sqlite3",
    "asyncio",
    "signal",
    "importlib",
    "platform",
    "re",
    "logging",
];

/// Import names whose distribution on `PyPI` is called something else.
const DISTRIBUTIONS: &[(&str, &str)] = &[
    ("yaml", "pyyaml"),
    ("PIL", "pillow"),
    ("cv2", "opencv-python"),
    ("sklearn", "scikit-learn"),
    ("bs4", "beautifulsoup4"),
    ("dateutil", "python-dateutil"),
    ("jwt", "pyjwt"),
    ("psycopg2", "psycopg2-binary"),
];

declare_rule! {
    /// ## What it does
    /// Flags probe and `HEALTHCHECK` commands that cannot run in the image: a shell
    /// (`sh -c ...`) in an image without one, `curl`/`wget` in an image that lacks
    /// them (distroless, Chainguard, scratch), or `python -c "import requests"` when a
    /// `requirements.txt` is given and does not list that package. A Compose service's
    /// `healthcheck` is checked against the image it is built from in the same way.
    ///
    /// ## Why is this bad?
    /// The probe fails every time: a liveness probe then restarts a healthy pod
    /// forever, a readiness probe keeps it out of service.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM gcr.io/distroless/python3-debian13
    /// ```
    /// ```yaml
    /// containers:
    ///   - name: app
    ///     image: registry.example.com/app:1.0.0
    ///     livenessProbe:
    ///       exec: {command: ["curl", "-f", "http://localhost:8080/healthz"]}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// livenessProbe:
    ///   httpGet: {path: /healthz, port: 8080}
    /// ```
    pub struct ProbeToolMissing {
        code: "XF008",
        name: "probe-tool-missing",
        severity: Error,
        file_kind: Project,
        checklist: Some(Checklist::HealthChecks),
        sources: [],
        whole_file: true,
        references: [],
    }
}

/// What is wrong with running `command` in the image, if anything.
fn problem(image: &Built<'_, '_>, ctx: &ProjectContext<'_>, command: &[String]) -> Option<String> {
    let program = command.first()?.rsplit('/').next().unwrap_or_default();
    let facts = image.base_facts();
    if crate::dockerfile::syntax::shell::is_posix_shell(program) {
        if facts.is_some_and(|f| !f.shell)
            && !image.dockerfile.read.provides(image.shipped, program)
        {
            return Some(format!("runs `{program}`, but the image has no shell"));
        }
        return None;
    }
    if matches!(program, "curl" | "wget") {
        let known = facts.is_some();
        if known
            && !facts.is_some_and(|f| f.has_tool(program))
            && !image.dockerfile.read.provides(image.shipped, program)
        {
            return Some(format!("runs `{program}`, which the image does not have"));
        }
        return None;
    }
    if program.starts_with("python")
        && command.get(1).map(String::as_str) == Some("-c")
        && !ctx.requirements.is_empty()
    {
        let code = command.get(2)?;
        let (top, wanted) = unlisted_import(ctx, code)?;
        return Some(format!(
            "imports `{top}`, but no requirements file lists `{wanted}`"
        ));
    }
    None
}

/// The first module a `python -c` script imports that no requirements file lists:
/// `(import name, distribution name)`. Standard-library modules are skipped.
fn unlisted_import(ctx: &ProjectContext<'_>, code: &str) -> Option<(String, String)> {
    for module in imports(code) {
        let top = module.split('.').next().unwrap_or_default();
        if STDLIB.contains(&top) {
            continue;
        }
        let wanted = DISTRIBUTIONS
            .iter()
            .find(|(m, _)| *m == top)
            .map_or_else(|| normalise_name(top), |(_, d)| (*d).to_owned());
        let listed = ctx.requirements.iter().any(|unit| {
            unit.requirements
                .hashable()
                .iter()
                .any(|r| r.name.as_deref() == Some(wanted.as_str()))
        });
        if !listed {
            return Some((top.to_owned(), wanted));
        }
    }
    None
}

/// Modules named by `import a, b` and `from a import b` in a `python -c` script.
fn imports(code: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for statement in code.split([';', '\n']) {
        let statement = statement.trim();
        if let Some(rest) = statement.strip_prefix("import ") {
            found.extend(rest.split(',').filter_map(|m| m.split_whitespace().next()));
        } else if let Some(rest) = statement.strip_prefix("from ") {
            found.extend(rest.split_whitespace().next());
        }
    }
    found
}

impl ProbeToolMissing {
    pub fn check(ctx: &ProjectContext<'_>, out: &mut Vec<CrossFinding>) {
        for paired in ctx.paired() {
            let mut handlers: Vec<(&str, Node<'_>)> = Vec::new();
            for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
                handlers.extend(paired.container.node.get(probe).map(|n| (probe, n)));
            }
            if let Some(lifecycle) = paired.container.node.get("lifecycle") {
                handlers.extend(lifecycle.get("postStart").map(|n| ("postStart hook", n)));
                handlers.extend(lifecycle.get("preStop").map(|n| ("preStop hook", n)));
            }
            for (what, handler) in handlers {
                let Some(command) = handler.path(&["exec", "command"]) else {
                    continue;
                };
                let items = command.items();
                let words: Vec<String> = items
                    .iter()
                    .filter_map(|i| i.str().map(str::to_owned))
                    .collect();
                let Some(problem) = problem(&paired.image(), ctx, &words) else {
                    continue;
                };
                let at = items.first().map_or_else(|| command.range(), |i| i.range());
                out.push(
                    CrossFinding::new(&Self::META, format!("The {what} {problem}: it fails every time {}", paired.assumption()), (paired.manifest.file, at))
                        .help("Use an `httpGet` or `tcpSocket` probe, which needs nothing inside the image, or a program the image has")
                        .note(format!("the {what}'s command"))
                        .other(paired.dockerfile.file, paired.base_range(), "the image's base"),
                );
            }
        }
        // Compose health checks of services built from a Dockerfile of the project.
        for built in ctx.built() {
            let Some(test) = built.service.path(&["healthcheck", "test"]) else {
                continue;
            };
            let items: Vec<String> = if test.is_sequence() {
                test.items().iter().filter_map(|i| i.str().map(str::to_owned)).collect()
            } else {
                test.str().map(|t| vec!["CMD-SHELL".to_owned(), t.to_owned()]).unwrap_or_default()
            };
            // `CMD` runs its words; `CMD-SHELL` runs them with `/bin/sh -c`.
            let command: Vec<String> = match items.split_first() {
                Some((how, rest)) if how == "CMD" => rest.to_vec(),
                Some((how, rest)) if how == "CMD-SHELL" => {
                    let line = rest.join(" ");
                    let shell = vec!["/bin/sh".to_owned(), "-c".to_owned(), line.clone()];
                    if problem(&built.image, ctx, &shell).is_some() {
                        shell
                    } else {
                        line.split_whitespace().map(str::to_owned).collect()
                    }
                }
                _ => continue,
            };
            let Some(problem) = problem(&built.image, ctx, &command) else {
                continue;
            };
            out.push(
                CrossFinding::new(&Self::META, format!("The health check {problem}: it fails every time, and the service is marked unhealthy {}", built.assumption()), (built.compose.file, test.range()))
                    .help("Use a program the image has (the app's own health command, or a small static probe binary copied in), or an image with the tool")
                    .note("the service's health check")
                    .other(built.image.dockerfile.file, built.image.base_range(), "the image's base"),
            );
        }
        // HEALTHCHECK commands against the requirements files.
        for unit in &ctx.dockerfiles {
            let Some(shipped) = unit.read.shipped() else {
                continue;
            };
            let Some(healthcheck) = unit.read.effective(shipped, Keyword::Healthcheck) else {
                continue;
            };
            let Some((Form::Exec(words), _)) = healthcheck.healthcheck_command() else {
                continue;
            };
            let Some(requirements) = ctx.requirements.first() else {
                continue;
            };
            let command: Vec<String> = words.iter().map(|w| w.text.clone()).collect();
            let Some(program) = command.first() else {
                continue;
            };
            if !program
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .starts_with("python")
                || command.get(1).map(String::as_str) != Some("-c")
            {
                continue;
            }
            let code = command.get(2).map_or("", String::as_str);
            if let Some((top, wanted)) = unlisted_import(ctx, code) {
                let at: TextRange = words.get(2).map_or(healthcheck.keyword_range, |w| w.range);
                out.push(
                    CrossFinding::new(&Self::META, format!("The health check imports `{top}`, but `{}` does not list `{wanted}`: the check fails every time", requirements.path), (unit.file, at))
                        .help(format!("Use the standard library (`urllib.request`) in the health check, or add `{wanted}` to the requirements")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::ProjectTest;

    const DISTROLESS: &str = "FROM gcr.io/distroless/python3-debian13:nonroot\nCOPY app.py /app/\n";
    const CURL_PROBE: &str = "kind: Pod\nspec:\n  containers:\n  - name: app\n    image: registry.example/app:1.0\n    livenessProbe:\n      exec:\n        command: [\"curl\", \"-f\", \"http://localhost:8080/\"]\n    readinessProbe:\n      exec: {command: [sh, -c, \"test -f /tmp/ready\"]}\n";

    #[test]
    fn cases() {
        let rendered = ProjectTest::new(&super::ProbeToolMissing::META)
            .pass(&[("Dockerfile", "FROM python:3.13-slim\nRUN apt-get install -y curl\n"), ("deploy.yaml", CURL_PROBE)])
            .pass(&[
                ("Dockerfile", "FROM python:3.13-slim\nHEALTHCHECK CMD [\"python\", \"-c\", \"import requests; requests.get('http://127.0.0.1:8080')\"]\n"),
                ("deploy.yaml", "kind: Pod\nspec:\n  containers: [{name: app, image: registry.example/app:1.0}]\n"),
                ("requirements.txt", "requests==2.32.3\n"),
            ])
            .fail(&[("Dockerfile", DISTROLESS), ("deploy.yaml", CURL_PROBE)])
            .fail(&[
                ("Dockerfile", "FROM python:3.13-slim\nHEALTHCHECK CMD [\"python\", \"-c\", \"import requests; requests.get('http://127.0.0.1:8080')\"]\n"),
                ("deploy.yaml", "kind: Pod\nspec:\n  containers: [{name: app, image: registry.example/app:1.0}]\n"),
                ("requirements.txt", "flask==3.1.1\n"),
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }

    /// A Compose health check runs in the service's image too.
    #[test]
    fn compose_health_checks() {
        let rendered = ProjectTest::new(&super::ProbeToolMissing::META)
            .pass(&[("compose.yaml", "services:\n  web:\n    build: .\n    healthcheck:\n      test: [\"CMD\", \"/app/healthcheck\"]\n"), ("Dockerfile", "FROM gcr.io/distroless/static-debian13\nCOPY healthcheck /app/healthcheck\n")])
            .pass(&[("compose.yaml", "services:\n  web:\n    build: .\n    healthcheck:\n      test: curl -f http://localhost:8080/\n"), ("Dockerfile", "FROM python:3.13\n")])
            .fail(&[("compose.yaml", "services:\n  web:\n    build: .\n    healthcheck:\n      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost:8080/\"]\n"), ("Dockerfile", "FROM gcr.io/distroless/static-debian13\n")])
            .fail(&[("compose.yaml", "services:\n  web:\n    build: .\n    healthcheck:\n      test: [\"CMD-SHELL\", \"wget -q -O- http://localhost/ || exit 1\"]\n"), ("Dockerfile", "FROM gcr.io/distroless/static-debian13\n")])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
