use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::yaml::Node;
use crate::kubernetes::KubernetesContext;

/// The port an SSH server listens on.
const SSH_PORT: i64 = 22;

declare_rule! {
    /// ## What it does
    /// Flags a container that declares `containerPort: 22` (over TCP, the default
    /// protocol).
    ///
    /// ## Why is this bad?
    /// Port 22 means an SSH server runs in the container: one more process to patch,
    /// host keys and passwords or authorized keys baked into the image or a volume,
    /// and a way in that goes around the Kubernetes API, so around its access control
    /// (RBAC) and its audit log. Nobody needs it to get a shell: `kubectl exec` and
    /// `kubectl debug` open one, checked and recorded by the cluster.
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
    ///       ports:
    ///         - name: ssh
    ///           containerPort: 22
    ///         - name: http
    ///           containerPort: 8080
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: app
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: registry.example.com/app:1.0.0
    ///       ports:
    ///         - name: http
    ///           containerPort: 8080
    /// # a shell when needed: kubectl debug -it pod/app --image=busybox --target=app
    /// ```
    pub struct SshContainerPort {
        code: "KS309",
        name: "ssh-container-port",
        severity: Warning,
        file_kind: Kubernetes,
        checklist: None,
        sources: [
            Source::same(Tool::KubeLinter, "ssh-port"),
        ],
        whole_file: true,
        references: [],
    }
}

impl SshContainerPort {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for (_, container) in ctx.manifest.containers() {
            for port in container.list("ports") {
                let Some(number) = port.entry("containerPort") else {
                    continue;
                };
                if number.value.int() != Some(SSH_PORT) {
                    continue;
                }
                // SSH is TCP: port 22 over UDP or SCTP is something else.
                let protocol = port.get("protocol").and_then(Node::str);
                if protocol.is_some_and(|p| !p.eq_ignore_ascii_case("TCP")) {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        number.value.range(),
                        format!("{} listens on port 22, the SSH port: an SSH server in the container is a way in that goes around the cluster's access control and audit log", container.label()),
                    )
                    .with_help("Remove port 22 and the SSH server from the image; open a shell with `kubectl exec` or `kubectl debug` when you need one"),
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
        let rendered = RuleTest::new(&super::SshContainerPort::META)
            .pass(&[
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    ports: [{containerPort: 2222}, {containerPort: 8080}]\n",
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    ports: [{containerPort: 22, protocol: UDP}]\n",
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    ports: [{containerPort: 8022, hostPort: 22}]\n",
                "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  ports: [{port: 22, targetPort: 22}]\n",
                "kind: Pod\nspec:\n  containers: [{name: a, image: x}]\n",
            ])
            .fail(&[
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    ports: [{containerPort: 22}]\n",
                "kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: x\n        ports:\n        - name: http\n          containerPort: 8080\n        - name: ssh\n          containerPort: 22\n          protocol: TCP\n",
                "kind: Pod\nspec:\n  initContainers:\n  - name: setup\n    image: x\n    ports:\n    - containerPort: 22\n  containers: [{name: a, image: x}]\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
