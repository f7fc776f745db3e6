//! What a Dockerfile rule sees: the parse, the model and the shell commands, read once
//! per file.

use crate::dockerfile::{Base, Command, Dockerfile, ImageRef, Instruction, Model, Stage};
use crate::engine::text::LineIndex;
use crate::knowledge::catalog::{catalog, ImageFacts};

/// What a Dockerfile rule sees.
#[derive(Debug)]
pub struct DockerfileContext<'a> {
    pub source: &'a str,
    pub dockerfile: &'a Dockerfile,
    pub model: &'a Model<'a>,
    pub lines: &'a LineIndex,
    pub commands: &'a [ShellCommand<'a>],
    /// The user's choices (the trusted registries).
    pub options: &'a crate::Options,
}

/// A `COPY --from=<stage>` between two stages of the same file.
#[derive(Debug, Clone, Copy)]
pub struct StageCopy<'a> {
    /// The stage the files are copied into.
    pub into: &'a Stage<'a>,
    pub copy: &'a crate::dockerfile::Copy<'a>,
    /// The `--from` flag, where findings about the copy point.
    pub from: &'a crate::dockerfile::Flag,
    /// The stage the files come from.
    pub source: &'a Stage<'a>,
}

/// A simple command of a `RUN`, with the stage and instruction it belongs to.
pub type ShellCommand<'a> = (&'a Stage<'a>, &'a Instruction, &'a Command);

/// The simple commands of every `RUN` (and `ONBUILD RUN`) in stages with a POSIX
/// shell.
pub fn shell_commands<'a>(model: &'a Model<'a>) -> Vec<ShellCommand<'a>> {
    let mut out = Vec::new();
    for stage in &model.stages {
        if stage.non_posix_shell() {
            continue;
        }
        for run in stage.runs().iter().chain(stage.trigger_runs()) {
            for command in &run.commands {
                out.push((stage, run.instruction, command));
            }
        }
    }
    out
}

impl<'a> DockerfileContext<'a> {
    /// The 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.lines.line_of(offset) + 1
    }

    /// Every `COPY --from=<stage>` that names a stage of this file.
    pub fn stage_copies(&self) -> Vec<StageCopy<'a>> {
        let mut out = Vec::new();
        for stage in &self.model.stages {
            for copy in stage.copies() {
                let Some(from) = copy.from.as_ref() else {
                    continue;
                };
                let named = from
                    .value
                    .as_deref()
                    .and_then(|v| self.model.stage_named(v));
                if let Some(source) = named {
                    out.push(StageCopy {
                        into: stage,
                        copy,
                        from,
                        source,
                    });
                }
            }
        }
        out
    }

    /// The image a stage's chain of `FROM <stage>` starts from, if it is an image.
    pub fn root_image(&self, stage: &'a Stage<'a>) -> Option<ImageRef<'a>> {
        match self.model.root_base(stage) {
            Base::Image(reference) => Some(ImageRef::parse(reference)),
            _ => None,
        }
    }

    /// The catalog facts of the image a stage's chain starts from, if known.
    pub fn base_facts(&self, stage: &'a Stage<'a>) -> Option<&'static ImageFacts> {
        catalog().facts(&self.root_image(stage)?)
    }

    /// The folders a stage installs Python packages into, as its commands name them:
    /// `pip install --target`, `--prefix` or `--root`, and the venvs it makes
    /// (`python -m venv X`, `virtualenv X`, `uv venv X`).
    pub fn python_package_folders(&self, stage: &Stage<'_>) -> Vec<&'a str> {
        let mut folders = Vec::new();
        for (of, _, command) in self.commands {
            if !std::ptr::eq(*of, stage) {
                continue;
            }
            if let Some(pip) = crate::dockerfile::PackageCommand::recognise(command)
                .filter(|p| p.manager == crate::knowledge::packages::PackageManager::Pip)
                .filter(|p| p.subcommand() == Some("install"))
            {
                folders.extend(
                    crate::knowledge::pip::INTO_FOLDER
                        .iter()
                        .filter_map(|names| pip.option_value(names)),
                );
                continue;
            }
            let words: Vec<&str> = command.words.iter().map(|w| w.text.as_str()).collect();
            let program = command.program().unwrap_or_default();
            let after = match (program, words.get(1..)) {
                (p, Some(["-m", "venv", rest @ ..]))
                    if crate::knowledge::packages::is_python(p) =>
                {
                    rest
                }
                ("virtualenv", Some(rest)) | ("uv", Some(["venv", rest @ ..])) => rest,
                _ => continue,
            };
            folders.extend(after.iter().find(|w| !w.starts_with('-')).copied());
        }
        folders
    }

    /// Every simple command run by a `RUN` in a stage with a POSIX shell, with its
    /// stage and instruction (computed once per file).
    pub fn shell_commands(&self) -> &'a [ShellCommand<'a>] {
        self.commands
    }
}
