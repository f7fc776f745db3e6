use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags `EXPOSE 22` in the shipped image.
    ///
    /// ## Why is this bad?
    /// Port 22 means an SSH server in the container: another process to patch, host
    /// keys and passwords baked into the image, and a way in that bypasses the
    /// orchestrator's access control and audit log. Containers are entered with
    /// `docker exec` or `kubectl exec`/`kubectl debug` instead.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get install -y openssh-server
    /// EXPOSE 22 8080
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// EXPOSE 8080
    /// # debug with: kubectl debug -it pod/app --image=busybox --target=app
    /// ```
    pub struct SshPortExposed {
        code: "DF012",
        name: "ssh-port-exposed",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::same(Tool::Trivy, "DS-0004"),
            Source::same(Tool::Checkov, "CKV_DOCKER_1"),
        ],
        whole_file: true,
        references: [related(CIS_5_7)],
    }
}

impl SshPortExposed {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for stage in ctx.model.stages.iter().filter(|s| s.in_shipped_image) {
            for exposed in stage.exposed_ports() {
                let (Some(first), Some(last)) = (exposed.port, exposed.last) else {
                    continue;
                };
                if exposed.protocol != "tcp" || !(first..=last).contains(&22) {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        exposed.word.range,
                        "Port 22 means an SSH server inside the container: another way in that bypasses the orchestrator's access control",
                    )
                    .with_help("Remove port 22 and the SSH server; open a shell with `docker exec` or `kubectl debug` when you need one"),
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
        let rendered = RuleTest::new(&super::SshPortExposed::META)
            .pass(&[
                "FROM a\nEXPOSE 8080 2222",
                "FROM a AS build\nEXPOSE 22\nFROM b\nEXPOSE 80",
                "FROM a\nEXPOSE 22/udp",
            ])
            .fail(&["FROM a\nEXPOSE 22", "FROM a\nEXPOSE 8080 20-25/tcp"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
