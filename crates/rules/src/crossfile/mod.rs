//! Checks that join files: which manifest runs which Dockerfile's image (pairing), what
//! the cross-file rules see, and the rules.

mod pairing;
pub(crate) mod rules;

pub use pairing::*;

use crate::Diagnostic;

/// A cross-file rule's check.
pub(crate) type CrossCheck = fn(&ProjectContext<'_>, &mut Vec<CrossFinding>);

/// Run the cross-file rules' `checks`, and add their findings (and the probes a
/// `HEALTHCHECK` offers) to the files' own.
pub(crate) fn run(
    files: &[ProjectFile<'_>],
    context: &ProjectContext<'_>,
    checks: impl IntoIterator<Item = CrossCheck>,
    out: &mut [Vec<Diagnostic>],
) {
    let mut findings = Vec::new();
    for check in checks {
        check(context, &mut findings);
    }
    report(files, findings, out);
    probes_from_healthchecks(context, out);
    settle_compose_notes(context, out);
}

/// In a project, where a container runs an image whose `HEALTHCHECK` calls a local URL
/// (`http://localhost:8000/health`), the probes this rule offers call that URL instead
/// of the `/healthz` placeholder (KS rule `missing-probes`).
pub(crate) fn probes_from_healthchecks(ctx: &ProjectContext<'_>, out: &mut [Vec<Diagnostic>]) {
    for paired in ctx.paired() {
        let Some(url) = rules::healthcheck_url(&paired) else {
            continue;
        };
        let anchor = paired.container.anchor();
        for found in out[paired.manifest.file].iter_mut().filter(|d| {
            d.code == crate::kubernetes::rules::MissingProbes::META.code && d.range == anchor
        }) {
            found.fix = crate::kubernetes::rules::probe_template(
                paired.manifest.source,
                paired.container,
                &crate::kubernetes::rules::missing_probes(paired.container),
                Some(&url),
            );
        }
    }
}

/// What a service's own Dockerfile settles about it: no note that the service sets no
/// `user:` when its image runs as a non-root user, or when XF010 reports the root one
/// (CP108); none that it has no health check when its image has a `HEALTHCHECK`,
/// which Compose runs (CP402).
fn settle_compose_notes(context: &ProjectContext<'_>, out: &mut [Vec<Diagnostic>]) {
    for built in context.built() {
        let anchor = built.service.anchor();
        let user_known = !matches!(built.image.image_user(), ImageUser::Unknown);
        let healthcheck = built
            .image
            .effective(crate::dockerfile::Keyword::Healthcheck)
            .is_some_and(|h| !h.body().trim().eq_ignore_ascii_case("NONE"));
        out[built.compose.file].retain(|d| {
            d.range != anchor
                || !((d.code == "CP108" && user_known) || (d.code == "CP402" && healthcheck))
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::{FileKind, Linter, ProjectFile};

    fn compose_codes(dockerfile: &str) -> Vec<&'static str> {
        let files = [
            ProjectFile {
                path: "compose.yaml",
                kind: FileKind::Compose,
                source: "services:\n  web:\n    build: .\n",
            },
            ProjectFile {
                path: "Dockerfile",
                kind: FileKind::Dockerfile,
                source: dockerfile,
            },
        ];
        Linter::new().check(&files).diagnostics[0]
            .iter()
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn the_services_dockerfile_settles_its_user_and_health_check_notes() {
        let alone = compose_codes("FROM registry.example/base:1\n");
        assert!(
            alone.contains(&"CP108") && alone.contains(&"CP402"),
            "{alone:?}"
        );
        let settled = compose_codes(
            "FROM python:3.13-slim\nUSER 65532\nHEALTHCHECK CMD [\"python\", \"-c\", \"1\"]\n",
        );
        assert!(
            !settled.contains(&"CP108") && !settled.contains(&"CP402"),
            "{settled:?}"
        );
        // A root image: XF010 instead of the note.
        let root = compose_codes("FROM python:3.13-slim\n");
        assert!(
            root.contains(&"XF010") && !root.contains(&"CP108"),
            "{root:?}"
        );
        let off = compose_codes("FROM python:3.13-slim\nUSER 65532\nHEALTHCHECK NONE\n");
        assert!(off.contains(&"CP402"), "{off:?}");
    }
}
