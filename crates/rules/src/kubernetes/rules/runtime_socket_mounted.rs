use crate::engine::diagnostic::Diagnostic;
use crate::knowledge::host_paths::{classify, HostPath};
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::kubernetes::KubernetesContext;


declare_rule! {
    /// ## What it does
    /// Flags a `hostPath` volume that mounts a container runtime's socket
    /// (`/var/run/docker.sock`, `containerd.sock`, `crio.sock`, `podman.sock`) or the
    /// node folder that holds it (`/var/run`, `/run/containerd`).
    ///
    /// ## Why is this bad?
    /// The socket is the runtime's control interface, and it answers to anyone who can
    /// open it. A container that mounts it can start a privileged container with the
    /// node's root filesystem mounted: it owns the node, and every other container on
    /// it. This is the most common way a compromised CI runner or monitoring agent
    /// becomes a compromised cluster, so it is reported on its own, above the general
    /// `hostPath` finding.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: builder
    /// spec:
    ///   volumes:
    ///     - name: docker
    ///       hostPath: {path: /var/run/docker.sock}
    ///   containers:
    ///     - name: builder
    ///       image: registry.example.com/builder:1.0.0
    ///       volumeMounts:
    ///         - {name: docker, mountPath: /var/run/docker.sock}
    /// ```
    ///
    /// ## Use instead
    /// Build images without a daemon (BuildKit rootless, kaniko, buildah) and read
    /// container metrics from the kubelet's API, not from the runtime.
    pub struct RuntimeSocketMounted {
        code: "KS113",
        name: "runtime-socket-mounted",
        severity: Error,
        file_kind: Kubernetes,
        checklist: None,
        sources: [
            Source::same(Tool::KubeLinter, "docker-sock"),
            Source::same(Tool::Checkov, "CKV_K8S_27"),
            Source::same(Tool::Trivy, "KSV006"),
        ],
        references: [same(OWASP_1)],
    }
}

impl RuntimeSocketMounted {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for pod in &ctx.manifest.pods {
            for volume in pod.volumes() {
                let Some(path) = volume
                    .get("hostPath")
                    .and_then(|host_path| host_path.get("path"))
                else {
                    continue;
                };
                let Some(text) = path.str() else { continue };
                let message = match classify(text) {
                    Some(HostPath::RuntimeSocket) => format!("This volume mounts the container runtime's socket `{text}`: whoever runs code in the container can start privileged containers and take over the node"),
                    Some(HostPath::SocketFolder) => format!("This volume mounts `{text}` from the node, the folder that holds the container runtime's socket: whoever runs code in the container can take over the node"),
                    _ => continue,
                };
                out.push(
                    Diagnostic::new(&Self::META, path.range(), message).with_help(
                        "Remove the volume: build images without a daemon (BuildKit rootless, kaniko, buildah), and read metrics from the kubelet",
                    ),
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
        let rendered = RuleTest::new(&super::RuntimeSocketMounted::META)
            .pass(&[
                "kind: Pod\nspec:\n  containers: [{name: a, image: x}]\n  volumes:\n  - name: v\n    hostPath:\n      path: /var/log\n",
                "kind: Pod\nspec:\n  containers: [{name: a, image: x}]\n  volumes:\n  - name: v\n    hostPath:\n      path: /var/run-data\n",
                "kind: Pod\nspec:\n  containers: [{name: a, image: x}]\n  volumes:\n  - name: v\n    hostPath:\n      path: /home/docker.sock.d/notes\n",
                "kind: Pod\nspec:\n  containers: [{name: a, image: x}]\n  volumes:\n  - name: tmp\n    emptyDir: {}\n",
            ])
            .fail(&[
                "kind: Pod\nspec:\n  containers: [{name: a, image: x}]\n  volumes:\n  - name: v\n    hostPath:\n      path: /var/run/docker.sock\n",
                "kind: Pod\nspec:\n  containers: [{name: a, image: x}]\n  volumes:\n  - name: v\n    hostPath:\n      path: /run/containerd/containerd.sock\n",
                "kind: Pod\nspec:\n  containers: [{name: a, image: x}]\n  volumes:\n  - name: v\n    hostPath:\n      path: /var/run/\n",
                "kind: Pod\nspec:\n  containers: [{name: a, image: x}]\n  volumes:\n  - name: v\n    hostPath:\n      path: \"/run/podman/podman.sock\"\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
