use crate::dockerfile::Keyword;
use crate::engine::diagnostic::Diagnostic;
use crate::dockerfile::{Base, Form};
use crate::engine::registry::{declare_rule, Checklist};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags a `HEALTHCHECK` that needs a program the image does not have: `curl` or
    /// `wget` on distroless, Chainguard, slim or `scratch` images that ship without them
    /// (and no `RUN` installs them), or a shell-form `HEALTHCHECK` on an image without
    /// `/bin/sh`.
    ///
    /// ## Why is this bad?
    /// The check fails every time with "executable file not found", so the container is
    /// marked unhealthy and restarted in a loop, although the app is fine.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM gcr.io/distroless/python3-debian13:nonroot
    /// HEALTHCHECK CMD curl -f http://localhost:8080/ || exit 1
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM gcr.io/distroless/python3-debian13:nonroot
    /// HEALTHCHECK CMD ["python3", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/')"]
    /// ```
    ///
    /// ## References
    /// - distroless FAQ: no shell, no package manager
    pub struct HealthcheckToolMissing {
        code: "DF501",
        name: "healthcheck-tool-missing",
        severity: Error,
        file_kind: Dockerfile,
        checklist: Some(Checklist::HealthChecks),
        sources: [],
        whole_file: true,
        references: [related(CIS_4_6)],
    }
}

impl HealthcheckToolMissing {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        let Some(stage) = ctx.model.shipped() else {
            return;
        };
        let Some(healthcheck) = ctx.model.effective(stage, Keyword::Healthcheck) else {
            return;
        };
        let Some((form, commands)) = healthcheck.healthcheck_command() else {
            return;
        };
        let scratch = ctx.model.root_base(stage) == &Base::Scratch;
        let facts = ctx.base_facts(stage);
        if !scratch && facts.is_none() {
            return;
        }
        let has_shell = facts.is_some_and(|f| f.shell);
        let installed =
            |tool: &str| facts.is_some_and(|f| f.has_tool(tool)) || ctx.model.provides(stage, tool);
        if form == Form::Shell && !has_shell {
            let base = if scratch {
                "`scratch`"
            } else {
                "this base image"
            };
            out.push(
                Diagnostic::new(&Self::META, healthcheck.keyword_range, format!("Shell-form `HEALTHCHECK` needs `/bin/sh`, which {base} does not have"))
                    .with_help("Use the exec form, `HEALTHCHECK CMD [\"/path/to/program\", \"arg\"]`, with a program the image has"),
            );
            return;
        }
        for command in &commands {
            let Some(program) = command.program() else {
                continue;
            };
            if matches!(program, "curl" | "wget") && !installed(program) {
                out.push(
                    Diagnostic::new(&Self::META, command.words[0].range, format!("The health check runs `{program}`, which the shipped image does not have"))
                        .with_help("Check with the runtime you already ship, e.g. `HEALTHCHECK CMD [\"python3\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/')\"]`, or a small health binary copied from the builder"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::HealthcheckToolMissing::META)
            .pass(&[
                "FROM python:3.13\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1",
                "FROM python:3.13-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nHEALTHCHECK CMD curl -f http://localhost/",
                "FROM gcr.io/distroless/python3-debian13\nHEALTHCHECK CMD [\"python3\", \"-c\", \"print(1)\"]",
                "FROM example.com/unknown:1\nHEALTHCHECK CMD curl -f http://localhost/",
            ])
            .fail(&[
                "FROM gcr.io/distroless/python3-debian13:nonroot\nHEALTHCHECK CMD [\"curl\", \"-f\", \"http://localhost:8080/\"]",
                "FROM python:3.13-slim\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1",
                "FROM scratch\nHEALTHCHECK CMD /app health",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
