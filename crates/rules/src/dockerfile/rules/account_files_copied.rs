use crate::engine::diagnostic::Diagnostic;
use crate::dockerfile::{Base, Copy, Model, Stage};
use crate::engine::fix::{Edit, Fix};
use crate::engine::registry::{declare_rule, Checklist};
use crate::dockerfile::DockerfileContext;
use crate::engine::text::TextRange;

const ACCOUNT_FILES: [&str; 3] = ["/etc/passwd", "/etc/group", "/etc/shadow"];

declare_rule! {
    /// ## What it does
    /// Flags `COPY --from=<stage> /etc/passwd` (or `/etc/group`, `/etc/shadow`) into a
    /// stage whose base image already has its own user accounts (anything but `scratch`).
    ///
    /// ## Why is this bad?
    /// The builder's account files replace the runtime's: users the runtime image relies
    /// on (`nonroot` in distroless, `nginx`, `postgres`) disappear or change UID, files
    /// end up owned by the wrong user, and the builder's accounts (with their shells)
    /// arrive in the runtime. Copying accounts is only needed for `FROM scratch`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM gcr.io/distroless/static-debian13
    /// COPY --from=build /etc/passwd /etc/passwd
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM gcr.io/distroless/static-debian13:nonroot
    /// USER 65532
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the fix deletes the `COPY` when it copies only account files and the
    /// stage runs as a numeric UID, as the base's default user, or as distroless's and
    /// Chainguard's `nonroot`, which the base already has. A user name the builder made
    /// would no longer resolve, so then there is no fix.
    ///
    /// ## References
    /// - distroless documentation: the `nonroot` user
    pub struct AccountFilesCopied {
        code: "DF405",
        name: "account-files-copied",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: Some(Checklist::NonRoot),
        sources: [],
        fixes: [Unsafe],
        whole_file: true,
        references: [],
    }
}

impl AccountFilesCopied {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &ctx.model.stages {
            if matches!(ctx.model.root_base(stage), Base::Scratch | Base::Unknown) {
                continue;
            }
            for copy in stage.copies() {
                if copy.from.is_none() {
                    continue;
                }
                let dest_is_etc = copy
                    .destination
                    .as_ref()
                    .is_some_and(|d| d.text.starts_with("/etc"));
                let mut fix = removal(ctx.source, ctx.model, stage, copy);
                for source in &copy.sources {
                    if ACCOUNT_FILES.contains(&source.text.as_str()) && dest_is_etc {
                        out.push(
                            Diagnostic::new(&Self::META, source.range, format!("Copying `{}` from another stage replaces this base image's own accounts", source.text))
                                .with_help("Create the user in this stage (or use a base with a non-root user, such as distroless `:nonroot`); copy account files only into `scratch`")
                                .with_fix_opt(fix.take()),
                        );
                    }
                }
            }
        }
    }
}

/// Delete the `COPY` (its whole lines) when it copies only account files and the user
/// the stage runs as does not need them.
fn removal(source: &str, model: &Model<'_>, stage: &Stage<'_>, copy: &Copy<'_>) -> Option<Fix> {
    if !copy
        .sources
        .iter()
        .all(|s| ACCOUNT_FILES.contains(&s.text.as_str()))
    {
        return None;
    }
    let base_has_user = match model.effective_user(stage) {
        None => true,
        Some((_, word)) => {
            let user = word.text.split(':').next().unwrap_or_default();
            let image = model
                .root_stage(stage)
                .image
                .as_ref()
                .map(|w| w.text.as_str());
            let nonroot_base =
                image.is_some_and(|i| i.contains("distroless") || i.contains("chainguard"));
            user.chars().all(|c| c.is_ascii_digit()) || (user == "nonroot" && nonroot_base)
        }
    };
    if !base_has_user {
        return None;
    }
    let range = copy.instruction.range;
    let start = source[..range.start()].rfind('\n').map_or(0, |i| i + 1);
    let end = source[range.end()..]
        .find('\n')
        .map_or(source.len(), |i| range.end() + i + 1);
    Some(Fix::unsafe_(
        "Remove the copy: the base has its own accounts",
        vec![Edit::delete(TextRange::new(start, end))],
    ))
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::AccountFilesCopied::META)
            .pass(&["FROM alpine:3.22 AS b\nFROM scratch\nCOPY --from=b /etc/passwd /etc/passwd"])
            .fail(&["FROM alpine:3.22 AS b\nFROM gcr.io/distroless/static-debian13\nCOPY --from=b /etc/passwd /etc/group /etc/"])
            // A user the builder made needs the builder's accounts: no fix.
            .fail(&["FROM debian:13 AS b\nRUN useradd app\nFROM debian:13-slim\nCOPY --from=b /etc/passwd /etc/passwd\nUSER app"])
            // The base has the user: the copies go, the comment stays.
            .fail(&["FROM python:3.14 AS b\nFROM cgr.dev/chainguard/python:latest\n# accounts\nCOPY --from=b /etc/passwd /etc/passwd\nCOPY --from=b /etc/group /etc/group\nUSER nonroot\n"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
