//! The real-world corpus in `../shared/corpus` (295 Dockerfiles from public repositories):
//! every valid file parses, the four BuildKit negative files get a positioned
//! parse error, every file's findings are snapshotted, and our instructions agree with
//! the `dockerfile-parser` crate wherever that crate can parse a file.
//!
//! Skipped, with a message, when the corpus is not next to the checkout.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use bulkhead_rules::dockerfile::{self, Form};
use bulkhead_rules::{FileKind, LineIndex, Linter};

mod common;

fn corpus_dir() -> Option<PathBuf> {
    common::corpus_dir("dockerfiles")
}

fn corpus_files() -> Vec<(String, String)> {
    let files = common::corpus_files("dockerfiles", |name| {
        Path::new(name)
            .extension()
            .is_some_and(|e| e == "Dockerfile")
    });
    if corpus_dir().is_some() {
        assert_eq!(files.len(), 295, "the corpus has 295 Dockerfiles");
    }
    files
}

fn is_negative(name: &str) -> bool {
    name.contains("testfiles-negative-")
}

#[test]
fn every_valid_corpus_dockerfile_parses_and_negative_ones_are_reported() {
    let files = corpus_files();
    let mut failures = Vec::new();
    let mut valid = 0;
    for (name, source) in &files {
        let parsed = dockerfile::parse(source);
        if is_negative(name) {
            let diagnostics = Linter::new()
                .preview(true)
                .lint(FileKind::Dockerfile, source);
            let parse_errors: Vec<_> = diagnostics.iter().filter(|d| d.parse_error).collect();
            if parse_errors.is_empty() {
                failures.push(format!("{name}: expected a parse-error diagnostic"));
            }
            for error in parse_errors {
                if error.message.len() < 20 {
                    failures.push(format!("{name}: message too terse: {}", error.message));
                }
            }
        } else {
            valid += 1;
            for error in &parsed.errors {
                let at = LineIndex::new(source).line_col(error.range.start(), source);
                failures.push(format!(
                    "{name}:{}:{}: {}",
                    at.line, at.column, error.message
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    if !files.is_empty() {
        assert_eq!(valid, 291);
    }
}

/// A snapshot per corpus file of the codes and lines reported, so that any change in
/// what we say about real files shows up in review.
#[test]
fn corpus_findings_snapshots() {
    let Some(dir) = corpus_dir() else { return };
    insta::glob!(&dir, "*.Dockerfile", |path| {
        let bytes = fs::read(path).expect("corpus file is readable");
        let source = String::from_utf8_lossy(&bytes);
        let index = LineIndex::new(&source);
        let mut summary = String::new();
        for d in Linter::new()
            .preview(true)
            .lint(FileKind::Dockerfile, &source)
        {
            let at = index.line_col(d.range.start(), &source);
            let _ = writeln!(summary, "{}:{} {} {}", at.line, at.column, d.code, d.rule);
        }
        insta::assert_snapshot!(summary);
    });
}

/// What `dockerfile-parser` 0.9 and we must agree on for one instruction.
#[derive(Debug, PartialEq, Eq)]
struct Shape {
    line: usize,
    keyword: String,
    detail: String,
}

fn line_of(source: &str, offset: usize) -> usize {
    source[..offset].matches('\n').count() + 1
}

fn theirs(source: &str, parsed: &dockerfile_parser::Dockerfile) -> Vec<Shape> {
    use dockerfile_parser::{Instruction, ShellOrExecExpr};
    let expr = |e: &ShellOrExecExpr| match e {
        ShellOrExecExpr::Exec(array) => format!("exec {:?}", array.as_str_vec()),
        ShellOrExecExpr::Shell(_) => "shell".to_owned(),
    };
    parsed
        .instructions
        .iter()
        .map(|instruction| {
            let (span, keyword, detail) = match instruction {
                Instruction::From(from) => (
                    from.span,
                    "FROM".to_owned(),
                    format!(
                        "{} {:?}",
                        from.image.content,
                        from.alias.as_ref().map(|a| a.content.clone())
                    ),
                ),
                Instruction::Arg(arg) => (arg.span, "ARG".to_owned(), arg.name.content.clone()),
                Instruction::Label(label) => (label.span, "LABEL".to_owned(), String::new()),
                Instruction::Run(run) => (run.span, "RUN".to_owned(), expr(&run.expr)),
                Instruction::Entrypoint(e) => (e.span, "ENTRYPOINT".to_owned(), expr(&e.expr)),
                Instruction::Cmd(cmd) => (cmd.span, "CMD".to_owned(), expr(&cmd.expr)),
                Instruction::Copy(copy) => (
                    copy.span,
                    "COPY".to_owned(),
                    format!(
                        "{:?} {:?} -> {}",
                        copy.flags
                            .iter()
                            .map(|f| format!("{}={}", f.name.content, f.value.content))
                            .collect::<Vec<_>>(),
                        copy.sources
                            .iter()
                            .map(|s| s.content.as_str())
                            .collect::<Vec<_>>(),
                        copy.destination.content
                    ),
                ),
                Instruction::Env(env) => (
                    env.span,
                    "ENV".to_owned(),
                    format!(
                        "{:?}",
                        env.vars
                            .iter()
                            .map(|v| v.key.content.as_str())
                            .collect::<Vec<_>>()
                    ),
                ),
                Instruction::Misc(misc) => (
                    misc.span,
                    misc.instruction.content.to_ascii_uppercase(),
                    String::new(),
                ),
            };
            Shape {
                line: line_of(source, span.start),
                keyword,
                detail,
            }
        })
        .collect()
}

fn ours(source: &str, parsed: &dockerfile::Dockerfile) -> Vec<Shape> {
    parsed
        .instructions
        .iter()
        .map(|instruction| {
            let keyword = instruction.keyword_range.slice(source).to_ascii_uppercase();
            let detail = match keyword.as_str() {
                "FROM" => {
                    let words = instruction.body_words();
                    format!(
                        "{} {:?}",
                        words.first().map(|w| w.text.as_str()).unwrap_or_default(),
                        words.get(2).map(|w| w.text.clone())
                    )
                }
                "ARG" => {
                    let first = instruction.body_words().into_iter().next();
                    first
                        .map(|w| w.text.split('=').next().unwrap_or_default().to_owned())
                        .unwrap_or_default()
                }
                "RUN" | "CMD" | "ENTRYPOINT" => match instruction.form() {
                    Form::Exec(words) => format!(
                        "exec {:?}",
                        words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>()
                    ),
                    _ => "shell".to_owned(),
                },
                "COPY" => {
                    let words = instruction.arguments();
                    let (dest, sources) = words
                        .split_last()
                        .map_or((String::new(), &[][..]), |(d, s)| (d.text.clone(), s));
                    format!(
                        "{:?} {:?} -> {}",
                        instruction
                            .flags()
                            .iter()
                            .map(|f| format!("{}={}", f.name, f.value.clone().unwrap_or_default()))
                            .collect::<Vec<_>>(),
                        sources.iter().map(|s| s.text.as_str()).collect::<Vec<_>>(),
                        dest
                    )
                }
                "ENV" => {
                    let words = instruction.body_words();
                    let keys: Vec<&str> = if words.first().is_some_and(|w| !w.text.contains('=')) {
                        words.first().map(|w| w.text.as_str()).into_iter().collect()
                    } else {
                        words
                            .iter()
                            .filter_map(|w| w.text.split_once('=').map(|(k, _)| k))
                            .collect()
                    };
                    format!("{keys:?}")
                }
                _ => String::new(),
            };
            Shape {
                line: line_of(source, instruction.keyword_range.start()),
                keyword,
                detail,
            }
        })
        .collect()
}

/// Wherever `dockerfile-parser` 0.9 reads a corpus file, its instructions (keyword,
/// line, FROM image and alias, exec/shell form and arguments, COPY flags, sources and
/// destination, ENV keys) must equal ours.
#[test]
fn instructions_agree_with_dockerfile_parser_crate() {
    let files = corpus_files();
    let mut compared = 0;
    let mut disagreements = Vec::new();
    for (name, source) in &files {
        let Ok(parsed) = dockerfile_parser::Dockerfile::parse(source) else {
            continue;
        };
        compared += 1;
        let theirs = theirs(source, &parsed);
        let ours = ours(source, &dockerfile::parse(source));
        if theirs.len() != ours.len() {
            disagreements.push(format!(
                "{name}: {} instructions vs our {}",
                theirs.len(),
                ours.len()
            ));
            continue;
        }
        for (a, b) in theirs.iter().zip(&ours) {
            let line = source.lines().nth(a.line - 1).unwrap_or_default();
            if a != b && !known_difference(a, b, line) {
                disagreements.push(format!("{name}:\n  theirs {a:?}\n  ours   {b:?}"));
            }
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    if !files.is_empty() {
        assert!(compared > 150, "only {compared} files compared");
        eprintln!("compared {compared} corpus files with dockerfile-parser 0.9");
    }
}

/// Where `dockerfile-parser` is known to differ from BuildKit, BuildKit wins:
/// - it keeps a bare `--` (which ends the flags) as a COPY source;
/// - it takes a flag without a value (`--link`) as a COPY source;
/// - it does not read the JSON form of `COPY ["src", "dest"]`;
/// - it reads `['single', 'quoted']` as an exec form, while BuildKit's JSON decoder
///   rejects it and falls back to the shell form.
fn known_difference(theirs: &Shape, ours: &Shape, line: &str) -> bool {
    if theirs.line != ours.line || theirs.keyword != ours.keyword {
        return false;
    }
    match theirs.keyword.as_str() {
        "COPY" => {
            (theirs.detail.contains("[\"--") && !ours.detail.contains("[\"--"))
                || theirs.detail.contains("[\"[")
        }
        "CMD" | "RUN" | "ENTRYPOINT" => {
            ours.detail == "shell" && theirs.detail.starts_with("exec") && line.contains("['")
        }
        _ => false,
    }
}
