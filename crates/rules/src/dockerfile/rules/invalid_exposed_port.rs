use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags `EXPOSE` entries that are not a port: numbers above 65535, a protocol other
    /// than `tcp`, `udp` or `sctp`, or a host mapping such as `EXPOSE 8080:80`.
    ///
    /// ## Why is this bad?
    /// `EXPOSE` only documents the container's ports, and the build fails on a port
    /// out of range. A host mapping belongs to `docker run -p` or a Kubernetes Service;
    /// in `EXPOSE` BuildKit ignores the host part, so the image documents a port the
    /// reader did not mean.
    ///
    /// ## Example
    /// ```dockerfile
    /// EXPOSE 80:8080 70000 53/UDP
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// EXPOSE 8080 53/udp
    /// ```
    pub struct InvalidExposedPort {
        code: "DF011",
        name: "invalid-exposed-port",
        severity: Error,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::same(Tool::Hadolint, "DL3011"),
            Source::same(Tool::BuildKit, "ExposeInvalidFormat"),
            Source::inspired(Tool::BuildKit, "ExposeProtoCasing"),
            Source::same(Tool::Tally, "hadolint/DL3011"),
            Source::same(Tool::Tally, "buildkit/ExposeInvalidFormat"),
            Source::inspired(Tool::Tally, "buildkit/ExposeProtoCasing"),
        ],
        references: [],
    }
}

impl InvalidExposedPort {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &ctx.model.stages {
            for exposed in stage.exposed_ports() {
                let text = exposed.word.text.as_str();
                if text.contains('$') {
                    continue;
                }
                let (message, help) = if let Some((host, container)) = text.rsplit_once(':') {
                    (
                        format!("`EXPOSE {text}` maps a host port, which `EXPOSE` cannot do: only `{container}` is recorded"),
                        format!("Write `EXPOSE {container}` and publish it with `docker run -p {host}:{container}` or a Kubernetes Service"),
                    )
                } else if !matches!(exposed.protocol.as_str(), "tcp" | "udp" | "sctp") {
                    (
                        format!("`{}` is not a protocol `EXPOSE` knows", exposed.protocol),
                        "Use `tcp` (the default), `udp` or `sctp`".to_owned(),
                    )
                } else if exposed.port.is_none() || exposed.last.is_none() {
                    (
                        format!("`{text}` is not a port: ports are whole numbers from 0 to 65535"),
                        "Write the port the application listens on, e.g. `EXPOSE 8080`".to_owned(),
                    )
                } else if text.contains(|c: char| c.is_ascii_uppercase()) {
                    (
                        format!(
                            "The protocol in `{text}` is upper-case; Docker expects `{}`",
                            text.to_ascii_lowercase()
                        ),
                        format!("Write `{}`", text.to_ascii_lowercase()),
                    )
                } else {
                    continue;
                };
                out.push(Diagnostic::new(&Self::META, exposed.word.range, message).with_help(help));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::InvalidExposedPort::META)
            .pass(&[
                "FROM a\nEXPOSE 8080 53/udp 9000-9010/tcp",
                "FROM a\nEXPOSE $PORT ${METRICS_PORT}/tcp",
                "FROM a\nEXPOSE 0 65535",
            ])
            .fail(&[
                "FROM a\nEXPOSE 80:8080",
                "FROM a\nEXPOSE 70000",
                "FROM a\nEXPOSE 53/UDP",
                "FROM a\nEXPOSE 8080/http",
                "FROM a\nEXPOSE http",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
