use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::kubernetes::KubernetesContext;
use crate::yaml::Node;

declare_rule! {
    /// ## What it does
    /// Flags `hostPath` volumes.
    ///
    /// ## Why is this bad?
    /// A `hostPath` volume mounts a directory of the node into the container. Writable,
    /// it lets the container change the node (`/etc`, the kubelet's files, the
    /// container runtime socket); readable, it leaks other workloads' data and
    /// credentials.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: app
    /// spec:
    ///   volumes:
    ///     - name: docker
    ///       hostPath: {path: /var/run/docker.sock}
    ///   containers:
    ///     - name: app
    ///       image: registry.example.com/app:1.0.0
    /// ```
    ///
    /// ## Use instead
    /// An `emptyDir`, a `persistentVolumeClaim`, or a `configMap`/`secret` volume.
    pub struct HostPathVolume {
        code: "KS103",
        name: "host-path-volume",
        severity: Error,
        file_kind: Kubernetes,
        checklist: None,
        sources: [
            Source::same(Tool::Pss, "Baseline: HostPath Volumes"),
            Source::same(Tool::Pss, "Restricted: Volume Types"),
            Source::same(Tool::Trivy, "KSV023"),
            Source::inspired(Tool::KubeLinter, "sensitive-host-mounts"),
            Source::inspired(Tool::KubeLinter, "writable-host-mount"),
            Source::inspired(Tool::Polaris, "hostPathSet"),
            Source::inspired(Tool::Kubesec, "VolumeHostPath"),
        ],
        references: [related(NSA_POD_SECURITY)],
    }
}

impl HostPathVolume {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for pod in &ctx.manifest.pods {
            for volume in pod.volumes() {
                let Some(host_path) = volume.entry("hostPath") else {
                    continue;
                };
                let path = host_path
                    .value
                    .get("path")
                    .and_then(Node::str)
                    .unwrap_or("a node directory");
                out.push(
                    Diagnostic::new(&Self::META, host_path.key.range(), format!("This volume mounts `{path}` from the node: the container can read or change the node's files"))
                        .with_help("Use an `emptyDir`, a `persistentVolumeClaim`, or a `configMap`/`secret` volume instead"),
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
        let rendered = RuleTest::new(&super::HostPathVolume::META)
            .pass(&["kind: Pod\nspec:\n  containers: [{name: a, image: x}]\n  volumes:\n  - name: tmp\n    emptyDir: {}\n"])
            .fail(&["kind: Pod\nspec:\n  containers: [{name: a, image: x}]\n  volumes:\n  - name: sock\n    hostPath:\n      path: /var/run/docker.sock\n"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
