//! The engine's own limits: a file too large or binary to read (BH002), and findings
//! past a cap summarised in one (BH001). Both are rules with a file each here, so they
//! have codes, docs and suppressions like any other.

use crate::{Diagnostic, FileKind, TextRange};

include!(concat!(env!("OUT_DIR"), "/rules_limits.rs"));

/// Files larger than this are not linted (one `file-too-large` finding instead). The
/// largest real file in the corpus is 22 KB.
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;

/// Findings per file past this are summarised in one `too-many-findings` finding.
pub const MAX_FINDINGS: usize = 1000;

/// Whether `code` is one of the limits' own findings, which the user's choices never
/// drop (the file was not read, or its findings were cut).
pub(crate) fn is_limit(code: &str) -> bool {
    [FileTooLarge::META.code, TooManyFindings::META.code].contains(&code)
}

/// The one finding for a file that is not read at all: larger than
/// [`MAX_FILE_BYTES`], or binary data (a NUL byte).
pub(crate) fn refuse(kind: FileKind, source: &str) -> Option<Diagnostic> {
    if source.len() > MAX_FILE_BYTES {
        return Some(too_large(source));
    }
    let nul = source.find('\0')?;
    let (meta, what) = match kind {
        FileKind::Dockerfile => (&crate::dockerfile::rules::ParseError::META, "a Dockerfile"),
        FileKind::Kubernetes => (&crate::kubernetes::rules::ParseError::META, "YAML"),
        FileKind::Compose => (&crate::compose::rules::ParseError::META, "a Compose file"),
        FileKind::Requirements => (
            &crate::requirements::rules::ParseError::META,
            "a requirements file",
        ),
    };
    Some(Diagnostic::new(
        meta,
        TextRange::new(nul, nul + 1),
        format!("This file contains a NUL byte: it looks like binary data, not {what}"),
    ))
}

/// The finding for a file over [`MAX_FILE_BYTES`], at the character where it crosses
/// the limit.
fn too_large(source: &str) -> Diagnostic {
    let mut at = MAX_FILE_BYTES;
    while !source.is_char_boundary(at) {
        at -= 1;
    }
    let end = source[at..]
        .chars()
        .next()
        .map_or(at, |c| at + c.len_utf8());
    // A whole number of MiB: the files here are at least 2.
    let mib = source.len() / (1024 * 1024);
    Diagnostic::new(
        &FileTooLarge::META,
        TextRange::new(at, end),
        format!("This file is about {mib} MiB; bulkhead reads files up to 2 MiB (real Dockerfiles and manifests are far smaller), so it is not linted. Your text is kept as it is"),
    )
    .with_help("Lint the Dockerfile and manifests themselves, one file per tab")
}

/// Keep the first [`MAX_FINDINGS`] findings and summarise the rest.
pub(crate) fn cap(diagnostics: &mut Vec<Diagnostic>) {
    if diagnostics.len() <= MAX_FINDINGS {
        return;
    }
    let rest = diagnostics.split_off(MAX_FINDINGS);
    // In the order they first appear (a sort here would cost the page a sort routine).
    let mut codes: Vec<&str> = Vec::new();
    for d in &rest {
        if !codes.contains(&d.code) {
            codes.push(d.code);
        }
    }
    let at = rest[0].range;
    diagnostics.push(Diagnostic::new(
        &TooManyFindings::META,
        at,
        format!(
            "{} more findings not shown ({}): fix the ones above, or use `--fix`, and lint again",
            rest.len(),
            codes.join(", ")
        ),
    ));
}
