//! What the generator may know beyond the Dockerfile: the files of its build context
//! (the folder the CLI is given, the playground's other tabs, the harness's context) and
//! the stage to build. The generator reads what it needs from here (`package.json`'s
//! scripts, the app's data files); with an empty context it goes by convention and says
//! what it assumed.

/// One file of the build context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextFile {
    /// The path relative to the context's root, with `/` separators (`templates/a.html`).
    pub path: String,
    /// The file's text, where it was read (manifests such as `package.json`, requirement
    /// files); `None` for a file only known to be there.
    pub text: Option<String>,
}

/// The build context of a Dockerfile and the stage to build.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// Whether the context's file list is known: without it, an absent file proves
    /// nothing.
    pub known: bool,
    /// The context's files (see [`Context::wants_text`] for which carry their text).
    pub files: Vec<ContextFile>,
    /// The stage to build, as `docker build --target` names it.
    pub target: Option<String>,
}

impl Context {
    /// The most files a context lists: the generator needs the app's own files, not a
    /// vendored tree.
    pub const MAX_FILES: usize = 5_000;

    /// Whether the generator reads this file's text (by its path in the context): the
    /// package manifests and requirement files. A reader of the context keeps the text
    /// of these and only the path of the rest.
    pub fn wants_text(path: &str) -> bool {
        let name = path.rsplit('/').next().unwrap_or(path);
        matches!(
            name,
            "package.json" | "pyproject.toml" | "go.mod" | "Cargo.toml" | "pom.xml"
        ) || (name.ends_with(".txt") && name.contains("requirements"))
    }

    /// A context of these files, known to be complete.
    pub fn of(files: Vec<ContextFile>) -> Self {
        Self {
            known: true,
            files,
            target: None,
        }
    }

    /// The file at `path` (relative to the context; a leading `./` is ignored).
    pub fn file(&self, path: &str) -> Option<&ContextFile> {
        let path = normalise(path);
        self.files.iter().find(|f| normalise(&f.path) == path)
    }

    /// The text of the file at `path`, when it was read.
    pub fn text(&self, path: &str) -> Option<&str> {
        self.file(path).and_then(|f| f.text.as_deref())
    }
}

/// `./a//b/` as `a/b`.
fn normalise(path: &str) -> String {
    path.split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_found_by_any_spelling_of_their_path() {
        let context = Context::of(vec![ContextFile {
            path: "app/package.json".to_owned(),
            text: Some("{}".to_owned()),
        }]);
        assert_eq!(context.text("./app//package.json"), Some("{}"));
        assert!(context.file("package.json").is_none());
        assert!(Context::wants_text("dev-requirements.txt"));
        assert!(!Context::wants_text("templates/index.html"));
    }
}
