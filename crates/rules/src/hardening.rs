//! The hardening checklist as a verdict per item: passed, failed, not applicable, or
//! not something these files can show (scanning and signing happen elsewhere). Built
//! from the findings the rules already produced plus a few facts about the files, so a
//! verdict never disagrees with the findings listed under it.

use crate::crossfile::ProjectFile;
use crate::dockerfile::{Base, ImageRef, Model, PackageCommand};
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{Checklist, FileKind};
use crate::engine::text::counted;
use crate::knowledge::catalog::catalog;

/// The verdict on one checklist item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pass,
    Fail,
    /// Nothing in these files that the item is about (no dependencies installed...).
    NotApplicable,
    /// These files cannot show it (image scanning and signing, or a setting that lives
    /// in a file that was not pasted).
    Unknown,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Fail => "fail",
            Self::NotApplicable => "n/a",
            Self::Unknown => "unknown",
        }
    }
}

/// One checklist item's verdict, why, and the commands that check what files cannot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemStatus {
    pub item: Checklist,
    pub status: Status,
    pub detail: String,
    pub commands: Vec<String>,
}

/// What the files are, for the items that depend on which files there are.
#[derive(Debug, Default)]
#[allow(clippy::struct_excessive_bools)] // independent facts, not a state
pub(crate) struct Facts {
    dockerfile: bool,
    manifest: bool,
    /// The shipped stage's root base image, if the Dockerfile names one.
    base: Option<String>,
    base_minimal: Option<bool>,
    scratch: bool,
    /// A `RUN` installs language packages (pip, npm, poetry...).
    installs_dependencies: bool,
    /// A Dockerfile builds in more than one stage.
    multi_stage: bool,
    /// A Dockerfile of one stage runs commands (`RUN`): what they install ships.
    single_stage_runs: bool,
}

/// The facts about `files`, reading each Dockerfile's `models` entry (by file index; a
/// refused file has none) rather than parsing it again.
pub(crate) fn facts(files: &[ProjectFile<'_>], models: &[(usize, &Model<'_>)]) -> Facts {
    let mut facts = Facts::default();
    for (index, file) in files.iter().enumerate() {
        if file.source.trim().is_empty() {
            continue;
        }
        match file.kind {
            FileKind::Dockerfile => {
                facts.dockerfile = true;
                let Some((_, model)) = models.iter().find(|(i, _)| *i == index) else {
                    continue;
                };
                facts.installs_dependencies |= model.stages.iter().any(|stage| {
                    stage.runs().iter().flat_map(|r| &r.commands).any(|c| {
                        PackageCommand::recognise(c).is_some_and(|p| {
                            !p.manager.is_os()
                                && matches!(
                                    p.subcommand(),
                                    Some("install" | "ci" | "sync" | "add" | "build" | "download")
                                )
                        })
                    })
                });
                if model.stages.len() > 1 {
                    facts.multi_stage = true;
                } else if model.stages.iter().any(|stage| !stage.runs().is_empty()) {
                    facts.single_stage_runs = true;
                }
                if let Some(shipped) = model.shipped() {
                    match model.root_base(shipped) {
                        Base::Scratch => facts.scratch = true,
                        Base::Image(reference) => {
                            let image = ImageRef::parse(reference);
                            facts.base_minimal = catalog().facts(&image).map(|f| f.minimal);
                            facts.base = Some(reference.clone());
                        }
                        Base::Stage(_) | Base::Unknown => {}
                    }
                }
            }
            // A Compose file says how the image runs too (read-only, limits).
            FileKind::Kubernetes | FileKind::Compose => facts.manifest = true,
            FileKind::Requirements => {}
        }
    }
    facts
}

/// Judge every checklist item, in [`Checklist::ALL`] order. `results` are the findings
/// of each file; `images` the manifests' container images, the first of which the scan
/// and sign commands name. [`crate::Linter::check`] calls this.
pub(crate) fn assess(
    facts: &Facts,
    results: &[Vec<Diagnostic>],
    images: &[String],
) -> Vec<ItemStatus> {
    let image = images.first().map_or("IMAGE", String::as_str);
    let any_file = facts.dockerfile || facts.manifest;
    Checklist::ALL
        .iter()
        .map(|&item| {
            let under = || {
                results
                    .iter()
                    .flatten()
                    .filter(|d| d.checklist == Some(item))
            };
            let count = |min: crate::Severity| under().filter(|d| d.severity >= min).count();
            let (gaps, warnings) = (
                count(crate::Severity::Info),
                count(crate::Severity::Warning),
            );
            let mut verdict = judge(item, facts, any_file, image);
            match item {
                // What the files cannot show stays "can't tell", whatever they say; they
                // show part of it (a digest to sign), said beside it.
                Checklist::Scanned | Checklist::Signed if gaps > 0 => {
                    verdict.detail = format!(
                        "{} These files show part of it: {} to fix.",
                        verdict.detail,
                        counted(gaps, "finding")
                    );
                }
                // A note about secrets says where one could get in (the whole context
                // copied), not that one did: no secret found is not a failure.
                Checklist::NoSecrets if gaps > 0 && warnings == 0 => {
                    verdict.status = Status::Unknown;
                    verdict.detail = format!(
                        "No secret found, but {} where one could get in: read {}.",
                        if gaps == 1 {
                            "a note says".to_owned()
                        } else {
                            format!("{gaps} notes say")
                        },
                        if gaps == 1 { "it" } else { "them" }
                    );
                }
                // Anything else under an item, notes included, is a gap in it.
                _ if gaps > 0 => {
                    verdict.status = Status::Fail;
                    verdict.detail = format!("{} to fix.", counted(gaps, "finding"));
                    verdict.commands.clear();
                }
                _ => {}
            }
            verdict
        })
        .collect()
}

/// The verdict on an item with no warning or error under it.
fn judge(item: Checklist, facts: &Facts, any_file: bool, image: &str) -> ItemStatus {
    let (status, detail, commands) = match item {
        _ if !any_file && item != Checklist::NoSecrets && item != Checklist::PinnedDependencies => (
            Status::NotApplicable,
            "Paste a Dockerfile or Kubernetes YAML to check this.".to_owned(),
            Vec::new(),
        ),
        Checklist::MinimalBase | Checklist::MultiStage | Checklist::IsolatedDependencies
            if !facts.dockerfile =>
        {
            (
                Status::Unknown,
                "This is decided in the Dockerfile: paste it to check.".to_owned(),
                Vec::new(),
            )
        }
        Checklist::MinimalBase => match (&facts.base, facts.base_minimal) {
            _ if facts.scratch => (Status::Pass, "Built on `scratch`: nothing but your files.".to_owned(), Vec::new()),
            (Some(base), Some(true)) => (Status::Pass, format!("`{base}` is a minimal base."), Vec::new()),
            (Some(base), _) => (
                Status::Unknown,
                format!("bulkhead does not know `{base}`: check what it ships (`docker image inspect`, `syft`)."),
                Vec::new(),
            ),
            (None, _) => (Status::Unknown, "The base image comes from a build argument.".to_owned(), Vec::new()),
        },
        Checklist::MultiStage if facts.multi_stage => (
            Status::Pass,
            "Built in stages: the build tools stay out of the shipped one.".to_owned(),
            Vec::new(),
        ),
        Checklist::MultiStage if facts.single_stage_runs => (
            Status::Fail,
            "Built in one stage: whatever its `RUN`s install ships in the image. Build in a first stage, then copy only the result into a clean one.".to_owned(),
            Vec::new(),
        ),
        Checklist::MultiStage => (
            Status::NotApplicable,
            "Nothing is built here (no `RUN`): one stage is enough.".to_owned(),
            Vec::new(),
        ),
        Checklist::IsolatedDependencies if !facts.installs_dependencies => (
            Status::NotApplicable,
            "The Dockerfile installs no language packages.".to_owned(),
            Vec::new(),
        ),
        Checklist::IsolatedDependencies => (
            Status::Pass,
            "Dependencies are installed apart from the system and copied in.".to_owned(),
            Vec::new(),
        ),
        Checklist::NonRoot => (Status::Pass, "Runs as a non-root user.".to_owned(), Vec::new()),
        Checklist::NoSecrets => (Status::Pass, "No secrets found in these files.".to_owned(), Vec::new()),
        Checklist::PinnedDependencies => (
            Status::Pass,
            "Images and packages are pinned.".to_owned(),
            Vec::new(),
        ),
        Checklist::Scanned => (
            Status::Unknown,
            "Scan the built image for known vulnerabilities, in CI and again as new ones are published.".to_owned(),
            vec![format!("trivy image --severity HIGH,CRITICAL --exit-code 1 {image}")],
        ),
        Checklist::Signed => (
            Status::Unknown,
            "Sign the image when CI pushes it, and verify the signature before it runs.".to_owned(),
            vec![
                format!("cosign sign {image}"),
                format!(
                    "cosign verify --certificate-identity=SIGNER --certificate-oidc-issuer=ISSUER {image}"
                ),
            ],
        ),
        Checklist::ReadOnlyAndLimits if !facts.manifest => (
            Status::Unknown,
            "Set where the container runs: paste the Kubernetes YAML or Compose file to check.".to_owned(),
            Vec::new(),
        ),
        Checklist::ReadOnlyAndLimits => (
            Status::Pass,
            "Read-only root filesystem and resource limits are set.".to_owned(),
            Vec::new(),
        ),
        Checklist::HealthChecks => (
            Status::Pass,
            "Health is checked (HEALTHCHECK or probes).".to_owned(),
            Vec::new(),
        ),
    };
    ItemStatus {
        item,
        status,
        detail,
        commands,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Linter;

    fn assess_files(files: &[(&str, FileKind, &str)]) -> Vec<ItemStatus> {
        let files: Vec<ProjectFile<'_>> = files
            .iter()
            .map(|(path, kind, source)| ProjectFile {
                path,
                kind: *kind,
                source,
            })
            .collect();
        Linter::new().check(&files).checklist
    }

    fn status(items: &[ItemStatus], item: Checklist) -> Status {
        items
            .iter()
            .find(|i| i.item == item)
            .map(|i| i.status)
            .expect("every item is judged")
    }

    #[test]
    fn a_bare_dockerfile_fails_what_it_gets_wrong() {
        let items = assess_files(&[(
            "Dockerfile",
            FileKind::Dockerfile,
            "FROM python:latest\nCOPY . .\nRUN pip install flask\nCMD python app.py\n",
        )]);
        assert_eq!(items.len(), Checklist::ALL.len());
        assert_eq!(status(&items, Checklist::PinnedDependencies), Status::Fail);
        assert_eq!(status(&items, Checklist::NonRoot), Status::Fail);
        assert_eq!(
            status(&items, Checklist::IsolatedDependencies),
            Status::Fail
        );
        // No manifest: read-only root and limits cannot be judged from a Dockerfile.
        assert_eq!(
            status(&items, Checklist::ReadOnlyAndLimits),
            Status::Unknown
        );
        assert_eq!(status(&items, Checklist::Scanned), Status::Unknown);
        let failed = items
            .iter()
            .find(|i| i.item == Checklist::NonRoot)
            .expect("judged");
        assert!(failed.detail.contains("finding"), "{}", failed.detail);
    }

    #[test]
    fn a_hardened_pair_passes_and_names_its_image_in_the_commands() {
        // The hardened Dockerfile and Deployment that the lessons and the examples show.
        let dockerfile = include_str!("../../../content/hardened/Dockerfile");
        let manifest = include_str!("../../../content/hardened/deployment.yaml");
        let items = assess_files(&[
            ("Dockerfile", FileKind::Dockerfile, dockerfile),
            ("deployment.yaml", FileKind::Kubernetes, manifest),
        ]);
        for item in [
            Checklist::MinimalBase,
            Checklist::MultiStage,
            Checklist::NonRoot,
            Checklist::IsolatedDependencies,
            Checklist::NoSecrets,
            Checklist::PinnedDependencies,
            Checklist::ReadOnlyAndLimits,
            Checklist::HealthChecks,
        ] {
            assert_eq!(status(&items, item), Status::Pass, "{item:?}: {items:#?}");
        }
        let signed = items
            .iter()
            .find(|i| i.item == Checklist::Signed)
            .expect("judged");
        assert_eq!(signed.status, Status::Unknown);
        assert!(signed.commands[0].starts_with("cosign sign registry.example/app:1.0.0@sha256:"));
        let scanned = items
            .iter()
            .find(|i| i.item == Checklist::Scanned)
            .expect("judged");
        assert!(scanned.commands[0].contains("trivy image"));
    }

    #[test]
    fn no_files_means_nothing_to_judge() {
        let items = assess_files(&[("Dockerfile", FileKind::Dockerfile, "\n")]);
        assert_eq!(status(&items, Checklist::NonRoot), Status::NotApplicable);
        assert_eq!(status(&items, Checklist::Signed), Status::NotApplicable);
    }

    fn item(items: &[ItemStatus], item: Checklist) -> &ItemStatus {
        items
            .iter()
            .find(|i| i.item == item)
            .expect("every item is judged")
    }

    #[test]
    fn multi_stage_is_judged_by_the_stages() {
        let one = assess_files(&[(
            "Dockerfile",
            FileKind::Dockerfile,
            "FROM python:3.13-slim\nRUN pip install --no-cache-dir flask\nUSER 65532\n",
        )]);
        assert_eq!(status(&one, Checklist::MultiStage), Status::Fail);
        assert!(item(&one, Checklist::MultiStage)
            .detail
            .contains("one stage"));
        let two = assess_files(&[(
            "Dockerfile",
            FileKind::Dockerfile,
            "FROM python:3.13-slim AS build\nRUN pip install --no-cache-dir --user flask\nFROM python:3.13-slim\nCOPY --from=build /root/.local /root/.local\nUSER 65532\n",
        )]);
        assert_eq!(status(&two, Checklist::MultiStage), Status::Pass);
        let nothing_built = assess_files(&[(
            "Dockerfile",
            FileKind::Dockerfile,
            "FROM nginx:1.27\nCOPY site /usr/share/nginx/html\n",
        )]);
        assert_eq!(
            status(&nothing_built, Checklist::MultiStage),
            Status::NotApplicable
        );
        assert_eq!(
            status(&nothing_built, Checklist::IsolatedDependencies),
            Status::NotApplicable,
            "nothing is installed"
        );
    }

    #[test]
    fn what_the_files_cannot_show_stays_unknown_whatever_they_say() {
        // KS305 (a tag, not a digest) is under "signed", but a digest is not a signature.
        let items = assess_files(&[(
            "pod.yaml",
            FileKind::Kubernetes,
            "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n    - name: a\n      image: registry.example/app:1.4.2\n",
        )]);
        let signed = item(&items, Checklist::Signed);
        assert_eq!(signed.status, Status::Unknown, "{signed:?}");
        assert!(
            signed.detail.contains("1 finding to fix"),
            "{}",
            signed.detail
        );
        assert!(!signed.commands.is_empty());
    }

    #[test]
    fn a_note_of_where_a_secret_could_get_in_is_no_failure() {
        // DF403 (the whole context copied) is a note under "no secrets": nothing was found.
        let items = assess_files(&[(
            "Dockerfile",
            FileKind::Dockerfile,
            "FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nUSER 65532\n",
        )]);
        let secrets = item(&items, Checklist::NoSecrets);
        assert_eq!(secrets.status, Status::Unknown, "{secrets:?}");
        assert!(
            secrets.detail.starts_with("No secret found"),
            "{}",
            secrets.detail
        );
        // A secret written out is a failure.
        let items = assess_files(&[(
            "Dockerfile",
            FileKind::Dockerfile,
            "FROM python:3.13-slim\nENV SECRET_KEY=dev-secret-change-me\nUSER 65532\n",
        )]);
        assert_eq!(status(&items, Checklist::NoSecrets), Status::Fail);
    }

    #[test]
    fn an_unknown_base_cannot_be_judged_minimal() {
        let items = assess_files(&[(
            "Dockerfile",
            FileKind::Dockerfile,
            "FROM registry.example/base:1.2@sha256:0000000000000000000000000000000000000000000000000000000000000000\nUSER 65532\n",
        )]);
        assert_eq!(status(&items, Checklist::MinimalBase), Status::Unknown);
    }
}
