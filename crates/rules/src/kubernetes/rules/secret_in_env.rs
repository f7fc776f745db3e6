use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::yaml::Node;
use crate::kubernetes::KubernetesContext;

/// What to do instead, for both kinds of finding.
const HELP: &str = "Mount the Secret as a `secret` volume and have the app read the file (for example `/run/secrets/db/password`); a mounted Secret is also updated when the Secret changes, an environment variable only at the next restart";

declare_rule! {
    /// ## What it does
    /// Flags environment variables taken from a Secret: an `env` entry with
    /// `valueFrom.secretKeyRef`, or an `envFrom` item with `secretRef` (every key of
    /// the Secret becomes a variable).
    ///
    /// ## Why is this bad?
    /// Environment variables leak more easily than files. Every child process the app
    /// starts inherits them, error pages and crash reports often print them, and so
    /// do a stray `env` in a debug session and `/proc/<pid>/environ` on the node. They
    /// are also fixed when the container starts: a rotated Secret only reaches the app
    /// after a restart. A Secret mounted as a volume is a file only the app reads, with
    /// permissions of its own, and the kubelet updates it when the Secret changes.
    ///
    /// This is advice, not an error: referencing a Secret is much better than writing
    /// the value into the manifest (see `secret-in-env-value`).
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
    ///           valueFrom:
    ///             secretKeyRef: {name: db, key: password}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: app
    /// spec:
    ///   volumes:
    ///     - name: db
    ///       secret: {secretName: db}
    ///   containers:
    ///     - name: app
    ///       image: registry.example.com/app:1.0.0
    ///       env:
    ///         - name: DB_PASSWORD_FILE
    ///           value: /run/secrets/db/password
    ///       volumeMounts:
    ///         - {name: db, mountPath: /run/secrets/db, readOnly: true}
    /// ```
    pub struct SecretInEnv {
        code: "KS310",
        name: "secret-in-env",
        severity: Info,
        file_kind: Kubernetes,
        checklist: None,
        sources: [
            Source::same(Tool::Checkov, "CKV_K8S_35"),
            Source::inspired(Tool::KubeLinter, "read-secret-from-env-var"),
        ],
        references: [],
    }
}

impl SecretInEnv {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for (_, container) in ctx.manifest.containers() {
            for variable in container.list("env") {
                let Some(reference) = variable
                    .get("valueFrom")
                    .and_then(|from| from.entry("secretKeyRef"))
                else {
                    continue;
                };
                let message = match variable.get("name").and_then(Node::str) {
                    Some(name) => format!("{} gets `{name}` from a Secret as an environment variable: every child process inherits it, and crash reports, debug pages and a printed `env` can show it", container.label()),
                    None => format!("{} gets a Secret as an environment variable: every child process inherits it, and crash reports, debug pages and a printed `env` can show it", container.label()),
                };
                out.push(
                    Diagnostic::new(&Self::META, reference.key.range(), message).with_help(HELP),
                );
            }
            for source in container.list("envFrom") {
                let Some(reference) = source.entry("secretRef") else {
                    continue;
                };
                let secret = match reference.value.get("name").and_then(Node::str) {
                    Some(name) => format!("Secret `{name}`"),
                    None => "this Secret".to_owned(),
                };
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        reference.key.range(),
                        format!("{} gets every key of {secret} as an environment variable: every child process inherits them, and crash reports, debug pages and a printed `env` can show them", container.label()),
                    )
                    .with_help(HELP),
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
        let rendered = RuleTest::new(&super::SecretInEnv::META)
            .pass(&[
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    env:\n    - name: MODE\n      valueFrom: {configMapKeyRef: {name: cfg, key: mode}}\n    - name: NODE\n      valueFrom: {fieldRef: {fieldPath: spec.nodeName}}\n    - name: LEVEL\n      value: debug\n    envFrom:\n    - configMapRef: {name: cfg}\n",
                "kind: Pod\nspec:\n  volumes:\n  - name: db\n    secret: {secretName: db}\n  containers:\n  - name: a\n    image: x\n    volumeMounts: [{name: db, mountPath: /run/secrets/db, readOnly: true}]\n",
            ])
            .fail(&[
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    env:\n    - name: DB_PASSWORD\n      valueFrom:\n        secretKeyRef: {name: db, key: password}\n",
                "kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        image: x\n        envFrom:\n        - configMapRef: {name: cfg}\n        - prefix: DB_\n          secretRef:\n            name: db\n",
                // One finding per reference, in init containers too.
                "kind: Pod\nspec:\n  initContainers:\n  - name: migrate\n    image: x\n    env:\n    - name: USER\n      valueFrom: {secretKeyRef: {name: db, key: user}}\n    - name: PASSWORD\n      valueFrom: {secretKeyRef: {name: db, key: password}}\n    envFrom:\n    - secretRef: {name: api}\n  containers: [{name: a, image: x}]\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
