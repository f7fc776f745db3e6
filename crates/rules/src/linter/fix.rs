//! The fix loop: apply the fixes of a file's findings, lint again, and stop when nothing
//! more applies; the same over a project's files read together.

use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::{apply_edits, Applicability, Edit, Fix};
use crate::engine::registry::FileKind;
use crate::engine::text::{sorted_order, TextRange};

/// Rounds of fixing before the engine stops (each round re-lints).
pub const MAX_ROUNDS: usize = 32;

/// Choose the fixes of one round: those allowed, whose edits overlap no fix chosen
/// before them (in source order), each fix all or nothing.
fn choose(diagnostics: &[Diagnostic], minimum: Applicability) -> Vec<(&Diagnostic, &Fix)> {
    let candidates: Vec<(&Diagnostic, &Fix)> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref().map(|f| (d, f)))
        .filter(|(_, f)| {
            f.applicability >= minimum && f.applicability != Applicability::DisplayOnly
        })
        .filter(|(_, f)| !f.edits.is_empty())
        .collect();
    let order = sorted_order(
        candidates
            .iter()
            .map(|(_, f)| f.span().map_or([0; 3], |s| [1, s.start(), s.end()])),
    );
    let candidates: Vec<(&Diagnostic, &Fix)> = order.into_iter().map(|i| candidates[i]).collect();
    let mut taken: Vec<TextRange> = Vec::new();
    let mut chosen: Vec<(&Diagnostic, &Fix)> = Vec::new();
    for (owner, fix) in candidates {
        let overlaps = fix.edits.iter().any(|e| {
            taken.iter().any(|t| {
                // Two insertions at the same point conflict too.
                e.range.start() < t.end() && t.start() < e.range.end()
                    || e.range.start() == t.start()
                    || (e.range.is_empty()
                        && t.start() < e.range.start()
                        && e.range.start() < t.end())
            })
        });
        if overlaps || chosen.iter().any(|(_, c)| c.edits == fix.edits) {
            continue;
        }
        taken.extend(fix.edits.iter().map(|e| e.range));
        chosen.push((owner, fix));
    }
    chosen
}

/// The outcome of fixing a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    pub text: String,
    /// How many fixes were applied, over all rounds.
    pub applied: usize,
    /// The diagnostics left after the last round.
    pub remaining: Vec<Diagnostic>,
}

/// Apply all safe fixes (and unsafe ones when `unsafe_fixes`) to one file, in rounds.
/// Errors that no fix removed are then marked for a person (see [`mark_unfixed`]).
pub fn fix_file(kind: FileKind, source: &str, unsafe_fixes: bool) -> Fixed {
    let linter = crate::Linter::new();
    let lint = |text: &str| linter.lint(kind, text);
    let fixed = fix_with(source, unsafe_fixes, lint);
    // Not in YAML, where a line may sit inside a block scalar and a comment would
    // change its text.
    if matches!(kind, FileKind::Dockerfile | FileKind::Requirements) {
        mark_unfixed(fixed, lint)
    } else {
        fixed
    }
}

/// A project linted with file `.0` as `.1`: every file's findings.
type Linted = (usize, String, Vec<Vec<Diagnostic>>);

/// [`fix_file`] for files that belong together (a Dockerfile and its manifests): each
/// file is fixed with the findings it has among the others, so a fix can use what
/// another file says (a probe from the image's `HEALTHCHECK`). Files are fixed in
/// order, each against the others as fixed so far. Only the findings `options` lets
/// through are fixed (no Restricted-only fix for pods that must meet Baseline).
/// `marks`: put a [`mark_unfixed`] comment above each error left without a fix (the
/// CLI's `--fix`; the playground applies fixes and nothing else).
///
/// Files that read nothing of each other (in different
/// [groups](crate::ProjectReport::groups)) are fixed apart, each group as a project of
/// its own: the same result as fixing them all together, in time that grows with the
/// files rather than with their square.
pub fn fix_project(
    files: &[crate::ProjectFile<'_>],
    explicit: &[(String, String)],
    unsafe_fixes: bool,
    marks: bool,
    options: &crate::Options,
) -> Vec<Fixed> {
    let groups = crate::Linter::new()
        .options(options)
        .pairs(explicit)
        .check(files)
        .groups;
    let is_dockerfile = |f: &&crate::ProjectFile<'_>| f.kind == FileKind::Dockerfile;
    let dockerfiles = files.iter().filter(is_dockerfile).count();
    let mut out: Vec<Option<Fixed>> = vec![None; files.len()];
    for (first, _) in groups.iter().enumerate().filter(|(i, g)| *i == **g) {
        let members: Vec<usize> = (0..files.len()).filter(|i| groups[*i] == first).collect();
        let mut group: Vec<crate::ProjectFile<'_>> = members.iter().map(|i| files[*i]).collect();
        // Pairing guesses more for a lone Dockerfile (it builds every image that is
        // not a public one): a second one, which no image names, keeps the group's
        // pairs what they are among all the files. It is read, never fixed.
        if dockerfiles > 1 && group.iter().filter(is_dockerfile).count() == 1 {
            group.push(crate::ProjectFile {
                path: "Dockerfile",
                kind: FileKind::Dockerfile,
                source: "FROM scratch\n",
            });
        }
        let fixed = fix_together(
            &group,
            members.len(),
            explicit,
            unsafe_fixes,
            marks,
            options,
        );
        for (i, fixed) in members.into_iter().zip(fixed) {
            out[i] = Some(fixed);
        }
    }
    out.into_iter().flatten().collect()
}

/// [`fix_project`] over files fixed together: each of the first `fixed` files against
/// the others as fixed so far.
fn fix_together(
    files: &[crate::ProjectFile<'_>],
    fixed: usize,
    explicit: &[(String, String)],
    unsafe_fixes: bool,
    marks: bool,
    options: &crate::Options,
) -> Vec<Fixed> {
    let mut texts: Vec<String> = files.iter().map(|f| f.source.to_owned()).collect();
    let mut out = Vec::with_capacity(fixed);
    // The project's findings for the texts as they last were linted: `(index, text of
    // that file, every file's findings)`. Linting the project again for the same texts
    // gives the same findings, so a file that needs no fix, and the next file's first
    // lint after one was fixed, cost nothing.
    let last: std::cell::RefCell<Option<Linted>> = std::cell::RefCell::new(None);
    for (index, file) in files.iter().enumerate().take(fixed) {
        let lint = |text: &str| {
            if let Some((at, linted, found)) = &*last.borrow() {
                // The other files are as they were then (only `index` changes now).
                let same = if *at == index {
                    linted == text
                } else {
                    text == texts[index] && *linted == texts[*at]
                };
                if same {
                    return found[index].clone();
                }
            }
            let project: Vec<crate::ProjectFile<'_>> = files
                .iter()
                .zip(&texts)
                .enumerate()
                .map(|(i, (f, t))| crate::ProjectFile {
                    source: if i == index { text } else { t.as_str() },
                    ..*f
                })
                .collect();
            let found = crate::Linter::new()
                .options(options)
                .pairs(explicit)
                .check(&project)
                .diagnostics;
            let mine = found[index].clone();
            *last.borrow_mut() = Some((index, text.to_owned(), found));
            mine
        };
        let fixed = fix_with(&texts[index], unsafe_fixes, lint);
        let fixed = if marks && matches!(file.kind, FileKind::Dockerfile | FileKind::Requirements) {
            mark_unfixed(fixed, lint)
        } else {
            fixed
        };
        texts[index].clone_from(&fixed.text);
        out.push(fixed);
    }
    out
}

/// The start of every comment [`mark_unfixed`] writes.
pub const MARK: &str = "# bulkhead:";

/// A fixed file must not look fixed where it is not: above each line that still has an
/// error with no fix (an exec form that is pseudo-code, say), a comment
/// `# bulkhead: CODE: message` (Dockerfiles and requirement files comment with `#`).
/// A line already marked for that code is left alone, so fixing twice changes nothing.
pub fn mark_unfixed(mut fixed: Fixed, lint: impl Fn(&str) -> Vec<Diagnostic>) -> Fixed {
    let lines = crate::engine::text::LineIndex::new(&fixed.text);
    let mut edits = Vec::new();
    let mut marked_lines = Vec::new();
    for d in &fixed.remaining {
        if d.severity != crate::Severity::Error || d.fix.is_some() || d.parse_error {
            continue;
        }
        let mut at = lines.line_of(d.range.start().min(fixed.text.len()));
        // Above the first line of a line continued with `\`: pip ends a continued line
        // at a comment, so a mark inside one would cut the requirement from its hashes.
        let text_of = |l: usize| lines.line_range(l, &fixed.text).slice(&fixed.text);
        while at > 0 && text_of(at - 1).trim_end().ends_with('\\') {
            at -= 1;
        }
        let prefix = format!("{MARK} {}:", d.code);
        // The marks already above the line (one per code, stacked).
        let marked_above = (0..at)
            .rev()
            .map(|l| {
                lines
                    .line_range(l, &fixed.text)
                    .slice(&fixed.text)
                    .trim_start()
            })
            .take_while(|a| a.starts_with(MARK))
            .any(|a| a.starts_with(&prefix));
        if marked_above || marked_lines.contains(&(at, d.code)) {
            continue;
        }
        marked_lines.push((at, d.code));
        let start = lines.line_range(at, &fixed.text).start();
        let indent: String = fixed.text[start..]
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        // A comment is plain text: no Markdown code spans.
        let message = d.message.replace(['\n', '\r'], " ").replace('`', "");
        edits.push(Edit::insert(start, format!("{indent}{prefix} {message}\n")));
    }
    if edits.is_empty() {
        return fixed;
    }
    let refs: Vec<&Edit> = edits.iter().collect();
    fixed.text = apply_edits(&fixed.text, &refs);
    fixed.remaining = lint(&fixed.text);
    fixed
}

/// The engine, over any linting function (one file, or one file of a project).
pub fn fix_with(source: &str, unsafe_fixes: bool, lint: impl Fn(&str) -> Vec<Diagnostic>) -> Fixed {
    let minimum = if unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let mut text = source.to_owned();
    let mut applied = 0;
    let mut diagnostics = lint(&text);
    // Findings whose fix did not remove them (the text around defeats it), known by
    // code, message and the text around them; not tried again until the text changes.
    let mut ineffective: Vec<Identity> = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let usable: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| !ineffective.contains(&identity(&text, d)))
            .cloned()
            .collect();
        let chosen = choose(&usable, minimum);
        if chosen.is_empty() {
            break;
        }
        // All chosen fixes at once; if some fail, the others again without them; if
        // all fail, one at a time.
        let edits: Vec<&Edit> = chosen.iter().flat_map(|(_, f)| f.edits.iter()).collect();
        let next = apply_edits(&text, &edits);
        let after = lint(&next);
        let failed: Vec<&Diagnostic> = chosen
            .iter()
            .map(|(owner, _)| *owner)
            .filter(|owner| !removed(&usable, &after, owner))
            .collect();
        if next != text && failed.is_empty() {
            applied += chosen.len();
            text = next;
            diagnostics = after;
            // The text changed: a fix that failed before may work now.
            ineffective.clear();
            continue;
        }
        if next != text && failed.len() < chosen.len() {
            ineffective.extend(failed.iter().map(|d| identity(&text, d)));
            continue;
        }
        for (owner, fix) in &chosen {
            let edits: Vec<&Edit> = fix.edits.iter().collect();
            let next = apply_edits(&text, &edits);
            let after = lint(&next);
            if next != text && removed(&usable, &after, owner) {
                applied += 1;
                text = next;
                diagnostics = after;
                ineffective.clear();
                // Later fixes of this round were computed on the old text.
                break;
            }
            ineffective.push(identity(&text, owner));
        }
    }
    Fixed {
        text,
        applied,
        remaining: diagnostics,
    }
}

/// A finding's identity across rounds: code, message, and the text around it (which
/// moves with earlier edits, unlike its offsets).
type Identity = (&'static str, String, String);

fn identity(text: &str, d: &Diagnostic) -> Identity {
    let floor = |mut at: usize| {
        at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let start = floor(d.range.start().saturating_sub(40));
    let end = floor(d.range.end().saturating_add(40));
    (d.code, d.message.clone(), text[start..end].to_owned())
}

/// Whether fixing `owner` removed it (fewer findings with its code and message than
/// before) without adding a parse error.
fn removed(before: &[Diagnostic], after: &[Diagnostic], owner: &Diagnostic) -> bool {
    let count = |list: &[Diagnostic]| {
        list.iter()
            .filter(|d| d.code == owner.code && d.message == owner.message)
            .count()
    };
    // A fix must never make the file unreadable, whatever the text around it.
    let unreadable = |list: &[Diagnostic]| list.iter().filter(|d| d.parse_error).count();
    count(after) < count(before) && unreadable(after) <= unreadable(before)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::fix::unified_diff;

    /// `fix_project` as it is written without reusing findings: every lint lints the
    /// project afresh.
    fn fix_project_afresh(
        files: &[crate::ProjectFile<'_>],
        options: &crate::Options,
    ) -> Vec<Fixed> {
        let mut texts: Vec<String> = files.iter().map(|f| f.source.to_owned()).collect();
        let mut out = Vec::new();
        for (index, file) in files.iter().enumerate() {
            let lint = |text: &str| {
                let project: Vec<crate::ProjectFile<'_>> = files
                    .iter()
                    .zip(&texts)
                    .enumerate()
                    .map(|(i, (f, t))| crate::ProjectFile {
                        source: if i == index { text } else { t },
                        ..*f
                    })
                    .collect();
                crate::Linter::new()
                    .options(options)
                    .check(&project)
                    .diagnostics
                    .swap_remove(index)
            };
            let fixed = fix_with(&texts[index], true, lint);
            let fixed = if matches!(file.kind, FileKind::Dockerfile | FileKind::Requirements) {
                mark_unfixed(fixed, lint)
            } else {
                fixed
            };
            texts[index].clone_from(&fixed.text);
            out.push(fixed);
        }
        out
    }

    #[test]
    fn fixing_a_project_reuses_findings_only_for_the_same_texts() {
        // A Dockerfile and the Deployment that runs its image, fixes in both and findings
        // of each that read the other, and a file with nothing to fix; in every order.
        let sources = [
            ("Dockerfile", FileKind::Dockerfile, "FROM python:3.13-slim\nRUN apt-get install curl\nCMD [\"python\", \"app.py\"]\n"),
            ("notes/requirements.txt", FileKind::Requirements, "flask==3.1.0 --hash=sha256:0000000000000000000000000000000000000000000000000000000000000000\n"),
            ("deploy.yaml", FileKind::Kubernetes, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: web:1.0\n          securityContext: {runAsNonRoot: true, runAsUser: 0}\n"),
        ];
        let options = crate::Options::default();
        for order in [[0, 1, 2], [2, 0, 1], [1, 2, 0]] {
            let files: Vec<crate::ProjectFile<'_>> = order
                .iter()
                .map(|&i| {
                    let (path, kind, source) = sources[i];
                    crate::ProjectFile { path, kind, source }
                })
                .collect();
            let reused = fix_project(&files, &[], true, true, &options);
            let afresh = fix_project_afresh(&files, &options);
            assert!(
                reused.iter().filter(|f| f.applied > 0).count() >= 2,
                "fixes in two files"
            );
            for ((a, b), file) in reused.iter().zip(&afresh).zip(&files) {
                let codes = |found: &[Diagnostic]| {
                    found.iter().map(|d| (d.code, d.range)).collect::<Vec<_>>()
                };
                assert_eq!(a.text, b.text, "{}", file.path);
                assert_eq!(a.applied, b.applied, "{}", file.path);
                assert_eq!(codes(&a.remaining), codes(&b.remaining), "{}", file.path);
            }
        }
    }

    /// `fix_project` (files fixed in their groups) and the same files fixed all together
    /// give the same texts, fixes and findings.
    fn assert_grouping_changes_nothing(files: &[crate::ProjectFile<'_>]) {
        let options = crate::Options::default();
        let grouped = fix_project(files, &[], true, true, &options);
        let together = fix_project_afresh(files, &options);
        assert_eq!(grouped.len(), files.len());
        for ((a, b), file) in grouped.iter().zip(&together).zip(files) {
            let codes =
                |found: &[Diagnostic]| found.iter().map(|d| (d.code, d.range)).collect::<Vec<_>>();
            assert_eq!(a.text, b.text, "{}", file.path);
            assert_eq!(a.applied, b.applied, "{}", file.path);
            assert_eq!(codes(&a.remaining), codes(&b.remaining), "{}", file.path);
        }
    }

    #[test]
    fn files_that_read_nothing_of_each_other_are_fixed_apart_with_the_same_result() {
        let deployment = |name: &str, image: &str, sidecar: &str| {
            format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    metadata:\n      labels: {{app: {name}}}\n    spec:\n      containers:\n        - name: {name}\n          image: {image}\n          ports: [{{containerPort: 8080}}]\n        - name: side\n          image: {sidecar}\n")
        };
        let api = deployment("api", "api:1.0", "registry.example/side:1.0");
        let web = deployment("web", "registry.example/web:1.0", "nginx:1.27");
        let service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector: {app: api}\n  ports: [{port: 80, targetPort: 9090}]\n";
        let dockerfile = "FROM python:3.13-slim\nRUN apt-get install curl\nEXPOSE 8080\nCMD [\"python\", \"app.py\"]\n";
        let files = [
            crate::ProjectFile {
                path: "api/Dockerfile",
                kind: FileKind::Dockerfile,
                source: dockerfile,
            },
            crate::ProjectFile {
                path: "web/Dockerfile",
                kind: FileKind::Dockerfile,
                source: "FROM node:22\nRUN npm install\n",
            },
            crate::ProjectFile {
                path: "k8s/api.yaml",
                kind: FileKind::Kubernetes,
                source: &api,
            },
            crate::ProjectFile {
                path: "k8s/web.yaml",
                kind: FileKind::Kubernetes,
                source: &web,
            },
            crate::ProjectFile {
                path: "k8s/api-service.yaml",
                kind: FileKind::Kubernetes,
                source: service,
            },
            crate::ProjectFile {
                path: "k8s/settings.yaml",
                kind: FileKind::Kubernetes,
                source: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n",
            },
        ];
        let groups = crate::Linter::new().check(&files).groups;
        // The api image's Dockerfile, its Deployment and the Service that selects it are
        // read together, as the web image's Dockerfile and Deployment are; the ConfigMap
        // is read alone.
        assert_eq!(groups, [0, 1, 0, 1, 0, 5]);
        assert_grouping_changes_nothing(&files);
        // The api group alone has one Dockerfile, which would build the private sidecar
        // too: fixed with the others it does not.
        let api_alone = crate::Linter::new().check(&[files[0], files[2], files[4]]);
        let all = crate::Linter::new().check(&files);
        assert_ne!(api_alone.diagnostics[1], all.diagnostics[2]);
    }

    #[test]
    fn a_namespace_and_a_service_account_join_only_the_manifests_they_apply_to() {
        let pod = |namespace: &str, account: &str| {
            format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: {namespace}\nspec:\n  serviceAccountName: {account}\n  containers:\n    - name: a\n      image: registry.example/a:1.0\n      securityContext: {{privileged: true}}\n")
        };
        let (shop_pod, default_pod, other_pod) =
            (pod("shop", "x"), pod("default", "app"), pod("other", "app"));
        let file = |path, source| crate::ProjectFile {
            path,
            kind: FileKind::Kubernetes,
            source,
        };
        let files = [
            file("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: baseline\n"),
            file("shop-pod.yaml", &shop_pod),
            file("sa.yaml", "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\nautomountServiceAccountToken: false\n"),
            file("default-pod.yaml", &default_pod),
            // The same account name in another namespace is another account.
            file("other-pod.yaml", &other_pod),
        ];
        assert_eq!(crate::Linter::new().check(&files).groups, [0, 0, 2, 2, 4]);
        assert_grouping_changes_nothing(&files);
    }

    #[test]
    fn the_corpus_fixed_in_groups_is_the_corpus_fixed_together() {
        let corpus =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
        if !corpus.is_dir() {
            assert!(
                std::env::var_os("CI").is_none(),
                "the shared corpus is missing"
            );
            return;
        }
        let read = |folder: &str, kind: FileKind, every: usize| {
            let mut paths: Vec<_> = std::fs::read_dir(corpus.join(folder))
                .expect("reading the corpus")
                .map(|e| e.expect("an entry").path())
                .collect();
            paths.sort();
            paths
                .into_iter()
                .step_by(every)
                .map(|p| {
                    (
                        p.display().to_string(),
                        kind,
                        std::fs::read_to_string(&p).expect("a corpus file"),
                    )
                })
                .collect::<Vec<_>>()
        };
        let mut sources = read("dockerfiles", FileKind::Dockerfile, 15);
        sources.extend(read("k8s", FileKind::Kubernetes, 10));
        let files: Vec<crate::ProjectFile<'_>> = sources
            .iter()
            .map(|(path, kind, source)| crate::ProjectFile {
                path,
                kind: *kind,
                source,
            })
            .collect();
        assert!(files.len() >= 35, "{}", files.len());
        assert_grouping_changes_nothing(&files);
    }

    #[test]
    fn edits_apply_in_order_and_overlaps_are_left_for_the_next_round() {
        let source = "abcdef";
        let edits = [
            Edit::replace(TextRange::new(4, 5), "E"),
            Edit::insert(0, ">"),
            Edit::delete(TextRange::new(1, 2)),
        ];
        let refs: Vec<&Edit> = edits.iter().collect();
        assert_eq!(apply_edits(source, &refs), ">acdEf");
    }

    #[test]
    fn fixing_reaches_a_fixed_point_and_keeps_comments() {
        let source = "# build\nFROM python:3.13-slim AS build\n# deps\nRUN apt update && apt install curl\nfrom python:3.13-slim as run\n";
        let fixed = fix_file(FileKind::Dockerfile, source, false);
        assert!(fixed.applied >= 3, "{fixed:#?}");
        assert!(fixed.text.contains("# build\n") && fixed.text.contains("# deps\n"));
        assert!(fixed.text.contains("apt-get install -y"), "{}", fixed.text);
        let again = fix_file(FileKind::Dockerfile, &fixed.text, false);
        assert_eq!(again.text, fixed.text, "a second run changes nothing");
        assert_eq!(again.applied, 0);
    }

    /// Found by `cargo xtask fuzz`: a mark between a requirement and its `--hash` continuation
    /// line cut them apart (pip ends a continued line at a comment).
    #[test]
    fn marks_go_above_a_continued_line() {
        let source = "flask==3.1.1 \\\n    --hash=s\nrequests==2.32.3 \\\n    --hash=sha256:0000000000000000000000000000000000000000000000000000000000000000\n";
        let fixed = fix_file(FileKind::Requirements, source, true);
        assert!(
            fixed.text.starts_with("# bulkhead: RQ003:"),
            "{}",
            fixed.text
        );
        assert!(
            fixed.text.contains("flask==3.1.1 \\\n    --hash=s\n"),
            "{}",
            fixed.text
        );
        let again = fix_file(FileKind::Requirements, &fixed.text, true);
        assert_eq!(again.text, fixed.text, "a second run changes nothing");
    }

    #[test]
    fn diffs_are_unified() {
        let diff = unified_diff("Dockerfile", "a\nb\n", "a\nc\n");
        assert!(
            diff.contains("--- a/Dockerfile") && diff.contains("-b\n+c\n"),
            "{diff}"
        );
    }
}
