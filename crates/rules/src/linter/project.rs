//! Linting a project: each file by its language's rules, the cross-file rules over them
//! together, then the user's choices, the suppressions, the order and the cap.

use std::borrow::Cow;

use crate::kubernetes::pss::NamespaceLevels;
use crate::linter::limits::{cap, refuse};
use crate::linter::registry::{Check, RULES};
use crate::linter::{codes, suppress};
use crate::{
    compose, crossfile, dockerfile, hardening, kubernetes, requirements, yaml, Diagnostic,
    FileKind, Options, ProjectFile, TextRange,
};

/// The checks of the rules of one kind (`Dockerfile`, `Kubernetes`, ...) in the rule
/// table, in its order, without the preview rules unless the options ask for them.
macro_rules! checks {
    ($kind:ident, $options:expr) => {
        RULES.iter().filter_map(|rule| match rule.check {
            Check::$kind(check) if codes::enabled(rule.meta.code, $options) => Some(check),
            _ => None,
        })
    };
}

/// The one way to lint: say what to lint with (the user's [`Options`], the images
/// paired with their Dockerfiles by hand), then lint one file ([`Linter::lint`]) or a
/// project ([`Linter::check`]).
///
/// ```
/// use bulkhead_rules::{FileKind, Linter, Options, ProjectFile};
///
/// let found = Linter::new().lint(FileKind::Dockerfile, "FROM python:3.13\n");
/// assert!(found.iter().any(|d| d.code == "DF100"));
///
/// let options = Options { ignore: vec!["DF100".into()], ..Options::default() };
/// let files = [ProjectFile {
///     path: "Dockerfile",
///     kind: FileKind::Dockerfile,
///     source: "FROM python:3.13\n",
/// }];
/// let report = Linter::new().options(&options).check(&files);
/// assert!(report.diagnostics[0].iter().all(|d| d.code != "DF100"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Linter<'a> {
    options: Cow<'a, Options>,
    pairs: &'a [(String, String)],
}

impl<'a> Linter<'a> {
    /// A linter with the default options and no explicit pairs.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Lint with the user's [`Options`] (the Pod Security Standards level, ignored
    /// rules, severities, trusted registries, chart folders).
    #[must_use]
    pub fn options(mut self, options: &'a Options) -> Self {
        self.options = Cow::Borrowed(options);
        self
    }

    /// Run the rules in preview too (see [`Options::preview`]), whatever the options
    /// say.
    #[must_use]
    pub fn preview(mut self, on: bool) -> Self {
        self.options.to_mut().preview = on;
        self
    }

    /// Pair images (or container names) with the Dockerfile paths that build them;
    /// without pairs, a project pairs by image name, or with the only Dockerfile.
    #[must_use]
    pub fn pairs(mut self, explicit: &'a [(String, String)]) -> Self {
        self.pairs = explicit;
        self
    }

    /// Lint one file of the given kind on its own. Diagnostics are sorted by position,
    /// then code.
    #[must_use]
    pub fn lint(&self, kind: FileKind, source: &str) -> Vec<Diagnostic> {
        lint_file(kind, source, &self.options)
    }

    /// Lint several files together: each file's own rules, then the cross-file rules
    /// that read a Dockerfile and the manifests running its image (and requirements
    /// files), with the container images and the hardening checklist, from one parse
    /// of each file. A Namespace in any of the files that enforces a Pod Security
    /// Standards level sets the level for its pods.
    #[must_use]
    pub fn check(&self, files: &[ProjectFile<'_>]) -> ProjectReport {
        check_files(files, self.pairs, &self.options)
    }
}

/// [`Linter::lint`].
fn lint_file(kind: FileKind, source: &str, options: &Options) -> Vec<Diagnostic> {
    if let Some(refused) = refuse(kind, source) {
        return vec![refused];
    }
    // One file alone: the cross-file rules do not run.
    let alone = suppress::Judging {
        options,
        cross_file: false,
    };
    let mut diagnostics = match kind {
        FileKind::Dockerfile => {
            let dockerfile = dockerfile::parse(source);
            let model = dockerfile::Model::new(source, &dockerfile);
            let mut found = dockerfile::lint(
                source,
                &dockerfile,
                &model,
                options,
                checks!(Dockerfile, options),
            );
            suppress::apply(source, &dockerfile, alone, &mut found);
            found
        }
        FileKind::Kubernetes => {
            let yaml = yaml::Yaml::parse(source);
            let manifest = kubernetes::Manifest::new(&yaml);
            let mut found = kubernetes::lint(
                source,
                None,
                false,
                &yaml,
                &manifest,
                std::slice::from_ref(&manifest),
                checks!(Kubernetes, options),
            );
            NamespaceLevels::read([&manifest]).filter(&manifest, options.pss_level, &mut found);
            suppress::apply_by_line(source, alone, &mut found);
            found
        }
        FileKind::Compose if !cfg!(feature = "compose") => compose_unavailable(),
        FileKind::Compose => {
            let yaml = yaml::Yaml::parse(source);
            let compose = compose::Compose::new(&yaml);
            let mut found = compose::lint(source, &yaml, &compose, checks!(Compose, options));
            suppress::apply_by_line(source, alone, &mut found);
            found
        }
        FileKind::Requirements => {
            let mut found = requirements::lint(
                source,
                &requirements::parse(source),
                checks!(Requirements, options),
            );
            suppress::apply_by_line(source, alone, &mut found);
            found
        }
    };
    options.apply(&mut diagnostics);
    finish(&mut diagnostics, options);
    diagnostics
}

/// Files of the project (at `indexes`) read together with what they were read as.
fn units<'a, T>(
    files: &[ProjectFile<'a>],
    indexes: impl Iterator<Item = usize>,
    reads: &'a [T],
) -> Vec<crossfile::Unit<'a, T>> {
    indexes
        .zip(reads)
        .map(|(file, read)| crossfile::Unit {
            file,
            path: files[file].path,
            source: files[file].source,
            read,
        })
        .collect()
}

/// The folder part of a path (`""` for a bare name).
fn folder(path: &str) -> &str {
    path.rsplit_once(['/', '\\'])
        .map_or("", |(folder, _)| folder)
}

/// The folders of Helm charts: where a `Chart.yaml` is among the files, or where the
/// caller found one.
fn chart_folders(files: &[ProjectFile<'_>], options: &Options) -> Vec<String> {
    files
        .iter()
        .filter(|f| kubernetes::rules::HelmTemplate::is_chart(f.path))
        .map(|f| folder(f.path).to_owned())
        .chain(
            options
                .chart_folders
                .iter()
                .map(|f| f.trim_end_matches('/').to_owned()),
        )
        .collect()
}

/// The user's rule choices, suppressions, order and the findings cap, over each file's
/// own and cross-file findings together.
fn finish_project(
    files: &[ProjectFile<'_>],
    dockerfiles: &[(usize, dockerfile::Dockerfile)],
    refused: &[Option<Diagnostic>],
    options: &Options,
    out: &mut [Vec<Diagnostic>],
) {
    // The cross-file rules ran: a Dockerfile was read with a manifest or Compose file.
    let read = |kinds: &[FileKind]| {
        (0..files.len()).any(|i| refused[i].is_none() && kinds.contains(&files[i].kind))
    };
    let judging = suppress::Judging {
        options,
        cross_file: read(&[FileKind::Dockerfile])
            && read(&[FileKind::Kubernetes, FileKind::Compose]),
    };
    for (i, found) in out.iter_mut().enumerate() {
        // A file that is not checked (a Helm template, a Kustomize file) takes no part
        // in the cross-file findings either.
        if found.iter().any(|d| d.not_checked) {
            found.retain(|d| d.not_checked);
        }
        options.apply(found);
        match dockerfiles.iter().find(|(d, _)| *d == i) {
            Some((_, parsed)) => suppress::apply(files[i].source, parsed, judging, found),
            None if refused[i].is_none() => {
                suppress::apply_by_line(files[i].source, judging, found);
            }
            None => {}
        }
        finish(found, options);
    }
}

/// Drop the findings of rules that do not run (a preview rule the parser reports),
/// sort by position, then code, and summarise findings past [`MAX_FINDINGS`].
fn finish(diagnostics: &mut Vec<Diagnostic>, options: &Options) {
    diagnostics.retain(|d| codes::enabled(d.code, options));
    // A code's place in `RULES`, which is ordered by code.
    let rank = |code: &str| RULES.partition_point(|r| r.meta.code < code);
    let order = crate::engine::text::sorted_order(
        diagnostics
            .iter()
            .map(|d| [d.range.start(), d.range.end(), rank(d.code)]),
    );
    let mut slots: Vec<Option<Diagnostic>> = diagnostics.drain(..).map(Some).collect();
    diagnostics.extend(order.into_iter().filter_map(|i| slots[i].take()));
    cap(diagnostics);
}

/// The Compose files of a project, read together (what one includes and extends from
/// another), with each one's findings in `out`.
fn lint_composes<'y>(
    files: &[ProjectFile<'_>],
    options: &Options,
    composes: &'y [(usize, yaml::Yaml)],
    out: &mut [Vec<Diagnostic>],
) -> Vec<compose::Compose<'y>> {
    if !cfg!(feature = "compose") {
        for (i, file) in files.iter().enumerate() {
            if file.kind == FileKind::Compose && out[i].is_empty() {
                out[i] = compose_unavailable();
            }
        }
        return Vec::new();
    }
    let mut compose_files: Vec<compose::Compose<'y>> = composes
        .iter()
        .map(|(_, y)| compose::Compose::new(y))
        .collect();
    let paths: Vec<&str> = composes.iter().map(|(i, _)| files[*i].path).collect();
    compose::link(&mut compose_files, &paths);
    for ((i, yaml), file) in composes.iter().zip(&compose_files) {
        out[*i] = compose::lint(files[*i].source, yaml, file, checks!(Compose, options));
    }
    compose_files
}

/// What a build without the `compose` feature says of a Compose file (the playground
/// never asks it: its worker lints Compose files with the module that has the rules).
fn compose_unavailable() -> Vec<Diagnostic> {
    vec![Diagnostic::new(
        &compose::rules::ParseError::META,
        TextRange::new(0, 0),
        "This build of bulkhead has no Compose rules, so the file was not checked",
    )]
}

/// Everything the playground shows about a set of files, from one parse of each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectReport {
    /// Each file's diagnostics, in the order of the files.
    pub diagnostics: Vec<Vec<Diagnostic>>,
    /// The manifests' container images, in order and without repeats.
    pub images: Vec<String>,
    /// The hardening checklist, one verdict per item in [`Checklist::ALL`](crate::Checklist::ALL) order.
    pub checklist: Vec<hardening::ItemStatus>,
    /// Each file's group: files in different groups read nothing of each other, so a
    /// group linted on its own gives its files the same findings (the fix loop fixes
    /// each group apart). A group is named by its first file's index.
    pub groups: Vec<usize>,
}

/// Files whose findings may depend on each other, joined (a union-find over the files).
struct Groups(Vec<usize>);

impl Groups {
    fn new(files: usize) -> Self {
        Self((0..files).collect())
    }

    fn root(&mut self, mut file: usize) -> usize {
        while self.0[file] != file {
            self.0[file] = self.0[self.0[file]];
            file = self.0[file];
        }
        file
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        // The smaller index names the group.
        let (low, high) = if a < b { (a, b) } else { (b, a) };
        self.0[high] = low;
    }

    /// Join every file of `files` with the first.
    fn join_all(&mut self, files: impl IntoIterator<Item = usize>) {
        let mut files = files.into_iter();
        if let Some(first) = files.next() {
            for file in files {
                self.join(first, file);
            }
        }
    }

    /// The files' groups before the cross-file pairs: a Namespace's level applies to
    /// every manifest's pods; a chart's folder (see [`chart_folders`]) makes the YAML in
    /// it a chart's; Compose files include and extend each other.
    fn of_files(
        files: &[ProjectFile<'_>],
        charts: &[String],
        yamls: &[(usize, yaml::Yaml)],
        manifests: &[kubernetes::Manifest<'_>],
        composes: &[(usize, yaml::Yaml)],
    ) -> Self {
        let mut groups = Self::new(files.len());
        groups.join_namespaces_and_accounts(yamls, manifests);
        for chart in charts {
            groups.join_all((0..files.len()).filter(|i| folder(files[*i].path) == chart));
        }
        groups.join_all(composes.iter().map(|(i, _)| *i));
        groups
    }

    /// Join the manifests that read each other: a `Namespace` with the files of the
    /// objects in it (its Pod Security label sets their pods' level), and a
    /// `ServiceAccount` with the files of the pods that run as it (its
    /// `automountServiceAccountToken` is theirs). Only these, so that a project of many
    /// manifests with one Namespace is not one group, fixed as one.
    fn join_namespaces_and_accounts(
        &mut self,
        yamls: &[(usize, yaml::Yaml)],
        manifests: &[kubernetes::Manifest<'_>],
    ) {
        let objects = || {
            yamls
                .iter()
                .zip(manifests)
                .flat_map(|((file, _), m)| m.objects.iter().map(move |o| (*file, o)))
        };
        for (file, namespace) in objects().filter(|(_, o)| o.kind == "Namespace") {
            let Some(name) = namespace.name() else {
                continue;
            };
            let inside: Vec<usize> = objects()
                .filter(|(_, o)| o.kind != "Namespace" && o.namespace_name() == name)
                .map(|(f, _)| f)
                .collect();
            self.join_all(std::iter::once(file).chain(inside));
        }
        for (file, account) in objects().filter(|(_, o)| o.kind == "ServiceAccount") {
            let name = account.name().unwrap_or_default();
            for ((pod_file, _), manifest) in yamls.iter().zip(manifests) {
                let runs_as = manifest.pods.iter().any(|pod| {
                    let namespace = manifest
                        .object_of(pod)
                        .map_or("default", kubernetes::Object::namespace_name);
                    let account_of = pod
                        .field("serviceAccountName")
                        .and_then(|e| e.value.str())
                        .unwrap_or("default");
                    account_of == name && namespace == account.namespace_name()
                });
                if runs_as {
                    self.join(file, *pod_file);
                }
            }
        }
    }

    /// Join what the cross-file rules read together: a pair's files and the Services
    /// that select its pod; a Compose build's files; the requirements files and every
    /// Dockerfile.
    fn join_read_together(&mut self, context: &crossfile::ProjectContext<'_>) {
        for pair in &context.pairs {
            let manifest = &context.manifests[pair.manifest];
            self.join(context.dockerfiles[pair.dockerfile].file, manifest.file);
            if let Some(pod) = manifest.read.pods.get(pair.pod) {
                for (unit, _) in context.services_of(pod) {
                    self.join(manifest.file, unit.file);
                }
            }
        }
        for build in &context.builds {
            self.join(
                context.dockerfiles[build.dockerfile].file,
                context.composes[build.compose].file,
            );
        }
        if !context.requirements.is_empty() {
            self.join_all(
                context
                    .requirements
                    .iter()
                    .map(|r| r.file)
                    .chain(context.dockerfiles.iter().map(|d| d.file)),
            );
        }
    }

    fn named(mut self) -> Vec<usize> {
        (0..self.0.len()).map(|file| self.root(file)).collect()
    }
}

/// [`Linter::check`].
fn check_files(
    files: &[ProjectFile<'_>],
    explicit: &[(String, String)],
    options: &Options,
) -> ProjectReport {
    // Each file is parsed once; its own rules and the cross-file rules share the parse.
    // Files that are refused (too large, binary) are not parsed at all.
    let refused: Vec<Option<Diagnostic>> = files.iter().map(|f| refuse(f.kind, f.source)).collect();
    let refused = &refused;
    let read = |kind: FileKind| {
        files
            .iter()
            .enumerate()
            .filter(move |(i, f)| f.kind == kind && refused[*i].is_none())
    };
    let dockerfiles: Vec<(usize, dockerfile::Dockerfile)> = read(FileKind::Dockerfile)
        .map(|(i, f)| (i, dockerfile::parse(f.source)))
        .collect();
    let yamls: Vec<(usize, yaml::Yaml)> = read(FileKind::Kubernetes)
        .map(|(i, f)| (i, yaml::Yaml::parse(f.source)))
        .collect();
    let composes: Vec<(usize, yaml::Yaml)> = if cfg!(feature = "compose") {
        read(FileKind::Compose)
            .map(|(i, f)| (i, yaml::Yaml::parse(f.source)))
            .collect()
    } else {
        Vec::new()
    };
    let requirements: Vec<(usize, requirements::Requirements)> = read(FileKind::Requirements)
        .map(|(i, f)| (i, requirements::parse(f.source)))
        .collect();
    let models: Vec<dockerfile::Model<'_>> = dockerfiles
        .iter()
        .map(|(i, d)| dockerfile::Model::new(files[*i].source, d))
        .collect();
    let manifests: Vec<kubernetes::Manifest<'_>> = yamls
        .iter()
        .map(|(_, y)| kubernetes::Manifest::new(y))
        .collect();

    let mut out: Vec<Vec<Diagnostic>> = refused
        .iter()
        .map(|r| r.iter().cloned().collect())
        .collect();
    for ((i, parsed), model) in dockerfiles.iter().zip(&models) {
        out[*i] = dockerfile::lint(
            files[*i].source,
            parsed,
            model,
            options,
            checks!(Dockerfile, options),
        );
    }
    let namespaces = NamespaceLevels::read(&manifests);
    let charts = chart_folders(files, options);
    for ((i, yaml), manifest) in yamls.iter().zip(&manifests) {
        out[*i] = kubernetes::lint(
            files[*i].source,
            Some(files[*i].path),
            charts.iter().any(|chart| chart == folder(files[*i].path)),
            yaml,
            manifest,
            &manifests,
            checks!(Kubernetes, options),
        );
        namespaces.filter(manifest, options.pss_level, &mut out[*i]);
    }
    for (i, parsed) in &requirements {
        out[*i] = requirements::lint(files[*i].source, parsed, checks!(Requirements, options));
    }
    let compose_files = lint_composes(files, options, &composes, &mut out);

    let mut groups = Groups::of_files(files, &charts, &yamls, &manifests, &composes);
    if !dockerfiles.is_empty() && (!yamls.is_empty() || !composes.is_empty()) {
        let dockerfile_units = units(files, dockerfiles.iter().map(|(i, _)| *i), &models);
        let manifest_units = units(files, yamls.iter().map(|(i, _)| *i), &manifests);
        let compose_units = units(files, composes.iter().map(|(i, _)| *i), &compose_files);
        let pairs = crossfile::pair(&dockerfile_units, &manifest_units, explicit);
        let builds = crossfile::pair_builds(&dockerfile_units, &compose_units);
        let context = crossfile::ProjectContext {
            dockerfiles: dockerfile_units,
            manifests: manifest_units,
            composes: compose_units,
            requirements: requirements
                .iter()
                .map(|(i, r)| crossfile::RequirementsUnit {
                    file: *i,
                    path: files[*i].path,
                    requirements: r,
                })
                .collect(),
            pairs,
            builds,
        };
        groups.join_read_together(&context);
        crossfile::run(files, &context, checks!(CrossFile, options), &mut out);
    }

    finish_project(files, &dockerfiles, refused, options, &mut out);
    let images = crossfile::unique_images(&manifests);
    let model_of: Vec<(usize, &dockerfile::Model<'_>)> =
        dockerfiles.iter().map(|(i, _)| *i).zip(&models).collect();
    let checklist = hardening::assess(&hardening::facts(files, &model_of), &out, &images);
    ProjectReport {
        diagnostics: out,
        images,
        checklist,
        groups: groups.named(),
    }
}
