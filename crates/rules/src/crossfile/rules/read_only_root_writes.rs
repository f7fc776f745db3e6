use crate::dockerfile::Keyword;
use crate::dockerfile::{Base, Form, ImageRef};
use crate::kubernetes::is_true;
use crate::crossfile::{CrossFinding, PerDockerfile, ProjectContext, Built};
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::engine::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Flags `readOnlyRootFilesystem: true` on a container whose image writes to its
    /// own filesystem at run time, where no volume is mounted: paths the Dockerfile
    /// declares as `VOLUME`, files the `CMD`/`ENTRYPOINT` writes (`>> /var/log/app.log`,
    /// `tee`), `/tmp` for PyInstaller one-file binaries (they unpack themselves
    /// there), and nginx's `/var/cache/nginx` and `/var/run`. The same for a Compose
    /// service with `read_only: true` built from the Dockerfile, where no `tmpfs` or
    /// volume is mounted.
    ///
    /// ## Why is this bad?
    /// A read-only root is right, but then every place the process writes needs a
    /// volume. Without one it crashes at start ("Read-only file system"), or worse,
    /// only on the first request that writes.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN pyinstaller --onefile app.py
    /// ```
    /// ```yaml
    /// securityContext:
    ///   readOnlyRootFilesystem: true
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// volumeMounts:
    /// - {name: tmp, mountPath: /tmp}
    /// # and in the pod: volumes: [{name: tmp, emptyDir: {}}]
    /// ```
    pub struct ReadOnlyRootWrites {
        code: "XF004",
        name: "read-only-root-writes",
        severity: Error,
        file_kind: Project,
        checklist: Some(Checklist::ReadOnlyAndLimits),
        sources: [Source::inspired(Tool::KubeLinter, "no-read-only-root-fs")],
        whole_file: true,
        references: [related(CIS_5_13), related(OWASP_8), related(NSA_IMMUTABLE_FILESYSTEM)],
    }
}

/// Whether a volume or `tmpfs` mounted at one of `mounts` (without a trailing `/`)
/// holds `path`.
fn covered(path: &str, mounts: &[String]) -> bool {
    mounts
        .iter()
        .any(|m| path == m || path.starts_with(&format!("{m}/")) || m.is_empty())
}

/// Paths the image writes at run time, each with where the Dockerfile says so and why.
fn writes(image: &Built<'_, '_>) -> Vec<(String, TextRange, String)> {
    let mut found = Vec::new();
    for stage in image.shipped_chain() {
        for volume in stage.all(Keyword::Volume) {
            let words = match volume.form() {
                Form::Exec(words) => words,
                _ => volume.unquoted_body_words(),
            };
            for word in words {
                found.push((
                    word.text.clone(),
                    word.range,
                    format!("`VOLUME {}` is written at run time", word.text),
                ));
            }
        }
    }
    if let Base::Image(reference) = image.dockerfile.read.root_base(image.shipped) {
        let base = ImageRef::parse(reference);
        let name = base.repository.rsplit('/').next().unwrap_or_default();
        if name == "nginx" || name == "nginx-unprivileged" {
            for path in ["/var/cache/nginx", "/var/run"] {
                found.push((
                    path.to_owned(),
                    image.base_range(),
                    format!("nginx writes `{path}` at start"),
                ));
            }
        }
    }
    // Output redirected to a file by the command the container runs.
    for keyword in [Keyword::Entrypoint, Keyword::Cmd] {
        let Some(instruction) = image.effective(keyword) else {
            continue;
        };
        let body = instruction.body();
        let offset = instruction.body_offset();
        for (at, path) in redirect_targets(body) {
            let Some(dir) = path
                .rsplit_once('/')
                .map(|(d, _)| if d.is_empty() { "/" } else { d })
            else {
                continue;
            };
            let range = instruction
                .args
                .source_range(offset + at, offset + at + path.len());
            found.push((
                dir.to_owned(),
                range,
                format!("the `{keyword}` writes `{path}`"),
            ));
        }
    }
    // PyInstaller one-file binaries, built in any stage, unpack into /tmp when run.
    for stage in &image.dockerfile.read.stages {
        for run in stage.runs() {
            for command in &run.commands {
                let pyinstaller = command.program() == Some("pyinstaller")
                    || command.words.iter().any(|w| w.text == "PyInstaller");
                let onefile = command
                    .args()
                    .iter()
                    .any(|w| w.text == "--onefile" || w.text == "-F");
                if pyinstaller && onefile {
                    let range = command.range().unwrap_or(run.instruction.keyword_range);
                    found.push(("/tmp".to_owned(), range, "a PyInstaller one-file binary unpacks itself into `/tmp` each time it starts".to_owned()));
                }
            }
        }
    }
    found
}

/// Absolute paths a shell command line writes with `>`, `>>` or `tee`: `(offset, path)`.
/// `/dev/...` (stdout, stderr, null) is not a file on the root filesystem.
fn redirect_targets(text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let after = if bytes[i] == b'>' {
            let mut j = i + 1;
            if bytes.get(j) == Some(&b'>') {
                j += 1;
            }
            if bytes.get(j) == Some(&b'&') {
                i = j + 1;
                continue;
            }
            Some(j)
        } else if bytes[i..].starts_with(b"tee ")
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
        {
            let mut j = i + 4;
            while text[j..].starts_with('-') {
                j += text[j..].find(' ').map_or(text.len() - j, |k| k + 1);
            }
            Some(j)
        } else {
            None
        };
        if let Some(mut j) = after {
            while bytes.get(j) == Some(&b' ') {
                j += 1;
            }
            let end = text[j..]
                .find(|c: char| {
                    c.is_whitespace() || matches!(c, '"' | '\'' | ';' | '&' | '|' | ')' | ',')
                })
                .map_or(text.len(), |k| j + k);
            let path = &text[j..end];
            if path.starts_with('/') && !path.starts_with("/dev/") && !path.starts_with("/proc/") {
                found.push((j, path));
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    found
}

impl ReadOnlyRootWrites {
    pub fn check(ctx: &ProjectContext<'_>, out: &mut Vec<CrossFinding>) {
        let mut writes_of = PerDockerfile::default();
        for paired in ctx.paired() {
            let read_only = paired.container.own("readOnlyRootFilesystem");
            if !is_true(read_only) {
                continue;
            }
            let Some(read_only) = read_only else { continue };
            let mounts: Vec<String> = paired
                .container
                .list("volumeMounts")
                .iter()
                .filter_map(|m| {
                    m.get("mountPath")?
                        .str()
                        .map(|p| p.trim_end_matches('/').to_owned())
                })
                .collect();
            for (path, range, why) in writes_of.get(&paired, |p| writes(&p.image())) {
                let path = path.trim_end_matches('/').to_owned();
                if covered(&path, &mounts) {
                    continue;
                }
                out.push(
                    CrossFinding::new(
                        &Self::META,
                        format!("The root filesystem is read-only, but {why}, and no volume is mounted at `{path}`: the app fails with \"Read-only file system\" {}", paired.assumption()),
                        (paired.manifest.file, read_only.value.range()),
                    )
                    .help(format!("Mount an `emptyDir` at `{path}`: `volumeMounts: [{{name: tmp, mountPath: {path}}}]` and `volumes: [{{name: tmp, emptyDir: {{}}}}]`"))
                    .note("the root filesystem is made read-only here")
                    .other(paired.dockerfile.file, *range, format!("writes `{path}`")),
                );
            }
        }
        Self::check_compose(ctx, out);
    }
}

impl ReadOnlyRootWrites {
    /// `read_only: true` on a Compose service whose image writes where no `tmpfs` or
    /// volume is mounted.
    fn check_compose(ctx: &ProjectContext<'_>, out: &mut Vec<CrossFinding>) {
        for built in ctx.built() {
            let Some(read_only) = built.service.field("read_only") else { continue };
            if read_only.value.bool() != Some(true) {
                continue;
            }
            let mut mounts: Vec<String> = built
                .service
                .mounts()
                .into_iter()
                .filter_map(|m| m.target)
                .collect();
            mounts.extend(built.service.strings("tmpfs").into_iter().map(|(t, _)| t));
            let mounts: Vec<String> = mounts
                .iter()
                .map(|m| m.split(':').next().unwrap_or_default().trim_end_matches('/').to_owned())
                .collect();
            for (path, range, why) in writes(&built.image) {
                let path = path.trim_end_matches('/').to_owned();
                if covered(&path, &mounts) {
                    continue;
                }
                out.push(
                    CrossFinding::new(
                        &Self::META,
                        format!("The root filesystem is read-only, but {why}, and no `tmpfs` or volume is mounted at `{path}`: the service fails with \"Read-only file system\" {}", built.assumption()),
                        (built.compose.file, read_only.value.range()),
                    )
                    .help(format!("Add `{path}` to the service's `tmpfs` (or mount a volume there)"))
                    .note("the root filesystem is made read-only here")
                    .other(built.image.dockerfile.file, range, format!("writes `{path}`")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::ProjectTest;

    const READ_ONLY: &str = "kind: Pod\nspec:\n  containers:\n  - name: app\n    image: registry.example/app:1.0\n    securityContext:\n      readOnlyRootFilesystem: true\n";
    const WITH_TMP: &str = "kind: Pod\nspec:\n  containers:\n  - name: app\n    image: registry.example/app:1.0\n    securityContext:\n      readOnlyRootFilesystem: true\n    volumeMounts:\n    - {name: tmp, mountPath: /tmp/}\n  volumes: [{name: tmp, emptyDir: {}}]\n";
    const PYINSTALLER: &str = "FROM python:3.13-slim AS build\nRUN pip install pyinstaller && pyinstaller --onefile app.py\nFROM gcr.io/distroless/static-debian13:nonroot\nCOPY --from=build /dist/app /app\nENTRYPOINT [\"/app\"]\n";

    #[test]
    fn redirects_found_in_commands() {
        let found: Vec<&str> = super::redirect_targets(
            "python app.py >> /var/log/app.log 2>&1 | tee -a /tmp/x > /dev/null",
        )
        .into_iter()
        .map(|(_, p)| p)
        .collect();
        assert_eq!(found, ["/var/log/app.log", "/tmp/x"]);
        // Multi-byte characters anywhere do not trip the scanner.
        assert!(super::redirect_targets("[\"/é\u{FFFD}ube\", \"é > /tmp/é\"]").len() == 1);
    }

    #[test]
    fn cases() {
        let rendered = ProjectTest::new(&super::ReadOnlyRootWrites::META)
            .pass(&[("Dockerfile", PYINSTALLER), ("deploy.yaml", WITH_TMP)])
            .pass(&[
                ("Dockerfile", "FROM python:3.13-slim\nCOPY app.py /app/\n"),
                ("deploy.yaml", READ_ONLY),
            ])
            .fail(&[("Dockerfile", PYINSTALLER), ("deploy.yaml", READ_ONLY)])
            .fail(&[
                ("Dockerfile", "FROM nginx:1.27\nVOLUME [\"/data\"]\n"),
                ("deploy.yaml", WITH_TMP),
            ])
            .fail(&[
                ("Dockerfile", "FROM python:3.13-slim\nCMD [\"sh\", \"-c\", \"python app.py >> /var/log/app.log 2>&1\"]\n"),
                ("deploy.yaml", WITH_TMP),
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }

    /// `read_only: true` on a Compose service.
    #[test]
    fn compose_read_only() {
        let rendered = ProjectTest::new(&super::ReadOnlyRootWrites::META)
            .pass(&[("compose.yaml", "services:\n  web:\n    build: .\n    read_only: true\n    tmpfs: [/var/cache/nginx, /var/run]\n"), ("Dockerfile", "FROM nginx:1.27\n")])
            .pass(&[("compose.yaml", "services:\n  web:\n    build: .\n"), ("Dockerfile", "FROM nginx:1.27\n")])
            .fail(&[("compose.yaml", "services:\n  web:\n    build: .\n    read_only: true\n    tmpfs:\n      - /var/run\n"), ("Dockerfile", "FROM nginx:1.27\n")])
            .fail(&[("compose.yaml", "services:\n  app:\n    build: .\n    read_only: true\n    volumes: [\"data:/srv\"]\nvolumes:\n  data: {}\n"), ("Dockerfile", "FROM python:3.13-slim\nVOLUME /data\n")])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
