use crate::dockerfile::{Base, DockerfileContext, Keyword};
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};

declare_rule! {
    /// ## What it does
    /// Flags a `COPY` or `ADD` to a relative destination (`COPY . .`,
    /// `COPY app.py src/`) when no `WORKDIR` comes before it, neither in its stage nor
    /// in the stages that stage is built `FROM`.
    ///
    /// ## Why is this bad?
    /// A relative destination is resolved against the working directory. With no
    /// `WORKDIR` of your own, that is whatever the base image set: `/` for most, but
    /// `/go` for `golang`, `/var/www/html` for `php`, `/usr/local/tomcat` for `tomcat`,
    /// and it can change when the base or its tag does. The files then end up where the `CMD`, a
    /// later `COPY --from` or a volume mount does not look for them. Setting `WORKDIR`
    /// first says where they go. A stage on `scratch` is left alone: it starts at `/`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// COPY requirements.txt .
    /// RUN pip install --no-cache-dir -r requirements.txt
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// WORKDIR /app
    /// COPY requirements.txt .
    /// RUN pip install --no-cache-dir -r requirements.txt
    /// ```
    pub struct CopyRelativeWithoutWorkdir {
        code: "DF015",
        name: "copy-relative-without-workdir",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::inspired(Tool::Hadolint, "DL3045"),
            Source::inspired(Tool::Tally, "hadolint/DL3045"),
        ],
        whole_file: true,
        references: [],
    }
}

impl CopyRelativeWithoutWorkdir {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &ctx.model.stages {
            if matches!(ctx.model.root_base(stage), Base::Scratch) {
                continue;
            }
            let inherited = ctx
                .model
                .ancestry(stage)
                .iter()
                .skip(1)
                .any(|s| s.last(Keyword::Workdir).is_some());
            if inherited {
                continue;
            }
            for instruction in stage.instructions {
                if instruction.keyword == Keyword::Workdir {
                    // Every later copy in the stage has a working directory.
                    break;
                }
                if !matches!(instruction.keyword, Keyword::Copy | Keyword::Add) {
                    continue;
                }
                let Some(copy) = stage.copy_of(instruction) else {
                    continue;
                };
                let Some(destination) = copy.destination.as_ref() else {
                    continue;
                };
                // One word is no copy at all; the parser reports it.
                if copy.sources.is_empty() || !is_relative(&destination.text) {
                    continue;
                }
                let keyword = if copy.is_add { "ADD" } else { "COPY" };
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        destination.range,
                        format!("`{keyword}` to the relative path `{}` with no `WORKDIR` set: the files land under the base image's working directory (`/` unless the base sets another), which can change with the base", destination.text),
                    )
                    .with_help("Set the directory first, e.g. `WORKDIR /app`, or copy to an absolute path"),
                );
            }
        }
    }
}

/// Whether a destination is relative: not `/x`, `\x`, `C:\x` or `C:/x`, and not a
/// variable (`$APP_HOME/`), whose value we do not know.
fn is_relative(path: &str) -> bool {
    let bytes = path.as_bytes();
    let windows_drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    !(path.is_empty() || path.starts_with(['/', '\\', '$']) || windows_drive)
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::CopyRelativeWithoutWorkdir::META)
            .pass(&[
                "FROM python:3.13-slim\nWORKDIR /app\nCOPY . .",
                "FROM python:3.13-slim\nCOPY app.py /app/app.py",
                "FROM python:3.13-slim\nCOPY app.py $APP_HOME/",
                "FROM python:3.13-slim\nCOPY [\"app.py\", \"/srv/app.py\"]",
                // The stage it is built on sets the directory.
                "FROM python:3.13-slim AS base\nWORKDIR /app\nFROM base\nCOPY . .",
                // `scratch` starts at `/`.
                "FROM golang:1.23 AS build\nFROM scratch\nCOPY --from=build /out/app app",
                "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCOPY app.exe C:/app/",
                "FROM a\nONBUILD COPY . .",
            ])
            .fail(&[
                // Only the copy before the `WORKDIR`.
                "FROM python:3.13-slim\nCOPY requirements.txt .\nWORKDIR /app\nCOPY . .",
                "FROM node:22\nADD package.json ./",
                "FROM python:3.13-slim AS base\nFROM base\nCOPY [\"app.py\", \"srv/\"]",
                // A `WORKDIR` in another stage does not count.
                "FROM golang:1.23 AS build\nWORKDIR /src\nFROM debian:13-slim\nCOPY --from=build /src/out bin/",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
