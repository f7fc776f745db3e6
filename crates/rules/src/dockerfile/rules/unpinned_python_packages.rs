use crate::engine::diagnostic::Diagnostic;
use crate::dockerfile::{PackageCommand, PackageManager};
use crate::engine::registry::{declare_rule, Checklist, Source};
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
        sources: [Source::same("hadolint", "DL3013")],
    }
}

fn pinned(spec: &str) -> bool {
    spec.contains("==")
        || spec.contains(" @ ")
        || spec.contains("://")
        || spec.starts_with('.')
        || spec.starts_with('/')
        || spec.contains('$')
        || spec.ends_with(".whl")
        || spec.ends_with(".tar.gz")
        || spec.ends_with(".zip")
}

impl UnpinnedPythonPackages {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for (_, _, command) in ctx.shell_commands() {
            let Some(package) = PackageCommand::recognise(command) else {
                continue;
            };
            if package.manager != PackageManager::Pip || package.subcommand() != Some("install") {
                continue;
            }
            // `pip install -U pip setuptools` only upgrades the installer itself.
            let unpinned: Vec<_> = package
                .packages(crate::dockerfile::commands::VALUED)
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
                    .with_help("Pin exact versions (`name==1.2.3`), best in a requirements file installed with `--require-hashes`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::UnpinnedPythonPackages::META)
            .pass(&[
                "FROM a\nRUN pip install --no-cache-dir flask==3.1.0",
                "FROM a\nRUN pip install -r requirements.txt",
                "FROM a\nRUN pip install --upgrade pip setuptools wheel",
                "FROM a\nRUN pip install ./dist/app-1.0-py3-none-any.whl .",
            ])
            .fail(&[
                "FROM a\nRUN pip install flask gunicorn",
                "FROM a\nRUN python -m pip install 'requests>=2'",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
