use crate::diagnostic::Diagnostic;
use crate::dockerfile::Base;
use crate::registry::{declare_rule, Checklist};
use crate::rules::DockerfileContext;

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
    /// ## References
    /// - distroless documentation: the `nonroot` user
    pub struct AccountFilesCopied {
        code: "DF405",
        name: "account-files-copied",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: Some(Checklist::NonRoot),
        sources: [],
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
                for source in &copy.sources {
                    if matches!(
                        source.text.as_str(),
                        "/etc/passwd" | "/etc/group" | "/etc/shadow"
                    ) && dest_is_etc
                    {
                        out.push(
                            Diagnostic::new(&Self::META, source.range, format!("Copying `{}` from another stage replaces this base image's own accounts", source.text))
                                .with_help("Create the user in this stage (or use a base with a non-root user, such as distroless `:nonroot`); copy account files only into `scratch`"),
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::AccountFilesCopied::META)
            .pass(&["FROM alpine:3.22 AS b\nFROM scratch\nCOPY --from=b /etc/passwd /etc/passwd"])
            .fail(&["FROM alpine:3.22 AS b\nFROM gcr.io/distroless/static-debian13\nCOPY --from=b /etc/passwd /etc/group /etc/"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
