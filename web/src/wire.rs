//! The bytes the page and its lint worker exchange. Both ends are this same wasm module,
//! so the format is private: LEB128 numbers, length-prefixed strings and lists, a tag
//! byte for options. Decoding checks everything and gives `None` on damaged input
//! rather than panicking.

use bulkhead_rules::engine::fix::{Applicability, Edit, Fix};
use bulkhead_rules::render::Finding;
use bulkhead_rules::{
    Checklist, FileKind, LineCol, Options, PssLevel, Related, Setting, Severity, TextRange,
};

use bulkhead_rules::hardening::{ItemStatus, Status};

/// What the worker should do with the files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Lint them as they are.
    Lint,
    /// Apply every safe fix (as `bulkhead lint --fix`), then lint the result.
    FixAll,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestFile {
    pub name: String,
    pub kind: FileKind,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Which edit of the playground this is about; the answer carries it back so the
    /// page can drop answers about text that has changed since.
    pub generation: u32,
    pub mode: Mode,
    /// The image the user says the Dockerfile builds (`None`: guess).
    pub pairing: Option<String>,
    /// The settings.
    pub options: Options,
    pub files: Vec<RequestFile>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub generation: u32,
    /// For [`Mode::FixAll`]: each file's text after the fixes.
    pub fixed: Option<Vec<String>>,
    /// Each file's findings, in the request's file order.
    pub findings: Vec<Vec<Finding>>,
    /// The container images the manifests run, for the pairing menu.
    pub images: Vec<String>,
    /// The hardening checklist, one entry per item in [`Checklist::ALL`] order.
    pub checklist: Vec<ItemStatus>,
}

// --- writing -------------------------------------------------------------------------

#[derive(Default)]
struct Writer(Vec<u8>);

impl Writer {
    fn number(&mut self, mut n: u32) {
        loop {
            let low = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                self.0.push(low);
                return;
            }
            self.0.push(low | 0x80);
        }
    }

    fn size(&mut self, n: usize) {
        self.number(u32::try_from(n).unwrap_or(u32::MAX));
    }

    fn text(&mut self, s: &str) {
        self.size(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }

    fn setting(&mut self, setting: &Setting) {
        match setting {
            Setting::Text(text) => {
                self.0.push(0);
                self.text(text);
            }
            Setting::List(items) => {
                self.0.push(1);
                self.list(items, |w, item| w.text(item));
            }
            Setting::Map(entries) => {
                self.0.push(2);
                self.list(entries, |w, (key, value)| {
                    w.text(key);
                    w.text(value);
                });
            }
        }
    }

    fn option<T>(&mut self, value: Option<&T>, write: impl FnOnce(&mut Self, &T)) {
        match value {
            None => self.0.push(0),
            Some(v) => {
                self.0.push(1);
                write(self, v);
            }
        }
    }

    fn list<T>(&mut self, items: &[T], mut write: impl FnMut(&mut Self, &T)) {
        self.size(items.len());
        for item in items {
            write(self, item);
        }
    }

    fn range(&mut self, range: TextRange) {
        self.number(range.start);
        self.number(range.end);
    }

    fn line_col(&mut self, at: LineCol) {
        self.number(at.line);
        self.number(at.column);
        self.number(at.utf16_column);
    }

    fn finding(&mut self, f: &Finding) {
        self.text(&f.path);
        self.text(f.code);
        self.0.push(severity_tag(f.severity));
        self.option(f.checklist.as_ref(), |w, c| w.0.push(checklist_tag(*c)));
        self.option(f.pss_level.as_ref(), |w, level| w.0.push(pss_tag(*level)));
        self.text(&f.message);
        self.option(f.help.as_ref(), |w, h| w.text(h));
        self.line_col(f.start);
        self.line_col(f.end);
        self.range(f.range);
        self.list(&f.related, |w, r| {
            w.text(&r.path);
            w.range(r.range);
            w.line_col(r.start);
            w.line_col(r.end);
            w.text(&r.message);
        });
        self.option(f.fix.as_ref(), |w, fix| {
            w.0.push(match fix.applicability {
                Applicability::DisplayOnly => 0,
                Applicability::Unsafe => 1,
                Applicability::Safe => 2,
            });
            w.text(&fix.message);
            w.list(&fix.edits, |w, e| {
                w.range(e.range);
                w.text(&e.replacement);
            });
        });
    }
}

fn pss_tag(level: PssLevel) -> u8 {
    match level {
        PssLevel::Baseline => 0,
        PssLevel::Restricted => 1,
    }
}

/// The index in [`Severity::ALL`].
fn severity_tag(severity: Severity) -> u8 {
    match severity {
        Severity::Info => 0,
        Severity::Warning => 1,
        Severity::Error => 2,
    }
}

fn checklist_tag(item: Checklist) -> u8 {
    Checklist::ALL
        .iter()
        .position(|c| *c == item)
        .and_then(|i| u8::try_from(i).ok())
        .unwrap_or(u8::MAX)
}

fn kind_tag(kind: FileKind) -> u8 {
    match kind {
        FileKind::Dockerfile => 0,
        FileKind::Kubernetes => 1,
        FileKind::Requirements => 2,
        FileKind::Compose => 3,
    }
}

fn status_tag(status: Status) -> u8 {
    match status {
        Status::Pass => 0,
        Status::Fail => 1,
        Status::NotApplicable => 2,
        Status::Unknown => 3,
    }
}

impl Request {
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.number(self.generation);
        w.0.push(match self.mode {
            Mode::Lint => 0,
            Mode::FixAll => 1,
        });
        w.option(self.pairing.as_ref(), |w, p| w.text(p));
        // The options in their stored form (Options::to_stored), in its order.
        for (_, setting) in self.options.to_stored() {
            w.setting(&setting);
        }
        w.list(&self.files, |w, f| {
            w.text(&f.name);
            w.0.push(kind_tag(f.kind));
            w.text(&f.text);
        });
        w.0
    }

    pub fn decode(bytes: &[u8]) -> Option<Self> {
        let mut r = Reader(bytes);
        let request = Self {
            generation: r.number()?,
            mode: match r.byte()? {
                0 => Mode::Lint,
                1 => Mode::FixAll,
                _ => return None,
            },
            pairing: r.option(Reader::text)?,
            options: {
                let mut settings = Options::STORED.map(|_| None);
                for setting in &mut settings {
                    *setting = Some(r.setting()?);
                }
                Options::from_stored(|name| {
                    let at = Options::STORED.iter().position(|n| *n == name)?;
                    settings[at].take()
                })
            },
            files: r.list(|r| {
                Some(RequestFile {
                    name: r.text()?,
                    kind: r.kind()?,
                    text: r.text()?,
                })
            })?,
        };
        r.0.is_empty().then_some(request)
    }
}

impl Response {
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.number(self.generation);
        w.option(self.fixed.as_ref(), |w, texts| {
            w.list(texts, |w, t| w.text(t));
        });
        w.list(&self.findings, |w, file| w.list(file, Writer::finding));
        w.list(&self.images, |w, i| w.text(i));
        w.list(&self.checklist, |w, item| {
            w.0.push(checklist_tag(item.item));
            w.0.push(status_tag(item.status));
            w.text(&item.detail);
            w.list(&item.commands, |w, c| w.text(c));
        });
        w.0
    }

    pub fn decode(bytes: &[u8]) -> Option<Self> {
        let mut r = Reader(bytes);
        let response = Self {
            generation: r.number()?,
            fixed: r.option(|r| r.list(Reader::text))?,
            findings: r.list(|r| r.list(Reader::finding))?,
            images: r.list(Reader::text)?,
            checklist: r.list(|r| {
                Some(ItemStatus {
                    item: r.checklist()?,
                    status: match r.byte()? {
                        0 => Status::Pass,
                        1 => Status::Fail,
                        2 => Status::NotApplicable,
                        3 => Status::Unknown,
                        _ => return None,
                    },
                    detail: r.text()?,
                    commands: r.list(Reader::text)?,
                })
            })?,
        };
        r.0.is_empty().then_some(response)
    }
}

// --- reading -------------------------------------------------------------------------

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&first, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(first)
    }

    fn number(&mut self) -> Option<u32> {
        let mut value: u32 = 0;
        for shift in (0..35).step_by(7) {
            let byte = self.byte()?;
            value |= u32::from(byte & 0x7f).checked_shl(shift)?;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    fn size(&mut self) -> Option<usize> {
        let n = usize::try_from(self.number()?).ok()?;
        // Every item takes at least one byte: a larger count is damage, not a list.
        (n <= self.0.len()).then_some(n)
    }

    fn text(&mut self) -> Option<String> {
        let len = self.size()?;
        let (head, rest) = self.0.split_at(len);
        self.0 = rest;
        String::from_utf8(head.to_vec()).ok()
    }

    fn setting(&mut self) -> Option<Setting> {
        Some(match self.byte()? {
            0 => Setting::Text(self.text()?),
            1 => Setting::List(self.list(Self::text)?),
            2 => Setting::Map(self.list(|r| Some((r.text()?, r.text()?)))?),
            _ => return None,
        })
    }

    /// `Some(None)`: absent; `None`: damaged.
    #[allow(clippy::option_option)]
    fn option<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        match self.byte()? {
            0 => Some(None),
            1 => read(self).map(Some),
            _ => None,
        }
    }

    fn list<T>(&mut self, mut read: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let len = self.size()?;
        let mut items = Vec::with_capacity(len);
        for _ in 0..len {
            items.push(read(self)?);
        }
        Some(items)
    }

    fn kind(&mut self) -> Option<FileKind> {
        match self.byte()? {
            0 => Some(FileKind::Dockerfile),
            1 => Some(FileKind::Kubernetes),
            2 => Some(FileKind::Requirements),
            3 => Some(FileKind::Compose),
            _ => None,
        }
    }

    fn severity(&mut self) -> Option<Severity> {
        Severity::ALL.get(usize::from(self.byte()?)).copied()
    }

    fn pss_level(&mut self) -> Option<PssLevel> {
        match self.byte()? {
            0 => Some(PssLevel::Baseline),
            1 => Some(PssLevel::Restricted),
            _ => None,
        }
    }

    fn checklist(&mut self) -> Option<Checklist> {
        Checklist::ALL.get(usize::from(self.byte()?)).copied()
    }

    fn range(&mut self) -> Option<TextRange> {
        let start = self.number()?;
        let end = self.number()?;
        (start <= end).then_some(TextRange { start, end })
    }

    fn line_col(&mut self) -> Option<LineCol> {
        Some(LineCol {
            line: self.number()?,
            column: self.number()?,
            utf16_column: self.number()?,
        })
    }

    fn finding(&mut self) -> Option<Finding> {
        let path = self.text()?;
        // Codes and rule names are the registry's own strings.
        let meta = &bulkhead_rules::linter::registry::find(&self.text()?)?.meta;
        Some(Finding {
            path,
            code: meta.code,
            rule: meta.name,
            severity: self.severity()?,
            checklist: self.option(Reader::checklist)?,
            pss_level: self.option(Reader::pss_level)?,
            message: self.text()?,
            help: self.option(Reader::text)?,
            start: self.line_col()?,
            end: self.line_col()?,
            range: self.range()?,
            related: self.list(|r| {
                Some(Related {
                    path: r.text()?,
                    range: r.range()?,
                    start: r.line_col()?,
                    end: r.line_col()?,
                    message: r.text()?,
                })
            })?,
            fix: self.option(|r| {
                Some(Fix {
                    applicability: match r.byte()? {
                        0 => Applicability::DisplayOnly,
                        1 => Applicability::Unsafe,
                        2 => Applicability::Safe,
                        _ => return None,
                    },
                    message: r.text()?,
                    edits: r.list(|r| {
                        Some(Edit {
                            range: r.range()?,
                            replacement: r.text()?,
                        })
                    })?,
                })
            })?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::worker;

    fn request(mode: Mode) -> Request {
        Request {
            generation: 300,
            mode,
            pairing: Some("registry.example/app:1".into()),
            options: Options {
                pss_level: PssLevel::Baseline,
                trusted_registries: vec!["docker.io".into(), "registry.example".into()],
                ignore: vec!["no-such-rule".into()],
                severity: vec![("package-cache-kept".into(), Severity::Error)],
                ..Options::default()
            },
            files: vec![
                RequestFile {
                    name: "Dockerfile".into(),
                    kind: FileKind::Dockerfile,
                    text: "FROM python:latest\nRUN apt-get install curl\n# caf\u{e9} \u{1F433}\n"
                        .into(),
                },
                RequestFile {
                    name: "k8s/deployment.yaml".into(),
                    kind: FileKind::Kubernetes,
                    text: "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n    - name: a\n      image: registry.example/app:1\n".into(),
                },
            ],
        }
    }

    #[test]
    fn requests_and_responses_survive_the_round_trip() {
        for mode in [Mode::Lint, Mode::FixAll] {
            let request = request(mode);
            assert_eq!(Request::decode(&request.encode()), Some(request.clone()));
            let response = worker::handle(&request);
            assert!(
                response.findings.iter().flatten().any(|f| f.fix.is_some()),
                "the sample has fixable findings"
            );
            assert!(response.checklist.iter().any(|i| !i.commands.is_empty()));
            assert_eq!(Response::decode(&response.encode()), Some(response));
        }
    }

    #[test]
    fn damaged_bytes_decode_to_none_without_panicking() {
        let bytes = worker::handle(&request(Mode::Lint)).encode();
        // Every truncation and a byte flipped at every position: never a panic, and a
        // cut-short message never decodes.
        for len in 0..bytes.len() {
            assert_eq!(Response::decode(&bytes[..len]), None, "cut at {len}");
        }
        for at in 0..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0xff;
            let _ = Response::decode(&damaged);
        }
        assert_eq!(Request::decode(&[0, 9]), None, "unknown mode");
        assert_eq!(
            Request::decode(&[0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f]),
            None,
            "a count larger than the input"
        );
        let mut trailing = request(Mode::Lint).encode();
        trailing.push(0);
        assert_eq!(Request::decode(&trailing), None, "trailing bytes");
    }

    #[test]
    fn numbers_use_as_few_bytes_as_they_need() {
        for (n, len) in [
            (0, 1),
            (127, 1),
            (128, 2),
            (16_383, 2),
            (16_384, 3),
            (u32::MAX, 5),
        ] {
            let mut w = Writer::default();
            w.number(n);
            assert_eq!(w.0.len(), len, "{n}");
            assert_eq!(Reader(&w.0).number(), Some(n));
        }
        assert_eq!(Reader(&[0xff; 6]).number(), None, "too long");
    }
}
