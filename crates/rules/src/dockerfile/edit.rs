//! Edits that Dockerfile fixes share.

use super::Keyword;
use crate::dockerfile::{PackageCommand, Stage};
use crate::engine::fix::Edit;

/// An edit that adds `option` right after a package manager's subcommand
/// (`apt-get install` → `apt-get install -y`), when the subcommand is written plainly.
pub fn option_after_subcommand(
    source: &str,
    package: &PackageCommand<'_>,
    option: &str,
) -> Option<Edit> {
    let word = package.subcommand_word()?;
    (word.range.slice(source) == word.text)
        .then(|| Edit::insert(word.range.end(), format!(" {option}")))
}

/// An edit that puts `lines` (without a trailing newline) on their own lines just
/// before the stage's `CMD`/`ENTRYPOINT`, or after its last instruction.
pub fn insert_before_command(source: &str, stage: &Stage<'_>, lines: &str) -> Edit {
    let command = stage
        .instructions
        .iter()
        .find(|i| matches!(i.keyword, Keyword::Cmd | Keyword::Entrypoint));
    if let Some(command) = command {
        let line_start = source[..command.range.start()]
            .rfind('\n')
            .map_or(0, |n| n + 1);
        Edit::insert(line_start, format!("{lines}\n"))
    } else {
        let end = stage
            .instructions
            .last()
            .map_or(stage.from.range.end(), |i| i.range.end());
        Edit::insert(end, format!("\n{lines}"))
    }
}
