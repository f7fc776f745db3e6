use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::{Edit, Fix};
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags `ADD` of local files or directories that are not archives, and `ADD <url>`
    /// without `--checksum`.
    ///
    /// ## Why is this bad?
    /// `ADD` does more than copy: it unpacks local tar archives and downloads URLs. For a
    /// plain file that magic surprises readers (a `.tar.gz` is silently extracted); for a
    /// URL it fetches remote content with no integrity check, a different file on every
    /// build. `COPY` does only what it says.
    ///
    /// ## Example
    /// ```dockerfile
    /// ADD app.py /app/
    /// ADD https://example.com/tool.tgz /tmp/
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// COPY app.py /app/
    /// ADD --checksum=sha256:<digest> https://example.com/tool.tgz /tmp/
    /// ```
    ///
    /// ## Fix safety
    /// `ADD` becomes `COPY` (safe) when every source is a local path that is not an
    /// archive and holds no variable, and the only flags are `--chown`, `--chmod`,
    /// `--link` or `--from`: then `COPY` does exactly the same. `ADD <url>` without
    /// `--checksum` has no fix: only you can supply the digest to check against.
    pub struct AddInsteadOfCopy {
        code: "DF402",
        name: "add-instead-of-copy",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: Some(Checklist::PinnedDependencies),
        sources: [
            Source::same(Tool::Hadolint, "DL3020"),
            Source::same(Tool::Trivy, "DS-0005"),
            Source::same(Tool::Checkov, "CKV_DOCKER_4"),
            Source::same(Tool::Tally, "hadolint/DL3020"),
        ],
        fixes: [Safe],
        references: [same(CIS_4_9), related(OWASP_9)],
    }
}

use crate::engine::registry::Checklist;

fn is_archive(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [
        ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst", ".gz",
        ".bz2", ".xz", ".zst",
    ]
    .iter()
    .any(|ext| lower.ends_with(ext))
}

fn is_remote(path: &str) -> bool {
    path.starts_with("http://")
        || path.starts_with("https://")
        || path.starts_with("git@")
        || path.ends_with(".git")
}

/// Whether `source` starts with a variable (`${PACKAGE_URL}`) whose value at this
/// `ADD` is a URL, from an `ARG` default or `ENV` of the stage.
fn names_url(
    ctx: &DockerfileContext<'_>,
    stage: &crate::dockerfile::Stage<'_>,
    copy: &crate::dockerfile::Copy<'_>,
    source: &str,
) -> bool {
    let Some(rest) = source.strip_prefix('$') else {
        return false;
    };
    let rest = rest.strip_prefix('{').unwrap_or(rest);
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    stage
        .value_before(&rest[..end], copy.instruction.range.start(), &ctx.model.global_args)
        .is_some_and(|value| is_remote(&value))
}

impl AddInsteadOfCopy {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &ctx.model.stages {
            for copy in stage.copies().iter().filter(|c| c.is_add) {
                let has_checksum = copy.instruction.flag("checksum").is_some();
                for source in &copy.sources {
                    if source.text.starts_with("<<") {
                        continue;
                    }
                    if is_remote(&source.text) || names_url(ctx, stage, copy, &source.text) {
                        if has_checksum
                            || source.text.contains('#')
                            || source.text.ends_with(".git")
                        {
                            continue;
                        }
                        out.push(
                            Diagnostic::new(&Self::META, source.range, "`ADD <url>` downloads whatever the server returns, with no integrity check")
                                .with_help("Add `--checksum=sha256:<digest>` (BuildKit), or download with `curl` and verify with `sha256sum -c`"),
                        );
                    } else if !is_archive(&source.text) && !source.text.contains('$') {
                        // Only when COPY does exactly the same: every source local and not
                        // an archive, and no flag that only ADD knows.
                        let all_local = copy.sources.iter().all(|s| {
                            !is_remote(&s.text)
                                && !is_archive(&s.text)
                                && !s.text.contains('$')
                                && !s.text.starts_with("<<")
                        });
                        let flags_fit = copy.instruction.flags().iter().all(|f| {
                            matches!(f.name.as_str(), "chown" | "chmod" | "link" | "from")
                        });
                        let keyword = copy.instruction.keyword_range;
                        let replacement = if keyword
                            .slice(ctx.source)
                            .chars()
                            .all(|c| c.is_ascii_lowercase())
                        {
                            "copy"
                        } else {
                            "COPY"
                        };
                        let fix = (all_local && flags_fit).then(|| {
                            Fix::safe("Use `COPY`", vec![Edit::replace(keyword, replacement)])
                        });
                        out.push(
                            Diagnostic::new(&Self::META, keyword, format!("`ADD {}` copies a local file: `COPY` does the same without `ADD`'s archive and URL magic", source.text))
                                .with_help("Use `COPY`")
                                .with_fix_opt(fix),
                        );
                        break;
                    }
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
        let rendered = RuleTest::new(&super::AddInsteadOfCopy::META)
            .pass(&[
                "FROM a\nCOPY app.py /app/",
                "FROM a\nADD rootfs.tar.xz /",
                "FROM a\nADD --checksum=sha256:abc https://e.com/x.tgz /tmp/",
                "FROM a\nADD https://github.com/moby/buildkit.git#v0.14.0 /src",
                "FROM a\nARG SRC=vendor.tar.gz\nADD ${SRC} /opt/",
                "FROM a\nADD ${PKG_URL} /opt/",
            ])
            .fail(&[
                "FROM a\nADD app.py /app/",
                "FROM a\nADD https://e.com/tool.tgz /tmp/",
                // A URL from a build argument's default.
                "FROM a\nARG V=1.2\nARG PKG_URL=https://e.com/v${V}/tool.tar.gz\nADD ${PKG_URL} /tmp/tool.tar.gz",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
