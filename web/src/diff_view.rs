//! A file of a pasted diff: the lines the diff shows (its context and what it adds) and
//! the lines it adds. The lines it does not show are unknown, not blank: the page puts
//! empty lines there so the line numbers match, but no finding may come from them.
//!
//! So a finding is shown only when it starts on an added line, everything it covers and
//! every edit of its fix lies on shown lines, and the instruction it is about is not cut
//! by the edge of a hunk (a `\` continuing into lines the diff does not show). In a file
//! seen in parts, nor is a syntax error (its parts are not the file), nor a finding of a
//! rule that reads beyond what it covers ([`RuleMeta::whole_file`]: what the file lacks,
//! which stage is the last, a setting inherited from the pod), nor a fix that adds what
//! the file may have elsewhere. The text linted has those cut continuations ended (the
//! `\` becomes a space, so every offset stays), so no rule reads the empty lines as the
//! rest of the instruction.
//!
//! [`RuleMeta::whole_file`]: bulkhead_rules::engine::registry::RuleMeta::whole_file

use bulkhead_rules::render::Finding;
use bulkhead_rules::FileKind;
use bulkhead_rules::LineIndex;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DiffView {
    pub name: String,
    /// The lines the diff adds (1-based, sorted: [`Self::new`]).
    added: Vec<u32>,
    /// The lines it shows: its context lines and those it adds (1-based, sorted).
    seen: Vec<u32>,
}

/// Whether the file's lines continue with a `\` (Dockerfiles and requirement files).
fn continues(kind: FileKind) -> bool {
    matches!(kind, FileKind::Dockerfile | FileKind::Requirements)
}

/// Whether `finding` may rest on lines it does not cover (its rule's
/// [`whole_file`](bulkhead_rules::engine::registry::RuleMeta::whole_file)).
fn reads_beyond(finding: &Finding) -> bool {
    bulkhead_rules::linter::registry::find(finding.code).is_some_and(|rule| rule.meta.whole_file)
}

/// Whether `finding`'s fix adds what the file lacks: a key (YAML), or an instruction or
/// a line of its own (a Dockerfile's `USER`). In a file seen in parts, the lines the diff
/// does not show may have it. (A flag added inside a line it shows whole is certain.)
fn adds_missing(finding: &Finding, kind: FileKind) -> bool {
    finding.fix.as_ref().is_some_and(|fix| {
        !fix.edits.is_empty()
            && fix.edits.iter().all(|e| e.range.is_empty())
            && (matches!(kind, FileKind::Kubernetes | FileKind::Compose)
                || fix.edits.iter().any(|e| e.replacement.contains('\n')))
    })
}

impl DiffView {
    /// The view of file `name`: the lines the diff `adds` and those it shows (`seen`), in
    /// any order.
    pub fn new(name: String, mut added: Vec<u32>, mut seen: Vec<u32>) -> Self {
        for lines in [&mut added, &mut seen] {
            lines.sort_unstable();
            lines.dedup();
        }
        Self { name, added, seen }
    }

    fn is_seen(&self, line: u32) -> bool {
        self.seen.binary_search(&line).is_ok()
    }

    /// Whether some line of `text` is not shown by the diff.
    pub fn partial(&self, text: &str) -> bool {
        let lines = u32::try_from(text.lines().count()).unwrap_or(u32::MAX);
        (1..=lines).any(|line| !self.is_seen(line))
    }

    /// The shown lines (1-based) that end with a `\` the diff cuts: the next line is not
    /// shown.
    fn cut(&self, text: &str, kind: FileKind) -> Vec<u32> {
        if !continues(kind) {
            return Vec::new();
        }
        text.lines()
            .zip(1u32..)
            .filter(|(line, n)| {
                self.is_seen(*n) && line.trim_end().ends_with('\\') && !self.is_seen(n + 1)
            })
            .map(|(_, n)| n)
            .collect()
    }

    /// The text to lint: `text` with each cut continuation ended (its `\` a space).
    pub fn lint_text(&self, text: &str, kind: FileKind) -> String {
        let cut = self.cut(text, kind);
        if cut.is_empty() {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len());
        for (line, n) in text.split_inclusive('\n').zip(1u32..) {
            let body = line.trim_end_matches(['\n', '\r']);
            match body.trim_end().strip_suffix('\\') {
                Some(kept) if cut.contains(&n) => {
                    out.push_str(kept);
                    // The same length: the `\` and what followed it become spaces.
                    out.extend(std::iter::repeat_n(' ', body.len() - kept.len()));
                    out.push_str(&line[body.len()..]);
                }
                _ => out.push_str(line),
            }
        }
        out
    }

    /// Keep of `findings` (of the text [`Self::lint_text`] made from `text`) those that
    /// come from what the diff shows and are about what it adds. What the file tells (is
    /// it partial, which lines are cut, where lines start) is read once, for them all.
    pub fn retain_shown(&self, findings: &mut Vec<Finding>, text: &str, kind: FileKind) {
        let partial = self.partial(text);
        let cut = self.cut(text, kind);
        let lines = LineIndex::new(text);
        let all: Vec<&str> = text.lines().collect();
        let line_of = |offset: usize| {
            u32::try_from(lines.line_of(offset.min(text.len())) + 1).unwrap_or(u32::MAX)
        };
        let seen_from_to = |from: u32, to: u32| (from..=to.max(from)).all(|l| self.is_seen(l));
        // The instruction goes on, line after continued line: not past the diff's edge.
        let reaches_cut = |mut line: u32| loop {
            if cut.contains(&line) {
                return true;
            }
            let continued = usize::try_from(line)
                .ok()
                .and_then(|l| all.get(l.checked_sub(1)?))
                .is_some_and(|l| l.trim_end().ends_with('\\'));
            if !continued {
                return false;
            }
            line += 1;
        };
        findings.retain(|finding| {
            self.added.binary_search(&finding.start.line).is_ok()
                && !(partial
                    && (finding.rule == "parse-error"
                        || reads_beyond(finding)
                        || adds_missing(finding, kind)))
                && seen_from_to(finding.start.line, finding.end.line)
                && finding.fix.as_ref().is_none_or(|fix| {
                    fix.edits.iter().all(|edit| {
                        seen_from_to(line_of(edit.range.start()), line_of(edit.range.end()))
                    })
                })
                && (cut.is_empty() || !reaches_cut(finding.start.line))
        });
    }
}

/// A file of a unified diff: its new side, with the lines the diff does not show left
/// empty so line numbers match, the lines it adds and the lines it shows (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffFile {
    pub name: String,
    pub text: String,
    pub added: Vec<u32>,
    pub seen: Vec<u32>,
}

/// The new side's first line of a hunk header (`@@ -3,3 +3,4 @@`), if `line` is one.
fn hunk_start(line: &str) -> Option<u32> {
    let number = |text: &str| -> Option<(u32, usize)> {
        let digits = text.bytes().take_while(u8::is_ascii_digit).count();
        Some((text[..digits].parse().ok()?, digits))
    };
    // `N` or `N,M`, then what follows.
    let range = |text: &str| -> Option<(u32, usize)> {
        let (first, mut at) = number(text)?;
        if let Some(rest) = text[at..].strip_prefix(',') {
            at += 1 + number(rest)?.1;
        }
        Some((first, at))
    };
    let rest = line.strip_prefix("@@ -")?;
    let (_, at) = range(rest)?;
    let rest = rest[at..].strip_prefix(" +")?;
    let (start, at) = range(rest)?;
    rest[at..].starts_with(" @@").then_some(start)
}

/// The files of `text` when it is a unified diff (file headers and at least one hunk),
/// as a pull request's "copy diff" gives it: each file's new side.
pub fn unified(text: &str) -> Option<Vec<DiffFile>> {
    let text = text.replace("\r\n", "\n");
    let text = text.strip_suffix('\n').unwrap_or(&text);
    let is_diff = text.lines().any(|l| l.starts_with("+++ "))
        && text.lines().any(|l| l.starts_with("--- "))
        && text.lines().any(|l| hunk_start(l).is_some());
    if !is_diff {
        return None;
    }
    let mut files: Vec<(DiffFile, Vec<&str>)> = Vec::new();
    let mut open = false;
    let mut line = 0;
    for raw in text.split('\n') {
        if let Some(header) = raw.strip_prefix("+++ ") {
            let name = header.strip_prefix("b/").unwrap_or(header);
            let name = name.split('\t').next().unwrap_or_default().trim();
            open = name != "/dev/null";
            if open {
                let file = DiffFile {
                    name: name.to_owned(),
                    text: String::new(),
                    added: Vec::new(),
                    seen: Vec::new(),
                };
                files.push((file, Vec::new()));
            }
            continue;
        }
        let Some((file, lines)) = files.last_mut().filter(|_| open) else {
            continue;
        };
        if let Some(start) = hunk_start(raw) {
            line = start;
            while lines.len() + 1 < usize::try_from(line).unwrap_or(usize::MAX) {
                lines.push("");
            }
            continue;
        }
        if line == 0 || raw.starts_with('\\') {
            continue;
        }
        if let Some(added) = raw.strip_prefix('+') {
            lines.push(added);
            file.added.push(line);
            file.seen.push(line);
            line += 1;
        } else if raw.is_empty() || raw.starts_with(' ') {
            lines.push(raw.get(1..).unwrap_or_default());
            file.seen.push(line);
            line += 1;
        } else if !raw.starts_with('-') {
            line = 0; // the end of this file's hunks (a `diff --git` or `index` line)
        }
    }
    let files: Vec<DiffFile> = files
        .into_iter()
        .map(|(mut file, lines)| {
            file.text = format!("{}\n", lines.join("\n"));
            file
        })
        .collect();
    (!files.is_empty()).then_some(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unified_diff_becomes_its_files_new_side_with_the_added_lines() {
        let diff = "diff --git a/Dockerfile b/Dockerfile\nindex 1111111..2222222 100644\n--- a/Dockerfile\n+++ b/Dockerfile\n@@ -3,3 +3,4 @@ FROM python:3.13-slim\n WORKDIR /app\n-COPY . .\n+COPY app.py .\n+USER root\n CMD [\"python\", \"app.py\"]\ndiff --git a/k8s/pod.yaml b/k8s/pod.yaml\nnew file mode 100644\n--- /dev/null\n+++ b/k8s/pod.yaml\n@@ -0,0 +1,2 @@\n+kind: Pod\n+spec: {hostNetwork: true}\n";
        let files = unified(diff).expect("a diff");
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["Dockerfile", "k8s/pod.yaml"]);
        assert_eq!(
            files[0].text,
            "\n\nWORKDIR /app\nCOPY app.py .\nUSER root\nCMD [\"python\", \"app.py\"]\n"
        );
        assert_eq!(files[0].added, [4, 5]);
        // What it shows: its context lines and the added ones; 1 and 2 were not seen.
        assert_eq!(files[0].seen, [3, 4, 5, 6]);
        assert_eq!(files[1].text, "kind: Pod\nspec: {hostNetwork: true}\n");
        assert_eq!(
            (files[1].added.as_slice(), files[1].seen.as_slice()),
            (&[1, 2][..], &[1, 2][..])
        );
        assert_eq!(
            unified(&diff.replace('\n', "\r\n")),
            Some(files),
            "CRLF reads the same"
        );
        assert_eq!(unified("FROM python:3.13\n--- not a diff\n"), None);
        assert_eq!(
            unified("--- a/x\n+++ /dev/null\n@@ -1 +0,0 @@\n-gone\n"),
            None,
            "only a deletion"
        );
        assert_eq!(hunk_start("@@ -1 +12,3 @@"), Some(12));
        assert_eq!(hunk_start("@@ -1 +12,x @@"), None);
    }
    use bulkhead_rules::{render, Linter, ProjectFile};

    /// The findings a diff's file shows: linted as the page lints it, then filtered.
    fn shown(view: &DiffView, kind: FileKind, text: &str) -> Vec<&'static str> {
        let linted = view.lint_text(text, kind);
        let files = [ProjectFile {
            path: &view.name,
            kind,
            source: &linted,
        }];
        let report = Linter::new().check(&files);
        let mut findings = render::findings(&view.name, &linted, &report.diagnostics[0]);
        view.retain_shown(&mut findings, text, kind);
        findings.into_iter().map(|f| f.code).collect()
    }

    #[test]
    fn a_continuation_cut_by_the_hunk_is_not_completed_with_the_empty_lines() {
        // Lines 1-3 shown (3 added); 4-6 not; 7-8 shown, 8 added.
        let text = "FROM python:3.13-slim\nWORKDIR /app\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n\n\n\nUSER 65532\nCOPY --chown=65532:65532 . .\n";
        let view = DiffView {
            name: "Dockerfile".into(),
            added: vec![3, 8],
            seen: vec![1, 2, 3, 7, 8],
        };
        let linted = view.lint_text(text, FileKind::Dockerfile);
        assert_eq!(linted.len(), text.len(), "every offset stays");
        assert!(!linted.lines().nth(2).unwrap_or_default().ends_with('\\'));
        let codes = shown(&view, FileKind::Dockerfile, text);
        // DF303 (lists not removed) would read the cut RUN as the whole: not shown, and its
        // fix would have written into the COPY line.
        assert!(!codes.contains(&"DF303"), "{codes:?}");
        assert!(
            !codes.contains(&"DF304"),
            "COPY is not read as packages: {codes:?}"
        );
    }

    #[test]
    fn a_yaml_file_seen_in_parts_has_no_syntax_error_of_its_own() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n\n\n\n      image: registry.example/app:1.0\n";
        let view = DiffView {
            name: "pod.yaml".into(),
            added: vec![9],
            seen: vec![1, 2, 3, 4, 5, 9],
        };
        let codes = shown(&view, FileKind::Kubernetes, text);
        assert!(!codes.contains(&"KS000"), "{codes:?}");
    }

    #[test]
    fn what_a_fix_would_add_may_be_in_the_lines_not_shown() {
        // The container is shown; the pod's spec around it is not (lines 8-10).
        let digest = "0".repeat(64);
        let text = format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n\n\n\n      containers:\n        - name: web\n          image: registry.example/app:1.0@sha256:{digest}\n          securityContext: {{privileged: true}}\n");
        let view = DiffView {
            name: "deploy.yaml".into(),
            added: vec![12, 13, 14],
            seen: vec![1, 2, 3, 4, 5, 6, 7, 11, 12, 13, 14],
        };
        let codes = shown(&view, FileKind::Kubernetes, &text);
        for missing in ["KS302", "KS303"] {
            assert!(
                !codes.contains(&missing),
                "{missing} (its setting may be in lines 8-10): {codes:?}"
            );
        }
        // What the lines it shows say is certain.
        assert!(
            codes.contains(&"KS102"),
            "privileged: true is on a line it adds: {codes:?}"
        );
        // In a Dockerfile, an instruction the fix would add may be outside the hunk.
        let dockerfile = "FROM python:3.13-slim\n\n\nCMD [\"python\", \"app.py\"]\n";
        let view = DiffView {
            name: "Dockerfile".into(),
            added: vec![1, 4],
            seen: vec![1, 4],
        };
        assert!(!shown(&view, FileKind::Dockerfile, dockerfile).contains(&"DF200"));
    }

    #[test]
    fn what_the_file_lacks_may_be_in_the_lines_not_shown() {
        // The pod's `runAsNonRoot: true` (lines 8-9) and the container's limits are not
        // shown: the container shown lacks neither for certain.
        let digest = "0".repeat(64);
        let text = format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n\n\n      image: registry.example/app:1.0@sha256:{digest}\n");
        let view = DiffView::new(
            "pod.yaml".into(),
            vec![7, 10],
            vec![1, 2, 3, 4, 5, 6, 7, 10],
        );
        let whole = DiffView::new("pod.yaml".into(), vec![7, 10], (1..=10).collect());
        let codes = shown(&view, FileKind::Kubernetes, &text);
        let all = shown(&whole, FileKind::Kubernetes, &text);
        for missing in ["KS203", "KS302"] {
            assert!(
                all.contains(&missing),
                "the whole file lacks {missing}: {all:?}"
            );
            assert!(
                !codes.contains(&missing),
                "{missing} may be in lines 8-9: {codes:?}"
            );
        }
        // The stage shown is a builder when a later `FROM` is not shown: no finding says
        // it is the shipped image.
        let dockerfile = "FROM python:3.13\nRUN pip install --no-cache-dir build\n\n\n";
        let view = DiffView::new("Dockerfile".into(), vec![1, 2], vec![1, 2]);
        assert!(!shown(&view, FileKind::Dockerfile, dockerfile).contains(&"DF100"));
        let whole = DiffView::new("Dockerfile".into(), vec![1, 2], vec![1, 2, 3, 4]);
        assert!(shown(&whole, FileKind::Dockerfile, dockerfile).contains(&"DF100"));
    }

    #[test]
    fn a_whole_file_is_not_partial_and_keeps_its_findings_on_added_lines() {
        let text = "FROM python:latest\nUSER 65532\n";
        let view = DiffView {
            name: "Dockerfile".into(),
            added: vec![1, 2],
            seen: vec![1, 2],
        };
        assert!(!view.partial(text));
        assert!(shown(&view, FileKind::Dockerfile, text).contains(&"DF001"));
        // Only what the diff adds: line 1 as context, no finding of it.
        let context = DiffView {
            added: vec![2],
            ..view
        };
        assert!(!shown(&context, FileKind::Dockerfile, text).contains(&"DF001"));
    }
}
