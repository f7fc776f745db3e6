use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::kubernetes::KubernetesContext;

/// Volume sources the Restricted profile allows.
const ALLOWED: &[&str] = &[
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "persistentVolumeClaim",
    "projected",
    "secret",
];

declare_rule! {
    /// ## What it does
    /// Flags volumes of a type the Restricted profile does not allow (anything but
    /// `configMap`, `csi`, `downwardAPI`, `emptyDir`, `ephemeral`,
    /// `persistentVolumeClaim`, `projected`, `secret`). `hostPath` has its own rule.
    ///
    /// ## Why is this bad?
    /// In-tree volume types such as `nfs`, `iscsi`, `rbd` or `gitRepo` make the node
    /// mount remote storage with the node's credentials; `gitRepo` even runs `git` on
    /// the node. A PersistentVolumeClaim keeps that decision with the cluster admin.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: app
    /// spec:
    ///   volumes:
    ///     - name: data
    ///       nfs: {server: nfs.example.com, path: /exports}
    ///   containers:
    ///     - name: app
    ///       image: registry.example.com/app:1.0.0
    /// ```
    ///
    /// ## Use instead
    /// A `persistentVolumeClaim` bound to an NFS PersistentVolume.
    pub struct RestrictedVolumeType {
        code: "KS201",
        name: "restricted-volume-type",
        severity: Warning,
        file_kind: Kubernetes,
        checklist: None,
        sources: [
            Source::same(Tool::Pss, "Restricted: Volume Types"),
            Source::same(Tool::Trivy, "KSV028"),
        ],
        references: [],
    }
}

impl RestrictedVolumeType {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for pod in &ctx.manifest.pods {
            for volume in pod.volumes() {
                for entry in volume.entries() {
                    let Some(kind) = entry.key.str() else {
                        continue;
                    };
                    if kind == "name" || kind == "hostPath" || ALLOWED.contains(&kind) {
                        continue;
                    }
                    out.push(
                        Diagnostic::new(&Self::META, entry.key.range(), format!("`{kind}` volumes make the node mount storage itself; the Restricted profile allows only claims, config maps, secrets and ephemeral volumes"))
                            .with_help("Use a `persistentVolumeClaim` (bound to a PersistentVolume of this type) instead"),
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
        let rendered = RuleTest::new(&super::RestrictedVolumeType::META)
            .pass(&["kind: Pod\nspec:\n  containers: [{name: a, image: x}]\n  volumes:\n  - {name: a, emptyDir: {}}\n  - {name: b, persistentVolumeClaim: {claimName: c}}\n  - {name: h, hostPath: {path: /x}}\n"])
            .fail(&["kind: Pod\nspec:\n  containers: [{name: a, image: x}]\n  volumes:\n  - name: data\n    nfs: {server: nfs.example.com, path: /exports}\n"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
