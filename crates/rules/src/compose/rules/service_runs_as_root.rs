use crate::compose::ComposeContext;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};

declare_rule! {
    /// ## What it does
    /// Flags a service with `user: root` or `user: 0` (with any group).
    ///
    /// ## Why is this bad?
    /// Root in the container is root on the host kernel: a bug in the app, or in the
    /// runtime, is then a short way to the host's files and processes. The user set
    /// here overrides the image's `USER`, so it undoes an image built to run as
    /// non-root.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     image: registry.example.com/app:1.0.0
    ///     user: root
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   app:
    ///     image: registry.example.com/app:1.0.0
    ///     user: "65532:65532"
    /// ```
    pub struct ServiceRunsAsRoot {
        code: "CP107",
        name: "service-runs-as-root",
        severity: Error,
        file_kind: Compose,
        checklist: Some(Checklist::NonRoot),
        sources: [Source::same(Tool::ComposeSpec, "user")],
        references: [same(CIS_4_1), same(OWASP_2)],
    }
}

impl ServiceRunsAsRoot {
    pub fn check(ctx: &ComposeContext<'_>, out: &mut Vec<Diagnostic>) {
        for service in &ctx.compose.services {
            let Some(entry) = service.own("user") else {
                continue;
            };
            let text = entry
                .value
                .str()
                .map(str::to_owned)
                .or_else(|| entry.value.int().map(|n| n.to_string()))
                .unwrap_or_default();
            if crate::knowledge::users::is_root_user(text.trim()) {
                out.push(
                    Diagnostic::new(&Self::META, entry.value.range(), format!("Service `{}` runs as root, overriding the image's own user", service.name))
                        .with_help("Set a non-root user, e.g. `user: \"65532:65532\"`, or leave `user` out when the image runs as non-root"),
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
        let rendered = RuleTest::new(&super::ServiceRunsAsRoot::META)
            .pass(&[
                "services:\n  app:\n    image: x:1\n    user: \"65532:65532\"\n",
                "services:\n  app:\n    image: x:1\n    user: node\n",
            ])
            .fail(&[
                "services:\n  app:\n    image: x:1\n    user: root\n",
                "services:\n  app:\n    image: x:1\n    user: 0\n",
                "services:\n  app:\n    image: x:1\n    user: \"0:0\"\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
