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

/// The patterns of a `.dockerignore` file, as Docker reads them: one per line, `#`
/// comments and blank lines skipped, a leading `/` and `./` dropped, `!` re-including
/// what an earlier pattern excluded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DockerIgnore(Vec<(bool, String)>);

impl DockerIgnore {
    pub fn parse(text: &str) -> Self {
        Self(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(|l| match l.strip_prefix('!') {
                    Some(rest) => (false, normalise(rest.trim())),
                    None => (true, normalise(l)),
                })
                .filter(|(_, p)| !p.is_empty())
                .collect(),
        )
    }

    /// Whether `path` (relative to the context) is left out of it: the last pattern
    /// that matches it, or a folder above it, decides.
    pub fn excludes(&self, path: &str) -> bool {
        let path = normalise(path);
        let parts: Vec<&str> = path.split('/').collect();
        let mut excluded = false;
        for (excludes, pattern) in &self.0 {
            let pattern: Vec<&str> = pattern.split('/').collect();
            // The pattern names the path or a folder it is in.
            let matches = (1..=parts.len()).any(|n| glob_parts(&pattern, &parts[..n]));
            if matches {
                excluded = *excludes;
            }
        }
        excluded
    }
}

/// Path segments against pattern segments: `**` matches any number of segments, and
/// each other segment is a glob (`*`, `?`, `[…]` not treated specially beyond a literal).
fn glob_parts(pattern: &[&str], path: &[&str]) -> bool {
    match pattern.split_first() {
        None => path.is_empty(),
        Some((&"**", rest)) => (0..=path.len()).any(|skip| glob_parts(rest, &path[skip..])),
        Some((first, rest)) => path.split_first().is_some_and(|(segment, tail)| {
            glob(first.as_bytes(), segment.as_bytes()) && glob_parts(rest, tail)
        }),
    }
}

/// One segment against a glob with `*` and `?`.
fn glob(pattern: &[u8], text: &[u8]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some((b'*', rest)) => (0..=text.len()).any(|skip| glob(rest, &text[skip..])),
        Some((b'?', rest)) => !text.is_empty() && glob(rest, &text[1..]),
        Some((c, rest)) => text.first() == Some(c) && glob(rest, &text[1..]),
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
    fn dockerignore_patterns_exclude_files_and_folders_and_the_last_match_decides() {
        let ignore = DockerIgnore::parse(
            "# local only\n.env\n/tests\n**/__pycache__\n*.md\n!README.md\ndocs/*.txt\n",
        );
        for excluded in [
            ".env",
            "tests/test_app.py",
            "app/__pycache__/x.pyc",
            "NOTES.md",
            "docs/a.txt",
        ] {
            assert!(ignore.excludes(excluded), "{excluded}");
        }
        for kept in [
            "README.md",
            "app.py",
            "templates/index.html",
            "docs/sub/a.txt",
            "src/tests.py",
        ] {
            assert!(!ignore.excludes(kept), "{kept}");
        }
        assert!(!DockerIgnore::parse("").excludes("anything"));
    }

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
