use crate::diagnostic::Diagnostic;
use crate::fix::{Edit, Fix};
use crate::registry::{declare_rule, Checklist};
use crate::rules::DockerfileContext;

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
    /// ## References
    /// - Docker docs: `COPY --chown`; OWASP Docker Security cheat sheet
    pub struct AppWritableByUser {
        code: "DF406",
        name: "app-writable-by-user",
        severity: Info,
        file_kind: Dockerfile,
        checklist: Some(Checklist::ReadOnlyAndLimits),
        sources: [],
    }
}

/// Drop the `--chown` flag (and the space after it). Unsafe: the app may write there.
fn remove_flag(source: &str, range: crate::text::TextRange) -> Option<Fix> {
    let end = range.end();
    let after = source[end..].chars().next()?;
    (after == ' ' && !source[range.start()..end].contains('\n')).then(|| {
        Fix::unsafe_(
            "Drop `--chown`: the files stay owned by root, readable by the app",
            vec![Edit::delete(crate::text::TextRange::new(
                range.start(),
                end + 1,
            ))],
        )
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
        if super::runs_as_root::is_root(runtime) {
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
                    .with_fix_opt(remove_flag(ctx.source, chown.range)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

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
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
