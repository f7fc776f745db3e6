use crate::dockerfile::Keyword;
use std::fmt::Write as _;

use crate::dockerfile::{Command, Form};
use crate::kubernetes::ContainerKind;
use crate::crossfile::{CrossFinding, ProjectContext};
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};

declare_rule! {
    /// ## What it does
    /// Flags an image with a `HEALTHCHECK` run by a container that has neither a
    /// `livenessProbe` nor a `readinessProbe`, and offers the equivalent probe.
    ///
    /// ## Why is this bad?
    /// Kubernetes ignores `HEALTHCHECK` entirely. The check the image's author wrote
    /// never runs, and a hung process is never restarted.
    ///
    /// ## Example
    /// ```dockerfile
    /// HEALTHCHECK --interval=30s CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz')"]
    /// ```
    /// ```yaml
    /// containers:
    ///   - name: app
    ///     image: registry.example.com/app:1.0.0
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// livenessProbe:
    ///   exec:
    ///     command: ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz')"]
    ///   periodSeconds: 30
    /// ```
    /// (or, better, `httpGet: {path: /healthz, port: 8080}`, which needs nothing in the
    /// image).
    pub struct HealthcheckWithoutProbes {
        code: "XF007",
        name: "healthcheck-without-probes",
        severity: Warning,
        file_kind: Project,
        checklist: Some(Checklist::HealthChecks),
        sources: [Source::inspired(Tool::KubeLinter, "no-liveness-probe")],
        whole_file: true,
        references: [],
    }
}

/// The port and path of the first `http://localhost:PORT/PATH` (or `127.0.0.1`) in a
/// health-check command: such a check is an `httpGet` probe, which needs nothing in
/// the image.
fn local_url(text: &str) -> Option<(u16, String)> {
    let start = ["http://localhost", "http://127.0.0.1"]
        .iter()
        .filter_map(|prefix| text.find(prefix).map(|at| at + prefix.len()))
        .min()?;
    let rest = &text[start..];
    let (port, rest) = match rest.strip_prefix(':') {
        Some(after) => {
            let digits = after
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(after.len());
            (after[..digits].parse().ok()?, &after[digits..])
        }
        None => (80, rest),
    };
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '\'' | '"' | ')' | ';'))
        .unwrap_or(rest.len());
    let path = if rest[..end].starts_with('/') {
        &rest[..end]
    } else {
        "/"
    };
    Some((port, path.to_owned()))
}

/// The port and path the image's own `HEALTHCHECK` calls on localhost, if it does.
pub(crate) fn healthcheck_url(paired: &crate::crossfile::Paired<'_, '_>) -> Option<(u16, String)> {
    paired
        .effective(Keyword::Healthcheck)
        .filter(|h| !h.is_healthcheck_none())
        .and_then(|h| local_url(h.body()))
}

/// `30s`, `1m30s`, `500ms` → whole seconds (at least 1). Fractions (`1.5s`) are not
/// read; Docker's own files rarely use them.
fn seconds(duration: &str) -> Option<u64> {
    let mut millis: u64 = 0;
    let mut number: u64 = 0;
    let mut digits = false;
    let mut chars = duration.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(d) = c.to_digit(10) {
            number = number.checked_mul(10)?.checked_add(u64::from(d))?;
            digits = true;
            continue;
        }
        if !digits {
            return None;
        }
        let unit = match c {
            'h' => 3_600_000,
            'm' if chars.peek() == Some(&'s') => {
                chars.next();
                1
            }
            'm' => 60_000,
            's' => 1_000,
            _ => return None,
        };
        millis = millis.checked_add(number.checked_mul(unit)?)?;
        number = 0;
        digits = false;
    }
    if digits {
        return None;
    }
    Some(millis.div_ceil(1_000).max(1))
}

impl HealthcheckWithoutProbes {
    pub fn check(ctx: &ProjectContext<'_>, out: &mut Vec<CrossFinding>) {
        for paired in ctx.paired() {
            if paired.container.kind != ContainerKind::Container
                || paired.container.field("livenessProbe").is_some()
                || paired.container.field("readinessProbe").is_some()
            {
                continue;
            }
            let Some(healthcheck) = paired.effective(Keyword::Healthcheck) else {
                continue;
            };
            let Some((form, commands)) = healthcheck.healthcheck_command() else {
                continue;
            };
            let command: Vec<String> = match form {
                Form::Exec(words) => words.iter().map(|w| w.text.clone()).collect(),
                Form::Shell => {
                    let script = commands
                        .iter()
                        .filter_map(Command::range)
                        .map(|r| r.slice(paired.dockerfile.source))
                        .collect::<Vec<_>>();
                    let first = commands.first().and_then(Command::range);
                    let last = commands.last().and_then(Command::range);
                    let text = match (first, last) {
                        (Some(a), Some(b)) => a.cover(b).slice(paired.dockerfile.source).to_owned(),
                        _ => script.join(" "),
                    };
                    vec!["/bin/sh".to_owned(), "-c".to_owned(), text]
                }
                Form::Invalid(_) => continue,
            };
            let quoted: Vec<String> = command.iter().map(|w| format!("{w:?}")).collect();
            let url = local_url(&command.join(" "));
            let better = if url.is_some() {
                ""
            } else {
                " (an `httpGet` probe is better still: it needs nothing inside the image)"
            };
            let mut probe = match url {
                Some((port, path)) => {
                    format!("livenessProbe: {{httpGet: {{path: {path}, port: {port}}}")
                }
                None => format!(
                    "livenessProbe: {{exec: {{command: [{}]}}",
                    quoted.join(", ")
                ),
            };
            if let Some(period) = healthcheck
                .flag("interval")
                .and_then(|f| f.value)
                .and_then(|v| seconds(&v))
            {
                let _ = write!(probe, ", periodSeconds: {period}");
            }
            if let Some(timeout) = healthcheck
                .flag("timeout")
                .and_then(|f| f.value)
                .and_then(|v| seconds(&v))
            {
                let _ = write!(probe, ", timeoutSeconds: {timeout}");
            }
            probe.push('}');
            out.push(
                CrossFinding::new(
                    &Self::META,
                    format!("The image has a `HEALTHCHECK`, but Kubernetes ignores it and this container has no probes: a hung process is never restarted {}", paired.assumption()),
                    (paired.manifest.file, paired.container.anchor()),
                )
                .help(format!("Add the equivalent probe to the container: `{probe}`{better}"))
                .note("the container without probes")
                .other(paired.dockerfile.file, healthcheck.keyword_range, "Kubernetes does not run this health check"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::ProjectTest;

    const DOCKERFILE: &str = "FROM python:3.13-slim\nUSER 65532\nHEALTHCHECK --interval=30s --timeout=3s CMD [\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/')\"]\n";
    const NO_PROBES: &str = "kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: registry.example/app:1.0\n";

    #[test]
    fn local_urls_become_http_probes() {
        assert_eq!(
            super::local_url("curl -f http://localhost:8080/healthz || exit 1"),
            Some((8080, "/healthz".to_owned()))
        );
        assert_eq!(
            super::local_url("urlopen('http://127.0.0.1:8000')"),
            Some((8000, "/".to_owned()))
        );
        assert_eq!(
            super::local_url("wget -q http://localhost/"),
            Some((80, "/".to_owned()))
        );
        assert_eq!(super::local_url("pg_isready"), None);
    }

    #[test]
    fn seconds_from_docker_durations() {
        assert_eq!(super::seconds("30s"), Some(30));
        assert_eq!(super::seconds("1m30s"), Some(90));
        assert_eq!(super::seconds("500ms"), Some(1));
        assert_eq!(super::seconds("x"), None);
    }

    #[test]
    fn cases() {
        let rendered = ProjectTest::new(&super::HealthcheckWithoutProbes::META)
            .pass(&[("Dockerfile", DOCKERFILE), ("deploy.yaml", "kind: Pod\nspec:\n  containers:\n  - name: app\n    image: registry.example/app:1.0\n    livenessProbe: {httpGet: {path: /, port: 8080}}\n")])
            .pass(&[("Dockerfile", "FROM python:3.13-slim\nUSER 65532\n"), ("deploy.yaml", NO_PROBES)])
            .fail(&[("Dockerfile", DOCKERFILE), ("deploy.yaml", NO_PROBES)])
            .fail(&[("Dockerfile", "FROM python:3.13-slim\nHEALTHCHECK CMD curl -f http://localhost:8080/ || exit 1\n"), ("deploy.yaml", NO_PROBES)])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
