use crate::crossfile::{CrossFinding, ImageUser, ProjectContext};
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};

declare_rule! {
    /// ## What it does
    /// Flags a container with `runAsNonRoot: true` and no `runAsUser` whose image's
    /// `USER` is a name (`USER nonroot`, `USER app`) rather than a number.
    ///
    /// ## Why is this bad?
    /// The kubelet checks `runAsNonRoot` against the image's user *before* starting
    /// the container, and it cannot look names up in the image's `/etc/passwd`. The
    /// pod never starts: `container has runAsNonRoot and image has non-numeric user
    /// (nonroot), cannot verify user is non-root`.
    ///
    /// ## Example
    /// ```dockerfile
    /// USER nonroot
    /// ```
    /// ```yaml
    /// securityContext:
    ///   runAsNonRoot: true
    /// ```
    ///
    /// ## Use instead
    /// `USER 65532` in the Dockerfile, or `runAsUser: 65532` in the manifest (both is
    /// best).
    ///
    /// ## References
    /// - Kubernetes `kubelet` error `CreateContainerConfigError`: "cannot verify user is non-root"
    pub struct NonNumericUser {
        code: "XF001",
        name: "non-numeric-user",
        severity: Error,
        file_kind: Project,
        checklist: Some(Checklist::NonRoot),
        sources: [Source::inspired(Tool::Kubelet, "runAsNonRoot verification")],
        whole_file: true,
        references: [related(NSA_NON_ROOT)],
    }
}

impl NonNumericUser {
    pub fn check(ctx: &ProjectContext<'_>, out: &mut Vec<CrossFinding>) {
        for paired in ctx.paired() {
            let Some(non_root) = paired.unverified_non_root() else {
                continue;
            };
            let ImageUser::Named { name, at } = paired.image_user() else {
                continue;
            };
            out.push(
                CrossFinding::new(
                    &Self::META,
                    format!("The pod will not start: with `runAsNonRoot: true` the kubelet must verify the image's user, and it cannot resolve the name `{name}` {}", paired.assumption()),
                    (paired.manifest.file, non_root.entry.value.range()),
                )
                .note(if non_root.from_pod { "`runAsNonRoot: true` is set for the pod here" } else { "`runAsNonRoot: true` is set here" })
                .help(format!("Write the UID instead of the name (`USER 65532`), or set `runAsUser` to `{name}`'s UID in the securityContext"))
                .other(paired.dockerfile.file, at, format!("the image runs as `{name}`")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::ProjectTest;

    const MANIFEST: &str = "kind: Deployment\nspec:\n  template:\n    spec:\n      securityContext:\n        runAsNonRoot: true\n      containers:\n      - name: app\n        image: registry.example/app:1.0\n";

    #[test]
    fn cases() {
        let rendered = ProjectTest::new(&super::NonNumericUser::META)
            .pass(&[("Dockerfile", "FROM python:3.13-slim\nUSER 65532\n"), ("deploy.yaml", MANIFEST)])
            .pass(&[("Dockerfile", "FROM python:3.13-slim\nUSER nonroot\n"), ("deploy.yaml", "kind: Pod\nspec:\n  securityContext: {runAsNonRoot: true, runAsUser: 65532}\n  containers: [{name: app, image: registry.example/app:1.0}]\n")])
            .pass(&[("Dockerfile", "FROM python:3.13-slim\nUSER nonroot\n"), ("deploy.yaml", "kind: Pod\nspec:\n  containers: [{name: web, image: nginx:1.27, securityContext: {runAsNonRoot: true}}, {name: app, image: registry.example/app:1.0}]\n")])
            .fail(&[("Dockerfile", "FROM python:3.13-slim\nRUN useradd app\nUSER app:app\n"), ("deploy.yaml", MANIFEST)])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
