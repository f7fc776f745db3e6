use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::{Edit, Fix};
use crate::engine::registry::{declare_rule, Checklist};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags `COPY --chown=<user>` (or `ADD --chown`) in the shipped stage when `<user>`
    /// is the user the container runs as.
    ///
    /// ## Why is this bad?
    /// Files owned by the runtime user can be rewritten by the running app: an attacker
    /// who gets code execution can modify the application itself and persist. Code and
    /// configuration should be owned by root and only readable by the app; give the
    /// app's user write access only to the directories it must write (and mount those
    /// as volumes with a read-only root filesystem).
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY --chown=app:app . /app
    /// USER app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// COPY . /app
    /// USER app
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe, since the app may need to write there. The flag is dropped when copying
    /// from the build context (the files keep their modes and stay readable) or when the
    /// `COPY` already sets `--chmod`. From another stage (`COPY --from=build`) it becomes
    /// `--chmod=0755`, since the source may be unreadable to others (staticx writes 0700):
    /// owned by root, readable and executable by the app, not writable.
    ///
    /// ## References
    /// - Docker docs: `COPY --chown`; OWASP Docker Security cheat sheet
    pub struct AppWritableByUser {
        code: "DF406",
        name: "app-writable-by-user",
        severity: Info,
        file_kind: Dockerfile,
        checklist: Some(Checklist::ReadOnlyAndLimits),
        sources: [],
        fixes: [Unsafe],
        whole_file: true,
        references: [related(OWASP_8), related(NSA_IMMUTABLE_FILESYSTEM)],
    }
}

/// Drop `--chown` (unsafe: the app may write there). Files from the build context keep their modes, which any user can
/// read; files from another stage may not (staticx writes 0700, say), so there the
/// flag becomes `--chmod=0755`: owned by root, readable and executable, not writable.
fn remove_flag(source: &str, range: crate::engine::text::TextRange, from_stage: bool) -> Option<Fix> {
    let end = range.end();
    let after = source[end..].chars().next()?;
    (after == ' ' && !source[range.start()..end].contains('\n')).then(|| {
        if from_stage {
            Fix::unsafe_(
                "Replace `--chown` with `--chmod=0755`: owned by root, runnable and readable by the app, not writable",
                vec![Edit::replace(range, "--chmod=0755")],
            )
        } else {
            Fix::unsafe_(
                "Drop `--chown`: the files stay owned by root, readable by the app",
                vec![Edit::delete(crate::engine::text::TextRange::new(
                    range.start(),
                    end + 1,
                ))],
            )
        }
    })
}

impl AppWritableByUser {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        let Some(stage) = ctx.model.shipped() else {
            return;
        };
        let Some((_, runtime_user)) = ctx.model.effective_user(stage) else {
            return;
        };
        let runtime = runtime_user.text.split(':').next().unwrap_or_default();
        if crate::dockerfile::is_root_user(runtime) {
            return;
        }
        for copy in stage.copies() {
            let Some(chown) = &copy.chown else { continue };
            let owner = chown
                .value
                .as_deref()
                .unwrap_or_default()
                .split(':')
                .next()
                .unwrap_or_default();
            if owner != runtime {
                continue;
            }
            // Writable data directories are the point of a --chown.
            let destination = copy
                .destination
                .as_ref()
                .map(|d| d.text.as_str())
                .unwrap_or_default();
            if ["/data", "/var/", "/tmp", "cache", "log"]
                .iter()
                .any(|d| destination.contains(d))
            {
                continue;
            }
            out.push(
                Diagnostic::new(&Self::META, chown.range, format!("Files copied with `--chown={owner}` belong to the runtime user, so the running app can rewrite its own code"))
                    .with_help("Leave code root-owned (drop `--chown`) and give the user write access only to the directories it writes")
                    .with_fix_opt(remove_flag(ctx.source, chown.range, copy.from.is_some() && copy.chmod.is_none())),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::AppWritableByUser::META)
            .pass(&[
                "FROM a\nCOPY app.py /app/\nUSER 65532",
                "FROM a\nCOPY --chown=65532 seed/ /data/\nUSER 65532",
                "FROM a\nCOPY --chown=app:app . /app",
            ])
            .fail(&[
                "FROM a\nCOPY --chown=app:app . /app\nUSER app",
                "FROM a\nCOPY --chown=65532:65532 src /srv/app\nUSER 65532:65532",
                "FROM b AS build\nRUN make\nFROM scratch\nCOPY --from=build --chown=65535:65535 /out/main /app/main\nUSER 65535\nCMD [\"/app/main\"]",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
