//! The files a frozen Python app reads beside its code (Flask's `templates/` and
//! `static/`, a `facts.txt` it opens): PyInstaller bundles only Python, so a binary
//! built from the code alone fails at run time (`TemplateNotFound`,
//! `FileNotFoundError`). The `scratch` and `static` variants put them in two places:
//! into the binary with `--add-data`, where code that finds them by its own path looks
//! (a one-file binary unpacks into `sys._MEIPASS`, and `__file__`, hence Flask's
//! `root_path`, points there), and beside it in the working directory, for code that
//! opens them by a relative path.

use std::fmt::Write as _;

use super::analysis::App;
use super::Context;
use crate::engine::registry::FileKind;

/// Where the builder gathers them, for `--add-data` and the runtime stage's `COPY`.
pub(super) const STAGED: &str = "/opt/data";

/// The data files, as found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Data {
    /// From the build context: the working directory's top-level files and folders that
    /// hold anything but Python (`templates`, `facts.txt`), folders ending in `/`.
    Known(Vec<String>),
    /// No context: every file but Python code the app's `COPY`s put in the working
    /// directory, found in the builder.
    Convention,
}

/// Files of a build context that are not the app's data: its code, the build's own
/// files and the dependency manifests.
fn is_data(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let build_file = matches!(
        name,
        "Dockerfile"
            | "Containerfile"
            | ".dockerignore"
            | ".gitignore"
            | "pyproject.toml"
            | "setup.py"
            | "setup.cfg"
    ) || name.ends_with(".Dockerfile")
        || FileKind::from_file_name(name) == Some(FileKind::Requirements)
        || name.starts_with("requirements");
    !(build_file
        || name.ends_with(".py")
        || name.ends_with(".pyc")
        || path.split('/').any(|p| p == "__pycache__" || p == ".git"))
}

/// `path` without `./`, empty segments or a trailing `/`.
fn clean(path: &str) -> String {
    path.split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect::<Vec<_>>()
        .join("/")
}

/// The data files of `app`, from `context` when it lists its files.
pub(super) fn find(app: &App, context: &Context) -> Data {
    if !context.known {
        return Data::Convention;
    }
    let workdir = clean(app.workdir.as_deref().unwrap_or("/app"));
    let mut found: Vec<String> = Vec::new();
    for (sources, destination) in &app.copies {
        // Where the copy lands, relative to the working directory.
        let into = if destination.starts_with('/') {
            let destination = clean(destination);
            match destination.strip_prefix(&workdir) {
                Some(rest) if rest.is_empty() || rest.starts_with('/') => clean(rest),
                _ => continue,
            }
        } else {
            clean(destination)
        };
        let into_folder = destination.ends_with('/') || into.is_empty() || sources.len() > 1;
        for source in sources {
            let source = clean(source);
            if source.contains(['*', '?', '[']) {
                return Data::Convention;
            }
            let files: Vec<String> = if context.file(&source).is_some() {
                let name = source.rsplit('/').next().unwrap_or(&source);
                vec![if into_folder {
                    format!("{into}/{name}")
                } else {
                    into.clone()
                }]
            } else {
                let prefix = if source.is_empty() {
                    String::new()
                } else {
                    format!("{source}/")
                };
                let inside: Vec<String> = context
                    .files
                    .iter()
                    .filter_map(|f| clean(&f.path).strip_prefix(&prefix).map(str::to_owned))
                    .map(|rest| format!("{into}/{rest}"))
                    .collect();
                if inside.is_empty() {
                    // Not in the context: something the file list does not show.
                    return Data::Convention;
                }
                inside
            };
            for file in files {
                let file = clean(&file);
                if !is_data(&file) {
                    continue;
                }
                let top = match file.split_once('/') {
                    Some((folder, _)) => format!("{folder}/"),
                    None => file.clone(),
                };
                if !found.contains(&top) {
                    found.push(top);
                }
            }
        }
    }
    found.sort();
    Data::Known(found)
}

/// The builder step that gathers the data files (and `from_disk`, files a server
/// loads by path, such as functions-framework's `main.py`) in [`STAGED`]; `false` when
/// there is nothing to gather.
pub(super) fn stage(out: &mut String, data: &Data, from_disk: &[String]) -> bool {
    match data {
        Data::Known(items) if items.is_empty() && from_disk.is_empty() => false,
        Data::Known(items) => {
            let paths: Vec<&str> = items
                .iter()
                .chain(from_disk)
                .map(|p| p.trim_end_matches('/'))
                .collect();
            let _ = writeln!(
                out,
                "# The files your app reads beside its code (found in the build context), gathered\n# for the binary and the runtime stage.\nRUN mkdir -p {STAGED} && cp -r --parents {} {STAGED}/",
                paths.join(" ")
            );
            true
        }
        Data::Convention => {
            let _ = write!(
                out,
                "# The build context was not read: every file of your app but Python code and the\n# build's own files is taken as data, for the binary and the runtime stage.\nRUN mkdir -p {STAGED} \\\n && find . -type f ! -name '*.py' ! -name '*.pyc' ! -path '*/__pycache__/*' ! -name 'requirements*.txt' ! -name Dockerfile ! -name .dockerignore -exec cp --parents -t {STAGED}/ {{}} +"
            );
            if !from_disk.is_empty() {
                let _ = write!(
                    out,
                    " \\\n && cp --parents {} {STAGED}/",
                    from_disk.join(" ")
                );
            }
            out.push('\n');
            true
        }
    }
}

/// What the variant's notes say of them.
pub(super) fn note(data: &Data, from_disk: &[String], workdir: &str) -> String {
    let mut note = match data {
        Data::Known(items) if items.is_empty() => {
            "Your build context has no files beside the code for the binary to carry.".to_owned()
        }
        Data::Known(items) => format!(
            "Added to the binary (PyInstaller's `--add-data`, for code that finds them by its own path, as Flask finds templates) and beside it in {workdir} (for code that opens them by a relative path): {}.",
            items.join(", ")
        ),
        Data::Convention => format!(
            "The build context was not read, so every file of your app but Python code is added to the binary and beside it in {workdir}; run `bulkhead variants` on the app's folder to name them."
        ),
    };
    if !from_disk.is_empty() {
        let _ = write!(
            note,
            " {} is loaded from disk by path, so it is beside the binary too.",
            from_disk.join(", ")
        );
    }
    note
}
