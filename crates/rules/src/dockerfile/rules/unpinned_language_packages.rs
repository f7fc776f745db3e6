use crate::dockerfile::{Command, DockerfileContext, Word};
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};

declare_rule! {
    /// ## What it does
    /// Flags packages installed by name without an exact version by npm
    /// (`npm install -g typescript`), yarn (`yarn global add`), `RubyGems`
    /// (`gem install bundler`) and Go (`go install example.com/tool@latest`).
    ///
    /// ## Why is this bad?
    /// Without a version, each build installs whatever the registry serves that day: a
    /// new major release that breaks the build, or a hijacked release that steals the
    /// build's secrets. The image cannot be rebuilt as it was. An app's own
    /// dependencies are pinned by its lock file (`npm ci`, `bundle install`,
    /// `go.sum`); tools installed by name in a `RUN` have no lock file, so the version
    /// must be written where they are installed.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// RUN npm install -g typescript && gem install bundler
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// RUN npm install -g typescript@5.9.3 && gem install bundler -v 2.7.2
    /// ```
    pub struct UnpinnedLanguagePackages {
        code: "DF314",
        name: "unpinned-language-packages",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: Some(Checklist::PinnedDependencies),
        sources: [
            Source::same(Tool::Hadolint, "DL3016"),
            Source::same(Tool::Hadolint, "DL3028"),
            Source::same(Tool::Hadolint, "DL3062"),
        ],
        references: [related(CIS_5_28)],
    }
}

/// Whether a word names something other than a registry package: a path, a URL, a
/// tarball or a variable.
fn not_a_name(text: &str) -> bool {
    text.starts_with(['.', '/', '$', '~'])
        || text.contains("://")
        || text.starts_with("file:")
        || text.starts_with("git+")
        || text.ends_with(".tgz")
        || text.ends_with(".tar.gz")
        || text.ends_with(".gem")
}

/// An exact version: digits and dots, maybe a pre-release (`1.2.3`, `5.0.0-beta.1`).
fn exact(version: &str) -> bool {
    version.starts_with(|c: char| c.is_ascii_digit())
        && version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
}

/// `name@1.2.3` or `@scope/name@1.2.3` (npm, yarn).
fn npm_pinned(spec: &str) -> bool {
    let version = spec.get(1..).and_then(|rest| rest.rsplit_once('@')).map(|(_, v)| v);
    not_a_name(spec) || version.is_some_and(exact)
}

/// `example.com/tool@v1.2.3` (Go): a version, not `latest` or a branch.
fn go_pinned(spec: &str) -> bool {
    spec.rsplit_once('@').is_some_and(|(_, v)| {
        v.strip_prefix('v').is_some_and(exact) || v.len() >= 12 && v.chars().all(|c| c.is_ascii_hexdigit())
    })
}

/// The packages a command installs by name without an exact version, and the tool
/// (for the message and the help).
fn unpinned(command: &Command) -> Option<(&'static str, Vec<&Word>)> {
    let program = command.program()?;
    let word = |i: usize| command.words.get(i).map(|w| w.text.as_str());
    let (tool, specs): (&'static str, Vec<&Word>) = match (program, word(1), word(2)) {
        ("npm", Some("install" | "i" | "add"), _) => {
            const VALUED: &[&str] = &["--prefix", "--registry", "--tag", "-w", "--workspace"];
            let specs = command.operands(2, VALUED);
            ("npm", specs.into_iter().filter(|w| !npm_pinned(&w.text)).collect())
        }
        ("yarn", Some("global"), Some("add")) => {
            ("yarn", command.operands(3, &["--prefix"]).into_iter().filter(|w| !npm_pinned(&w.text)).collect())
        }
        ("gem", Some("install"), _) => {
            const VALUED: &[&str] = &["-v", "--version", "-i", "--install-dir", "-n", "--bindir", "-s", "--source"];
            // `-v 1.2.3` pins every gem of the command.
            if command.words.iter().any(|w| {
                matches!(w.text.as_str(), "-v" | "--version") || w.text.starts_with("--version=")
            }) {
                return None;
            }
            let specs = command.operands(2, VALUED);
            let pinned = |t: &str| not_a_name(t) || t.split_once(':').is_some_and(|(_, v)| exact(v));
            ("gem", specs.into_iter().filter(|w| !pinned(&w.text)).collect())
        }
        // `go get` installed tools before Go 1.17, and still fetches modules.
        ("go", Some("install" | "get"), _) => {
            let specs = command.operands(2, &["-ldflags", "-tags", "-o", "-gcflags"]);
            let pinned = |t: &str| not_a_name(t) || !t.contains('@') && !t.contains('.');
            // `go install ./cmd/app` or `go install` builds the module itself (pinned by go.sum).
            ("go", specs.into_iter().filter(|w| !pinned(&w.text) && !go_pinned(&w.text)).collect())
        }
        _ => return None,
    };
    (!specs.is_empty()).then_some((tool, specs))
}

impl UnpinnedLanguagePackages {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for (_, _, command) in ctx.shell_commands() {
            let Some((tool, specs)) = unpinned(command) else {
                continue;
            };
            let (Some(first), Some(last)) = (specs.first(), specs.last()) else {
                continue;
            };
            let names: Vec<&str> = specs.iter().map(|w| w.text.as_str()).collect();
            let example = match tool {
                "gem" => "`gem install name -v 1.2.3` (or `name:1.2.3`)",
                "go" => "`go install example.com/tool@v1.2.3`",
                _ => "`name@1.2.3`",
            };
            out.push(
                Diagnostic::new(
                    &Self::META,
                    first.range.cover(last.range),
                    format!(
                        "`{tool}` installs {} without an exact version: {}",
                        if names.len() == 1 { "a package" } else { "packages" },
                        names.join(", ")
                    ),
                )
                .with_help(format!("Pin each one: {example}")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::UnpinnedLanguagePackages::META)
            .pass(&[
                "FROM a\nRUN npm ci && npm install",
                "FROM a\nRUN npm install -g typescript@5.9.3 @angular/cli@20.1.0 ./local-tool",
                "FROM a\nRUN yarn global add pm2@6.0.8",
                "FROM a\nRUN gem install bundler -v 2.7.2 && gem install rake:13.3.0",
                "FROM a\nRUN go install golang.org/x/tools/gopls@v0.20.0 && go install ./cmd/app",
            ])
            .fail(&[
                "FROM a\nRUN npm install -g typescript @angular/cli@latest",
                "FROM a\nRUN npm i -g pm2@^6 && yarn global add serve",
                "FROM a\nRUN gem install bundler rails",
                "FROM a\nRUN go install golang.org/x/tools/gopls@latest github.com/x/tool",
                "FROM a\nRUN go get github.com/codegangsta/negroni",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
