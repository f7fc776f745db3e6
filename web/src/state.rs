//! Playground state: a plain struct changed only through [`Action`]s, so every state
//! change is a pure function that can be tested without a browser.

use std::rc::Rc;

use bulkhead_rules::fix::{apply_edits, fix_file, unified_diff, Applicability, Edit};
use bulkhead_rules::render::{self, Finding};
use bulkhead_rules::{lint_project, Checklist, FileKind, ProjectFile, Severity, TextRange};
use yew::Reducible;

/// One editor tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorFile {
    pub name: &'static str,
    pub label: &'static str,
    pub kind: FileKind,
    pub text: String,
    /// The text as the user last wrote it: fixes are shown as a diff against it.
    pub written: String,
    pub findings: Vec<Finding>,
}

impl EditorFile {
    fn new(name: &'static str, label: &'static str, kind: FileKind, text: &str) -> Self {
        Self {
            name,
            label,
            kind,
            text: text.to_owned(),
            written: text.to_owned(),
            findings: Vec::new(),
        }
    }

    /// The UTF-16 offset (as a browser `<textarea>` counts) of a byte offset.
    pub fn utf16_offset(&self, byte_offset: usize) -> u32 {
        let end = byte_offset.min(self.text.len());
        let end = (0..=end)
            .rev()
            .find(|&i| self.text.is_char_boundary(i))
            .unwrap_or(0);
        u32::try_from(self.text[..end].encode_utf16().count()).unwrap_or(u32::MAX)
    }
}

/// A reference to one finding: which file, which entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FindingRef {
    pub file: usize,
    pub index: usize,
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
    /// The container images of the manifest tabs, offered for that choice (read when
    /// the files are linted, not on every render).
    pub images: Vec<String>,
    /// The rule whose documentation is open, by code.
    pub rule_doc: Option<&'static str>,
}

pub const SAMPLE_DOCKERFILE: &str = "\
# Paste your Dockerfile here; findings update as you type.
# This sample follows every rule: a builder installs pinned, hashed dependencies into a
# venv; the runtime copies only the venv and the app, and runs as UID 65532.
FROM python:3.13-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000 AS build
RUN python -m venv /opt/venv
COPY requirements.txt .
RUN /opt/venv/bin/pip install --no-cache-dir --require-hashes -r requirements.txt

FROM python:3.13-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /app
COPY app.py .
USER 65532
HEALTHCHECK CMD [\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz')\"]
CMD [\"python\", \"app.py\"]
";

pub const SAMPLE_MANIFEST: &str = "\
# Paste the Kubernetes YAML that runs the image.
# This sample meets the Restricted Pod Security Standard: non-root UID 65532, no
# privilege escalation, no capabilities, seccomp, a read-only root with /tmp mounted.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  namespace: shop
spec:
  template:
    spec:
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        runAsUser: 65532
        runAsGroup: 65532
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: app
          image: registry.example/app:1.0.0@sha256:0000000000000000000000000000000000000000000000000000000000000000
          ports:
            - containerPort: 8080
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: [\"ALL\"]
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 256Mi}
          readinessProbe:
            httpGet: {path: /healthz, port: 8080}
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}
          volumeMounts:
            - {name: tmp, mountPath: /tmp}
      volumes:
        - name: tmp
          emptyDir: {}
";

pub const SAMPLE_REQUIREMENTS: &str = "\
# Optional: the Python dependencies, pinned and hashed (pip-compile --generate-hashes
# writes these; the hash here is a placeholder).
flask==3.1.1 \\
    --hash=sha256:0000000000000000000000000000000000000000000000000000000000000000
";

impl Default for Playground {
    fn default() -> Self {
        let mut playground = Self {
            files: vec![
                EditorFile::new(
                    "Dockerfile",
                    "Dockerfile",
                    FileKind::Dockerfile,
                    SAMPLE_DOCKERFILE,
                ),
                EditorFile::new(
                    "deployment.yaml",
                    "Kubernetes YAML",
                    FileKind::Kubernetes,
                    SAMPLE_MANIFEST,
                ),
                EditorFile::new(
                    "requirements.txt",
                    "requirements.txt",
                    FileKind::Requirements,
                    SAMPLE_REQUIREMENTS,
                ),
            ],
            active: 0,
            focused: None,
            selection: None,
            pairing: None,
            images: Vec::new(),
            rule_doc: None,
        };
        playground.relint();
        playground
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
    /// Close the rule documentation.
    CloseRule,
    /// A related place in another file was clicked: show that file, select the range.
    Reveal { path: String, range: TextRange },
    /// The user chose which container image the Dockerfile builds (`None`: guess).
    Pair(Option<String>),
    /// Apply one finding's fix.
    ApplyFix(FindingRef),
    /// Apply every safe fix in every file, as `bulkhead lint --fix` does.
    FixAllSafe,
}

impl Playground {
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Edit { file, text } => {
                if let Some(f) = self.files.get_mut(file) {
                    if f.text != text {
                        f.written.clone_from(&text);
                        f.text = text;
                        self.relint();
                        self.focused = None;
                        self.selection = None;
                    }
                }
            }
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
                }
            }
            Action::ShowRule(code) => {
                if bulkhead_rules::rules::find(code).is_some() {
                    self.rule_doc = Some(code);
                }
            }
            Action::CloseRule => self.rule_doc = None,
            Action::Reveal { path, range } => {
                if let Some(file) = self.files.iter().position(|f| f.name == path) {
                    self.active = file;
                    self.selection = Some((file, range));
                }
            }
            Action::ApplyFix(target) => {
                let Some(file) = self.files.get_mut(target.file) else {
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
                file.text = apply_edits(&file.text, &edits);
                self.focused = None;
                self.selection = None;
                self.relint();
            }
            Action::FixAllSafe => {
                let mut changed = false;
                for file in &mut self.files {
                    let fixed = fix_file(file.kind, &file.text, false);
                    if fixed.text != file.text {
                        file.text = fixed.text;
                        changed = true;
                    }
                }
                if changed {
                    self.focused = None;
                    self.selection = None;
                    self.relint();
                }
            }
            Action::Pair(image) => {
                if self.pairing != image {
                    self.pairing = image;
                    self.relint();
                }
            }
        }
    }

    /// Lint all files together (the cross-file rules need every tab).
    fn relint(&mut self) {
        let files: Vec<ProjectFile<'_>> = self
            .files
            .iter()
            .map(|f| ProjectFile {
                path: f.name,
                kind: f.kind,
                source: &f.text,
            })
            .collect();
        let dockerfile = self
            .files
            .iter()
            .find(|f| f.kind == FileKind::Dockerfile)
            .map_or("Dockerfile", |f| f.name);
        let explicit: Vec<(String, String)> = self
            .pairing
            .iter()
            .map(|image| (image.clone(), dockerfile.to_owned()))
            .collect();
        let results = lint_project(&files, &explicit);
        for (file, diagnostics) in self.files.iter_mut().zip(results) {
            file.findings = render::findings(file.name, &file.text, &diagnostics);
        }
        self.images.clear();
        for file in self.files.iter().filter(|f| f.kind == FileKind::Kubernetes) {
            for image in bulkhead_rules::project::container_images(&file.text) {
                if !self.images.contains(&image) {
                    self.images.push(image);
                }
            }
        }
    }

    /// Each file whose fixes changed it: its name and the unified diff from what the
    /// user wrote.
    pub fn diffs(&self) -> Vec<(&'static str, String)> {
        self.files
            .iter()
            .filter(|f| f.text != f.written)
            .map(|f| (f.name, unified_diff(f.name, &f.written, &f.text)))
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

    #[test]
    fn the_samples_start_clean() {
        let state = Playground::default();
        assert_eq!(
            state.all_findings().count(),
            0,
            "{:#?}",
            state.files[0].findings
        );
        assert_eq!(state.active, 0);
    }

    #[test]
    fn editing_relints_the_file() {
        let mut state = Playground::default();
        state.apply(Action::Edit {
            file: 0,
            text: "FROM python:latest\n".into(),
        });
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
    fn rule_docs_open_and_close() {
        let mut state = Playground::default();
        state.apply(Action::ShowRule("DF001"));
        assert_eq!(state.rule_doc, Some("DF001"));
        state.apply(Action::ShowRule("NOPE"));
        assert_eq!(state.rule_doc, Some("DF001"), "unknown codes are ignored");
        state.apply(Action::CloseRule);
        assert_eq!(state.rule_doc, None);
    }

    #[test]
    fn findings_group_by_checklist_item() {
        let mut state = Playground::default();
        state.apply(Action::Edit {
            file: 0,
            text: "FROM python:latest\nENV DB_PASSWORD=x\n".into(),
        });
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
    }

    #[test]
    fn focusing_a_finding_selects_its_file() {
        let mut state = Playground::default();
        state.apply(Action::Select(2));
        state.apply(Action::Edit {
            file: 0,
            text: "FROM node\n".into(),
        });
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
        let mut state = Playground::default();
        state.apply(Action::Edit {
            file: 0,
            text: "FROM python:3.13-slim\nRUN useradd app\nUSER app\n".into(),
        });
        state.apply(Action::Edit {
            file: 1,
            text: SAMPLE_MANIFEST.replace("        runAsUser: 65532\n", ""),
        });
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
        assert!(in_file(&state, 1).is_empty());
        state.apply(Action::Pair(None));
        assert_eq!(in_file(&state, 1).len(), 1);
    }

    #[test]
    fn fixes_apply_one_by_one_or_all_at_once_and_show_as_a_diff() {
        let mut state = Playground::default();
        let dockerfile = "# app\nFROM python:3.13-slim as run\nRUN apt-get install curl\n";
        state.apply(Action::Edit {
            file: 0,
            text: dockerfile.into(),
        });
        let target = state
            .all_findings()
            .find(|(_, f)| f.code == "DF003")
            .map(|(r, _)| r)
            .expect("DF003");
        state.apply(Action::ApplyFix(target));
        assert!(state.files[0].text.contains("AS run"));
        assert!(state.all_findings().all(|(_, f)| f.code != "DF003"));
        assert!(state.fixable() >= 1);
        state.apply(Action::FixAllSafe);
        assert_eq!(
            state.files[0].text,
            bulkhead_rules::fix::fix_file(FileKind::Dockerfile, dockerfile, false).text
        );
        let diffs = state.diffs();
        assert_eq!(diffs.len(), 1);
        assert!(
            diffs[0].1.contains("+RUN apt-get install -y curl"),
            "{}",
            diffs[0].1
        );
        // Editing again makes the new text the baseline.
        let text = state.files[0].text.clone();
        state.apply(Action::Edit {
            file: 0,
            text: format!("{text}\n"),
        });
        assert!(state.diffs().is_empty());
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
