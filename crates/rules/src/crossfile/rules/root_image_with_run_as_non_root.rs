use crate::crossfile::{CrossFinding, ImageUser, ProjectContext};
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};

declare_rule! {
    /// ## What it does
    /// Flags a container with `runAsNonRoot: true` and no `runAsUser` whose image runs
    /// as root: no `USER` on a base that runs as root, `USER root` or `USER 0`.
    ///
    /// ## Why is this bad?
    /// The kubelet refuses to start it (`container has runAsNonRoot and image will run
    /// as root`): the manifest is right, the image is not, and the deploy fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// CMD ["python", "app.py"]
    /// ```
    /// ```yaml
    /// securityContext:
    ///   runAsNonRoot: true
    /// ```
    ///
    /// ## Use instead
    /// Add `USER 65532` (after creating the user where the base needs it) to the
    /// Dockerfile, or set `runAsUser: 65532` in the manifest.
    ///
    /// ## References
    /// - Kubernetes `kubelet` error `CreateContainerConfigError`: "image will run as root"
    pub struct RootImageWithRunAsNonRoot {
        code: "XF002",
        name: "root-image-with-run-as-non-root",
        severity: Error,
        file_kind: Project,
        checklist: Some(Checklist::NonRoot),
        sources: [Source::inspired(Tool::Kubelet, "runAsNonRoot verification")],
        whole_file: true,
        references: [related(CIS_4_1), related(OWASP_2), related(NSA_NON_ROOT)],
    }
}

impl RootImageWithRunAsNonRoot {
    pub fn check(ctx: &ProjectContext<'_>, out: &mut Vec<CrossFinding>) {
        for paired in ctx.paired() {
            let Some(non_root) = paired.unverified_non_root() else {
                continue;
            };
            let ImageUser::Root { at } = paired.image_user() else {
                continue;
            };
            out.push(
                CrossFinding::new(
                    &Self::META,
                    format!("The pod will not start: `runAsNonRoot: true` but the image runs as root {}", paired.assumption()),
                    (paired.manifest.file, non_root.entry.value.range()),
                )
                .note(if non_root.from_pod { "`runAsNonRoot: true` is set for the pod here" } else { "`runAsNonRoot: true` is set here" })
                .help("Add `USER 65532` to the Dockerfile's final stage (creating the user if the base lacks it), or set `runAsUser: 65532`")
                .other(paired.dockerfile.file, at, "the image runs as root here"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::ProjectTest;

    const MANIFEST: &str = "kind: Pod\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n  - name: app\n    image: registry.example/app:1.0\n";

    #[test]
    fn cases() {
        let rendered = ProjectTest::new(&super::RootImageWithRunAsNonRoot::META)
            .pass(&[("Dockerfile", "FROM gcr.io/distroless/python3-debian13:nonroot\nCOPY app.py /app/\n"), ("deploy.yaml", MANIFEST)])
            .pass(&[("Dockerfile", "FROM python:3.13-slim\n"), ("deploy.yaml", "kind: Pod\nspec:\n  securityContext: {runAsNonRoot: true, runAsUser: 10001}\n  containers: [{name: app, image: registry.example/app:1.0}]\n")])
            .fail(&[("Dockerfile", "FROM python:3.13-slim\nCMD [\"python\", \"app.py\"]\n"), ("deploy.yaml", MANIFEST)])
            .fail(&[("Dockerfile", "FROM python:3.13-slim\nUSER 0\n"), ("deploy.yaml", MANIFEST)])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
