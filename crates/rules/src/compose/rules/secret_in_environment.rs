use crate::compose::ComposeContext;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::Fix;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::knowledge::secrets::{
    holds_private_key, literal_secret_value, looks_secret, url_password,
};

declare_rule! {
    /// ## What it does
    /// Flags an `environment` variable whose name says secret (`DB_PASSWORD`,
    /// `API_TOKEN`, `POSTGRES_PASSWORD`) and whose value is written in the Compose
    /// file, or any variable holding a private key or a URL with a password
    /// (`DATABASE_URL: postgres://shop:shop@db/shop`). A value taken from the shell or
    /// an `.env` file (`${DB_PASSWORD}`, or the name alone) is not reported, nor is a
    /// URL with a user and no password or with the password taken from a variable
    /// (`postgres://shop:${DB_PASSWORD}@db/shop`).
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
    /// Display-only: the fix shows how to move the value to `secrets:` (for a URL, how
    /// to take its password from the environment) and edits nothing, since the
    /// secret's file must be made, and the image must read it.
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
                let name = &variable.name;
                let service_name = &service.name;
                if !(holds_private_key(value) || (looks_secret(name) && literal_secret_value(value))) {
                    if let Some(password) = url_password(value) {
                        let stem = ["_URL", "_URI", "_DSN"]
                            .iter()
                            .find_map(|suffix| name.strip_suffix(suffix))
                            .unwrap_or(name);
                        let url = value.replacen(
                            &format!(":{password}@"),
                            &format!(":${{{}_PASSWORD}}@", stem.to_ascii_uppercase()),
                            1,
                        );
                        out.push(
                            Diagnostic::new(&Self::META, variable.range, format!("`{name}` of service `{service_name}` is a URL with its password written into the Compose file, where Git, `docker inspect` and every process in the container see it"))
                                .with_help("Take the password from the environment or an `.env` file kept out of Git, `user:${DB_PASSWORD}@host`, or have the app read it from a Compose secret")
                                .with_fix(Fix::display_only(format!("Take the password from the environment: `{name}: {url}`"), Vec::new())),
                        );
                    }
                    continue;
                }
                let secret = name.to_ascii_lowercase();
                out.push(
                    Diagnostic::new(&Self::META, variable.range, format!("`{name}` of service `{service_name}` is written into the Compose file, where Git, `docker inspect` and every process in the container see it"))
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
                "services:\n  app:\n    image: x:1\n    environment:\n      DATABASE_URL: postgres://shop:${DB_PASSWORD}@db/shop\n      REDIS_URL: redis://app@cache:6379\n      SITE: https://example.com:8443/\n",
            ])
            .fail(&[
                "services:\n  db:\n    image: postgres:17\n    environment:\n      POSTGRES_PASSWORD: hunter2\n",
                "services:\n  app:\n    image: x:1\n    environment:\n      - API_TOKEN=abc123\n      - apiKey=xyz\n",
                "services:\n  app:\n    image: x:1\n    environment:\n      DATABASE_URL: postgres://shop:shop@db/shop\n",
                "services:\n  app:\n    image: x:1\n    environment:\n      - BROKER_URL=amqp://guest:s3cret@rabbit:5672//\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
