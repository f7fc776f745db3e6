use crate::crossfile::{CrossFinding, ImageUser, ProjectContext};
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};

declare_rule! {
    /// ## What it does
    /// Flags a Compose service that sets no `user:` and is built from a Dockerfile of
    /// the input whose image runs as root (no `USER` on a base that runs as root,
    /// `USER root` or `USER 0`). Reported in both files. When the image runs as a
    /// non-root user, the service's "no `user:`" note (CP108) is dropped instead.
    ///
    /// ## Why is this bad?
    /// With neither file naming a user, the service's processes are root in the
    /// container, and root in the container is root on the host's kernel.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// CMD ["python", "app.py"]
    /// ```
    /// ```yaml
    /// services:
    ///   web:
    ///     build: .
    /// ```
    ///
    /// ## Use instead
    /// `USER 65532` at the end of the Dockerfile, or `user: "65532:65532"` on the
    /// service (both is best).
    pub struct ComposeServiceRunsAsRoot {
        code: "XF010",
        name: "compose-service-runs-as-root",
        severity: Warning,
        file_kind: Project,
        checklist: Some(Checklist::NonRoot),
        sources: [Source::same(Tool::ComposeSpec, "user")],
        whole_file: true,
        references: [same(CIS_4_1), same(OWASP_2)],
    }
}

impl ComposeServiceRunsAsRoot {
    pub fn check(ctx: &ProjectContext<'_>, out: &mut Vec<CrossFinding>) {
        for built in ctx.built() {
            if built.service.field("user").is_some() || built.service.inherits("user") {
                continue;
            }
            let ImageUser::Root { at } = built.image.image_user() else {
                continue;
            };
            out.push(
                CrossFinding::new(&Self::META, format!("Service `{}` sets no `user:`, and its image runs as root {}", built.service.name, built.assumption()), (built.compose.file, built.service.anchor()))
                    .help("Add `USER 65532` to the Dockerfile, or `user: \"65532:65532\"` to the service")
                    .note(format!("service `{}` runs this image", built.service.name))
                    .other(built.image.dockerfile.file, at, "the image runs as root"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::ProjectTest;

    const COMPOSE: &str = "services:\n  web:\n    build: .\n";

    #[test]
    fn cases() {
        let rendered = ProjectTest::new(&super::ComposeServiceRunsAsRoot::META)
            .pass(&[("compose.yaml", COMPOSE), ("Dockerfile", "FROM python:3.13-slim\nUSER 65532\n")])
            .pass(&[("compose.yaml", "services:\n  web:\n    build: .\n    user: \"65532\"\n"), ("Dockerfile", "FROM python:3.13-slim\n")])
            // Another service's Dockerfile, named by its build: path.
            .pass(&[("compose.yaml", "services:\n  web:\n    build: {context: web}\n"), ("web/Dockerfile", "FROM python:3.13-slim\nUSER 1000\n"), ("worker/Dockerfile", "FROM python:3.13-slim\n")])
            .fail(&[("compose.yaml", COMPOSE), ("Dockerfile", "FROM python:3.13-slim\nCMD [\"python\"]\n")])
            .fail(&[("deploy/compose.yaml", "services:\n  web:\n    build:\n      context: ..\n      dockerfile: docker/Dockerfile.prod\n"), ("docker/Dockerfile.prod", "FROM node:22\nUSER root\n"), ("Dockerfile", "FROM node:22\nUSER node\n")])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
