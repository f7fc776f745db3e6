use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::kubernetes::KubernetesContext;
use crate::knowledge::secrets::{holds_private_key, looks_secret, url_password};
use crate::yaml::Node;

declare_rule! {
    /// ## What it does
    /// Flags environment variables whose name says secret (`DB_PASSWORD`,
    /// `API_TOKEN`...) and whose `value` is written in the manifest, and any whose
    /// `value` is a URL with a password (`postgres://shop:shop@db/shop`); a URL whose
    /// password is a variable (`$(DB_PASSWORD)`) is not reported.
    ///
    /// ## Why is this bad?
    /// The manifest ends up in Git, CI logs, `kubectl get -o yaml` output and the
    /// pod spec anyone with read access can see. Secrets belong in a Secret,
    /// referenced with `valueFrom.secretKeyRef` (or better mounted as a file).
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: app
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: registry.example.com/app:1.0.0
    ///       env:
    ///         - name: DB_PASSWORD
    ///           value: hunter2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// env:
    /// - name: DB_PASSWORD
    ///   valueFrom:
    ///     secretKeyRef: {name: db, key: password}
    /// ```
    pub struct SecretInEnvValue {
        code: "KS307",
        name: "secret-in-env-value",
        severity: Error,
        file_kind: Kubernetes,
        checklist: Some(Checklist::NoSecrets),
        sources: [
            Source::same(Tool::KubeLinter, "env-var-secret"),
            Source::inspired(Tool::Polaris, "sensitiveContainerEnvVar"),
        ],
        references: [related(NSA_SECRETS)],
    }
}

impl SecretInEnvValue {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for (_, container) in ctx.manifest.containers() {
            for variable in container.list("env") {
                let Some(name) = variable.get("name").and_then(Node::str) else {
                    continue;
                };
                let Some(value) = variable.entry("value") else {
                    continue;
                };
                let text = value.value.str().unwrap_or_default();
                // A private key, or a URL's password, is a secret whatever the variable
                // is called.
                let private_key = holds_private_key(text);
                let named = (looks_secret(name) || private_key) && !text.is_empty() && !text.starts_with("$(");
                if named {
                    out.push(
                        Diagnostic::new(&Self::META, value.value.range(), format!("`{name}` is written into the manifest, where Git, CI logs and anyone who can read the pod spec see it"))
                            .with_help("Store it in a Secret and use `valueFrom: {secretKeyRef: {name: ..., key: ...}}`, or mount the Secret as a file"),
                    );
                } else if url_password(text).is_some() {
                    out.push(
                        Diagnostic::new(&Self::META, value.value.range(), format!("`{name}` is a URL with its password written into the manifest, where Git, CI logs and anyone who can read the pod spec see it"))
                            .with_help("Put the password in a Secret, take it with `valueFrom.secretKeyRef` into a variable declared before this one, and write `user:$(DB_PASSWORD)@host`"),
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
        let rendered = RuleTest::new(&super::SecretInEnvValue::META)
            .pass(&[
                "name: a\nimage: x\nenv:\n- name: DB_PASSWORD\n  valueFrom: {secretKeyRef: {name: db, key: password}}\n- name: PASSWORD_FILE\n  value: /run/secrets/db\n",
                "name: a\nimage: x\nenv:\n- name: DATABASE_URL\n  value: postgres://shop:$(DB_PASSWORD)@db/shop\n- name: CACHE\n  value: redis://app@cache\n",
            ])
            .fail(&[
                "name: a\nimage: x\nenv:\n- name: DB_PASSWORD\n  value: hunter2\n",
                // A private key under any name.
                "name: a\nimage: x\nenv:\n- name: TLS\n  value: |\n    -----BEGIN RSA PRIVATE KEY-----\n    MIIEow\n    -----END RSA PRIVATE KEY-----\n",
                // A URL's password under any name.
                "name: a\nimage: x\nenv:\n- name: DATABASE_URL\n  value: postgres://shop:shop@db/shop\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
