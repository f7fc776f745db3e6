use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::kubernetes::KubernetesContext;

declare_rule! {
    /// ## What it does
    /// Notes a YAML file that holds no Kubernetes object (no document has a `kind`), no
    /// piece of a pod spec, and is not a Compose file: a CI workflow, a Helm
    /// `values.yaml`, an app's own configuration. Nothing in it is checked, and this
    /// says so instead of reporting a clean file.
    ///
    /// ## Why is this bad?
    /// "0 findings" for a file that was never judged reads like a pass. If the file was
    /// meant to be a manifest, its `kind` (or `apiVersion`) is missing or misspelled.
    ///
    /// ## Example
    /// ```yaml
    /// name: CI
    /// on: [push]
    /// jobs:
    ///   build:
    ///     runs-on: ubuntu-latest
    /// ```
    ///
    /// ## Use instead
    /// Give bulkhead Dockerfiles, Kubernetes manifests, Compose files and requirements
    /// files; leave other YAML out, or add the manifest's `apiVersion` and `kind`.
    pub struct NotAManifest {
        code: "KS005",
        name: "not-a-manifest",
        severity: Info,
        file_kind: Kubernetes,
        checklist: None,
        sources: [Source::inspired(Tool::Kubeconform, "missing kind")],
        whole_file: true,
        not_checked: true,
        references: [],
    }
}

impl NotAManifest {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        if !ctx.manifest.objects.is_empty() || !ctx.manifest.pods.is_empty() || ctx.yaml.error.is_some() {
            return;
        }
        let Some(root) = ctx.yaml.roots().find(|r| !r.is_null()) else {
            return;
        };
        let first = root
            .written_entries()
            .first()
            .map_or_else(|| root.range(), |e| e.key.range());
        let what = if root.is_mapping() { "a mapping" } else if root.is_sequence() { "a list" } else { "a value" };
        out.push(
            Diagnostic::new(&Self::META, first, format!("Read as YAML ({what} with no `kind`): not a Kubernetes object, a pod spec or a Compose file, so nothing in it was checked"))
                .with_help("If this is a manifest, add its `apiVersion` and `kind`; other YAML (CI workflows, Helm values) is not something bulkhead judges"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::NotAManifest::META)
            .pass(&[
                "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n",
                // A pod spec pasted on its own is judged.
                "containers:\n- name: a\n  image: x\n",
                "# only a comment\n",
                "",
            ])
            .fail(&[
                "name: CI\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n",
                "replicaCount: 1\nimage:\n  repository: nginx\n  tag: \"1.27\"\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
