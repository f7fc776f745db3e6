//! `cargo xtask` (an alias in `.cargo/config.toml`): the developer tasks.
//!
//! - `cargo xtask generate-all --mode write` writes every generated file (see
//!   `generated.rs`); `--mode check` fails when one is stale, and `./x test` runs it.
//! - `cargo xtask fuzz` mutation-fuzzes the parsers, rules and fixes (see
//!   docs/robustness.md). The long run wants a release build whose panics unwind:
//!   `cargo run --locked --profile fuzz -p xtask -- fuzz --inputs 1000000`.

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use xtask::generated::{self, Mode, Outcome};

#[derive(Debug, Parser)]
#[command(name = "cargo xtask", about = "bulkhead's developer tasks")]
enum Command {
    /// Write, or check, every file made from the library: the rule reference, the
    /// README's rule table, the page's generated modules and the docs' measured tables.
    GenerateAll {
        /// `write` the files, or `check` that they are current (exit 1 when not).
        #[arg(long, value_enum)]
        mode: Mode,
    },
    /// Mutation-fuzz the parsers, rules and fixes (see docs/robustness.md).
    Fuzz {
        /// How many inputs to try.
        #[arg(long, default_value_t = 10_000)]
        inputs: usize,
        /// The generator's seed: the same seed gives the same inputs.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The shared corpus (its files are used as seeds; default: `../shared/corpus`
        /// beside the checkout, when it is there).
        #[arg(long)]
        corpus: Option<PathBuf>,
        /// An input that takes longer than this many milliseconds is a failure.
        #[arg(long, default_value_t = 100)]
        max_ms: u64,
        /// Where failing inputs are written.
        #[arg(long, default_value = "target/fuzz-failures")]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    let result = match Command::parse() {
        Command::GenerateAll { mode } => generate_all(mode),
        Command::Fuzz {
            inputs,
            seed,
            corpus,
            max_ms,
            out,
        } => {
            let corpus = corpus.or_else(|| {
                let beside = generated::repository().join("../shared/corpus");
                beside.is_dir().then_some(beside)
            });
            fuzz(inputs, seed, corpus.as_deref(), max_ms, &out)
        }
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(io::stderr(), "cargo xtask: error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn generate_all(mode: Mode) -> Result<ExitCode, String> {
    let root = generated::repository();
    let mut stale = Vec::new();
    let mut stdout = io::stdout().lock();
    for target in generated::ALL {
        let outcome = generated::apply(&root, target, mode)?;
        let place = match target.place {
            generated::Place::Whole => target.path.to_owned(),
            generated::Place::Between(marker) => format!("{} ({marker})", target.path),
        };
        let said = match outcome {
            Outcome::Current => "current",
            Outcome::Written => "written",
            Outcome::Stale => {
                stale.push(place.clone());
                "STALE"
            }
            Outcome::Skipped => "SKIPPED (the shared data is not beside the checkout)",
        };
        let _ = writeln!(stdout, "{place}: {said}");
    }
    if stale.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    Err(format!(
        "{} stale: {} (run `cargo xtask generate-all --mode write` and commit the result)",
        if stale.len() == 1 {
            "one file is"
        } else {
            "files are"
        },
        stale.join(", ")
    ))
}

fn fuzz(
    inputs: usize,
    seed: u64,
    corpus: Option<&Path>,
    max_ms: u64,
    out: &Path,
) -> Result<ExitCode, String> {
    let report = xtask::fuzz::run(inputs, seed, corpus, Duration::from_millis(max_ms));
    let mut stdout = io::stdout().lock();
    for failure in report.failures.iter().take(20) {
        std::fs::create_dir_all(out)
            .map_err(|e| format!("cannot create {}: {e}", out.display()))?;
        let path = out.join(format!(
            "{}-{}.{}",
            seed,
            failure.index,
            failure.kind.as_str()
        ));
        std::fs::write(&path, &failure.input)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        let _ = writeln!(
            stdout,
            "input {} ({}): {} — saved as {}",
            failure.index,
            failure.kind.as_str(),
            failure.problem,
            path.display()
        );
    }
    let _ = writeln!(
        stdout,
        "{} inputs (seed {seed}) in {:.1} s: {} failures; slowest input {} ms (limit {max_ms} ms)",
        report.inputs,
        report.elapsed.as_secs_f64(),
        report.failures.len(),
        report.slowest.as_millis()
    );
    Ok(if report.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
