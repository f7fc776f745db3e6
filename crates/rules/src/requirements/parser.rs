//! `requirements.txt` as pip reads it: requirement lines with their version
//! specifiers, `--hash` options and markers; global options (`--index-url`,
//! `--extra-index-url`, `--trusted-host`, `-r`/`-c` includes); comments and line
//! continuations. Every part keeps its byte range.

use crate::engine::text::TextRange;

/// A parsed requirements file.
#[derive(Debug, Default)]
pub struct Requirements {
    pub lines: Vec<Line>,
}

/// One logical line (continuations joined).
#[derive(Debug, Clone)]
pub enum Line {
    Requirement(Requirement),
    /// A global option such as `--index-url URL` or `-r other.txt`.
    Option(OptionLine),
    /// Text that is neither: reported as a parse error.
    Invalid {
        text: String,
        range: TextRange,
    },
}

/// `name[extras] specifiers ; marker --hash=...`, or a URL / path / `-e` requirement.
#[derive(Debug, Clone)]
pub struct Requirement {
    /// The project name normalised as pip compares names (`Foo_Bar` → `foo-bar`);
    /// `None` for a bare URL or path.
    pub name: Option<String>,
    /// Where the name (or the URL/path) is written.
    pub name_range: TextRange,
    pub specifiers: Vec<Specifier>,
    pub hashes: Vec<Hash>,
    /// `-e`/`--editable`, a VCS URL (`git+https://...`), a URL or a local path.
    pub direct: Option<Direct>,
    /// The whole logical line.
    pub range: TextRange,
}

/// `==1.2.3`, `>=2`, `~=1.4`, `==0.115.*`...
#[derive(Debug, Clone)]
pub struct Specifier {
    pub operator: String,
    pub version: String,
    pub range: TextRange,
}

/// `--hash=sha256:...`.
#[derive(Debug, Clone)]
pub struct Hash {
    pub value: String,
    pub range: TextRange,
}

/// How a requirement names something other than an index release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direct {
    Editable,
    Vcs,
    Url,
    Path,
}

/// A global option line.
#[derive(Debug, Clone)]
pub struct OptionLine {
    /// The option as written, long form: `--index-url`, `--requirement`...
    pub name: String,
    pub name_range: TextRange,
    pub value: Option<String>,
    pub value_range: Option<TextRange>,
}

impl Requirements {
    /// The requirements pip hash-checks in hash-checking mode (all but `-e` ones).
    pub fn hashable(&self) -> Vec<&Requirement> {
        self.lines
            .iter()
            .filter_map(|l| match l {
                Line::Requirement(r) if r.direct != Some(Direct::Editable) => Some(r),
                _ => None,
            })
            .collect()
    }

    /// Whether any requirement has a `--hash`.
    pub fn any_hashed(&self) -> bool {
        self.hashable().iter().any(|r| !r.hashes.is_empty())
    }

    /// Whether pip runs in hash-checking mode: some line has a hash, or
    /// `--require-hashes` is set.
    pub fn hash_mode(&self) -> bool {
        self.any_hashed()
            || self
                .lines
                .iter()
                .any(|l| matches!(l, Line::Option(o) if o.name == "--require-hashes"))
    }
}

impl Requirement {
    /// Whether the version is pinned exactly (`==1.2.3` or `===1.2.3`, no wildcard).
    pub fn is_pinned(&self) -> bool {
        self.specifiers.len() == 1
            && matches!(self.specifiers[0].operator.as_str(), "==" | "===")
            && !self.specifiers[0].version.contains('*')
    }

    /// The exact version pinned, if any.
    pub fn pinned_version(&self) -> Option<&str> {
        self.is_pinned()
            .then(|| self.specifiers[0].version.as_str())
    }
}

/// pip's name normalisation (PEP 503): lower case, runs of `-_.` become `-`.
pub fn normalise_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut separator = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            separator = true;
        } else {
            if separator && !out.is_empty() {
                out.push('-');
            }
            separator = false;
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// A word of a logical line with its source range.
#[derive(Debug, Clone)]
struct Piece {
    text: String,
    range: TextRange,
}

/// Split a logical line into whitespace-separated words, with source ranges through
/// the continuation map.
fn words(text: &str, map: &[(usize, usize)]) -> Vec<Piece> {
    let source_of = |logical: usize| -> usize {
        let index = map
            .partition_point(|&(l, _)| l <= logical)
            .saturating_sub(1);
        let (l, s) = map[index];
        s + (logical - l)
    };
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push(Piece {
                    text: text[s..i].to_owned(),
                    range: TextRange::new(source_of(s), source_of(i - 1) + 1),
                });
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    out
}

/// Parse a requirements file. Never fails: unreadable lines become [`Line::Invalid`].
pub fn parse(source: &str) -> Requirements {
    let mut lines = Vec::new();
    let mut offset = 0;
    let mut physical = source.split_inclusive('\n').peekable();
    while let Some(first) = physical.next() {
        // Join continuations (a line ending in `\`), keeping a map to source offsets.
        let mut text = String::new();
        let mut map = Vec::new();
        let mut line = first;
        let start = offset;
        loop {
            let content = line.trim_end_matches(['\n', '\r']);
            map.push((text.len(), offset));
            offset += line.len();
            match content.strip_suffix('\\') {
                Some(kept) if physical.peek().is_some() => {
                    text.push_str(kept);
                    text.push(' ');
                    line = physical.next().unwrap_or_default();
                }
                _ => {
                    text.push_str(content);
                    break;
                }
            }
        }
        // A comment starts at `#` at the beginning or after whitespace.
        let cut = text
            .char_indices()
            .find(|&(i, c)| c == '#' && (i == 0 || text[..i].ends_with(char::is_whitespace)))
            .map_or(text.len(), |(i, _)| i);
        let pieces = words(&text[..cut], &map);
        if pieces.is_empty() {
            continue;
        }
        let range = TextRange::new(
            pieces.first().map_or(start, |p| p.range.start()),
            pieces.last().map_or(start, |p| p.range.end()),
        );
        lines.push(read_line(pieces, range));
    }
    Requirements { lines }
}

fn read_line(pieces: Vec<Piece>, range: TextRange) -> Line {
    if pieces[0].text.starts_with('-') {
        read_option(&pieces, range)
    } else {
        read_requirement(pieces, range)
    }
}

/// `--index-url URL`, `-r file`, `-e target`...
fn read_option(pieces: &[Piece], range: TextRange) -> Line {
    let first = &pieces[0];
    let (name, inline_value) = match first.text.split_once('=') {
        Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
        None => (first.text.clone(), None),
    };
    let long = crate::knowledge::pip::SHORT
        .iter()
        .find(|(short, _)| {
            *short == name
                || (first.text.starts_with(short)
                    && first.text.len() > 2
                    && !first.text.starts_with("--"))
        })
        .map_or(name.clone(), |(_, long)| (*long).to_owned());
    // `-rbase.txt` is `-r base.txt`.
    let glued = (long != name && first.text.len() > 2 && !first.text.contains('='))
        .then(|| first.text[2..].to_owned());
    let (value, value_range) = if let Some(v) = inline_value {
        let at = first.range.start() + name.len() + 1;
        (Some(v), Some(TextRange::new(at, first.range.end())))
    } else if let Some(v) = glued {
        (
            Some(v),
            Some(TextRange::new(first.range.start() + 2, first.range.end())),
        )
    } else if !crate::knowledge::pip::takes_value(&long) {
        (None, None)
    } else {
        let next = pieces.get(1);
        (next.map(|p| p.text.clone()), next.map(|p| p.range))
    };
    if long == "--editable" {
        let (Some(value), Some(value_range)) = (value, value_range) else {
            return Line::Invalid {
                text: first.text.clone(),
                range,
            };
        };
        let mut requirement = direct_requirement(&value, value_range, range);
        requirement.direct = Some(Direct::Editable);
        return Line::Requirement(requirement);
    }
    let name_range = TextRange::new(
        first.range.start(),
        first.range.start() + name.len().min(first.range.len()),
    );
    Line::Option(OptionLine {
        name: long,
        name_range,
        value,
        value_range,
    })
}

/// `name[extras] specifiers ; marker --hash=...`, or a direct reference.
fn read_requirement(pieces: Vec<Piece>, range: TextRange) -> Line {
    let (hashes, spec_pieces) = split_hashes(pieces);
    let Some(head) = spec_pieces.first() else {
        return Line::Invalid {
            text: String::new(),
            range,
        };
    };
    let head_text = head.text.clone();
    let head_range = head.range;
    if head_text.contains("://")
        || head_text.starts_with('.')
        || head_text.starts_with('/')
        || head_text.ends_with(".whl")
        || head_text.ends_with(".tar.gz")
    {
        let mut requirement = direct_requirement(&head_text, head_range, range);
        requirement.hashes = hashes;
        return Line::Requirement(requirement);
    }
    // Rejoin the specifier part (spaces are allowed: `flask >= 3, < 4`).
    let joined_start = head_range.start();
    let mut spec = String::new();
    let mut offsets = Vec::new();
    for piece in &spec_pieces {
        offsets.push((spec.len(), piece.range.start()));
        spec.push_str(&piece.text);
    }
    let spec_source = |logical: usize| -> usize {
        let index = offsets
            .partition_point(|&(l, _)| l <= logical)
            .saturating_sub(1);
        let (l, s) = offsets[index];
        s + (logical - l)
    };
    let before_marker = spec.split(';').next().unwrap_or_default();
    // `name @ url` is a direct reference.
    if let Some((name, url)) = before_marker.split_once('@') {
        if url.contains("://") {
            let mut requirement = direct_requirement(
                url,
                TextRange::new(
                    spec_source(name.len() + 1),
                    spec_source(before_marker.len() - 1) + 1,
                ),
                range,
            );
            requirement.name = Some(normalise_name(name.split('[').next().unwrap_or(name)));
            requirement.name_range =
                TextRange::new(joined_start, spec_source(name.len().saturating_sub(1)) + 1);
            requirement.hashes = hashes;
            return Line::Requirement(requirement);
        }
    }
    let name_len = before_marker
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(before_marker.len());
    if name_len == 0 {
        return Line::Invalid {
            text: head_text,
            range,
        };
    }
    let name = &before_marker[..name_len];
    let mut rest_at = name_len;
    if before_marker[rest_at..].starts_with('[') {
        match before_marker[rest_at..].find(']') {
            Some(close) => rest_at += close + 1,
            None => {
                return Line::Invalid {
                    text: head_text,
                    range,
                }
            }
        }
    }
    let Some(specifiers) = read_specifiers(&before_marker[rest_at..], rest_at, &spec_source) else {
        return Line::Invalid {
            text: head_text,
            range,
        };
    };
    Line::Requirement(Requirement {
        name: Some(normalise_name(name)),
        name_range: TextRange::new(joined_start, spec_source(name_len - 1) + 1),
        specifiers,
        hashes,
        direct: None,
        range,
    })
}

/// Split `--hash` values (and other per-requirement options) off a requirement line.
fn split_hashes(pieces: Vec<Piece>) -> (Vec<Hash>, Vec<Piece>) {
    let mut hashes = Vec::new();
    let mut spec_pieces = Vec::new();
    let mut iter = pieces.into_iter().peekable();
    while let Some(piece) = iter.next() {
        if let Some(value) = piece.text.strip_prefix("--hash=") {
            hashes.push(Hash {
                value: value.to_owned(),
                range: TextRange::new(piece.range.start() + 7, piece.range.end()),
            });
        } else if piece.text == "--hash" {
            if let Some(value) = iter.next() {
                hashes.push(Hash {
                    value: value.text,
                    range: value.range,
                });
            }
        } else if piece.text.starts_with("--") {
            // Per-requirement options such as `--config-settings`: skip the value too.
            if !piece.text.contains('=') {
                iter.next();
            }
        } else {
            spec_pieces.push(piece);
        }
    }
    (hashes, spec_pieces)
}

/// `>= 0.6, <1` (starting at logical offset `at`): `None` if a part has no operator.
fn read_specifiers(
    text: &str,
    mut at: usize,
    source_of: &dyn Fn(usize) -> usize,
) -> Option<Vec<Specifier>> {
    let mut specifiers = Vec::new();
    for part in text.split(',') {
        let trimmed = part.trim_start();
        let lead = part.len() - trimmed.len();
        let op_len = trimmed
            .find(|c: char| !matches!(c, '=' | '<' | '>' | '!' | '~'))
            .unwrap_or(trimmed.len());
        if !trimmed.is_empty() {
            if op_len == 0 {
                return None;
            }
            let start = source_of(at + lead);
            let end = source_of(at + part.len().max(1) - 1) + 1;
            specifiers.push(Specifier {
                operator: trimmed[..op_len].to_owned(),
                version: trimmed[op_len..].trim().to_owned(),
                range: TextRange::new(start, end.max(start)),
            });
        }
        at += part.len() + 1;
    }
    Some(specifiers)
}

fn direct_requirement(target: &str, target_range: TextRange, range: TextRange) -> Requirement {
    let direct = if ["git+", "hg+", "svn+", "bzr+"]
        .iter()
        .any(|p| target.starts_with(p))
    {
        Direct::Vcs
    } else if target.contains("://") {
        Direct::Url
    } else {
        Direct::Path
    };
    // `#egg=name` names the project of a URL.
    let name = target
        .split_once("#egg=")
        .map(|(_, egg)| normalise_name(egg.split('&').next().unwrap_or(egg)));
    Requirement {
        name,
        name_range: target_range,
        specifiers: Vec::new(),
        hashes: Vec::new(),
        direct: Some(direct),
        range,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn requirement(line: &Line) -> &Requirement {
        match line {
            Line::Requirement(r) => r,
            other => panic!("not a requirement: {other:?}"),
        }
    }

    #[test]
    fn requirements_specifiers_hashes_and_options() {
        let src = "# deps\nFlask_Login[extra] >= 0.6, <1 ; python_version>'3.8'  # web\nrequests==2.32.3 \\\n    --hash=sha256:abc \\\n    --hash=sha256:def\n-r base.txt\n--index-url=https://pypi.example/simple\n-e git+https://github.com/x/y#egg=y\nfastapi==0.115.*\n";
        let parsed = parse(src);
        assert_eq!(parsed.lines.len(), 6);
        let flask = requirement(&parsed.lines[0]);
        assert_eq!(flask.name.as_deref(), Some("flask-login"));
        assert_eq!(flask.name_range.slice(src), "Flask_Login");
        let ops: Vec<_> = flask
            .specifiers
            .iter()
            .map(|s| (s.operator.as_str(), s.version.as_str(), s.range.slice(src)))
            .collect();
        assert_eq!(ops, [(">=", "0.6", ">= 0.6"), ("<", "1", "<1")]);
        assert!(!flask.is_pinned());
        let requests = requirement(&parsed.lines[1]);
        assert!(requests.is_pinned());
        assert_eq!(requests.hashes.len(), 2);
        assert_eq!(requests.hashes[1].range.slice(src), "sha256:def");
        let Line::Option(include) = &parsed.lines[2] else {
            panic!("option")
        };
        assert_eq!(
            (include.name.as_str(), include.value.as_deref()),
            ("--requirement", Some("base.txt"))
        );
        let Line::Option(index) = &parsed.lines[3] else {
            panic!("option")
        };
        assert_eq!(
            index.value_range.map(|r| r.slice(src)),
            Some("https://pypi.example/simple")
        );
        let editable = requirement(&parsed.lines[4]);
        assert_eq!(editable.direct, Some(Direct::Editable));
        assert_eq!(editable.name.as_deref(), Some("y"));
        assert!(!requirement(&parsed.lines[5]).is_pinned());
    }

    #[test]
    fn odd_lines_do_not_panic() {
        for src in [
            "==1.0",
            "-e",
            "name[unclosed",
            "\\",
            "a==1 \\",
            "pkg @ https://x/y.whl",
            "--hash",
            "x; ; ;",
            "é==1",
        ] {
            let _ = parse(src);
        }
        let parsed = parse("==1.0\n");
        assert!(matches!(parsed.lines[0], Line::Invalid { .. }));
    }
}
