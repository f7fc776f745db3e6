use crate::dockerfile::Keyword;
use crate::engine::diagnostic::Diagnostic;
use crate::dockerfile::key_values;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::dockerfile::DockerfileContext;
use crate::knowledge::secrets::looks_secret;

declare_rule! {
    /// ## What it does
    /// Flags `ARG` and `ENV` whose name says it holds a secret (`PASSWORD`, `TOKEN`,
    /// `SECRET`, `API_KEY`, `PRIVATE_KEY`, `ACCESS_KEY`, `CREDENTIALS`...).
    ///
    /// ## Why is this bad?
    /// `ENV` values are stored in the image config: anyone who can pull the image reads
    /// them with `docker inspect`. `ARG` values are recorded in the image history
    /// (`docker history`) when used by a `RUN`, and in build caches and logs. Neither is
    /// a place for a credential.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG GITHUB_TOKEN
    /// ENV DB_PASSWORD=hunter2
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// # build time: a BuildKit secret, never stored in a layer
    /// RUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN ./fetch-private-deps.sh
    /// # run time: inject from the orchestrator (a Kubernetes Secret), not the image
    /// ```
    ///
    /// ## References
    /// - Trivy secret scanning; Checkov's secrets checks
    pub struct SecretInEnvOrArg {
        code: "DF400",
        name: "secret-in-env-or-arg",
        severity: Error,
        file_kind: Dockerfile,
        checklist: Some(Checklist::NoSecrets),
        sources: [
            Source::same(Tool::BuildKit, "SecretsUsedInArgOrEnv"),
            Source::same(Tool::Tally, "buildkit/SecretsUsedInArgOrEnv"),
            Source::inspired(Tool::Tally, "tally/ruby/secrets-in-arg-or-env"),
        ],
        references: [same(CIS_4_10), related(OWASP_12)],
    }
}

impl SecretInEnvOrArg {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for instruction in ctx
            .dockerfile
            .instructions_and_triggers()
            .filter(|i| i.keyword == Keyword::Env || i.keyword == Keyword::Arg)
        {
            for (name, value) in key_values(instruction) {
                if !looks_secret(&name.text) {
                    continue;
                }
                // `ENV TOKEN=$TOKEN` still bakes the ARG's value into the image; an empty
                // ENV is a placeholder and harmless.
                if instruction.keyword == Keyword::Env && value.is_empty() {
                    continue;
                }
                let (message, help) = if instruction.keyword == Keyword::Env {
                    (
                        format!("`ENV {}` stores a secret in the image config, readable by anyone who can pull the image", name.text),
                        "Inject it at run time (a Kubernetes Secret or the orchestrator's secret store) instead of baking it into the image",
                    )
                } else {
                    (
                        format!("`ARG {}` passes a secret as a build argument, which is recorded in the image history and build cache", name.text),
                        "Use a BuildKit secret: `RUN --mount=type=secret,id=<id>` and `docker build --secret id=<id>,...`",
                    )
                };
                out.push(Diagnostic::new(&Self::META, name.range, message).with_help(help));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::SecretInEnvOrArg::META)
            .pass(&[
                "FROM a\nENV PASSWORD_FILE=/run/secrets/db\nARG GPG_KEY=ABC\nENV PYTHON_VERSION=3.13",
                "FROM a\nENV API_TOKEN=",
                "FROM a\nARG KEYCLOAK_URL\nENV MONKEY=1",
            ])
            .fail(&[
                "FROM a\nARG GITHUB_TOKEN\nENV DB_PASSWORD=hunter2",
                "FROM a\nENV AWS_SECRET_ACCESS_KEY wJalrXUtnFEMI",
                "FROM a\nARG NPM_TOKEN\nENV NPM_TOKEN=$NPM_TOKEN",
                "FROM a\nONBUILD ENV DB_PASSWORD=hunter2",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
