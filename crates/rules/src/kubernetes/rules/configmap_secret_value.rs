use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::knowledge::secrets::{holds_private_key, literal_secret_value, looks_secret};
use crate::kubernetes::KubernetesContext;

declare_rule! {
    /// ## What it does
    /// Flags a ConfigMap whose `data` holds a secret: a key that names one
    /// (`DB_PASSWORD`, `api-token`) with a written-out value, a configuration file in
    /// a value with such a line (`password = hunter2`, `token: abc`), or a private
    /// key. Numbers, booleans, paths and references (`${VAR}`) are not secrets.
    ///
    /// ## Why is this bad?
    /// A ConfigMap is not meant for confidential data: it is stored and shown as plain
    /// text, anyone allowed to read ConfigMaps in the namespace can read it (a much
    /// wider group than Secret readers, in most RBAC setups), and it ends up in Git and
    /// in `kubectl describe` output. Secrets can be encrypted at rest, are kept out of
    /// most read-only roles and are mounted in memory.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: app
    /// data:
    ///   DB_HOST: db.internal
    ///   DB_PASSWORD: hunter2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: app
    /// data:
    ///   DB_HOST: db.internal
    /// ---
    /// apiVersion: v1
    /// kind: Secret
    /// metadata:
    ///   name: app
    /// type: Opaque
    /// stringData:
    ///   DB_PASSWORD: hunter2 # better: created outside Git, by a secrets manager
    /// ```
    pub struct ConfigmapSecretValue {
        code: "KS316",
        name: "configmap-secret-value",
        severity: Warning,
        file_kind: Kubernetes,
        checklist: Some(Checklist::NoSecrets),
        sources: [
            Source::inspired(Tool::Trivy, "KSV0109"),
            Source::inspired(Tool::Trivy, "KSV01010"),
        ],
        references: [related(NSA_SECRETS)],
    }
}

/// A line of a configuration file that sets a secret-looking name to a written-out
/// value (`password = x`, `token: x`, `"apiKey": "x"`): the name, when one does.
fn secret_line(line: &str) -> Option<&str> {
    let (name, value) = line.split_once(['=', ':'])?;
    let name = name
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '{' | ','))
        .trim_start_matches("export ");
    let value = value.trim().trim_end_matches([',', '}']);
    (looks_secret(name) && !name.contains(' ') && literal_secret_value(value)).then_some(name)
}

impl ConfigmapSecretValue {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for object in ctx.manifest.objects.iter().filter(|o| o.kind == "ConfigMap") {
            let Some(data) = object.node.get("data") else {
                continue;
            };
            for entry in data.entries() {
                let (Some(key), Some(value)) = (entry.key.str(), entry.value.str()) else {
                    continue;
                };
                let what = if holds_private_key(value) {
                    "a private key".to_owned()
                } else if !value.contains('\n') && looks_secret(key) && literal_secret_value(value)
                {
                    "a secret".to_owned()
                } else if let Some(name) = value.lines().find_map(secret_line) {
                    format!("a file that sets `{name}`")
                } else {
                    continue;
                };
                out.push(
                    Diagnostic::new(&Self::META, entry.value.range(), format!("The ConfigMap key `{key}` holds {what}: ConfigMaps are plain text that every reader of the namespace's configuration can see"))
                        .with_help("Move it to a Secret and mount it (or use `secretKeyRef`); keep only non-secret settings in the ConfigMap"),
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
        let rendered = RuleTest::new(&super::ConfigmapSecretValue::META)
            .pass(&[
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  color: blue\n  DB_HOST: db.internal\n",
                // Settings about secrets are not secrets.
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  ACCESS_TOKEN_TTL_SECONDS: \"3600\"\n  PASSWORD_FILE: /run/secrets/db\n  DB_PASSWORD: ${DB_PASSWORD}\n  REQUIRE_PASSWORD: \"true\"\n",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  app.ini: |\n    [db]\n    host = db.internal\n    password_file = /run/secrets/db\n",
                // A Secret may hold secrets.
                "apiVersion: v1\nkind: Secret\nmetadata: {name: a}\nstringData:\n  DB_PASSWORD: hunter2\n",
            ])
            .fail(&[
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  DB_PASSWORD: hunter2\n",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  app.ini: |\n    [db]\n    host = db.internal\n    password = hunter2\n",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  settings.json: '{\"apiToken\": \"abc123\"}'\n",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  tls.key: |\n    -----BEGIN PRIVATE KEY-----\n    MIIEvQ\n    -----END PRIVATE KEY-----\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
