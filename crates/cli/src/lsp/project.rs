//! Projects: the open documents of one workspace folder, with the files on disk beside
//! them, linted together as the CLI lints its arguments, so that a Dockerfile and the
//! Deployment or Compose file that runs its image get their cross-file findings.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use bulkhead_rules::yaml::{Node, Yaml};
use bulkhead_rules::{Diagnostic, FileKind, Linter, Options, ProjectFile, MAX_FILE_BYTES};
use lsp_types::Url;

use super::documents::Document;
use crate::config::{self, Config};

/// One file of a project: an open document or a file read from disk.
#[derive(Debug, Clone)]
pub struct File {
    pub uri: Url,
    /// The path the rules see (absolute, as the editor names it).
    pub path: String,
    pub text: String,
    pub kind: FileKind,
    /// Open in the editor (its diagnostics are published; a file read from disk only
    /// lends its content to the others).
    pub open: bool,
}

/// A project linted: its files, each one's findings, and the settings used.
#[derive(Debug)]
pub struct Linted {
    pub files: Vec<File>,
    pub diagnostics: Vec<Vec<Diagnostic>>,
    pub options: Options,
}

impl Linted {
    /// The index of the file with `uri`.
    pub fn index_of(&self, uri: &Url) -> Option<usize> {
        self.files.iter().position(|f| &f.uri == uri)
    }

    /// The project's files as the linter takes them.
    pub fn project_files(&self) -> Vec<ProjectFile<'_>> {
        self.files
            .iter()
            .map(|f| ProjectFile {
                path: &f.path,
                kind: f.kind,
                source: &f.text,
            })
            .collect()
    }
}

/// The project a path belongs to: the innermost workspace folder that holds it, else
/// its own folder (a file opened with no workspace).
pub fn root_of(folders: &[PathBuf], path: &Path) -> PathBuf {
    folders
        .iter()
        .filter(|f| path.starts_with(f))
        .max_by_key(|f| f.components().count())
        .cloned()
        .unwrap_or_else(|| path.parent().map(Path::to_owned).unwrap_or_default())
}

/// Whether `path` is a config file bulkhead reads (`bulkhead.toml`, `.hadolint.yaml`).
pub fn is_config(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n == config::FILE_NAME || config::HADOLINT_NAMES.contains(&n))
}

/// The project's settings: the config file found from its root upward, read from the
/// editor's buffer when it is open there (so an unsaved change applies at once). A
/// config that does not parse gives the defaults and the error, for the editor to show.
pub fn read_config(root: &Path, docs: &BTreeMap<Url, Document>) -> (Config, Option<String>) {
    let Some(path) = config::discover(root) else {
        return (Config::default(), None);
    };
    let open = docs.values().find(|d| d.path == path);
    let read = match open {
        Some(doc)
            if path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| config::HADOLINT_NAMES.contains(&n)) =>
        {
            config::read_hadolint(&path, &doc.text)
        }
        Some(doc) => config::read_toml(&path, &doc.text),
        None => config::read(&path),
    };
    match read {
        Ok(config) => (config, None),
        Err(error) => (Config::default(), Some(error)),
    }
}

/// The open documents under `root` with the files on disk beside them, then every file
/// read into the project, linted as one.
pub fn lint(root: &Path, docs: &BTreeMap<Url, Document>, config: &Config) -> Linted {
    let files = gather(root, docs);
    let mut options = config.options.clone();
    options.chart_folders = crate::chart_folders(files.iter().map(|f| f.path.as_str()));
    let project: Vec<ProjectFile<'_>> = files
        .iter()
        .map(|f| ProjectFile {
            path: &f.path,
            kind: f.kind,
            source: &f.text,
        })
        .collect();
    let mut diagnostics = Linter::new().options(&options).check(&project).diagnostics;
    for (file, found) in files.iter().zip(&mut diagnostics) {
        // `per-path` sections of the config leave rules out for some files.
        Options {
            ignore: config.ignored_for(&file.path),
            ..Options::default()
        }
        .apply(found);
    }
    Linted {
        files,
        diagnostics,
        options,
    }
}

/// The files of the project at `root`: its open documents bulkhead reads, then, from
/// disk, the lintable files in their folders and the files their Compose files name
/// (a `build:` context's Dockerfile, an `extends:` or `include:` file).
fn gather(root: &Path, docs: &BTreeMap<Url, Document>) -> Vec<File> {
    let mut files: Vec<File> = docs
        .values()
        .filter(|d| d.path.starts_with(root) || root.as_os_str().is_empty())
        .filter_map(|d| {
            Some(File {
                uri: d.uri.clone(),
                path: d.path.to_string_lossy().into_owned(),
                kind: d.kind()?,
                text: d.text.clone(),
                open: true,
            })
        })
        .collect();
    let mut wanted: Vec<PathBuf> = Vec::new();
    let mut folders: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(Path::to_owned))
        .collect();
    folders.sort();
    folders.dedup();
    for folder in &folders {
        let Ok(entries) = std::fs::read_dir(folder) else {
            continue;
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .and_then(FileKind::from_file_name)
                    .is_some()
            })
            .collect();
        found.sort();
        wanted.extend(found);
    }
    for file in files.iter().filter(|f| f.kind == FileKind::Compose) {
        wanted.extend(compose_references(Path::new(&file.path), &file.text));
    }
    let mut index = 0;
    while index < wanted.len() {
        let path = wanted[index].clone();
        index += 1;
        let name = path.to_string_lossy().into_owned();
        if files.iter().any(|f| f.path == name) {
            continue;
        }
        let Some(text) = read_small(&path) else {
            continue;
        };
        let Some(kind) = FileKind::for_file(&name, &text) else {
            continue;
        };
        if kind == FileKind::Compose {
            // A Compose file read from disk may name more (an `extends:` chain).
            wanted.extend(compose_references(&path, &text));
        }
        let Ok(uri) = Url::from_file_path(&path) else {
            continue;
        };
        files.push(File {
            uri,
            path: name,
            text,
            kind,
            open: false,
        });
    }
    files
}

/// A file's text when it is UTF-8 and small enough to lint (a larger one would only be
/// refused).
fn read_small(path: &Path) -> Option<String> {
    let size = std::fs::metadata(path).ok()?.len();
    if !path.is_file() || size > MAX_FILE_BYTES as u64 {
        return None;
    }
    std::fs::read_to_string(path).ok()
}

/// The files a Compose file names: each service's build Dockerfile (`build: DIR` or
/// `build: {context, dockerfile}`), `extends: {file}`, and the top-level `include:`.
fn compose_references(path: &Path, text: &str) -> Vec<PathBuf> {
    let folder = path.parent().unwrap_or(Path::new(""));
    let yaml = Yaml::parse(text);
    let mut found = Vec::new();
    for root in yaml.roots() {
        for include in root.get("include").map(Node::items).unwrap_or_default() {
            if let Some(file) = include.str().or_else(|| include.get("path")?.str()) {
                found.push(folder.join(file));
            }
        }
        let services = root.get("services").map(Node::entries).unwrap_or_default();
        for service in services {
            let service = service.value;
            if let Some(build) = service.get("build") {
                let (context, dockerfile) = match build.str() {
                    Some(context) => (context, "Dockerfile"),
                    None => (
                        build.get("context").and_then(Node::str).unwrap_or("."),
                        build
                            .get("dockerfile")
                            .and_then(Node::str)
                            .unwrap_or("Dockerfile"),
                    ),
                };
                found.push(folder.join(context).join(dockerfile));
            }
            if let Some(file) = service.path(&["extends", "file"]).and_then(Node::str) {
                found.push(folder.join(file));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_compose_file_names_its_build_dockerfiles_and_extended_files() {
        let text = "include:\n  - base.yaml\nservices:\n  api:\n    build: ./api\n  web:\n    build:\n      context: web\n      dockerfile: Containerfile\n    extends:\n      file: common.yaml\n      service: base\n";
        let found = compose_references(Path::new("/p/compose.yaml"), text);
        let want: Vec<PathBuf> = [
            "/p/base.yaml",
            "/p/./api/Dockerfile",
            "/p/web/Containerfile",
            "/p/common.yaml",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        assert_eq!(found, want);
    }

    #[test]
    fn a_file_belongs_to_the_innermost_workspace_folder_holding_it() {
        let folders = [PathBuf::from("/w"), PathBuf::from("/w/app")];
        assert_eq!(
            root_of(&folders, Path::new("/w/app/Dockerfile")),
            PathBuf::from("/w/app")
        );
        assert_eq!(
            root_of(&folders, Path::new("/w/x/k.yaml")),
            PathBuf::from("/w")
        );
        assert_eq!(
            root_of(&folders, Path::new("/o/Dockerfile")),
            PathBuf::from("/o")
        );
        assert!(is_config(Path::new("/w/bulkhead.toml")));
        assert!(is_config(Path::new("/w/.hadolint.yaml")));
        assert!(!is_config(Path::new("/w/Dockerfile")));
    }
}
