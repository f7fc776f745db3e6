use crate::knowledge::catalog::ImageFacts;
use crate::engine::diagnostic::Diagnostic;
use crate::dockerfile::{PackageManager, Stage};
use crate::engine::fix::{Edit, Fix};
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags a shipped image that runs as root: its final stage (and the stages it is
    /// built on) sets no `USER`, or sets `USER root` / `USER 0`, and the base image does
    /// not already run as a non-root user (as Chainguard and distroless `:nonroot` do).
    ///
    /// ## Why is this bad?
    /// A process running as root inside the container is root on the container's
    /// filesystem and, after any container escape, much closer to root on the node.
    /// Kubernetes' `runAsNonRoot: true` refuses to start such an image, and the Pod
    /// Security Standards *Restricted* profile requires it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// COPY app.py /app/
    /// CMD ["python", "/app/app.py"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// RUN useradd --no-log-init --uid 65532 --no-create-home --shell /usr/sbin/nologin app
    /// COPY app.py /app/
    /// USER 65532
    /// CMD ["python", "/app/app.py"]
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the image then runs as UID 65532. The shipped stage's own `USER root` (or
    /// `USER 0`) becomes `USER 65532`; an inherited one gets no fix. With no `USER`,
    /// `USER 65532` goes before `CMD`/`ENTRYPOINT`, after a `useradd` or `adduser` on apt,
    /// apk and dnf/yum bases that lack that user. The app must still be able to write
    /// where it writes, and `RUN` steps after the new `USER` no longer run as root.
    pub struct RunsAsRoot {
        code: "DF200",
        name: "runs-as-root",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: Some(Checklist::NonRoot),
        sources: [
            Source::same(Tool::Hadolint, "DL3002"),
            Source::same(Tool::Trivy, "DS-0002"),
            Source::same(Tool::Checkov, "CKV_DOCKER_3"),
            Source::same(Tool::Checkov, "CKV_DOCKER_8"),
            Source::same(Tool::Tally, "hadolint/DL3002"),
            Source::inspired(Tool::Tally, "tally/user-created-but-never-used"),
            Source::inspired(Tool::Tally, "tally/stateful-root-runtime"),
        ],
        fixes: [Unsafe],
        whole_file: true,
        references: [same(CIS_4_1), same(OWASP_2), same(NSA_NON_ROOT)],
    }
}

/// Insert a non-root user before the shipped stage's `CMD`/`ENTRYPOINT` (or at its
/// end), created the way the base's family does it. A numeric `USER` needs no account,
/// so on bases without a user tool the UID alone is used. Unsafe: files the app writes
/// must be writable by that user.
fn add_user<'a>(ctx: &DockerfileContext<'a>, stage: &'a Stage<'a>) -> Fix {
    let facts = ctx.base_facts(stage);
    let has_65532 =
        facts.is_some_and(|f| f.default_uid == Some(65532) || f.default_user == "nonroot");
    let create = match facts.and_then(ImageFacts::manager) {
        _ if has_65532 => None,
        Some(PackageManager::AptGet) => {
            Some("RUN useradd --system --no-log-init --uid 65532 --no-create-home --shell /usr/sbin/nologin app")
        }
        Some(PackageManager::Apk) if facts.is_some_and(|f| f.shell) => {
            Some("RUN adduser -S -D -H -u 65532 app")
        }
        Some(PackageManager::Dnf | PackageManager::Microdnf | PackageManager::Yum) => {
            Some("RUN useradd --system --no-log-init --uid 65532 --no-create-home app")
        }
        _ => None,
    };
    let lines = match create {
        Some(create) => format!("{create}\nUSER 65532"),
        None => "USER 65532".to_owned(),
    };
    Fix::unsafe_(
        "Run as UID 65532",
        vec![crate::dockerfile::edit::insert_before_command(
            ctx.source, stage, &lines,
        )],
    )
}

impl RunsAsRoot {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        let Some(stage) = ctx.model.shipped() else {
            return;
        };
        // A snippet without `FROM` says nothing about the whole image.
        if stage.fragment {
            return;
        }
        if stage.non_posix_shell() {
            // Windows images have their own user model.
            return;
        }
        let help = "Add `USER 65532` (a numeric, non-root UID) after the steps that need root, and create that user if the base image lacks one";
        match ctx.model.effective_user(stage) {
            Some((_, word)) if crate::dockerfile::is_root_user(&word.text) => {
                // The last `USER root` of the shipped stage itself can become the
                // non-root user; an inherited one is left to the stage that sets it.
                let own = stage.user().is_some_and(|(_, w)| w.range == word.range);
                let fix = (own && word.range.slice(ctx.source) == word.text).then(|| {
                    Fix::unsafe_("Run as UID 65532", vec![Edit::replace(word.range, "65532")])
                });
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        word.range,
                        format!("The shipped image runs as `{}`: any compromise of the app is a compromise as root", word.text),
                    )
                    .with_help(help)
                    .with_fix_opt(fix),
                );
            }
            Some(_) => {}
            None => {
                if ctx
                    .base_facts(stage)
                    .is_some_and(ImageFacts::runs_as_non_root)
                {
                    return;
                }
                let range = stage.image_range();
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        range,
                        "The shipped image sets no `USER`, so it runs as root",
                    )
                    .with_help(help)
                    .with_fix(add_user(ctx, stage)),
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
        let rendered = RuleTest::new(&super::RunsAsRoot::META)
            .pass(&[
                "FROM python:3.13-slim\nUSER 65532",
                "FROM python:3.13-slim AS base\nUSER app\nFROM base\nCMD [\"x\"]",
                "FROM gcr.io/distroless/python3-debian13:nonroot",
                "FROM cgr.dev/chainguard/python:latest",
                "FROM python:3.13 AS build\nFROM python:3.13-slim\nUSER root\nRUN apt-get update\nUSER 10001",
                "FROM mcr.microsoft.com/windows/servercore\nSHELL [\"powershell\", \"-Command\"]",
            ])
            .fail(&[
                "FROM python:3.13-slim\nCMD [\"python\"]",
                "FROM python:3.13-slim\nUSER app\nFROM python:3.13-slim\n",
                "FROM python:3.13-slim\nUSER root",
                "FROM alpine:3.20\nUSER 0:0",
                "FROM gcr.io/distroless/python3-debian13",
                "FROM scratch\nCOPY app /app",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
