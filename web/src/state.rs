//! Playground state: a plain struct changed only through [`Action`]s, so every state
//! change is a pure function that can be tested without a browser.
//!
//! Linting happens elsewhere (in a Web Worker, see `worker.rs`): an edit bumps
//! [`Playground::generation`]; the app then sends [`Playground::request`] to the worker,
//! and its answer comes back as [`Action::Linted`], which is kept only if nothing changed
//! in between. Tests run the worker's function directly ([`Playground::settle`]).

use std::rc::Rc;

use bulkhead_rules::engine::fix::{apply_edits, Applicability, Edit};
use bulkhead_rules::hardening::ItemStatus;
use bulkhead_rules::render::Finding;
use bulkhead_rules::{Checklist, FileKind, Options, Severity, TextRange};
use yew::Reducible;

use crate::diff_view::DiffView;
use crate::document::{kind_of, Document, MAX_FILES};
use crate::samples;
use crate::wire::{Mode, Request, RequestFile, Response};

/// A file's text, shared: the components that show it (tabs, export, the comparison)
/// get a handle, not a copy, on every render, and equal handles compare in one step.
pub type Text = Rc<str>;

/// One editor tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorFile {
    pub name: String,
    pub kind: FileKind,
    pub text: Text,
    /// The text as the user last wrote it: fixes are shown as a diff against it.
    pub written: Text,
    /// The findings of the last lint (about the current text when
    /// [`Playground::is_current`]), shared: the reducer copies the state on every action
    /// and the list compares them on every render, in one step each while they are the
    /// same.
    pub findings: Rc<[Finding]>,
}

impl EditorFile {
    pub fn new(name: &str, kind: FileKind, text: &str) -> Self {
        Self {
            name: name.to_owned(),
            kind,
            text: text.into(),
            written: text.into(),
            findings: Rc::from([]),
        }
    }

    /// The UTF-16 offsets (as JavaScript editors count) of many byte offsets, in one pass
    /// over the text: ASCII text (most files) needs none, other text one walk, so a
    /// thousand findings do not read the text a thousand times.
    pub fn utf16_offsets(&self, offsets: &[usize]) -> Vec<u32> {
        let text = &*self.text;
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        if text.is_ascii() {
            return offsets.iter().map(|&o| clamp(o.min(text.len()))).collect();
        }
        let mut order: Vec<usize> = (0..offsets.len()).collect();
        order.sort_by_key(|&i| offsets[i]);
        let mut out = vec![0; offsets.len()];
        let (mut byte, mut units) = (0, 0);
        let mut chars = text.chars().peekable();
        for i in order {
            let target = offsets[i].min(text.len());
            // Whole characters only: an offset inside one counts from its start.
            while let Some(c) = chars.peek() {
                if byte + c.len_utf8() > target {
                    break;
                }
                byte += c.len_utf8();
                units += c.len_utf16();
                chars.next();
            }
            out[i] = clamp(units);
        }
        out
    }

    /// The UTF-16 offset (as JavaScript editors count) of a byte offset.
    pub fn utf16_offset(&self, byte_offset: usize) -> u32 {
        self.utf16_offsets(&[byte_offset])[0]
    }
}

/// A file that fixes changed: what the user wrote and its text now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    pub name: String,
    pub written: Text,
    pub text: Text,
}

/// A reference to one finding: which file, which entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FindingRef {
    pub file: usize,
    pub index: usize,
}

/// What the page shows beside the editor (on a phone, instead of it): each a tab of the
/// results pane. `Files` is the editor itself, a view of its own on a phone; on a
/// desktop, where the editor is always shown, it shows the findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// The first view: on a phone the editor, on a desktop the editor and the findings.
    #[default]
    Files,
    Findings,
    Checklist,
    /// The base-image comparison, across the whole width.
    Compare,
    Lesson,
    Settings,
}

impl View {
    pub const ALL: [Self; 6] = [
        Self::Files,
        Self::Findings,
        Self::Checklist,
        Self::Compare,
        Self::Lesson,
        Self::Settings,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Files => "files",
            Self::Findings => "findings",
            Self::Checklist => "checklist",
            Self::Compare => "compare",
            Self::Lesson => "lesson",
            Self::Settings => "settings",
        }
    }

    /// The view the results pane shows for this one (the editor is beside it).
    pub fn beside_editor(self) -> Self {
        if self == Self::Files {
            Self::Findings
        } else {
            self
        }
    }
}

/// The whole playground.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Playground {
    pub files: Vec<EditorFile>,
    pub active: usize,
    /// The finding the user last jumped to.
    pub focused: Option<FindingRef>,
    /// The range the editor selects: a finding's, or a related place in another file.
    pub selection: Option<(usize, TextRange)>,
    /// The container image the user says the Dockerfile builds (`None`: guess).
    pub pairing: Option<String>,
    /// Files of a pasted diff: the lines it shows and adds (see [`Document::added`]).
    pub added: Vec<DiffView>,
    /// The settings: the Pod Security Standards level, the trusted registries, the rules
    /// ignored and the severities chosen (the CLI's `bulkhead.toml`).
    pub options: Options,
    /// The container images of the manifest tabs, offered for that choice.
    pub images: Vec<String>,
    /// The rule whose documentation is open, by code.
    pub rule_doc: Option<&'static str>,
    /// Its documentation as HTML, once loaded.
    pub rule_doc_text: Option<String>,
    /// `?try=CODE`: jump to the first finding of this rule once the files are linted.
    pub focus_rule: Option<String>,
    /// Bumped by every change the findings depend on.
    pub generation: u32,
    /// The generation the findings were computed for.
    pub linted: u32,
    /// "Fix all safe" was asked for and has not come back yet.
    pub fix_all_pending: bool,
    /// The hardening checklist's verdicts, from the last lint.
    pub checklist: Vec<ItemStatus>,
    /// The linter crashed on this text (the message), and restarted.
    pub crash: Option<String>,
    /// A message for the user (a damaged share link, a file refused...).
    pub notice: Option<String>,
    /// The view of the results pane (and on a phone, of the page).
    pub view: View,
    /// A checklist item whose findings to scroll to, and a count that tells one request
    /// from the next.
    pub reveal_group: (u32, Option<Checklist>),
    /// Files from elsewhere are open (an example, a share link, a lesson): what they
    /// are. The user's own files are kept apart (`web/js/documents.js`).
    pub away: Option<String>,
    /// The files as they were before the last action that replaced text (an example,
    /// Reset, the fixes), and what that action was: [`Action::Undo`] puts them back.
    pub undo: Option<(String, Document)>,
}

impl Default for Playground {
    fn default() -> Self {
        Self::from_document(samples::first_document())
    }
}

/// Everything that can happen to the playground.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The text of a file changed.
    Edit { file: usize, text: String },
    /// A tab was chosen.
    Select(usize),
    /// A finding was clicked: show its file and select its range.
    Focus(FindingRef),
    /// Open a rule's documentation (by code); unknown codes are ignored.
    ShowRule(&'static str),
    /// A rule's documentation (HTML) arrived.
    RuleDocLoaded { code: &'static str, text: String },
    /// Close the rule documentation.
    CloseRule,
    /// A related place in another file was clicked: show that file, select the range.
    Reveal { path: String, range: TextRange },
    /// The user chose which container image the Dockerfile builds (`None`: guess).
    Pair(Option<String>),
    /// The user changed the settings (the Pod Security Standards level the pods must
    /// meet, the trusted registries...).
    Settings(Options),
    /// Apply one finding's fix.
    ApplyFix(FindingRef),
    /// Apply every safe fix in every file, as `bulkhead lint --fix` does (in the worker).
    FixAllSafe,
    /// The worker's answer.
    Linted(Response),
    /// The worker crashed (the panic message) and was restarted.
    LinterCrashed(String),
    /// Replace every file (an example, a share link, the embed API, a draft).
    Load(Document),
    /// Replace every file with files from elsewhere (`away` says what they are), kept
    /// apart from the user's own.
    Visit { away: String, document: Document },
    /// Put back the files the last replacing action changed.
    Undo,
    /// Add a file (opened, dropped or new); a file of the same name is replaced.
    AddFile { name: String, text: String },
    /// Close a tab.
    CloseFile(usize),
    /// Show or clear a message.
    Notice(Option<String>),
    /// Show a view of the results pane.
    View(View),
    /// Show a checklist item's findings (from the checklist).
    ShowGroup(Checklist),
}

impl Playground {
    pub fn from_document(document: Document) -> Self {
        let mut files: Vec<EditorFile> = Vec::new();
        let mut left_out = Vec::new();
        for (name, kind, text) in document.files {
            if files.iter().any(|f| f.name == name) {
                continue;
            }
            if files.len() == MAX_FILES {
                left_out.push(name);
            } else {
                files.push(EditorFile::new(&name, kind, &text));
            }
        }
        if files.is_empty() {
            files.push(EditorFile::new("Dockerfile", FileKind::Dockerfile, ""));
        }
        Self {
            active: document.active.min(files.len() - 1),
            files,
            focused: None,
            selection: None,
            pairing: document.pairing,
            options: document.options.unwrap_or_else(Options::playground),
            added: document.added,
            images: Vec::new(),
            rule_doc: None,
            rule_doc_text: None,
            focus_rule: None,
            generation: 1,
            linted: 0,
            fix_all_pending: false,
            checklist: Vec::new(),
            crash: None,
            // Never silent: what did not fit is named.
            notice: (!left_out.is_empty()).then(|| {
                format!(
                    "The playground holds at most {MAX_FILES} files; left out: {}.",
                    left_out.join(", ")
                )
            }),
            view: View::default(),
            reveal_group: (0, None),
            away: None,
            undo: None,
        }
    }

    /// `?try=CODE`: once the files are linted, jump to that rule's first finding.
    fn focus_rule_finding(&mut self) {
        let current = self.is_current();
        if let Some(code) = self.focus_rule.take_if(|_| current) {
            let target = self.files.iter().enumerate().find_map(|(file, f)| {
                let index = f.findings.iter().position(|x| x.code == code)?;
                Some(FindingRef { file, index })
            });
            if let Some(target) = target {
                self.apply(Action::Focus(target));
            }
        }
    }

    /// What drafts and share links save.
    pub fn document(&self) -> Document {
        Document {
            files: self
                .files
                .iter()
                .map(|f| (f.name.clone(), f.kind, f.text.to_string()))
                .collect(),
            active: self.active,
            pairing: self.pairing.clone(),
            options: Some(self.options.clone()),
            added: Vec::new(),
        }
    }

    /// Whether the findings are about the text as it is now.
    pub fn is_current(&self) -> bool {
        self.linted == self.generation
    }

    /// What to send the worker now, if anything.
    pub fn request(&self) -> Option<Request> {
        let mode = if self.fix_all_pending {
            Mode::FixAll
        } else if !self.is_current() {
            Mode::Lint
        } else {
            return None;
        };
        Some(self.request_to(mode))
    }

    /// A request about the files as they are now.
    pub fn request_to(&self, mode: Mode) -> Request {
        Request {
            generation: self.generation,
            mode,
            pairing: self.pairing.clone(),
            options: self.options.clone(),
            files: self
                .files
                .iter()
                .map(|f| RequestFile {
                    name: f.name.clone(),
                    kind: f.kind,
                    // A diff's file: what it does not show is not read as content.
                    text: self.added.iter().find(|d| d.name == f.name).map_or_else(
                        || f.text.to_string(),
                        |view| view.lint_text(&f.text, f.kind),
                    ),
                })
                .collect(),
        }
    }

    /// Something the findings depend on changed.
    fn changed(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        self.focused = None;
        self.selection = None;
    }

    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Edit { file, text } => self.edit(file, text),
            Action::Select(file) => {
                if file < self.files.len() {
                    self.active = file;
                }
            }
            Action::Focus(target) => {
                if let Some(finding) = self
                    .files
                    .get(target.file)
                    .and_then(|f| f.findings.get(target.index))
                {
                    self.selection = Some((target.file, finding.range));
                    self.active = target.file;
                    self.focused = Some(target);
                    self.show_editor();
                }
            }
            Action::ShowRule(code) => {
                if bulkhead_rules::linter::registry::find(code).is_some() {
                    self.rule_doc = Some(code);
                    self.rule_doc_text = None;
                }
            }
            Action::RuleDocLoaded { code, text } => {
                if self.rule_doc == Some(code) {
                    self.rule_doc_text = Some(text);
                }
            }
            Action::CloseRule => self.rule_doc = None,
            Action::Reveal { path, range } => {
                if let Some(file) = self.files.iter().position(|f| f.name == path) {
                    self.active = file;
                    self.selection = Some((file, range));
                    self.show_editor();
                }
            }
            Action::ApplyFix(target) => self.apply_fix(target),
            Action::FixAllSafe => self.fix_all_pending = true,
            Action::Linted(response) => {
                self.linted(response);
                self.focus_rule_finding();
            }
            Action::LinterCrashed(message) => {
                self.crash = Some(message);
                self.fix_all_pending = false;
            }
            Action::Pair(image) => {
                if self.pairing != image {
                    self.pairing = image;
                    self.changed();
                }
            }
            Action::Settings(options) => {
                if self.options != options {
                    self.options = options;
                    self.changed();
                }
            }
            Action::Load(document) => self.load(document),
            Action::Visit { away, document } => {
                self.load(document);
                // Back, not Undo, returns to the files that were open.
                self.undo = None;
                self.away = Some(away);
            }
            Action::Undo => {
                if let Some((_, document)) = self.undo.take() {
                    self.load(document);
                    self.undo = None;
                    self.notice = Some("The files are back as they were.".to_owned());
                }
            }
            Action::AddFile { name, text } => self.add_file(name, text),
            Action::CloseFile(file) => {
                if file < self.files.len() && self.files.len() > 1 {
                    self.files.remove(file);
                    if self.active >= file && self.active > 0 {
                        self.active -= 1;
                    }
                    self.changed();
                }
            }
            Action::Notice(notice) => self.notice = notice,
            Action::View(view) => self.view = view,
            Action::ShowGroup(item) => {
                self.view = View::Findings;
                self.reveal_group = (self.reveal_group.0.wrapping_add(1), Some(item));
            }
        }
    }

    /// The text of a file changed (typed, pasted).
    fn edit(&mut self, file: usize, text: String) {
        if let Some(f) = self.files.get_mut(file) {
            if *f.text != *text {
                // An edited file of a pasted diff is judged whole.
                self.added.retain(|d| d.name != f.name);
                // YAML is a manifest or a Compose file by what it says.
                if matches!(f.kind, FileKind::Kubernetes | FileKind::Compose) {
                    if let Some(kind @ (FileKind::Kubernetes | FileKind::Compose)) =
                        FileKind::for_file(&f.name, &text)
                    {
                        f.kind = kind;
                    }
                }
                let text: Text = text.into();
                f.written = Rc::clone(&text);
                f.text = text;
                self.undo = None;
                self.changed();
            }
        }
    }

    /// Replace every file; the files before can be put back ([`Action::Undo`]).
    fn load(&mut self, mut document: Document) {
        let notice = self.notice.take();
        let generation = self.generation;
        let view = self.view;
        let away = self.away.take();
        let before = self.document();
        document.options = document.options.or_else(|| Some(self.options.clone()));
        *self = Self::from_document(document);
        // What did not fit is said over what was said before.
        self.notice = self.notice.take().or(notice);
        self.view = view;
        self.away = away;
        if self.document().files != before.files {
            self.undo = Some(("the files were replaced".to_owned(), before));
        }
        // Generations only grow, so answers about the old files are dropped.
        self.linted = generation;
        self.generation = generation.wrapping_add(1);
    }

    /// A place in a file was asked for: show the editor (the whole page on a phone; on a
    /// desktop the findings stay beside it, and the comparison gives way).
    fn show_editor(&mut self) {
        if matches!(self.view, View::Findings | View::Compare) {
            self.view = View::Files;
        }
    }

    fn apply_fix(&mut self, target: FindingRef) {
        if !self.is_current() {
            return; // the offsets are about older text
        }
        let Some(file) = self.files.get(target.file) else {
            return;
        };
        let Some(fix) = file
            .findings
            .get(target.index)
            .and_then(|f| f.fix.as_ref())
            .filter(|f| f.applicability != Applicability::DisplayOnly)
        else {
            return;
        };
        let edits: Vec<&Edit> = fix.edits.iter().collect();
        let text: Text = apply_edits(&file.text, &edits).into();
        let before = self.document();
        self.files[target.file].text = text;
        self.undo = Some(("the fix was applied".to_owned(), before));
        self.changed();
    }

    fn linted(&mut self, response: Response) {
        if response.generation != self.generation || response.findings.len() != self.files.len() {
            return; // about text that has changed since: a newer answer is coming
        }
        if let Some(fixed) = response.fixed {
            if fixed.len() != self.files.len() {
                return;
            }
            self.fix_all_pending = false;
            let before = self.document();
            let mut changed = 0;
            for (file, text) in self.files.iter_mut().zip(fixed) {
                if *file.text != *text {
                    file.text = text.into();
                    changed += 1;
                }
            }
            self.notice = Some(if changed == 0 {
                "Fix all safe changed nothing: no finding has a fix that is safe to apply. \
                 Fixes marked (unsafe) change what the image does: read each and apply it \
                 with its own button."
                    .to_owned()
            } else {
                self.undo = Some(("the safe fixes were applied".to_owned(), before));
                format!(
                    "Fix all safe changed {}: what changed is shown under the editor.",
                    if changed == 1 {
                        "1 file".to_owned()
                    } else {
                        format!("{changed} files")
                    }
                )
            });
            if changed > 0 {
                self.changed();
            }
        }
        for (file, mut findings) in self.files.iter_mut().zip(response.findings) {
            if let Some(view) = self.added.iter().find(|d| d.name == file.name) {
                view.retain_shown(&mut findings, &file.text, file.kind);
            }
            file.findings = findings.into();
        }
        self.images = response.images;
        self.checklist = response.checklist;
        self.linted = self.generation;
        self.crash = None;
    }

    fn add_file(&mut self, name: String, text: String) {
        let name = name.trim().to_owned();
        if name.is_empty() {
            return;
        }
        if let Some(existing) = self.files.iter().position(|f| f.name == name) {
            self.active = existing;
            self.apply(Action::Edit {
                file: existing,
                text,
            });
            return;
        }
        if self.files.len() >= MAX_FILES {
            self.notice = Some(format!(
                "The playground holds at most {MAX_FILES} files: close one first."
            ));
            return;
        }
        let kind = kind_of(&name, &text);
        self.files.push(EditorFile::new(&name, kind, &text));
        self.active = self.files.len() - 1;
        self.changed();
    }

    /// Run the worker's function here until nothing is pending (tests, and a fallback).
    #[cfg(test)]
    pub fn settle(&mut self) {
        while let Some(request) = self.request() {
            let response = crate::worker::handle(&request);
            self.apply(Action::Linted(response));
        }
    }

    /// The files of a pasted diff that it shows in part: their other lines were not seen.
    pub fn partial_files(&self) -> Vec<&str> {
        self.files
            .iter()
            .filter(|f| {
                self.added
                    .iter()
                    .any(|d| d.name == f.name && d.partial(&f.text))
            })
            .map(|f| f.name.as_str())
            .collect()
    }

    /// Each file whose fixes changed it: its name, what the user wrote and its text now
    /// (the diff is made on demand, in the worker: `components::changes`).
    pub fn fixed_files(&self) -> Vec<Changed> {
        self.files
            .iter()
            .filter(|f| f.text != f.written)
            .map(|f| Changed {
                name: f.name.clone(),
                written: f.written.clone(),
                text: f.text.clone(),
            })
            .collect()
    }

    /// How many findings have a fix that can be applied.
    pub fn fixable(&self) -> usize {
        self.all_findings()
            .filter(|(_, f)| {
                f.fix
                    .as_ref()
                    .is_some_and(|x| x.applicability != Applicability::DisplayOnly)
            })
            .count()
    }

    /// Findings of every file, in file order.
    pub fn all_findings(&self) -> impl Iterator<Item = (FindingRef, &Finding)> {
        self.files.iter().enumerate().flat_map(|(file, f)| {
            f.findings
                .iter()
                .enumerate()
                .map(move |(index, finding)| (FindingRef { file, index }, finding))
        })
    }

    /// Findings grouped by hardening-checklist item, in checklist order, with findings
    /// that belong to no item (syntax, style) last.
    pub fn checklist_groups(&self) -> Vec<(Option<Checklist>, Vec<FindingRef>)> {
        let mut groups: Vec<(Option<Checklist>, Vec<FindingRef>)> = Checklist::ALL
            .iter()
            .map(|c| (Some(*c), Vec::new()))
            .chain([(None, Vec::new())])
            .collect();
        for (target, finding) in self.all_findings() {
            if let Some(group) = groups.iter_mut().find(|(c, _)| *c == finding.checklist) {
                group.1.push(target);
            }
        }
        groups.retain(|(_, items)| !items.is_empty());
        groups
    }

    /// How many findings of `severity` there are in all files.
    pub fn count(&self, severity: Severity) -> usize {
        self.all_findings()
            .filter(|(_, f)| f.severity == severity)
            .count()
    }
}

impl Reducible for Playground {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.apply(action);
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settled() -> Playground {
        let mut state = Playground::default();
        state.settle();
        state
    }

    fn edit(state: &mut Playground, file: usize, text: &str) {
        state.apply(Action::Edit {
            file,
            text: text.into(),
        });
        state.settle();
    }

    #[test]
    fn the_samples_start_clean() {
        let state = settled();
        assert_eq!(
            state.all_findings().count(),
            0,
            "{:#?}",
            state.files[0].findings
        );
        assert_eq!(state.active, 0);
        assert_eq!(state.checklist.len(), Checklist::ALL.len());
        assert!(state.is_current());
    }

    #[test]
    fn settings_change_the_findings_and_travel_with_the_document() {
        let mut state = settled();
        edit(&mut state, 0, "FROM python:latest\nUSER 65532\n");
        let codes = |state: &Playground| -> Vec<&'static str> {
            state.all_findings().map(|(_, f)| f.code).collect()
        };
        assert!(codes(&state).contains(&"DF001"));
        assert!(
            !codes(&state).contains(&"DF108"),
            "no registry is trusted yet"
        );
        let options = Options {
            trusted_registries: vec!["cgr.dev".into()],
            ignore: vec!["DF001".into()],
            severity: vec![("DF500".into(), Severity::Error)],
            ..Options::default()
        };
        state.apply(Action::Settings(options.clone()));
        assert!(
            !state.is_current(),
            "new settings are a change the linter must see"
        );
        state.settle();
        let after = codes(&state);
        assert!(
            !after.contains(&"DF001") && after.contains(&"DF108"),
            "{after:?}"
        );
        let healthcheck = state.all_findings().find(|(_, f)| f.code == "DF500");
        assert_eq!(healthcheck.map(|(_, f)| f.severity), Some(Severity::Error));
        // Drafts and share links keep them; an example keeps the page's.
        assert_eq!(state.document().options.as_ref(), Some(&options));
        assert_eq!(Playground::from_document(state.document()).options, options);
        state.apply(Action::Load(samples::first_document()));
        assert_eq!(state.options, options);
    }

    #[test]
    fn a_finding_or_a_related_place_shows_the_editor_and_the_checklist_asks_for_findings() {
        let mut state = settled();
        edit(&mut state, 0, "FROM python:latest\n");
        state.apply(Action::View(View::Findings));
        state.apply(Action::Focus(FindingRef { file: 0, index: 0 }));
        assert_eq!(state.view, View::Files, "on a phone the editor comes up");
        assert_eq!(
            state.view.beside_editor(),
            View::Findings,
            "on a desktop the findings stay"
        );
        state.apply(Action::View(View::Compare));
        state.apply(Action::Reveal {
            path: "Dockerfile".into(),
            range: TextRange::new(0, 4),
        });
        assert_eq!(
            state.view,
            View::Files,
            "the comparison gives way to the editor"
        );
        state.apply(Action::View(View::Settings));
        state.apply(Action::Focus(FindingRef { file: 0, index: 0 }));
        assert_eq!(
            state.view,
            View::Settings,
            "a settings change is not taken away"
        );
        let (count, _) = state.reveal_group;
        state.apply(Action::ShowGroup(Checklist::NonRoot));
        state.apply(Action::ShowGroup(Checklist::NonRoot));
        assert_eq!(state.view, View::Findings);
        assert_eq!(
            state.reveal_group,
            (count + 2, Some(Checklist::NonRoot)),
            "each ask counts"
        );
        // Loading other files keeps the view.
        state.apply(Action::Load(samples::first_document()));
        assert_eq!(state.view, View::Findings);
    }

    #[test]
    fn replacing_text_can_be_undone_and_an_edit_ends_the_undo() {
        let mut state = settled();
        edit(&mut state, 0, "FROM alpine:3.20\n# mine\n");
        let mine = state.document();
        state.apply(Action::Load(samples::document(&samples::all()[1])));
        assert!(state.undo.is_some());
        state.apply(Action::Undo);
        assert_eq!(state.document().files, mine.files);
        assert!(state.undo.is_none());
        // Visiting files from elsewhere is undone by going back, not by Undo.
        state.apply(Action::Visit {
            away: "an example".into(),
            document: samples::document(&samples::all()[1]),
        });
        assert_eq!(state.away.as_deref(), Some("an example"));
        assert!(state.undo.is_none());
        state.apply(Action::Load(mine.clone()));
        assert_eq!(
            state.away.as_deref(),
            Some("an example"),
            "the workspace stays what it is"
        );
        state.settle();
        edit(&mut state, 0, "FROM alpine:3.21\n");
        assert!(
            state.undo.is_none(),
            "after an edit the editor's own undo takes over"
        );
    }

    #[test]
    fn utf16_offsets_in_one_pass_agree_with_one_by_one() {
        for text in ["FROM python:3.13\n", "# é → 𝄞 x\nRUN ü\n", ""] {
            let file = EditorFile::new("Dockerfile", FileKind::Dockerfile, text);
            let offsets: Vec<usize> = (0..=text.len() + 2).rev().collect();
            // What the browser counts: the UTF-16 units before the character boundary.
            let each: Vec<u32> = offsets
                .iter()
                .map(|&o| {
                    let end = (0..=o.min(text.len()))
                        .rev()
                        .find(|&i| text.is_char_boundary(i));
                    let units = text[..end.unwrap_or(0)].encode_utf16().count();
                    u32::try_from(units).unwrap_or(u32::MAX)
                })
                .collect();
            assert_eq!(file.utf16_offsets(&offsets), each, "{text:?}");
        }
    }

    #[test]
    fn files_past_the_limit_are_named_not_dropped_silently() {
        let mut state = settled();
        let files = (0..=MAX_FILES)
            .map(|i| (format!("f{i}.yaml"), FileKind::Kubernetes, String::new()))
            .collect();
        state.apply(Action::Load(Document {
            files,
            active: 0,
            pairing: None,
            options: None,
            added: Vec::new(),
        }));
        assert_eq!(state.files.len(), MAX_FILES);
        let notice = state.notice.clone().unwrap_or_default();
        assert!(
            notice.contains(&format!("left out: f{MAX_FILES}.yaml")),
            "{notice}"
        );
    }

    #[test]
    fn fix_all_says_what_it_did_or_why_it_did_nothing() {
        let mut state = settled();
        edit(&mut state, 0, "FROM python:latest\nUSER 65532\n");
        state.apply(Action::FixAllSafe);
        state.settle();
        assert_eq!(
            &*state.files[0].text, "FROM python:latest\nUSER 65532\n",
            "no comment is inserted"
        );
        assert!(
            state
                .notice
                .as_deref()
                .is_some_and(|n| n.contains("changed nothing")),
            "{:?}",
            state.notice
        );
        assert!(state.undo.is_none());
        edit(&mut state, 0, "FROM python:3.13-slim as run\nUSER 65532\n");
        state.apply(Action::FixAllSafe);
        state.settle();
        assert!(state.files[0].text.contains("AS run"));
        assert!(
            state
                .notice
                .as_deref()
                .is_some_and(|n| n.contains("changed 1 file")),
            "{:?}",
            state.notice
        );
        state.apply(Action::Undo);
        assert!(state.files[0].text.contains("as run"));
    }

    #[test]
    fn editing_relints_the_file() {
        let mut state = settled();
        edit(&mut state, 0, "FROM python:latest\n");
        let findings: Vec<_> = state
            .all_findings()
            .filter(|(_, f)| f.code == "DF001")
            .collect();
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].1.start.line, 1);
        assert!(state.count(Severity::Warning) >= 1);
        assert_eq!(state.count(Severity::Error), 0);
    }

    #[test]
    fn answers_about_older_text_are_dropped() {
        let mut state = settled();
        state.apply(Action::Edit {
            file: 0,
            text: "FROM python:latest\n".into(),
        });
        let old_answer = crate::worker::handle(&state.request().expect("a lint is due"));
        state.apply(Action::Edit {
            file: 0,
            text: "FROM python:3.13-slim\n".into(),
        });
        state.apply(Action::Linted(old_answer));
        assert!(!state.is_current(), "the stale answer was not taken");
        assert!(state.all_findings().all(|(_, f)| f.code != "DF001"));
        state.settle();
        assert!(state.is_current());
    }

    #[test]
    fn a_crash_keeps_the_text_and_the_next_answer_clears_it() {
        let mut state = settled();
        state.apply(Action::Edit {
            file: 0,
            text: "FROM x\n".into(),
        });
        state.apply(Action::LinterCrashed("boom".into()));
        assert_eq!(state.crash.as_deref(), Some("boom"));
        assert_eq!(&*state.files[0].text, "FROM x\n");
        edit(&mut state, 0, "FROM y\n");
        assert_eq!(state.crash, None);
        assert_eq!(&*state.files[0].text, "FROM y\n");
    }

    #[test]
    fn try_it_jumps_to_the_rules_first_finding_once_linted() {
        let mut state = Playground::default();
        state.apply(Action::Edit {
            file: 1,
            text: "kind: Pod\nspec:\n  hostNetwork: true\n  containers: [{name: a, image: x}]\n"
                .into(),
        });
        state.focus_rule = Some("KS101".into());
        state.settle();
        assert_eq!(state.active, 1);
        let focused = state.focused.expect("a finding is focused");
        assert_eq!(state.files[1].findings[focused.index].code, "KS101");
        assert_eq!(state.focus_rule, None, "only once");
    }

    #[test]
    fn rule_docs_open_and_close() {
        let mut state = Playground::default();
        state.apply(Action::ShowRule("DF001"));
        assert_eq!(state.rule_doc, Some("DF001"));
        state.apply(Action::ShowRule("NOPE"));
        assert_eq!(state.rule_doc, Some("DF001"), "unknown codes are ignored");
        state.apply(Action::RuleDocLoaded {
            code: "DF002",
            text: "late".into(),
        });
        assert_eq!(
            state.rule_doc_text, None,
            "docs of a rule no longer shown are dropped"
        );
        state.apply(Action::RuleDocLoaded {
            code: "DF001",
            text: "<p>docs</p>".into(),
        });
        assert_eq!(state.rule_doc_text.as_deref(), Some("<p>docs</p>"));
        state.apply(Action::CloseRule);
        assert_eq!(state.rule_doc, None);
    }

    #[test]
    fn findings_group_by_checklist_item() {
        let mut state = settled();
        edit(&mut state, 0, "FROM python:latest\nENV DB_PASSWORD=x\n");
        let groups = state.checklist_groups();
        let titles: Vec<_> = groups.iter().map(|(c, _)| *c).collect();
        assert!(titles.contains(&Some(Checklist::PinnedDependencies)));
        assert!(titles.contains(&Some(Checklist::NoSecrets)));
        let pinned = groups
            .iter()
            .find(|(c, _)| *c == Some(Checklist::PinnedDependencies))
            .map(|(_, items)| items.clone())
            .unwrap_or_default();
        assert!(pinned
            .iter()
            .any(|r| state.files[r.file].findings[r.index].code == "DF001"));
        // Groups follow the checklist's order.
        let order: Vec<_> = titles.iter().flatten().collect();
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(order, sorted);
        // The checklist verdicts agree with the groups.
        let secrets = state
            .checklist
            .iter()
            .find(|i| i.item == Checklist::NoSecrets)
            .expect("judged");
        assert_eq!(secrets.status, bulkhead_rules::hardening::Status::Fail);
    }

    #[test]
    fn focusing_a_finding_selects_its_file() {
        let mut state = settled();
        state.apply(Action::Select(2));
        edit(&mut state, 0, "FROM node\n");
        let target = FindingRef { file: 0, index: 0 };
        state.apply(Action::Focus(target));
        assert_eq!((state.active, state.focused), (0, Some(target)));
        assert_eq!(state.selection, Some((0, state.files[0].findings[0].range)));
        // A finding that does not exist changes nothing.
        let before = state.clone();
        state.apply(Action::Focus(FindingRef { file: 0, index: 9 }));
        assert_eq!(state, before);
    }

    #[test]
    fn cross_file_findings_show_in_both_tabs_and_link_to_each_other() {
        let mut state = settled();
        edit(
            &mut state,
            0,
            "FROM python:3.13-slim\nRUN useradd app\nUSER app\n",
        );
        edit(
            &mut state,
            1,
            &samples::first().files[1]
                .text
                .replace("        runAsUser: 65532\n", ""),
        );
        let in_file = |state: &Playground, file: usize| {
            state.files[file]
                .findings
                .iter()
                .filter(|f| f.code == "XF001")
                .cloned()
                .collect::<Vec<_>>()
        };
        let dockerfile = in_file(&state, 0);
        let manifest = in_file(&state, 1);
        assert_eq!((dockerfile.len(), manifest.len()), (1, 1));
        let related = &manifest[0].related[0];
        assert_eq!(related.path, "Dockerfile");
        state.apply(Action::Reveal {
            path: related.path.clone(),
            range: related.range,
        });
        assert_eq!(state.active, 0);
        assert_eq!(state.selection, Some((0, related.range)));

        // Choosing another image for the Dockerfile unpairs the container.
        assert_eq!(state.images, ["registry.example/app:1.0.0@sha256:0000000000000000000000000000000000000000000000000000000000000000"]);
        state.apply(Action::Pair(Some("other/image:1".into())));
        state.settle();
        assert!(in_file(&state, 1).is_empty());
        state.apply(Action::Pair(None));
        state.settle();
        assert_eq!(in_file(&state, 1).len(), 1);
    }

    #[test]
    fn fixes_apply_one_by_one_or_all_at_once_and_show_as_a_diff() {
        let mut state = settled();
        let dockerfile = "# app\nFROM python:3.13-slim as run\nRUN apt-get install curl\n";
        edit(&mut state, 0, dockerfile);
        let target = state
            .all_findings()
            .find(|(_, f)| f.code == "DF003")
            .map(|(r, _)| r)
            .expect("DF003");
        state.apply(Action::ApplyFix(target));
        assert!(state.files[0].text.contains("AS run"));
        // Until the worker answers, the old findings' offsets are stale: no more fixes.
        let before = state.files[0].text.clone();
        state.apply(Action::ApplyFix(FindingRef { file: 0, index: 0 }));
        assert_eq!(state.files[0].text, before);
        state.settle();
        assert!(state.all_findings().all(|(_, f)| f.code != "DF003"));
        assert!(state.fixable() >= 1);
        state.apply(Action::FixAllSafe);
        assert!(state.fix_all_pending);
        state.settle();
        assert!(!state.fix_all_pending);
        assert_eq!(
            *state.files[0].text,
            bulkhead_rules::linter::fix::fix_file(FileKind::Dockerfile, dockerfile, false).text
        );
        assert!(state.is_current());
        let changed = state.fixed_files();
        assert_eq!(changed.len(), 1);
        assert_eq!(&*changed[0].written, dockerfile);
        assert_eq!(changed[0].text, state.files[0].text);
        // Editing again makes the new text the baseline.
        let text = state.files[0].text.clone();
        edit(&mut state, 0, &format!("{text}\n"));
        assert!(state.fixed_files().is_empty());
    }

    #[test]
    fn files_are_added_replaced_and_closed() {
        let mut state = settled();
        state.apply(Action::AddFile {
            name: "k8s/job.yaml".into(),
            text: "apiVersion: batch/v1\nkind: Job\n".into(),
        });
        state.settle();
        assert_eq!(state.files.len(), 4);
        assert_eq!(state.active, 3);
        assert_eq!(state.files[3].kind, FileKind::Kubernetes);
        // The same name replaces the text of that tab.
        state.apply(Action::AddFile {
            name: "Dockerfile".into(),
            text: "FROM node\n".into(),
        });
        assert_eq!((state.files.len(), state.active), (4, 0));
        assert_eq!(&*state.files[0].text, "FROM node\n");
        state.apply(Action::CloseFile(3));
        assert_eq!(state.files.len(), 3);
        for _ in 0..MAX_FILES {
            let name = format!("extra-{}.yaml", state.files.len());
            state.apply(Action::AddFile {
                name,
                text: String::new(),
            });
        }
        assert_eq!(state.files.len(), MAX_FILES);
        assert!(state.notice.is_some(), "past the cap the user is told");
        // The last file cannot be closed.
        let mut single = Playground::from_document(Document {
            files: vec![],
            active: 5,
            pairing: None,
            options: None,
            added: Vec::new(),
        });
        assert_eq!((single.files.len(), single.active), (1, 0));
        single.apply(Action::CloseFile(0));
        assert_eq!(single.files.len(), 1);
    }

    #[test]
    fn documents_round_trip_and_examples_load() {
        let mut state = settled();
        edit(&mut state, 1, "kind: Pod\n");
        state.apply(Action::Select(1));
        let document = state.document();
        let restored = Playground::from_document(document.clone());
        assert_eq!(restored.document(), document);
        assert_eq!(restored.active, 1);
        for example in samples::all() {
            let before = state.generation;
            state.apply(Action::Load(samples::document(example)));
            assert!(
                state.generation > before,
                "a load is a change the linter must see"
            );
            assert!(state.request().is_some());
            state.settle();
            assert_eq!(state.files.len(), example.files.len(), "{}", example.id);
            assert!(state.is_current());
        }
        let first = samples::find("first-flask").expect("exists");
        state.apply(Action::Load(samples::document(first)));
        state.settle();
        assert!(state.count(Severity::Warning) + state.count(Severity::Error) > 5);
    }

    #[test]
    fn unchanged_state_keeps_the_same_rc() {
        let state = Rc::new(Playground::default());
        let same = Rc::clone(&state).reduce(Action::Select(0));
        assert!(Rc::ptr_eq(&state, &same));
        let changed = Rc::clone(&state).reduce(Action::Select(1));
        assert!(!Rc::ptr_eq(&state, &changed));
    }

    #[test]
    fn utf16_offsets_count_like_the_browser() {
        let mut state = Playground::default();
        state.apply(Action::Edit {
            file: 0,
            text: "# \u{1F433}\nFROM x\n".into(),
        });
        let file = &state.files[0];
        let from = file.text.find("FROM").expect("present");
        assert_eq!(file.utf16_offset(from), 5);
        assert_eq!(
            file.utf16_offset(3),
            2,
            "inside the emoji counts as its start"
        );
    }
}
