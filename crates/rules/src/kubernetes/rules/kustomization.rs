use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::engine::text::TextRange;
use crate::kubernetes::Manifest;

declare_rule! {
    /// ## What it does
    /// Recognises a Kustomize file (`kustomization.yaml`, or `kind: Kustomization` or
    /// `kind: Component` of `kustomize.config.k8s.io`) and reports it once, as not
    /// checked: nothing else is said about the file.
    ///
    /// ## Why is this bad?
    /// A kustomization only lists resources, patches and generators; the objects that
    /// reach the cluster exist only once Kustomize has combined them. Judging the
    /// pieces one by one misses what the patches change.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: kustomize.config.k8s.io/v1beta1
    /// kind: Kustomization
    /// resources:
    ///   - deployment.yaml
    /// patches:
    ///   - path: replicas.yaml
    /// ```
    ///
    /// ## Use instead
    /// Lint what Kustomize builds: `kubectl kustomize overlays/prod | bulkhead lint -`
    /// (with `--stdin-filename rendered.yaml`).
    pub struct Kustomization {
        code: "KS007",
        name: "kustomization",
        severity: Info,
        file_kind: Kubernetes,
        checklist: None,
        sources: [Source::inspired(Tool::Kustomize, "build")],
        whole_file: true,
        not_checked: true,
        references: [],
    }
}

impl Kustomization {
    /// The one finding for a Kustomize file, or `None` for any other manifest.
    pub fn detect(manifest: &Manifest<'_>, path: Option<&str>) -> Option<Diagnostic> {
        let file = path
            .unwrap_or_default()
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or_default();
        let named = matches!(
            file,
            "kustomization.yaml" | "kustomization.yml" | "Kustomization"
        );
        let object = manifest.objects.iter().find(|o| {
            matches!(o.kind, "Kustomization" | "Component")
                && o.node
                    .get("apiVersion")
                    .and_then(crate::yaml::Node::str)
                    .is_some_and(|v| v.starts_with("kustomize.config.k8s.io/"))
        });
        let range = match object {
            Some(o) => o.kind_entry.value.range(),
            None if named => TextRange::new(0, 0),
            None => return None,
        };
        Some(
            Diagnostic::new(&Self::META, range, "This is a Kustomize file: the objects it builds exist only once Kustomize combines its resources and patches, so it is not checked")
                .with_help("Lint what it builds: `kubectl kustomize <folder> | bulkhead lint -`"),
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::Kustomization::META)
            .pass(&["apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers: [{name: a, image: x}]\n"])
            .fail(&[
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n",
                "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: p.yaml\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
