//! `bulkhead`: lint Dockerfiles, Kubernetes manifests, Compose files and requirements files.

use std::io::{self, IsTerminal as _, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use bulkhead_rules::engine::fix::unified_diff;
use bulkhead_rules::linter::baseline::{self, Baseline};
use bulkhead_rules::linter::{codes, fix, registry};
use bulkhead_rules::{
    render, Diagnostic, FileKind, Linter, Options, ProjectFile, PssLevel, TextRange,
};
use clap::{Parser, Subcommand, ValueEnum};

mod config;
mod lessons;
mod lsp;
mod report;
mod variants;

#[derive(Debug, Parser)]
#[command(
    name = "bulkhead",
    version,
    about = "Container security linter for Dockerfiles, Kubernetes YAML and Compose files"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint files or directories (`-` reads standard input).
    Lint(LintArgs),
    /// Show the documentation of a rule, by code (`DF001`) or name.
    Rule { code: String },
    /// List every rule.
    Rules {
        /// Print a Markdown table (as in the README) instead of plain text.
        #[arg(long)]
        markdown: bool,
        /// Print the full rule reference in Markdown (docs/rules.md).
        #[arg(long, conflicts_with = "markdown")]
        reference: bool,
    },
    /// Rebuild a Dockerfile on each base family (slim, Chainguard, distroless, scratch,
    /// distroless static) and compare them: `[{name, base, dockerfile, facts}]`.
    Variants {
        /// The Dockerfile (`-` reads standard input). Not needed with `--catalog`.
        #[arg(required_unless_present = "catalog")]
        dockerfile: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = variants::Format::Human)]
        format: variants::Format,
        /// Print the facts of every base in the catalog, all languages, instead.
        #[arg(long)]
        catalog: bool,
        /// The build context, read for `package.json`'s scripts and the app's files
        /// (default: the Dockerfile's folder; none for standard input).
        #[arg(long)]
        context: Option<PathBuf>,
        /// The stage to build, as `docker build --target` names it (default: the last
        /// stage that starts something).
        #[arg(long)]
        target: Option<String>,
    },
    /// List the course's lessons: id, title, checklist item, files.
    Lessons {
        #[arg(long, value_enum, default_value_t = lessons::Format::Human)]
        format: lessons::Format,
    },
    /// Run the Language Server over standard input and output (docs/editors.md).
    Lsp,
    /// Check a learner's files against a lesson's goal: exit 0 when it is met.
    Lesson {
        /// The lesson's id (`bulkhead lessons` lists them).
        id: String,
        /// The files to check, known by their names (`Dockerfile`, `deployment.yaml`...).
        #[arg(long, num_args = 1.., required = true)]
        check: Vec<PathBuf>,
    },
}

#[derive(Debug, clap::Args)]
#[allow(clippy::struct_excessive_bools)] // command-line switches
struct LintArgs {
    /// Files or directories to lint.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// A report, `FORMAT` to standard output or `FORMAT=FILE` to a file; give it again
    /// for several reports in one run. FORMAT: human (the default), json, sarif,
    /// markdown, github, gitlab or junit. `--format` is the same option.
    #[arg(
        long = "output-format",
        visible_alias = "format",
        value_name = "FORMAT[=FILE]",
        value_parser = report::parse_output
    )]
    outputs: Vec<report::Output>,
    /// Treat every input as this kind instead of guessing from its name and content.
    #[arg(long, value_enum)]
    kind: Option<Kind>,
    /// The file name to report for standard input.
    #[arg(long, default_value = "-")]
    stdin_filename: String,
    /// Apply safe fixes, writing the files in place (standard input: print the fixed
    /// text instead of a report).
    #[arg(long)]
    fix: bool,
    /// With `--fix` or `--diff`: apply unsafe fixes too (they may change behaviour).
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print the fixes as a unified diff and change nothing.
    #[arg(long)]
    diff: bool,
    /// Which Dockerfile builds which image, for the cross-file rules:
    /// `IMAGE=PATH` (an image reference or container name, and a Dockerfile path).
    /// Without it, images are paired with Dockerfiles by name, or with the only one.
    #[arg(long = "pair", value_name = "IMAGE=DOCKERFILE")]
    pairs: Vec<String>,
    /// The Pod Security Standards level the pods must meet: findings against
    /// Restricted alone are not reported at `baseline`. A Namespace in the input with a
    /// `pod-security.kubernetes.io/enforce` label sets the level for its pods. Default:
    /// the config file's `pss-level`, else restricted.
    #[arg(long, value_enum)]
    pss_level: Option<PssLevelArg>,
    /// From which severity findings make the exit code 1 (`never`: only trouble
    /// running does). Default: the config file's `fail-on`, else `info` (any finding).
    #[arg(long, value_enum)]
    fail_on: Option<config::FailOn>,
    /// Read the settings from this file (`bulkhead.toml`, or a `.hadolint.yaml`)
    /// instead of looking for one upward from the first path.
    #[arg(long, value_name = "PATH", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Read no config file.
    #[arg(long)]
    no_config: bool,
    /// Colour in human output: on a terminal (unless `NO_COLOR` is set), always or never.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Exit 1 when nothing was checked: every input was skipped, or is a file bulkhead
    /// does not judge (a Helm template, a Kustomize file, YAML that is no manifest).
    #[arg(long)]
    strict: bool,
    /// Record today's findings in FILE (JSON, docs/baseline.md) and exit 0: with
    /// `--baseline FILE` (or `baseline = "FILE"` in `bulkhead.toml`) later runs report
    /// only the findings it does not record.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Report only the findings that the baseline FILE does not record (default: the
    /// config file's `baseline`).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Run the rules in preview too: the newest, which a run leaves out until they are
    /// stable (`bulkhead rules` marks them). Default: the config file's `preview`.
    #[arg(long)]
    preview: bool,
    /// A suppression comment without `reason="…"` is a finding (BH004). Default: the
    /// config file's `require-reason`.
    #[arg(long)]
    require_reason: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum PssLevelArg {
    Baseline,
    Restricted,
}

impl LintArgs {
    /// The settings: `--no-config`, `--config PATH`, or the file found upward from the
    /// first path (the current folder for standard input). What a `.hadolint.yaml`
    /// holds without a bulkhead equivalent is said on standard error.
    fn config(&self) -> Result<config::Config, String> {
        if self.no_config {
            return Ok(config::Config::default());
        }
        let found = self.config.clone().or_else(|| {
            let first = self
                .paths
                .iter()
                .find(|p| p.as_os_str() != "-")
                .cloned()
                .unwrap_or_else(|| PathBuf::from("."));
            config::discover(&first)
        });
        let Some(path) = found else {
            return Ok(config::Config::default());
        };
        let config = config::read(&path)?;
        for note in &config.notes {
            let _ = writeln!(io::stderr(), "bulkhead: {note}");
        }
        Ok(config)
    }

    /// The run's options: the config's, with the command line's `--pss-level`,
    /// `--preview` and `--require-reason`.
    fn options(&self, config: &config::Config) -> Options {
        let mut options = config.options.clone();
        options.preview |= self.preview;
        options.require_reason |= self.require_reason;
        if let Some(level) = self.pss_level {
            options.pss_level = match level {
                PssLevelArg::Baseline => PssLevel::Baseline,
                PssLevelArg::Restricted => PssLevel::Restricted,
            };
        }
        options
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

impl Color {
    fn enabled(self) -> bool {
        match self {
            Self::Always => true,
            Self::Never => false,
            Self::Auto => {
                io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Kind {
    Dockerfile,
    Kubernetes,
    Compose,
    Requirements,
}

impl From<Kind> for FileKind {
    fn from(kind: Kind) -> Self {
        match kind {
            Kind::Dockerfile => FileKind::Dockerfile,
            Kind::Kubernetes => FileKind::Kubernetes,
            Kind::Compose => FileKind::Compose,
            Kind::Requirements => FileKind::Requirements,
        }
    }
}

/// Exit codes, like ruff and hadolint: findings are 1, trouble running is 2.
const EXIT_FINDINGS: u8 = 1;
const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Lint(args) => run_lint(&args),
        Command::Rule { code } => show_rule(&code),
        Command::Rules {
            markdown,
            reference,
        } => list_rules(markdown, reference),
        Command::Variants {
            dockerfile,
            format,
            catalog,
            context,
            target,
        } => variants::run(&variants::Request {
            dockerfile: dockerfile.as_deref(),
            format,
            catalog,
            context: context.as_deref(),
            target,
        }),
        Command::Lessons { format } => lessons::list(format),
        Command::Lesson { id, check } => lessons::check(&id, &check),
        Command::Lsp => lsp::run(),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(io::stderr(), "bulkhead: {message}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

struct Input {
    path: String,
    text: String,
    /// Read from standard input (`-`): `--fix` prints the fixed text instead.
    from_stdin: bool,
    /// The offset of the first byte that is not UTF-8, if any (it was replaced).
    invalid_utf8_at: Option<usize>,
}

fn read_inputs(args: &LintArgs) -> Result<Vec<Input>, String> {
    let mut inputs = Vec::new();
    for path in &args.paths {
        if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            let (text, invalid_utf8_at) = decode(bytes);
            inputs.push(Input {
                path: args.stdin_filename.clone(),
                text,
                from_stdin: true,
                invalid_utf8_at,
            });
        } else if path.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            found.sort();
            for file in found {
                inputs.push(read_input(&file)?);
            }
        } else {
            inputs.push(read_input(path)?);
        }
    }

    Ok(inputs)
}

/// Each input with its kind: `--kind`, else from the name, else from the content.
/// Inputs of no known kind are skipped with a message.
fn classify<'i>(args: &LintArgs, inputs: &'i [Input]) -> Vec<(&'i Input, FileKind)> {
    let mut kinded = Vec::new();
    for input in inputs {
        let Some(kind) = kind_of(args, input) else {
            let _ = writeln!(
                io::stderr(),
                "bulkhead: skipping {}: not a Dockerfile, manifest, Compose file or requirements file (use --kind)",
                input.path
            );
            continue;
        };
        kinded.push((input, kind));
    }
    kinded
}

/// An input's kind: `--kind`, else from its name and content (a `.yaml` with top-level
/// `services:` is Compose), else from its content alone.
fn kind_of(args: &LintArgs, input: &Input) -> Option<FileKind> {
    args.kind
        .map(FileKind::from)
        .or_else(|| FileKind::for_file(&input.path, &input.text))
}

/// `--pair IMAGE=DOCKERFILE` options.
fn explicit_pairs(args: &LintArgs) -> Result<Vec<(String, String)>, String> {
    args.pairs
        .iter()
        .map(|pair| {
            pair.split_once('=')
                .map(|(image, path)| (image.to_owned(), path.to_owned()))
                .ok_or_else(|| format!("--pair {pair}: expected IMAGE=DOCKERFILE"))
        })
        .collect()
}

/// `--fix` and `--diff`: fix each file; write it back, print the diff, or (standard
/// input) print the fixed text. Returns the exit code when nothing else is to be done.
fn run_fixes(
    args: &LintArgs,
    inputs: &mut [Input],
    options: &Options,
) -> Result<Option<ExitCode>, String> {
    let mut stdout = io::stdout().lock();
    let (mut applied, mut changed) = (0, 0);
    let mut stdin_text = None;
    // The files are fixed together, so a fix can use what another file says (a probe
    // from the Dockerfile's HEALTHCHECK); invalid UTF-8 is not fixed at all.
    let mut fixable = Vec::new();
    for (index, input) in inputs.iter().enumerate() {
        let Some(kind) = kind_of(args, input) else {
            continue;
        };
        if input.invalid_utf8_at.is_some() {
            let _ = writeln!(
                io::stderr(),
                "bulkhead: not fixing {}: it is not valid UTF-8",
                input.path
            );
            continue;
        }
        fixable.push((index, kind));
    }
    let explicit = explicit_pairs(args)?;
    let project: Vec<ProjectFile<'_>> = fixable
        .iter()
        .map(|&(index, kind)| ProjectFile {
            path: &inputs[index].path,
            kind,
            source: &inputs[index].text,
        })
        .collect();
    let results = fix::fix_project(&project, &explicit, args.unsafe_fixes, true, options);
    for (&(index, _), fixed) in fixable.iter().zip(results) {
        let input = &mut inputs[index];
        applied += fixed.applied;
        if fixed.text != input.text {
            changed += 1;
            if args.diff {
                let _ = write!(
                    stdout,
                    "{}",
                    unified_diff(&input.path, &input.text, &fixed.text)
                );
            } else if !input.from_stdin {
                std::fs::write(&input.path, &fixed.text)
                    .map_err(|e| format!("cannot write {}: {e}", input.path))?;
            }
        }
        if input.from_stdin {
            stdin_text = Some(fixed.text.clone());
        }
        input.text = fixed.text;
    }
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            one.to_owned()
        } else {
            many.to_owned()
        }
    };
    if args.diff {
        let _ = writeln!(
            io::stderr(),
            "{changed} {} would change ({applied} {})",
            plural(changed, "file", "files"),
            plural(applied, "fix", "fixes")
        );
        return Ok(Some(if changed == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(EXIT_FINDINGS)
        }));
    }
    let _ = writeln!(
        io::stderr(),
        "Fixed {applied} {} in {changed} {}.",
        plural(applied, "finding", "findings"),
        plural(changed, "file", "files")
    );
    if let Some(text) = stdin_text {
        let _ = write!(stdout, "{text}");
        return Ok(Some(ExitCode::SUCCESS));
    }
    Ok(None)
}

/// The folders of these files (paths on disk) that hold a Helm chart's `Chart.yaml`,
/// sorted, each once: for `bulkhead lint` and `bulkhead lsp`.
pub(crate) fn chart_folders<'p>(paths: impl IntoIterator<Item = &'p str>) -> Vec<String> {
    let mut folders: Vec<String> = paths
        .into_iter()
        .filter_map(|path| {
            let folder = Path::new(path).parent()?;
            let chart = ["Chart.yaml", "Chart.yml"]
                .iter()
                .any(|n| folder.join(n).is_file());
            chart.then(|| folder.to_string_lossy().into_owned())
        })
        .collect();
    folders.sort();
    folders.dedup();
    folders
}

fn run_lint(args: &LintArgs) -> Result<ExitCode, String> {
    let config = args.config()?;
    let mut options = args.options(&config);
    let mut inputs = read_inputs(args)?;
    options.chart_folders = chart_folders(
        inputs
            .iter()
            .filter(|i| !i.from_stdin)
            .map(|i| i.path.as_str()),
    );
    if args.fix || args.diff {
        if let Some(code) = run_fixes(args, &mut inputs, &options)? {
            return Ok(code);
        }
    }
    let kinded = classify(args, &inputs);
    let explicit = explicit_pairs(args)?;
    let files: Vec<ProjectFile<'_>> = kinded
        .iter()
        .map(|(input, kind)| ProjectFile {
            path: &input.path,
            kind: *kind,
            source: &input.text,
        })
        .collect();
    let results = Linter::new()
        .options(&options)
        .pairs(&explicit)
        .check(&files)
        .diagnostics;
    let mut all = Vec::new();
    for ((input, kind), mut diagnostics) in kinded.into_iter().zip(results) {
        if let Some(at) = input.invalid_utf8_at {
            let end = input.text[at..]
                .chars()
                .next()
                .map_or(at, |c| at + c.len_utf8());
            diagnostics.insert(
                0,
                Diagnostic::new(
                    registry::parse_error(kind),
                    TextRange::new(at, end),
                    "This file is not UTF-8 text here (the invalid bytes are shown as `\u{FFFD}`); Dockerfiles and manifests must be UTF-8",
                ),
            );
        }
        // `per-path` sections of the config leave rules out for some files.
        Options {
            ignore: config.ignored_for(&input.path),
            ..Options::default()
        }
        .apply(&mut diagnostics);
        all.push((input, kind, diagnostics));
    }

    // Files whose only findings say they were not judged were not checked.
    let checked = all
        .iter()
        .filter(|(_, _, d)| !d.iter().any(|f| f.not_checked))
        .count();
    if let Some(file) = &args.write_baseline {
        return write_baseline(file, &all);
    }
    if let Some(file) = args.baseline.as_ref().or(config.baseline.as_ref()) {
        apply_baseline(file, &mut all)?;
    }
    report::write_all(&args.outputs, &all, args.color.enabled())?;
    let strict = args.strict || config.strict;
    if checked == 0 {
        let _ = writeln!(
            io::stderr(),
            "bulkhead: nothing was checked: {} (give Dockerfiles, Kubernetes manifests, Compose files or requirements files){}",
            if all.is_empty() { "no input is a kind bulkhead reads" } else { "no input is a file bulkhead judges" },
            if strict { "" } else { "; --strict makes this an error" },
        );
    }
    let fail_on = args.fail_on.unwrap_or(config.fail_on);
    let fails = all.iter().any(|(_, _, d)| fail_on.fails(d));
    Ok(if fails || (checked == 0 && strict) {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    })
}

/// The path a baseline in `file` names a linted file by.
fn baseline_path(file: &Path, input: &Input) -> String {
    config::relative_to(file.parent(), &input.path)
}

/// `--write-baseline FILE`: record the findings and say how many.
fn write_baseline(file: &Path, all: &report::Linted<'_>) -> Result<ExitCode, String> {
    let paths: Vec<String> = all.iter().map(|(i, _, _)| baseline_path(file, i)).collect();
    let baseline = Baseline::record(
        all.iter()
            .zip(&paths)
            .map(|((input, _, d), path)| (path.as_str(), input.text.as_str(), d.as_slice())),
    );
    let json = serde_json::to_string_pretty(&baseline).map_err(|e| e.to_string())? + "\n";
    std::fs::write(file, json).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    let count: usize = all.iter().map(|(_, _, d)| d.len()).sum();
    let _ = writeln!(
        io::stderr(),
        "bulkhead: recorded {} in {}",
        bulkhead_rules::counted(count, "finding"),
        file.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `--baseline FILE`: drop the findings it records, and say how many on standard error.
fn apply_baseline(file: &Path, all: &mut report::Linted<'_>) -> Result<(), String> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read the baseline {}: {e}", file.display()))?;
    let baseline: Baseline = serde_json::from_str(&text)
        .map_err(|e| format!("{}: not a bulkhead baseline: {e}", file.display()))?;
    if baseline.version != baseline::VERSION {
        return Err(format!(
            "{}: a baseline of version {}, and this bulkhead reads version {}: write it again with --write-baseline",
            file.display(),
            baseline.version,
            baseline::VERSION
        ));
    }
    let mut known = 0;
    for (input, _, diagnostics) in all.iter_mut() {
        known += baseline.filter(&baseline_path(file, input), &input.text, diagnostics);
    }
    if known > 0 {
        let _ = writeln!(
            io::stderr(),
            "bulkhead: {} not shown: the baseline {} records them",
            bulkhead_rules::counted(known, "finding"),
            file.display()
        );
    }
    Ok(())
}

fn read_input(path: &Path) -> Result<Input, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let (text, invalid_utf8_at) = decode(bytes);
    Ok(Input {
        path: path.display().to_string(),
        text,
        from_stdin: false,
        invalid_utf8_at,
    })
}

/// UTF-8 text, with invalid bytes replaced; keeps linting what can be read and says
/// where the text stops being UTF-8.
fn decode(bytes: Vec<u8>) -> (String, Option<usize>) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            (
                String::from_utf8_lossy(error.as_bytes()).into_owned(),
                Some(at),
            )
        }
    }
}

/// Collect lintable files below `dir`, skipping hidden and build directories.
fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with('.') || matches!(name, "target" | "node_modules" | "dist") {
            continue;
        }
        if path.is_dir() {
            walk(&path, found)?;
        } else if FileKind::from_file_name(name).is_some() {
            found.push(path);
        }
    }
    Ok(())
}

fn show_rule(code: &str) -> Result<ExitCode, String> {
    let rule = registry::find(code)
        .ok_or_else(|| format!("no rule named `{code}` (see `bulkhead rules`)"))?;
    let meta = rule.meta;
    let mut stdout = io::stdout().lock();
    let preview = if codes::is_preview(meta.code) {
        format!("{}\n\n", codes::PREVIEW_NOTE)
    } else {
        String::new()
    };
    writeln!(
        stdout,
        "# {} {} ({})\n\n{preview}{}",
        meta.code,
        meta.name,
        meta.severity.as_str(),
        meta.docs()
    )
    .map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}

fn list_rules(markdown: bool, reference: bool) -> Result<ExitCode, String> {
    let mut stdout = io::stdout().lock();
    if reference {
        write!(stdout, "{}", render::rule_reference_markdown()).map_err(|e| e.to_string())?;
        return Ok(ExitCode::SUCCESS);
    }
    if markdown {
        write!(stdout, "{}", render::rule_table_markdown()).map_err(|e| e.to_string())?;
        return Ok(ExitCode::SUCCESS);
    }
    for rule in registry::RULES {
        let meta = rule.meta;
        writeln!(
            stdout,
            "{:<6} {:<28} {:<8} {:<8} {}",
            meta.code,
            meta.name,
            meta.severity.as_str(),
            if codes::is_preview(meta.code) {
                "preview"
            } else {
                "stable"
            },
            meta.summary()
        )
        .map_err(|e| e.to_string())?;
    }
    Ok(ExitCode::SUCCESS)
}
