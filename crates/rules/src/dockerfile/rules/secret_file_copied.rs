use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Checklist};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags `COPY`/`ADD` of files that usually hold credentials: `.env`, `.npmrc`,
    /// `.pypirc`, `.netrc`, `.git-credentials`, SSH keys (`id_rsa`, `id_ed25519`),
    /// `*.pem`/`*.key`, `credentials`, `.aws/`, `.ssh/`, `.docker/config.json`,
    /// `kubeconfig`.
    ///
    /// ## Why is this bad?
    /// Files copied into a layer stay in the image forever, even if a later `RUN rm`
    /// deletes them: anyone who pulls the image can extract them with `docker save`. A
    /// file copied into a builder stage also stays in the build cache.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY .npmrc /root/.npmrc
    /// RUN npm ci && rm /root/.npmrc
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
    /// ```
    ///
    /// ## References
    /// - Docker docs: build secrets
    pub struct SecretFileCopied {
        code: "DF401",
        name: "secret-file-copied",
        severity: Error,
        file_kind: Dockerfile,
        checklist: Some(Checklist::NoSecrets),
        sources: [],
        references: [same(CIS_4_10), related(OWASP_12)],
    }
}

fn secret_file(path: &str) -> bool {
    let trimmed = path.trim_end_matches('/');
    let name = trimmed
        .rsplit('/')
        .next()
        .unwrap_or(trimmed)
        .to_ascii_lowercase();
    matches!(
        name.as_str(),
        ".env"
            | ".npmrc"
            | ".pypirc"
            | ".netrc"
            | ".git-credentials"
            | "id_rsa"
            | "id_dsa"
            | "id_ecdsa"
            | "id_ed25519"
            | "credentials"
            | "credentials.json"
            | ".aws"
            | ".ssh"
            | "kubeconfig"
            | ".kube"
            | ".dockercfg"
            | "secrets.json"
            | ".htpasswd"
            | "service-account.json"
    ) || (name.starts_with(".env.")
        && !name.ends_with(".example")
        && !name.ends_with(".sample")
        && !name.ends_with(".template"))
        || name.ends_with(".pem") && !name.contains("cert") && !name.contains("ca")
        || name.ends_with(".key")
        || name.ends_with(".p12")
        || name.ends_with(".pfx")
        || trimmed.ends_with(".docker/config.json")
}

impl SecretFileCopied {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &ctx.model.stages {
            for copy in stage.copies() {
                if copy.from.is_some() {
                    continue;
                }
                for source in copy.sources.iter().filter(|s| secret_file(&s.text)) {
                    let keyword = if copy.is_add { "ADD" } else { "COPY" };
                    out.push(
                        Diagnostic::new(&Self::META, source.range, format!("`{keyword} {}` puts a credentials file into an image layer, where it stays even if deleted later", source.text))
                            .with_help("Mount it only while needed: `RUN --mount=type=secret,id=<id>,target=<path> ...`, and list it in `.dockerignore`"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::SecretFileCopied::META)
            .pass(&[
                "FROM a\nCOPY .env.example /app/\nCOPY certs/ca.pem /etc/ssl/\nCOPY app.py /app/",
                "FROM a AS b\nFROM c\nCOPY --from=b /root/.npmrc /x",
            ])
            .fail(&[
                "FROM a\nCOPY .npmrc /root/.npmrc",
                "FROM a\nCOPY .env id_rsa /app/",
                "FROM a\nADD --chown=1:1 secrets/server.key /etc/ssl/private/",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
