use crate::crossfile::{CrossFinding, ProjectContext};
use crate::engine::registry::{declare_rule, Source, Tool};

declare_rule! {
    /// ## What it does
    /// Flags `setcap` in the image (file capabilities, such as
    /// `setcap cap_net_bind_service=+ep /app/server`) when the container drops that
    /// capability (or `ALL`) and does not add it back.
    ///
    /// ## Why is this bad?
    /// A file capability outside the container's bounding set makes `execve` fail:
    /// the program cannot even start ("Operation not permitted"), though it runs fine
    /// under `docker run`.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN setcap cap_net_bind_service=+ep /usr/local/bin/server
    /// ```
    /// ```yaml
    /// capabilities: {drop: [ALL]}
    /// ```
    ///
    /// ## Use instead
    /// `capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}`, or remove the `setcap`
    /// and listen on a port above 1023.
    pub struct FileCapabilitiesDropped {
        code: "XF009",
        name: "file-capabilities-dropped",
        severity: Error,
        file_kind: Project,
        checklist: None,
        sources: [Source::inspired(Tool::Kernel, "capabilities(7) bounding set")],
        whole_file: true,
        references: [],
    }
}

impl FileCapabilitiesDropped {
    pub fn check(ctx: &ProjectContext<'_>, out: &mut Vec<CrossFinding>) {
        for paired in ctx.paired() {
            let Some(capabilities) = paired.container.own("capabilities") else {
                continue;
            };
            let (drop, add) = (
                paired.container.capabilities("drop"),
                paired.container.capabilities("add"),
            );
            let Some(drop_at) = capabilities.value.entry("drop") else {
                continue;
            };
            for stage in paired.shipped_chain() {
                for run in stage.runs() {
                    for command in run
                        .commands
                        .iter()
                        .filter(|c| c.program() == Some("setcap"))
                    {
                        for word in command.args().iter().filter(|w| !w.text.starts_with('-')) {
                            let Some((caps, _)) = word.text.split_once(['=', '+']) else {
                                continue;
                            };
                            for cap in caps.split(',') {
                                let cap = cap.trim_start_matches("cap_").to_ascii_uppercase();
                                let dropped = drop.iter().any(|d| d == "ALL" || *d == cap);
                                if !dropped || add.contains(&cap) {
                                    continue;
                                }
                                out.push(
                                    CrossFinding::new(&Self::META, format!("The image gives a program the file capability `{cap}`, but the container drops it: the program cannot even start (\"Operation not permitted\") {}", paired.assumption()), (paired.manifest.file, drop_at.key.range()))
                                        .help(format!("Add it back with `capabilities: {{add: [{cap}]}}`, or remove the `setcap` from the image"))
                                        .note("the capability is dropped here")
                                        .other(paired.dockerfile.file, word.range, format!("`setcap` gives `{cap}`")),
                                );
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::ProjectTest;

    const DOCKERFILE: &str = "FROM debian:13-slim\nRUN apt-get install -y libcap2-bin && setcap cap_net_bind_service=+ep /usr/local/bin/server\nUSER 65532\n";

    #[test]
    fn cases() {
        let rendered = ProjectTest::new(&super::FileCapabilitiesDropped::META)
            .pass(&[("Dockerfile", DOCKERFILE), ("deploy.yaml", "kind: Pod\nspec:\n  containers:\n  - name: app\n    image: registry.example/app:1.0\n    securityContext:\n      capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}\n")])
            .fail(&[("Dockerfile", DOCKERFILE), ("deploy.yaml", "kind: Pod\nspec:\n  containers:\n  - name: app\n    image: registry.example/app:1.0\n    securityContext:\n      capabilities:\n        drop: [ALL]\n")])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
