//! Every file made from the library, in one table: where it goes (a whole file, or the
//! part of a hand-written file between `<!-- NAME:start -->` and `<!-- NAME:end -->`)
//! and the library call that makes it. `cargo xtask generate-all --mode write` writes
//! them; `--mode check` (part of `./x test`) fails when one is stale.

use std::fs;
use std::path::{Path, PathBuf};

use bulkhead_rules::render;

use crate::measure::{checkov, hadolint, pss};
use crate::modules;
use crate::shared::corpus_dir;

/// Write the files, or only compare them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    Write,
    Check,
}

/// Where a generated text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The whole file.
    Whole,
    /// Between the file's `<!-- NAME:start -->` and `<!-- NAME:end -->` lines.
    Between(&'static str),
}

/// One generated text.
#[derive(Debug)]
pub struct Generated {
    /// The file, relative to the repository.
    pub path: &'static str,
    pub place: Place,
    /// The text; `None` when what it measures is missing (the shared data beside the
    /// checkout; under `CI=true` that fails instead, see [`crate::shared`]).
    pub make: fn() -> Option<String>,
}

/// Everything generated, in the order it is written.
pub const ALL: &[Generated] = &[
    Generated {
        path: "docs/rules.md",
        place: Place::Whole,
        make: || Some(render::rule_reference_markdown()),
    },
    Generated {
        path: "README.md",
        place: Place::Between("rules"),
        make: || Some(render::rule_table_markdown()),
    },
    Generated {
        path: "web/generated/rule-docs.js",
        place: Place::Whole,
        make: || Some(modules::rule_docs()),
    },
    Generated {
        path: "web/generated/lessons.js",
        place: Place::Whole,
        make: || Some(modules::lessons()),
    },
    Generated {
        path: "web/generated/examples.js",
        place: Place::Whole,
        make: || Some(modules::examples()),
    },
    Generated {
        path: "web/generated/explain.js",
        place: Place::Whole,
        make: || Some(modules::explanations()),
    },
    Generated {
        path: ".pre-commit-hooks.yaml",
        place: Place::Whole,
        make: || Some(modules::pre_commit_hooks()),
    },
    Generated {
        path: "docs/hadolint-recall.md",
        place: Place::Between("recall"),
        make: || corpus_dir("").map(|corpus| hadolint::recall(&corpus).table),
    },
    Generated {
        path: "docs/hadolint-recall.md",
        place: Place::Between("instructions"),
        make: || corpus_dir("").map(|corpus| hadolint::instruction_recall(&corpus).0.table),
    },
    Generated {
        path: "docs/checkov-agreement.md",
        place: Place::Between("agreement"),
        make: || corpus_dir("").map(|corpus| checkov::agreement(&corpus).table),
    },
    Generated {
        path: "docs/conformance.md",
        place: Place::Between("pss"),
        make: || pss::judge_all().map(|verdicts| pss::fixtures_table(&verdicts)),
    },
    Generated {
        path: "docs/conformance.md",
        place: Place::Between("peers"),
        make: || Some(pss::peers_table()),
    },
];

/// What became of one generated text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The file already held it.
    Current,
    /// It differed and was written (`--mode write`).
    Written,
    /// It differs (`--mode check`).
    Stale,
    /// Its input is missing, so it was neither made nor checked.
    Skipped,
}

/// The repository this crate is part of.
pub fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `text` with the part between `marker`'s lines replaced by `generated`.
pub fn splice(text: &str, marker: &str, generated: &str) -> Result<String, String> {
    let (start, end) = (
        format!("<!-- {marker}:start -->\n"),
        format!("<!-- {marker}:end -->"),
    );
    let a = text
        .find(&start)
        .ok_or_else(|| format!("no `{}` line", start.trim_end()))?;
    let b = text[a..]
        .find(&end)
        .map(|b| a + b)
        .ok_or_else(|| format!("no `{end}` line after `{}`", start.trim_end()))?;
    Ok(format!(
        "{}{generated}{}",
        &text[..a + start.len()],
        &text[b..]
    ))
}

/// Make one generated text and compare it with its file (writing it in `Mode::Write`).
pub fn apply(root: &Path, generated: &Generated, mode: Mode) -> Result<Outcome, String> {
    let Some(text) = (generated.make)() else {
        return Ok(Outcome::Skipped);
    };
    let path = root.join(generated.path);
    let current = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(_) if generated.place == Place::Whole => String::new(),
        Err(e) => return Err(format!("{}: {e}", generated.path)),
    };
    let wanted = match generated.place {
        Place::Whole => text,
        Place::Between(marker) => {
            splice(&current, marker, &text).map_err(|e| format!("{}: {e}", generated.path))?
        }
    };
    if wanted == current {
        return Ok(Outcome::Current);
    }
    if mode == Mode::Check {
        return Ok(Outcome::Stale);
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    fs::write(&path, wanted).map_err(|e| format!("{}: {e}", generated.path))?;
    Ok(Outcome::Written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_is_replaced_between_its_markers_only() {
        let text = "a\n<!-- t:start -->\nold\n<!-- t:end -->\nb\n";
        assert_eq!(
            splice(text, "t", "new\n").as_deref(),
            Ok("a\n<!-- t:start -->\nnew\n<!-- t:end -->\nb\n")
        );
        assert!(splice("a\n", "t", "x").is_err_and(|e| e.contains("t:start")));
        assert!(splice("<!-- t:start -->\n", "t", "x").is_err_and(|e| e.contains("t:end")));
    }

    #[test]
    fn check_finds_a_stale_file_and_write_mends_it() {
        let dir = std::env::temp_dir().join(format!("xtask-generated-{}", std::process::id()));
        fs::create_dir_all(&dir).expect("a temporary folder");
        let target = Generated {
            path: "doc.md",
            place: Place::Between("x"),
            make: || Some("made\n".to_owned()),
        };
        fs::write(
            dir.join("doc.md"),
            "<!-- x:start -->\nold\n<!-- x:end -->\n",
        )
        .expect("write");
        assert_eq!(apply(&dir, &target, Mode::Check), Ok(Outcome::Stale));
        assert_eq!(apply(&dir, &target, Mode::Write), Ok(Outcome::Written));
        assert_eq!(apply(&dir, &target, Mode::Check), Ok(Outcome::Current));
        let whole = Generated {
            path: "new/whole.js",
            place: Place::Whole,
            make: || Some("x\n".to_owned()),
        };
        assert_eq!(apply(&dir, &whole, Mode::Check), Ok(Outcome::Stale));
        assert_eq!(apply(&dir, &whole, Mode::Write), Ok(Outcome::Written));
        assert_eq!(apply(&dir, &whole, Mode::Check), Ok(Outcome::Current));
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn every_generated_path_is_a_file_of_the_repository() {
        let root = repository();
        for generated in ALL {
            assert!(
                root.join(generated.path).is_file(),
                "{} is not in the repository",
                generated.path
            );
        }
    }
}
