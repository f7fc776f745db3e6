use crate::compose::ComposeContext;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::Fix;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::knowledge::secrets::{holds_private_key, literal_secret_value, looks_secret};

declare_rule! {
    /// ## What it does
    /// Flags an `environment` variable whose name says secret (`DB_PASSWORD`,
    /// `API_TOKEN`, `POSTGRES_PASSWORD`) and whose value is written in the Compose
    /// file, or any variable holding a private key. A value taken from the shell or an
    /// `.env` file (`${DB_PASSWORD}`, or the name alone) is not reported.
    ///
    /// ## Why is this bad?
    /// The Compose file is committed, shared and pasted; the value also shows in
    /// `docker inspect` and in the environment of every process in the container. Use
    /// Compose `secrets:`, mounted as files under `/run/secrets/`, which most official
    /// images read through a `_FILE` variable (`POSTGRES_PASSWORD_FILE`).
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17
    ///     environment:
    ///       POSTGRES_PASSWORD: hunter2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17
    ///     environment:
    ///       POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    ///     secrets: [db_password]
    /// secrets:
    ///   db_password:
    ///     file: ./db_password.txt # kept out of Git
    /// ```
    ///
    /// ## Fix safety
    /// Display-only: the fix shows how to move the value to `secrets:` and edits
    /// nothing, since the secret's file must be made, and the image must read it.
    pub struct SecretInEnvironment {
        code: "CP203",
        name: "secret-in-environment",
        severity: Error,
        file_kind: Compose,
        checklist: Some(Checklist::NoSecrets),
        sources: [Source::same(Tool::ComposeSpec, "secrets")],
        fixes: [DisplayOnly],
        references: [related(OWASP_12)],
    }
}

impl SecretInEnvironment {
    pub fn check(ctx: &ComposeContext<'_>, out: &mut Vec<Diagnostic>) {
        for service in &ctx.compose.services {
            for variable in service.environment() {
                let Some(value) = variable.value.as_deref() else {
                    continue;
                };
                if !(holds_private_key(value) || (looks_secret(&variable.name) && literal_secret_value(value))) {
                    continue;
                }
                let name = &variable.name;
                let secret = name.to_ascii_lowercase();
                out.push(
                    Diagnostic::new(&Self::META, variable.range, format!("`{name}` of service `{}` is written into the Compose file, where Git, `docker inspect` and every process in the container see it", service.name))
                        .with_help("Use Compose `secrets:` (a file mounted at `/run/secrets/<name>`) and the image's `_FILE` variable, or take it from the environment with `${...}`")
                        .with_fix(Fix::display_only(format!("Move it to a secret: `secrets: [{secret}]` on the service, `secrets: {{{secret}: {{file: ./{secret}.txt}}}}` at the top, and `{name}_FILE: /run/secrets/{secret}`"), Vec::new())),
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
        let rendered = RuleTest::new(&super::SecretInEnvironment::META)
            .pass(&[
                "services:\n  db:\n    image: postgres:17\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n      POSTGRES_PASSWORD_FILE: /run/secrets/db\n      POSTGRES_USER: app\n",
                "services:\n  db:\n    image: postgres:17\n    environment:\n      - POSTGRES_PASSWORD\n      - TOKEN_TTL=3600\n",
            ])
            .fail(&[
                "services:\n  db:\n    image: postgres:17\n    environment:\n      POSTGRES_PASSWORD: hunter2\n",
                "services:\n  app:\n    image: x:1\n    environment:\n      - API_TOKEN=abc123\n      - apiKey=xyz\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
