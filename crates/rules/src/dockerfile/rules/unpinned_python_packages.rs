use crate::engine::diagnostic::Diagnostic;
use crate::dockerfile::{Command, PackageCommand, PackageManager, Word};
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags `pip install <package>` without an exact version (`flask` rather than
    /// `flask==3.1.0`).
    ///
    /// ## Why is this bad?
    /// Each build resolves the newest release that day: a rebuild of the same commit can
    /// pull a breaking major version or a compromised release. Pin exact versions, ideally
    /// in a requirements file with hashes.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN pip install --no-cache-dir flask gunicorn
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// COPY requirements.txt .
    /// RUN pip install --no-cache-dir --require-hashes -r requirements.txt
    /// ```
    pub struct UnpinnedPythonPackages {
        code: "DF311",
        name: "unpinned-python-packages",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: Some(Checklist::PinnedDependencies),
        sources: [Source::same(Tool::Hadolint, "DL3013")],
        references: [related(CIS_5_28)],
    }
}

/// Whether a requirement names one exact thing: `name==1.2.3`, a local path or file, a
/// URL of an archive, or a VCS URL pinned to a commit (`git+https://…@<40 hex>`).
fn pinned(spec: &str) -> bool {
    if let Some(vcs) = ["git+", "hg+", "svn+", "bzr+"]
        .iter()
        .find_map(|scheme| spec.find(scheme).map(|at| &spec[at..]))
    {
        return vcs_commit(vcs);
    }
    spec.contains("==")
        || spec.contains(" @ ")
        || spec.contains("://")
        // A path: requirement names never hold a `/`.
        || spec.contains('/')
        || spec.starts_with('.')
        || spec.contains('$')
        || spec.ends_with(".whl")
        || spec.ends_with(".tar.gz")
        || spec.ends_with(".zip")
}

/// Whether a VCS URL names a commit: `@` and 40 hex digits after the repository path
/// (before any `#egg=` fragment). A branch or tag can move.
fn vcs_commit(url: &str) -> bool {
    let url = url.split('#').next().unwrap_or(url);
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    path.rsplit_once('@').is_some_and(|(repository, reference)| {
        repository.contains('/')
            && reference.len() == 40
            && reference.chars().all(|c| c.is_ascii_hexdigit())
    })
}

impl UnpinnedPythonPackages {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for (_, _, command) in ctx.shell_commands() {
            let words = if command.program() == Some("pipx") {
                pipx_install_packages(command)
            } else {
                let Some(package) = PackageCommand::recognise(command) else {
                    continue;
                };
                if package.manager != PackageManager::Pip || package.subcommand() != Some("install")
                {
                    continue;
                }
                package.packages(crate::knowledge::pip::VALUED)
            };
            // `pip install -U pip setuptools` only upgrades the installer itself.
            let unpinned: Vec<_> = words
                .into_iter()
                .filter(|w| {
                    !pinned(&w.text) && !matches!(w.text.as_str(), "pip" | "setuptools" | "wheel")
                })
                .collect();
            let (Some(first), Some(last)) = (unpinned.first(), unpinned.last()) else {
                continue;
            };
            let names: Vec<&str> = unpinned.iter().map(|w| w.text.as_str()).collect();
            out.push(
                Diagnostic::new(&Self::META, first.range.cover(last.range), format!("Python {} without an exact version: {}", if names.len() == 1 { "package" } else { "packages" }, names.join(", ")))
                    .with_help(if names.iter().any(|n| n.contains('+')) {
                        "Pin exact versions (`name==1.2.3`) and VCS URLs to a commit (`git+https://…@<commit>`), best in a requirements file installed with `--require-hashes`"
                    } else {
                        "Pin exact versions (`name==1.2.3`), best in a requirements file installed with `--require-hashes`"
                    }),
            );
        }
    }
}

/// The packages of `pipx install` (which installs each into a venv of its own).
fn pipx_install_packages(command: &Command) -> Vec<&Word> {
    const VALUED: &[&str] = &[
        "--python",
        "--suffix",
        "--pip-args",
        "--index-url",
        "-i",
        "--preinstall",
        "--backend",
    ];
    if command.words.get(1).map(|w| w.text.as_str()) != Some("install") {
        return Vec::new();
    }
    command.operands(2, VALUED)
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::UnpinnedPythonPackages::META)
            .pass(&[
                "FROM a\nRUN pip install --no-cache-dir flask==3.1.0",
                "FROM a\nRUN pip install -r requirements.txt",
                "FROM a\nRUN pip install --upgrade pip setuptools wheel",
                "FROM a\nRUN pip install ./dist/app-1.0-py3-none-any.whl .",
                // Option values are not packages.
                "FROM a\nRUN pip install --root-user-action ignore poetry==1.8.5",
                "FROM a\nRUN pip install -c https://example.com/constraints.txt --constraint /c.txt flask==3.1.0",
                // A local folder.
                "FROM a\nRUN pip install foo/bar",
                "FROM a\nRUN pip install git+https://github.com/org/repo.git@0123456789abcdef0123456789abcdef01234567#egg=repo",
                "FROM a\nRUN pipx install --python python3.12 poetry==1.8.5",
            ])
            .fail(&[
                "FROM a\nRUN pip install flask gunicorn",
                "FROM a\nRUN python -m pip install 'requests>=2'",
                "FROM a\nRUN pip install git+https://github.com/org/repo.git git+ssh://git@github.com/org/other.git@main",
                "FROM a\nRUN pipx install poetry",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
