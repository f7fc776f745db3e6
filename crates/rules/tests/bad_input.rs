//! Hostile and broken input: binary junk, NUL bytes, a 10 MB file, unterminated
//! heredocs and quotes, deep nesting. Linting must return diagnostics, never panic,
//! and stay linear (a generous time bound catches accidental quadratic work).

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use bulkhead_rules::{Diagnostic, FileKind, Linter, MAX_FILE_BYTES};

fn lint_dockerfile(source: &str) -> Vec<Diagnostic> {
    lint_checked(FileKind::Dockerfile, source)
}

/// Lint, and check every range lies inside the text on character boundaries.
fn lint_checked(kind: FileKind, source: &str) -> Vec<Diagnostic> {
    let diagnostics = Linter::new().lint(kind, source);
    for d in &diagnostics {
        assert!(d.range.end() <= source.len(), "range past the end: {d:?}");
        assert!(
            source.is_char_boundary(d.range.start()) && source.is_char_boundary(d.range.end()),
            "range splits a character: {d:?}"
        );
    }
    diagnostics
}

/// A small deterministic generator, so failures reproduce.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// Up to 300 random bytes, read as UTF-8 the way an editor shows them.
    fn junk(&mut self) -> String {
        let len = usize::try_from(self.next() % 300).unwrap_or(0);
        let bytes: Vec<u8> = (0..len)
            .map(|_| u8::try_from(self.next() % 256).unwrap_or(0))
            .collect();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let len = u64::try_from(items.len()).unwrap_or(1);
        items[usize::try_from(self.next() % len).unwrap_or(0)]
    }
}

#[test]
fn binary_junk_and_nul_bytes_are_reported_not_panicked_on() {
    let mut rng = Lcg(7);
    for _ in 0..500 {
        let _ = lint_dockerfile(&rng.junk());
    }
    let found = lint_dockerfile("FROM python:3.13\0\0\u{1}ELF");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].rule, "parse-error");
    assert!(found[0].message.contains("binary"), "{}", found[0].message);
}

/// Random recombinations of Dockerfile fragments: every syntax feature next to every
/// other, unterminated where it hurts.
#[test]
fn random_fragment_soup_never_panics() {
    const FRAGMENTS: &[&str] = &[
        "FROM ",
        "python:3.13-slim",
        " AS build",
        "\n",
        "RUN ",
        "<<EOF",
        "<<-'END'",
        "EOF\n",
        "\\\n",
        "# comment\n",
        "COPY --from=build ",
        "--chown=1:1 ",
        "[\"a\", ",
        "\"b\"]",
        "[[",
        "'",
        "\"",
        "$(",
        "${A:-",
        "`",
        " && ",
        " | ",
        " || ",
        ";",
        "apt-get install ",
        "-y ",
        "pip install ",
        "curl -fsSL x | sh",
        "USER ",
        "root",
        "65532",
        "HEALTHCHECK CMD ",
        "ENV ",
        "A=1 ",
        "B",
        "ARG ",
        "SECRET_TOKEN",
        "ONBUILD ",
        "# escape=`\n",
        "\r\n",
        "\t",
        "é",
        "🐳",
        "\u{FEFF}",
        "--mount=type=cache,target=/x ",
        "WORKDIR ",
        "app",
        "CMD ",
        "ENTRYPOINT ",
        "SHELL [\"pwsh\", \"-c\"]\n",
        "# bulkhead ignore=DF001\n",
        "# hadolint global ignore=DL3008\n",
    ];
    let mut rng = Lcg(42);
    for _ in 0..3000 {
        let count = rng.next() % 40;
        let text: String = (0..count).map(|_| rng.pick(FRAGMENTS)).collect();
        let _ = lint_dockerfile(&text);
    }
}

#[test]
fn unterminated_constructs_get_positioned_errors() {
    for (source, expected) in [
        ("FROM a\nRUN <<EOF\necho never closed\n", "<<EOF"),
        ("FROM a\nCMD [\"a\", [\"b\"]]\n", "[\"b\"]"),
        ("FROM a\nENV PATH\n", "PATH"),
    ] {
        let found = lint_dockerfile(source);
        let error = found
            .iter()
            .find(|d| d.rule == "parse-error")
            .unwrap_or_else(|| panic!("no parse error for {source:?}: {found:#?}"));
        assert_eq!(error.range.slice(source), expected);
    }
    // Unterminated quotes and substitutions in a RUN are not errors BuildKit reports
    // at parse time; they must simply not break anything.
    let _ = lint_dockerfile("FROM a\nRUN echo \"unterminated $(oops `x\n");
}

fn timed(source: &str) -> (usize, Duration) {
    let start = Instant::now();
    let count = lint_dockerfile(source).len();
    (count, start.elapsed())
}

#[test]
fn the_largest_files_read_lint_without_freezing_and_larger_ones_are_refused() {
    // Generous: a debug build on a busy 2-core CI machine; quadratic work would take hours.
    let bound = Duration::from_secs(120);
    // A long, realistic file: many stages and RUN lines.
    let block = "FROM python:3.13-slim AS s\nRUN apt-get update && apt-get install -y curl | tee log\nCOPY --from=s /a /b\nUSER app\nCMD python app.py\n";
    // Just under the size cap: the largest file that is linted.
    let big = block.repeat((MAX_FILE_BYTES - 64) / block.len());
    let (count, took) = timed(&big);
    assert!(count > 0);
    assert!(took < bound, "10 MB of stages took {took:?}");
    // One gigantic logical line.
    let long_run = format!(
        "FROM a\nRUN {}\n",
        "echo x && \\\n ".repeat(MAX_FILE_BYTES / 13)
    );
    let (_, took) = timed(&long_run);
    assert!(took < bound, "a 10 MB RUN took {took:?}");
    // Many suppression comments and instructions.
    let suppressed = "# bulkhead ignore=DF001\nFROM node\n".repeat(MAX_FILE_BYTES / 40);
    let (count, took) = timed(&suppressed);
    assert!(took < bound, "suppressions took {took:?}");
    assert!(count > 0);
    // Deeply nested JSON.
    let nested = format!(
        "FROM a\nCMD {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let (_, took) = timed(&nested);
    assert!(took < bound, "nested JSON took {took:?}");
    // A 10 MB paste: one clear finding, at once.
    let paste = block.repeat(10 * 1024 * 1024 / block.len());
    let start = Instant::now();
    let found = lint_dockerfile(&paste);
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "refusing took {:?}",
        start.elapsed()
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].rule, "file-too-large");
}

#[test]
fn binary_junk_in_manifests_and_requirements() {
    let mut rng = Lcg(11);
    for _ in 0..500 {
        let text = rng.junk();
        let _ = lint_checked(FileKind::Kubernetes, &text);
        let _ = lint_checked(FileKind::Requirements, &text);
    }
    for kind in [FileKind::Kubernetes, FileKind::Requirements] {
        let found = lint_checked(kind, "kind: Pod\0\u{1}ELF");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].rule, "parse-error");
    }
}

#[test]
fn random_yaml_soup_never_panics() {
    const FRAGMENTS: &[&str] = &[
        "kind: Pod\n",
        "kind: Deployment\n",
        "kind: List\nitems:\n",
        "spec:\n",
        "  ",
        "    ",
        "template:\n",
        "containers:\n",
        "- ",
        "name: a\n",
        "image: x\n",
        "securityContext:\n",
        "runAsNonRoot: true\n",
        "runAsUser: \"0\"\n",
        "capabilities: {drop: [ALL]}\n",
        "&a ",
        "*a",
        "<<: *a\n",
        "---\n",
        "...\n",
        "[",
        "]",
        "{",
        "}",
        ", ",
        "\"",
        "'",
        "|\n",
        ">-\n",
        "\t",
        "# c\n",
        "? ",
        ": ",
        "!!str ",
        "é",
        "🐳",
        "\r\n",
        "\u{FEFF}",
        "hostNetwork: yes\n",
        "volumes: [{hostPath: {path: /}}]\n",
        "%YAML 1.2\n",
    ];
    let mut rng = Lcg(5);
    for _ in 0..3000 {
        let count = rng.next() % 40;
        let text: String = (0..count).map(|_| rng.pick(FRAGMENTS)).collect();
        let _ = lint_checked(FileKind::Kubernetes, &text);
    }
}

#[test]
fn hostile_yaml_gets_positioned_errors_quickly() {
    let bound = Duration::from_secs(120);
    // Billion laughs: nine levels of ten aliases each.
    let mut bomb = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
    for pair in names.windows(2) {
        let refs = vec![format!("*{}", pair[0]); 10].join(", ");
        let _ = writeln!(bomb, "{}: &{} [{refs}]", pair[1], pair[1]);
    }
    bomb.push_str("kind: Pod\nspec:\n  containers:\n  - <<: *j\n");
    let start = Instant::now();
    let found = lint_checked(FileKind::Kubernetes, &bomb);
    assert!(start.elapsed() < bound);
    let error = found
        .iter()
        .find(|d| d.rule == "parse-error")
        .expect("alias bomb reported");
    assert!(error.message.contains("alias"), "{}", error.message);

    for deep in [
        format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
        format!("{}{}", "{a: ".repeat(10_000), "}".repeat(10_000)),
        // Block nesting: 1,000 levels (10,000 would be a 100 MB file, refused by size).
        (0..1_000).fold(String::new(), |mut out, i| {
            let _ = writeln!(out, "{}- ", "  ".repeat(i));
            out
        }),
    ] {
        let found = lint_checked(FileKind::Kubernetes, &deep);
        let error = found
            .iter()
            .find(|d| d.rule == "parse-error")
            .expect("deep nesting reported");
        assert!(
            error.message.contains("nested") || error.message.contains("Invalid YAML"),
            "{}",
            error.message
        );
    }

    let found = lint_checked(FileKind::Kubernetes, "kind: Pod\nspec:\n\tcontainers: []\n");
    assert_eq!(found.iter().filter(|d| d.rule == "parse-error").count(), 1);
    let found = lint_checked(FileKind::Kubernetes, "a: 1\na: 2\n");
    assert!(found.iter().any(|d| d.rule == "duplicate-key"));
    let found = lint_checked(
        FileKind::Kubernetes,
        "kind: Pod\nspec:\n  containers:\n  - name: a\n    command: [\"sh\"\n",
    );
    let error = found
        .iter()
        .find(|d| d.rule == "parse-error")
        .expect("unclosed flow");
    assert!(error.range.start() > 20, "{error:?}");
}

#[test]
fn the_largest_manifests_and_requirements_lint_without_freezing() {
    let bound = Duration::from_secs(120);
    let pod = "---\napiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - name: a\n    image: nginx\n    securityContext: {privileged: true}\n";
    let big = pod.repeat((MAX_FILE_BYTES - 64) / pod.len());
    let start = Instant::now();
    let found = lint_checked(FileKind::Kubernetes, &big);
    assert!(
        start.elapsed() < bound,
        "10 MB of pods took {:?}",
        start.elapsed()
    );
    assert!(found.len() > 1000);
    let line = "flask>=3 --hash=sha256:00\n";
    let big = line.repeat((MAX_FILE_BYTES - 64) / line.len());
    let start = Instant::now();
    let found = lint_checked(FileKind::Requirements, &big);
    assert!(
        start.elapsed() < bound,
        "10 MB of requirements took {:?}",
        start.elapsed()
    );
    assert!(!found.is_empty());
}
