//! What the generator needs to know about the user's Dockerfile: the language, how
//! dependencies are installed, which files are copied, the command, the port, the
//! working directory and the environment.

use crate::dockerfile::{
    self, Base, Form, ImageRef, Keyword, Model, PackageCommand, PackageManager,
};
use crate::engine::registry::FileKind;
use crate::knowledge::catalog::{catalog, python_version, Language};
use crate::knowledge::packages::is_python;
use crate::knowledge::secrets::looks_secret;

// The catalog names the languages (`knowledge::catalog::Language`); how they are told apart
// from a Dockerfile is here.
impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Python => "python",
            Self::Node => "node",
            Self::Go => "go",
            Self::Java => "java",
            Self::Rust => "rust",
        }
    }
}

/// How the container starts, once `ENTRYPOINT` and `CMD` are joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// `python [args]`: the arguments after the interpreter (`app.py`, `-m pkg`).
    Python(Vec<String>),
    /// A console script installed with the dependencies (`gunicorn app:app`).
    Script { name: String, args: Vec<String> },
    /// Anything else (`./start.sh`, `/usr/local/bin/app`), as written.
    Other(Vec<String>),
}

/// The parts of the user's Dockerfile the variants keep.
#[derive(Debug, Clone, Default)]
pub struct App {
    /// The user's Python minor version (`3.12`), when the base image tells.
    pub python: Option<String>,
    /// Requirement files given to `pip install -r`, as written.
    pub requirements: Vec<String>,
    /// For each of `requirements`, where it is in the build context (the source of the
    /// `COPY` that put it there): `./requirements.txt` for `-r /code/requirements.txt`.
    pub requirement_sources: Vec<String>,
    /// Packages named on a `pip install` line, as written.
    pub packages: Vec<String>,
    /// `pip install .` (or `-e .`): the project itself, from `pyproject.toml`.
    pub installs_project: bool,
    /// `--require-hashes` was given: keep it.
    pub require_hashes: bool,
    /// Node.js: how the user installs packages (`ci` or `install`), if with npm.
    pub npm_install: Option<String>,
    /// Node.js: the `npm run <script>` steps of the build (`build`), in order.
    pub npm_scripts: Vec<String>,
    /// Node.js: the `COPY`s of `package.json` and its lock file, before the install.
    pub npm_manifests: Vec<(Vec<String>, String)>,
    /// The user's Node.js major version (`20`), when the base image tells.
    pub node: Option<String>,
    /// OS packages installed with apt-get or apk (build dependencies, most likely).
    pub os_packages: Vec<String>,
    /// The user's own `COPY` instructions (not `--from`), flags dropped: `(sources, dest)`.
    pub copies: Vec<(Vec<String>, String)>,
    pub workdir: Option<String>,
    /// `ENV` of the shipped image, minus paths the variants set and secrets.
    pub env: Vec<(String, String)>,
    /// Names of `ENV`/`ARG` values that look secret and are left out.
    pub dropped_secrets: Vec<String>,
    pub entry: Option<Entry>,
    /// The command was written in shell form with shell syntax the exec form loses.
    pub shell_syntax: bool,
    /// When that shell syntax is only variable references (`--bind :$PORT`,
    /// `${PORT:-8080}`), with no `&&`, pipes, redirections or substitutions, so it can be
    /// translated: the variables' names. Empty otherwise.
    pub shell_variables: Vec<String>,
    /// The defaults of the shipped image's build arguments (`ARG PORT=8080`): an `ENV`
    /// that copies one (`ENV PORT=$PORT`) keeps its value.
    pub arg_defaults: Vec<(String, String)>,
    /// The command cannot be read (an exec form that is not JSON, pseudo-code): the
    /// line and why. No variant is made until it is fixed.
    pub unreadable: Option<(crate::engine::text::TextRange, String)>,
    pub port: Option<u16>,
    /// The line (1-based) of the instruction that starts the app: the effective
    /// `ENTRYPOINT`, else `CMD`.
    pub command_line: Option<usize>,
}

impl App {
    /// A refusal about the command, naming its line.
    pub(super) fn at_command(&self, reason: impl Into<String>) -> super::VariantError {
        let reason = reason.into();
        super::VariantError::Cannot(match self.command_line {
            Some(line) => format!("line {line}: {reason}"),
            None => reason,
        })
    }
}

/// The language of an image: the catalog's fact for it (`amazoncorretto`, `maven`,
/// `tiangolo/uwsgi-nginx-flask`), else what its name says (`python:3.13`,
/// `cgr.dev/chainguard/node`, `gcr.io/distroless/java21-debian13`).
fn language_of_image(reference: &str) -> Option<Language> {
    let image = ImageRef::parse(reference);
    if let Some(language) = catalog().facts(&image).and_then(|f| f.language) {
        return Some(language);
    }
    let name = image.repository.rsplit('/').next().unwrap_or_default();
    match name {
        n if n.starts_with("python") => Some(Language::Python),
        n if n.starts_with("node") => Some(Language::Node),
        "golang" | "go" => Some(Language::Go),
        "rust" => Some(Language::Rust),
        n if ["java", "jre", "jdk"].iter().any(|p| n.starts_with(p)) => Some(Language::Java),
        _ => None,
    }
}

/// Bases that carry no language: the language comes from what is installed on them.
fn is_generic_base(reference: &str) -> bool {
    let image = ImageRef::parse(reference);
    let name = image.repository.rsplit('/').next().unwrap_or_default();
    matches!(
        name,
        "debian"
            | "ubuntu"
            | "alpine"
            | "busybox"
            | "fedora"
            | "centos"
            | "rockylinux"
            | "almalinux"
            | "amazonlinux"
            | "wolfi-base"
            | "static"
            | "glibc-dynamic"
    ) || name.starts_with("static-")
        || name.starts_with("base-")
        || name.starts_with("cc-")
        || name.starts_with("ubi")
}

/// The stages whose work ends up in the shipped image: its ancestry, and the stages it
/// copies from (and theirs), in file order.
pub fn shipped_stages<'m, 'a>(model: &'m Model<'a>) -> Vec<&'m dockerfile::Stage<'a>> {
    let Some(shipped) = model.shipped() else {
        return Vec::new();
    };
    let mut wanted = vec![false; model.stages.len()];
    let mut queue = vec![shipped];
    while let Some(stage) = queue.pop() {
        for ancestor in model.ancestry(stage) {
            if std::mem::replace(&mut wanted[ancestor.index], true) {
                continue;
            }
            // `FROM binaries-$TARGETOS`: any of the stages the argument may pick.
            queue.extend(model.stages_named_by_argument(ancestor));
            for copy in ancestor.copies() {
                let Some(from) = copy.from.as_ref().and_then(|f| f.value.as_deref()) else {
                    continue;
                };
                if let Some(source) = model.stage_named(from) {
                    queue.push(source);
                }
            }
        }
    }
    model.stages.iter().filter(|s| wanted[s.index]).collect()
}

/// The language of a Dockerfile: from the base of the image it ships; on a generic or
/// empty base, from the stages that build it (their bases, then their commands).
pub fn language(model: &Model<'_>) -> Option<Language> {
    let shipped = model.shipped()?;
    if let Base::Image(reference) = model.root_base(shipped) {
        if let Some(language) = language_of_image(reference) {
            return Some(language);
        }
        if !is_generic_base(reference) {
            return None;
        }
    }
    let stages = shipped_stages(model);
    let by_base = stages.iter().rev().find_map(|stage| match &stage.base {
        Base::Image(reference) => language_of_image(reference),
        _ => None,
    });
    if by_base.is_some() {
        return by_base;
    }
    for command in stages
        .iter()
        .flat_map(|s| s.runs())
        .flat_map(|r| &r.commands)
    {
        match PackageCommand::recognise(command).map(|p| p.manager) {
            Some(PackageManager::Pip | PackageManager::Uv | PackageManager::Poetry) => {
                return Some(Language::Python)
            }
            Some(PackageManager::Npm | PackageManager::Yarn | PackageManager::Pnpm) => {
                return Some(Language::Node)
            }
            Some(PackageManager::Go) => return Some(Language::Go),
            Some(PackageManager::Cargo) => return Some(Language::Rust),
            _ => {}
        }
        let program = command.program().and_then(|p| p.rsplit('/').next());
        if program.is_some_and(|p| JVM_BUILD_TOOLS.contains(&p)) {
            return Some(Language::Java);
        }
    }
    // Nothing installed with a language's package manager: the command tells.
    language_of_command(&command_words(model, shipped, &mut App::default()))
}

/// Programs that build code for the JVM: a `RUN` of one makes a Java build, and a stage
/// that runs one is a build stage.
pub(super) const JVM_BUILD_TOOLS: &[&str] = &[
    "mvn", "mvnw", "gradle", "gradlew", "javac", "jar", "sbt", "lein", "ant",
];

/// Read the user's Dockerfile, built in `context`, for the generator.
pub fn analyse(model: &Model<'_>, _context: &super::Context) -> App {
    let mut app = App::default();
    let shipped = model.shipped();
    let stages = shipped_stages(model);
    for stage in &stages {
        if let Base::Image(reference) = &stage.base {
            let image = ImageRef::parse(reference);
            if stage.shipped || app.python.is_none() {
                if let Some(version) = python_version(&image) {
                    app.python = Some(version);
                }
            }
            if language_of_image(reference) == Some(Language::Node) && app.node.is_none() {
                app.node = image
                    .tag
                    .and_then(|t| t.split(['.', '-']).next())
                    .filter(|major| !major.is_empty() && major.chars().all(|c| c.is_ascii_digit()))
                    .map(str::to_owned);
            }
        }
        for command in stage.runs().iter().flat_map(|r| &r.commands) {
            let Some(package) = PackageCommand::recognise(command) else {
                continue;
            };
            match (package.manager, package.subcommand()) {
                (PackageManager::Pip, Some("install")) => read_pip(&package, &mut app),
                (PackageManager::Npm, Some(sub @ ("ci" | "install" | "i"))) => {
                    let sub = if sub == "i" { "install" } else { sub };
                    app.npm_install = Some(sub.to_owned());
                }
                (PackageManager::Npm, Some("run" | "run-script")) => {
                    if let Some(script) = package.rest().first() {
                        if !app.npm_scripts.contains(&script.text) {
                            app.npm_scripts.push(script.text.clone());
                        }
                    }
                }
                (
                    PackageManager::AptGet | PackageManager::Apt | PackageManager::Apk,
                    Some("install" | "add"),
                ) => {
                    for word in package.packages(&["-t", "--target-release", "-o", "--option"]) {
                        let name = word.text.split('=').next().unwrap_or_default().to_owned();
                        if !name.is_empty() && !app.os_packages.contains(&name) {
                            app.os_packages.push(name);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    app.requirement_sources = app
        .requirements
        .iter()
        .map(|file| requirement_source(&stages, file))
        .collect();
    read_copies(&stages, &mut app);
    if let Some(shipped) = shipped {
        let chain = model.ancestry(shipped);
        app.workdir = chain.iter().find_map(|s| s.workdir());
        read_arg_defaults(&chain, &mut app);
        for stage in chain.iter().rev() {
            for (key, value) in stage.env() {
                let value = app.arg_default(&value).map_or(value, str::to_owned);
                let name = key.text.clone();
                if looks_secret(&name) {
                    if !app.dropped_secrets.contains(&name) {
                        app.dropped_secrets.push(name);
                    }
                } else if !matches!(
                    name.as_str(),
                    "PATH" | "VIRTUAL_ENV" | "PYTHONPATH" | "HOME"
                ) && !value.contains('$')
                {
                    app.env.retain(|(k, _)| *k != name);
                    app.env.push((name, value));
                }
            }
            if app.port.is_none() {
                app.port = stage
                    .exposed_ports()
                    .iter()
                    .find(|p| p.protocol == "tcp")
                    .and_then(|p| p.port);
            }
        }
        expand_workdir(&mut app);
        read_entry(model, shipped, &mut app);
    }
    app
}

/// `WORKDIR $APP_HOME` (the Cloud Run samples' way) as the folder it names: the
/// variants set the user's `ENV` after their own `WORKDIR`, and builders not at all.
fn expand_workdir(app: &mut App) {
    let Some(workdir) = app.workdir.as_deref().filter(|w| w.contains('$')) else {
        return;
    };
    let lookup = |name: &str| {
        app.env
            .iter()
            .chain(&app.arg_defaults)
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    // Unset variables expand to nothing, as in the shell.
    let mut expanded = workdir.to_owned();
    for (name, start, end, _) in crate::dockerfile::syntax::variables::scan(workdir, '\\')
        .into_iter()
        .rev()
    {
        expanded.replace_range(start..end, &lookup(&name).unwrap_or_default());
    }
    let parts: Vec<&str> = expanded.split('/').filter(|p| !p.is_empty()).collect();
    app.workdir = Some(format!("/{}", parts.join("/")));
}

/// The build arguments with a default declared in the shipped image's stages.
fn read_arg_defaults(chain: &[&dockerfile::Stage<'_>], app: &mut App) {
    for stage in chain.iter().rev() {
        for instruction in stage
            .instructions
            .iter()
            .filter(|i| i.keyword == Keyword::Arg)
        {
            for (name, default) in dockerfile::arg_declarations(instruction) {
                if let Some(default) = default.filter(|d| !d.contains('$')) {
                    app.arg_defaults.retain(|(n, _)| *n != name.text);
                    app.arg_defaults.push((name.text, default));
                }
            }
        }
    }
}

impl App {
    /// The default of the build argument `value` names when it is nothing else
    /// (`$PORT`, `${PORT}`).
    pub(super) fn arg_default(&self, value: &str) -> Option<&str> {
        let name = value.strip_prefix('$')?;
        let name = name
            .strip_prefix('{')
            .and_then(|n| n.strip_suffix('}'))
            .unwrap_or(name);
        self.arg_defaults
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, d)| d.as_str())
    }
}

fn read_pip(package: &PackageCommand<'_>, app: &mut App) {
    let words = &package.command.words;
    for (i, word) in words.iter().enumerate() {
        let value = |long: &str| {
            word.text
                .strip_prefix(long)
                .and_then(|v| v.strip_prefix('='))
                .map(str::to_owned)
        };
        let file = if matches!(word.text.as_str(), "-r" | "--requirement") {
            words.get(i + 1).map(|w| w.text.clone())
        } else {
            value("--requirement").or_else(|| {
                word.text
                    .strip_prefix("-r")
                    .filter(|v| !v.is_empty())
                    .map(str::to_owned)
            })
        };
        if let Some(file) = file {
            if !app.requirements.contains(&file) {
                app.requirements.push(file);
            }
        }
        if word.text == "--require-hashes" {
            app.require_hashes = true;
        }
    }
    for word in package.packages(crate::knowledge::pip::VALUED) {
        let text = word.text.as_str();
        if text == "." || text.starts_with("./") || text.starts_with(".[") {
            app.installs_project = true;
        } else if !text.contains('$') && !app.packages.iter().any(|p| p == text) {
            app.packages.push(text.to_owned());
        }
    }
    // `pip install -e .`
    if words
        .iter()
        .any(|w| matches!(w.text.as_str(), "-e" | "--editable"))
        && words.iter().any(|w| w.text == ".")
    {
        app.installs_project = true;
    }
}

/// Every stage's `COPY` (and local `ADD`) of the build context, once each, with flags
/// dropped. Requirement files are left out: each variant copies them where it installs.
fn read_copies(stages: &[&dockerfile::Stage<'_>], app: &mut App) {
    for stage in stages {
        for copy in stage.copies() {
            if copy.from.is_some() || !copy.instruction.heredocs.is_empty() {
                continue;
            }
            let Some(destination) = &copy.destination else {
                continue;
            };
            if !copy.sources.is_empty() && copy.sources.iter().all(|s| is_npm_manifest(&s.text)) {
                let entry = (
                    copy.sources.iter().map(|w| w.text.clone()).collect(),
                    destination.text.clone(),
                );
                if !app.npm_manifests.contains(&entry) {
                    app.npm_manifests.push(entry);
                }
                continue;
            }
            let sources: Vec<String> = copy
                .sources
                .iter()
                .map(|w| w.text.clone())
                .filter(|s| !s.contains("://") && !is_dependency_manifest(s, app))
                .collect();
            if sources.is_empty() {
                continue;
            }
            let entry = (sources, destination.text.clone());
            if !app.copies.contains(&entry) {
                app.copies.push(entry);
            }
        }
    }
}

/// `path` made absolute against `workdir`, without `./` segments or a trailing `/`.
fn absolute(path: &str, workdir: Option<&str>) -> String {
    let joined = if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("{}/{path}", workdir.unwrap_or(""))
    };
    let parts: Vec<&str> = joined
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    format!("/{}", parts.join("/"))
}

/// Where the requirement file `file` (as `pip install -r` names it) comes from in the
/// build context: the `COPY` whose destination holds it. Falls back to the path as
/// written when it is relative, else to its file name.
fn requirement_source(stages: &[&dockerfile::Stage<'_>], file: &str) -> String {
    let name = file.rsplit('/').next().unwrap_or(file);
    for stage in stages {
        let workdir = stage.workdir();
        let wanted = absolute(file, workdir.as_deref());
        for copy in stage.copies() {
            let Some(destination) = &copy.destination else {
                continue;
            };
            if copy.from.is_some() || copy.sources.is_empty() {
                continue;
            }
            let into_dir = destination.text.ends_with('/') || copy.sources.len() > 1;
            let dest = absolute(&destination.text, workdir.as_deref());
            if !into_dir && dest == wanted && copy.sources.len() == 1 {
                return copy.sources[0].text.clone();
            }
            let Some(rest) = wanted.strip_prefix(&format!("{}/", dest.trim_end_matches('/')))
            else {
                continue;
            };
            for source in &copy.sources {
                let text = source.text.as_str();
                if text.rsplit('/').next() == Some(rest) {
                    return text.to_owned();
                }
                if text == "." || text == "./" || text.ends_with('/') {
                    return absolute(rest, Some(text))
                        .trim_start_matches('/')
                        .to_owned();
                }
            }
        }
    }
    if file.starts_with('/') {
        name.to_owned()
    } else {
        file.to_owned()
    }
}

/// `package.json`, its lock files, and the `package*.json` glob that copies both.
fn is_npm_manifest(source: &str) -> bool {
    let name = source.rsplit('/').next().unwrap_or(source);
    matches!(
        name,
        "package.json" | "package-lock.json" | "npm-shrinkwrap.json" | "package*.json" | ".npmrc"
    )
}

/// Files that only describe dependencies (copied on their own before `pip install`).
fn is_dependency_manifest(source: &str, app: &App) -> bool {
    let name = source.rsplit('/').next().unwrap_or(source);
    app.requirements
        .iter()
        .any(|r| r.rsplit('/').next() == Some(name))
        || FileKind::from_file_name(name) == Some(FileKind::Requirements)
}

/// PyInstaller and staticx: how the user froze the app, not what it needs to run.
fn is_freezing_tool(package: &str) -> bool {
    let name = package
        .split(['=', '<', '>', '~', '!', '[', ';', ' '])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    matches!(name.as_str(), "pyinstaller" | "staticx")
}

/// The Python app behind a frozen binary, and the directory its paths are relative to.
struct Frozen {
    words: Vec<String>,
    workdir: Option<String>,
}

/// When the image starts a file (`/app/main`) and a stage it copies from runs
/// `pyinstaller`: the script PyInstaller froze (`python main.py`), or else the `CMD` of
/// the stage that build descends from (`CMD ["python", "main.py"]` in a develop stage).
fn frozen_app(model: &Model<'_>, words: &[String]) -> Option<Frozen> {
    let program = words.first()?;
    if !program.contains('/') {
        return None;
    }
    for stage in shipped_stages(model) {
        for command in stage.runs().iter().flat_map(|r| &r.commands) {
            let args = command.args();
            let args = match command.program() {
                Some("pyinstaller") => args,
                Some(p)
                    if p.starts_with("python")
                        && args.first().is_some_and(|w| w.text == "-m")
                        && args.get(1).is_some_and(|w| w.text == "PyInstaller") =>
                {
                    &args[2..]
                }
                _ => continue,
            };
            let chain = model.ancestry(stage);
            let workdir = chain.iter().find_map(|s| s.workdir());
            if let Some(script) = args.iter().find(|w| w.text.ends_with(".py")) {
                // The binary's own arguments go to the script.
                let words = ["python".to_owned(), script.text.clone()]
                    .into_iter()
                    .chain(words[1..].iter().cloned())
                    .collect();
                return Some(Frozen { words, workdir });
            }
            let develop = chain.iter().rev().find_map(|s| s.cmd());
            if let Some(Form::Exec(cmd)) = develop.map(dockerfile::Instruction::form) {
                return Some(Frozen {
                    words: cmd.into_iter().map(|w| w.text).collect(),
                    workdir,
                });
            }
        }
    }
    None
}

fn words_of(source: &str, instruction: &dockerfile::Instruction, app: &mut App) -> Vec<String> {
    if instruction.meant_as_json() && app.unreadable.is_none() {
        let line =
            crate::engine::text::LineIndex::new(source).line_of(instruction.range.start()) + 1;
        app.unreadable = Some((instruction.range, format!(
            "line {line}: `{} {}` is not a JSON array of strings, so Docker runs it through /bin/sh as one string and the container cannot start (DF004). Write the command the image runs as JSON, such as `{} [\"uvicorn\", \"main:app\"]`; the variants come once it is fixed",
            instruction.keyword,
            instruction.body().trim(),
            instruction.keyword
        )));
    }
    match instruction.form() {
        Form::Exec(words) => words.into_iter().map(|w| w.text).collect(),
        Form::Shell | Form::Invalid(_) => shell_words(instruction.body(), app),
    }
}

/// The words of a shell-form command, without a leading `exec` (`CMD exec gunicorn ...`,
/// the Cloud Run samples' way of making the program PID 1: exec form does that
/// anyway). Notes in `app` whether it uses shell syntax, and whether only variables.
fn shell_words(body: &str, app: &mut App) -> Vec<String> {
    let body = body.trim();
    if body.contains(SHELL_SYNTAX) {
        app.shell_syntax = true;
        app.shell_variables.clear();
    } else if body.contains('$') {
        // Only variables so far, unless an earlier part had more.
        if !app.shell_syntax || !app.shell_variables.is_empty() {
            let found = crate::dockerfile::syntax::variables::scan(body, '\\');
            app.shell_variables
                .extend(found.into_iter().map(|(name, ..)| name));
            // `$1`, `$@`: a `$` that names no variable is syntax of its own.
            if app.shell_variables.is_empty() {
                app.shell_variables.push("$".to_owned());
            }
        }
        app.shell_syntax = true;
    }
    let mut words: Vec<String> = body.split_whitespace().map(str::to_owned).collect();
    if words.first().is_some_and(|w| w == "exec") {
        words.remove(0);
    }
    words
}

/// Shell syntax beyond variable references: lists, pipes, redirections, substitutions.
const SHELL_SYNTAX: [char; 7] = ['&', '|', ';', '>', '<', '`', '('];

/// `tini -- node server.js`, `dumb-init python app.py`: an init in front of the app.
/// The variants keep the app's own command (Kubernetes reaps its children when the pod
/// shares a process namespace, and most apps need no init), so the init is dropped.
fn strip_init(words: &mut Vec<String>) {
    let is_init = |w: &str| {
        matches!(
            w.rsplit('/').next(),
            Some("tini" | "tini-static" | "dumb-init")
        )
    };
    if words.first().is_some_and(|w| is_init(w)) {
        let mut rest = 1;
        while words.get(rest).is_some_and(|w| w.starts_with('-')) {
            let flag = words[rest].clone();
            rest += 1;
            if flag == "--" {
                break;
            }
        }
        words.drain(..rest);
    }
}

/// The command the shipped stage runs: its effective `ENTRYPOINT`, then its `CMD`.
fn command_words(model: &Model<'_>, shipped: &dockerfile::Stage<'_>, app: &mut App) -> Vec<String> {
    [Keyword::Entrypoint, Keyword::Cmd]
        .into_iter()
        .filter_map(|keyword| model.effective(shipped, keyword))
        .flat_map(|instruction| words_of(model.source, instruction, app))
        .collect()
}

/// The language a command runs: its program (`python3`, `node`, `java`), or the file it
/// starts (`app.py`, `index.js`, as the node image's entrypoint runs `node index.js`).
fn language_of_command(words: &[String]) -> Option<Language> {
    let mut words = words.to_vec();
    strip_init(&mut words);
    let program = words.first()?;
    let name = program.rsplit('/').next().unwrap_or(program);
    if is_python(name) || name.ends_with(".py") {
        Some(Language::Python)
    } else if matches!(name, "node" | "nodejs")
        || [".js", ".mjs", ".cjs"].iter().any(|e| name.ends_with(e))
    {
        Some(Language::Node)
    } else if name == "java" {
        Some(Language::Java)
    } else {
        None
    }
}

fn read_entry(model: &Model<'_>, shipped: &dockerfile::Stage<'_>, app: &mut App) {
    app.command_line = [Keyword::Entrypoint, Keyword::Cmd]
        .into_iter()
        .find_map(|keyword| model.effective(shipped, keyword))
        .map(|i| crate::engine::text::LineIndex::new(model.source).line_of(i.range.start()) + 1);
    let mut words = command_words(model, shipped, app);
    if let Some(frozen) = frozen_app(model, &words) {
        app.packages.retain(|p| !is_freezing_tool(p));
        app.os_packages
            .retain(|p| !matches!(p.as_str(), "binutils" | "patchelf"));
        if let Some(workdir) = frozen.workdir {
            app.workdir = Some(workdir);
        }
        words = frozen.words;
    }
    strip_init(&mut words);
    // `sh -c "python app.py"`: look inside when it is one simple command.
    if words.len() == 3
        && crate::dockerfile::syntax::shell::is_posix_shell(&words[0])
        && words[1] == "-c"
    {
        let inner = words[2].clone();
        words = shell_words(&inner, app);
    }
    let Some(program) = words.first() else {
        return;
    };
    let name = program.rsplit('/').next().unwrap_or(program).to_owned();
    let rest = words[1..].to_vec();
    app.entry = Some(if is_python(&name) {
        Entry::Python(rest)
    } else if !program.contains('/') && !name.contains('.') {
        Entry::Script { name, args: rest }
    } else {
        Entry::Other(words)
    });
}
