use crate::compose::ComposeContext;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};

declare_rule! {
    /// ## What it does
    /// Flags a service without `user:`. It then runs as the image's `USER`, which is
    /// root for most images (the official `nginx`, `postgres`, `python` and `node`
    /// images among them). When the service's Dockerfile is part of the input and sets
    /// a non-root `USER`, the cross-file check knows better and this is not reported.
    ///
    /// ## Why is this bad?
    /// Root in the container is root on the host kernel. Saying the user in the
    /// Compose file makes it visible in review and holds even when the image changes.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     image: registry.example.com/app:1.0.0
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   app:
    ///     image: registry.example.com/app:1.0.0
    ///     user: "65532:65532"
    /// ```
    pub struct ServiceUserNotSet {
        code: "CP108",
        name: "service-user-not-set",
        severity: Info,
        file_kind: Compose,
        checklist: Some(Checklist::NonRoot),
        sources: [Source::same(Tool::ComposeSpec, "user")],
        whole_file: true,
        references: [same(CIS_4_1), same(OWASP_2)],
    }
}

impl ServiceUserNotSet {
    pub fn check(ctx: &ComposeContext<'_>, out: &mut Vec<Diagnostic>) {
        for service in &ctx.compose.services {
            // Set in a service of another file it extends: judged there.
            if service.inherits("user") {
                continue;
            }
            if service.field("user").is_some() {
                continue;
            }
            out.push(
                Diagnostic::new(&Self::META, service.anchor(), format!("Service `{}` runs as whatever user its image declares, often root", service.name))
                    .with_help("Set `user: \"65532:65532\"` (or the image's non-root user), or give the Dockerfile a non-root `USER`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::ServiceUserNotSet::META)
            .pass(&["services:\n  app:\n    image: x:1\n    user: \"1000\"\n"])
            .fail(&["services:\n  app:\n    image: x:1\n"])
            .run();
        insta::assert_snapshot!(rendered);
    }

    /// `extends` from another file given with it: the user set there counts, two levels
    /// deep, and a base without one is reported where it is written.
    #[test]
    fn inherited_from_another_file() {
        const WEB: &str = "services:\n  web:\n    extends: {file: compose.base.yaml, service: app}\n    ports: [\"127.0.0.1:8080:8080\"]\n";
        let rendered = crate::linter::testing::ProjectTest::new(&super::ServiceUserNotSet::META)
            .pass(&[
                ("compose.yaml", WEB),
                ("compose.base.yaml", "services:\n  app:\n    extends: {file: compose.common.yaml, service: common}\n"),
                ("compose.common.yaml", "services:\n  common:\n    image: x:1\n    user: \"65532\"\n"),
            ])
            .fail(&[("compose.yaml", WEB), ("compose.base.yaml", "services:\n  app:\n    image: x:1\n")])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
