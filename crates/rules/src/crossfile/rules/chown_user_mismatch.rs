use crate::crossfile::{CrossFinding, ProjectContext};
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};

declare_rule! {
    /// ## What it does
    /// Flags `COPY --chown=<uid>` in the shipped image when the pod runs as a different
    /// `runAsUser`.
    ///
    /// ## Why is this bad?
    /// The files belong to the UID in `--chown`, but the process runs as the pod's
    /// `runAsUser`: whatever the `--chown` was for (writing a cache, a data
    /// directory, files only the owner can read) fails at run time with "Permission
    /// denied", though the image worked under `docker run`.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY --chown=1000:1000 app/ /app/
    /// ```
    /// ```yaml
    /// securityContext:
    ///   runAsUser: 65532
    /// ```
    ///
    /// ## Use instead
    /// Use one UID in both places; better, keep the app's files owned by root and
    /// read-only, and give the process an `emptyDir` for what it writes.
    ///
    /// ## References
    /// - Related: DF406 (`--chown` makes the app writable by the user that runs it)
    pub struct ChownUserMismatch {
        code: "XF003",
        name: "chown-user-mismatch",
        severity: Warning,
        file_kind: Project,
        checklist: Some(Checklist::NonRoot),
        sources: [Source::inspired(Tool::Bulkhead, "DF406")],
        whole_file: true,
        references: [],
    }
}

impl ChownUserMismatch {
    pub fn check(ctx: &ProjectContext<'_>, out: &mut Vec<CrossFinding>) {
        for paired in ctx.paired() {
            let Some(run_as) = paired.pod.effective(paired.container, "runAsUser") else {
                continue;
            };
            let Some(uid) = run_as.entry.value.int() else {
                continue;
            };
            for stage in paired.shipped_chain() {
                for copy in stage.copies() {
                    let Some(chown) = &copy.chown else { continue };
                    let Some(value) = chown.value.as_deref() else {
                        continue;
                    };
                    let owner = value.split(':').next().unwrap_or_default();
                    let Ok(owner_uid) = owner.parse::<i64>() else {
                        continue;
                    };
                    if owner_uid == uid {
                        continue;
                    }
                    out.push(
                        CrossFinding::new(
                            &Self::META,
                            format!("The pod runs as UID {uid}, but these files belong to UID {owner_uid}: what the `--chown` was for fails with \"Permission denied\" {}", paired.assumption()),
                            (paired.manifest.file, run_as.entry.value.range()),
                        )
                        .help(format!("Use one UID in both places (`--chown={uid}:{uid}` or `runAsUser: {owner_uid}`), or keep the files root-owned and mount an `emptyDir` where the app writes"))
                        .note(format!("the pod runs as UID {uid}"))
                        .other(paired.dockerfile.file, chown.range, format!("the files are owned by UID {owner_uid}")),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::ProjectTest;

    const MANIFEST: &str = "kind: Pod\nspec:\n  securityContext:\n    runAsUser: 65532\n  containers:\n  - name: app\n    image: registry.example/app:1.0\n";

    #[test]
    fn cases() {
        let rendered = ProjectTest::new(&super::ChownUserMismatch::META)
            .pass(&[
                (
                    "Dockerfile",
                    "FROM python:3.13-slim\nCOPY --chown=65532:65532 data/ /data/\nUSER 65532\n",
                ),
                ("deploy.yaml", MANIFEST),
            ])
            .pass(&[
                ("Dockerfile", "FROM python:3.13-slim\nCOPY app/ /app/\n"),
                ("deploy.yaml", MANIFEST),
            ])
            .fail(&[
                (
                    "Dockerfile",
                    "FROM python:3.13-slim\nCOPY --chown=1000:1000 app/ /app/\nUSER 1000\n",
                ),
                ("deploy.yaml", MANIFEST),
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
