use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Checklist};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags a download piped straight into an interpreter: `curl ... | sh`,
    /// `wget -O- ... | bash`, `curl ... | python3`.
    ///
    /// ## Why is this bad?
    /// Whatever the server returns that day runs as root in your build, with no checksum
    /// and no record of what it was. A compromised or hijacked URL (or a truncated
    /// download) runs arbitrary code in an image you then ship.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN curl -fsSL https://example.com/install.sh | sh
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ADD --checksum=sha256:<digest> https://example.com/install.sh /tmp/install.sh
    /// RUN sh /tmp/install.sh && rm /tmp/install.sh
    /// ```
    ///
    /// ## References
    /// - OpenSSF Scorecard "Pinned-Dependencies" (`downloadThenRun`)
    pub struct CurlPipeShell {
        code: "DF320",
        name: "curl-pipe-shell",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: Some(Checklist::PinnedDependencies),
        sources: [],
        references: [related(CIS_4_11), related(OWASP_9)],
    }
}

/// Interpreters a download can be piped into, besides the shells.
const INTERPRETERS: &[&str] = &["python", "python3", "perl", "ruby", "node", "php"];

impl CurlPipeShell {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        let commands = ctx.shell_commands();
        for pair in commands.windows(2) {
            let (_, instruction, download) = &pair[0];
            let (_, next_instruction, runner) = &pair[1];
            if !std::ptr::eq(*instruction, *next_instruction) || download.followed_by != Some("|") {
                continue;
            }
            let fetches = matches!(download.program(), Some("curl" | "wget"));
            let Some(interpreter) = runner.program().filter(|p| {
                crate::dockerfile::syntax::shell::is_posix_shell(p) || INTERPRETERS.contains(p)
            }) else {
                continue;
            };
            if !fetches {
                continue;
            }
            let (Some(first), Some(last)) = (download.words.first(), runner.words.last()) else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    &Self::META,
                    first.range.cover(last.range),
                    format!("A download is piped straight into `{interpreter}`: unverified code from the network runs during the build"),
                )
                .with_help("Download to a file, verify its checksum (`ADD --checksum=sha256:...` or `sha256sum -c`), then run it"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::CurlPipeShell::META)
            .pass(&[
                "FROM a\nRUN curl -fsSLo x.tgz https://e.com/x.tgz && echo \"$SHA  x.tgz\" | sha256sum -c",
                "FROM a\nRUN curl -s https://e.com/key | gpg --dearmor > /k.gpg",
            ])
            .fail(&[
                "FROM a\nRUN curl -fsSL https://example.com/install.sh | sh",
                "FROM a\nRUN wget -qO- https://e.com/get | bash -s -- -y",
                "FROM a\nRUN curl -sSL https://install.python-poetry.org | python3 -",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
