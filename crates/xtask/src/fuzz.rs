//! `cargo xtask fuzz`: mutation fuzzing of the parsers, rules, cross-file rules and fix
//! engine, seeded with real files. For each input it checks that nothing panics, that
//! linting and fixing stay under a time limit, that every range lies inside the text,
//! and that fixing keeps the file readable and is a fixed point.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bulkhead_rules::linter::fix::fix_file;
use bulkhead_rules::{Diagnostic, FileKind, Linter, ProjectFile};

/// Built-in seeds, so the fuzzer works without the corpus.
const SEEDS: &[(FileKind, &str)] = &[
    (FileKind::Dockerfile, "# syntax=docker/dockerfile:1\nARG PY=3.13\nFROM python:${PY}-slim AS build\nRUN apt-get update && apt-get install -y --no-install-recommends gcc \\\n  && rm -rf /var/lib/apt/lists/*\nCOPY requirements.txt .\nRUN pip install --user -r requirements.txt\nFROM gcr.io/distroless/python3-debian13:nonroot\nCOPY --from=build /root/.local /home/nonroot/.local\nCOPY --chown=65532:65532 app.py /app/\nEXPOSE 8080\nHEALTHCHECK CMD [\"python3\", \"-c\", \"print(1)\"]\nUSER 65532\nCMD [\"python3\", \"/app/app.py\"]\n"),
    (FileKind::Dockerfile, "FROM node\nRUN <<EOF\nnpm ci\nEOF\nONBUILD RUN apt install curl\nADD https://example.com/x.tgz /x\nUSER root\nCMD node server.js\n"),
    (FileKind::Kubernetes, "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      securityContext:\n        runAsNonRoot: true\n        readOnlyRootFilesystem: true\n      containers:\n      - name: app\n        image: registry.example/app:1.0\n        ports: [{name: http, containerPort: 8080}]\n        securityContext: {allowPrivilegeEscalation: \"false\", capabilities: {drop: ALL}}\n        livenessProbe: {exec: {command: [curl, -f, http://localhost:8080/]}}\n---\nkind: Service\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: web}]\n"),
    (FileKind::Kubernetes, "base: &b\n  runAsUser: 0\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      <<: *b\n      privileged: true\n"),
    (FileKind::Compose, "x-defaults: &defaults\n  restart: unless-stopped\n  security_opt: [\"no-new-privileges:true\"]\nservices:\n  web:\n    <<: *defaults\n    build: {context: ., dockerfile: Dockerfile}\n    ports:\n      - \"8080:8080\"\n      - target: 443\n        published: \"8443\"\n    environment:\n      - DB_PASSWORD=hunter2\n      - DEBUG\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n      - type: bind\n        source: /etc\n        target: /host/etc\n    cap_add: [SYS_ADMIN]\n    healthcheck: {test: [\"NONE\"]}\n  db:\n    image: postgres\n    user: \"0:0\"\n    ports: [\"5432:5432\"]\n    environment: {POSTGRES_PASSWORD: example}\n    deploy: {resources: {limits: {memory: 512M}}}\n"),
    (FileKind::Compose, "version: '3.8'\nservices: {app: {image: x, read_only: false, tmpfs: /run, privileged: true, network_mode: host, devices: [/dev/sda]}}\n"),
    (FileKind::Compose, "include:\n  - compose.base.yaml\n  - path: [./compose.base.yaml, ../x.yaml]\nservices:\n  web:\n    extends: {file: compose.base.yaml, service: app}\n  app:\n    extends: {file: ./compose.base.yaml, service: web}\n    user: root\n"),
    (FileKind::Requirements, "# deps\nflask==3.1.1 \\\n    --hash=sha256:0000000000000000000000000000000000000000000000000000000000000000\nrequests>=2\n-e git+https://github.com/o/r@main#egg=r\n--extra-index-url http://pypi.internal/simple\nrequests==2.32.3\n"),
];

/// Fragments the mutator inserts: the syntax each parser cares about.
const TOKENS: &[&str] = &[
    "\n",
    " ",
    "\t",
    "\\\n",
    "\r\n",
    "#",
    "\"",
    "'",
    "`",
    "$",
    "${",
    "}",
    "[",
    "]",
    "{",
    "}",
    ":",
    ": ",
    "- ",
    "---\n",
    "&a ",
    "*a",
    "<<: *a\n",
    "!!str ",
    "|\n",
    ">-\n",
    "<<EOF\n",
    "EOF\n",
    "&&",
    "||",
    "|",
    ";",
    "FROM ",
    "RUN ",
    "COPY ",
    "ADD ",
    "USER ",
    "CMD ",
    "ENTRYPOINT ",
    "HEALTHCHECK ",
    "ONBUILD ",
    "EXPOSE ",
    "ENV ",
    "ARG ",
    "WORKDIR ",
    "SHELL ",
    "VOLUME ",
    "--from=",
    "--chown=",
    "--mount=type=cache ",
    "kind: Pod\n",
    "spec:\n",
    "containers:\n",
    "securityContext:\n",
    "runAsNonRoot: true\n",
    "image: ",
    "==",
    ">=",
    "--hash=sha256:",
    "-r ",
    "é",
    "🐳",
    "\u{FEFF}",
    "\0",
    "65532",
    "root",
    "apt-get install ",
    "pip install ",
    "curl -fsSL x | sh",
    "setcap cap_net_bind_service=+ep /x",
    "readOnlyRootFilesystem: true\n",
];

/// A small deterministic generator (the same seed gives the same inputs).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap_or(1)).unwrap_or(0)
    }
}

/// The nearest character boundary at or before `at`.
fn floor(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// One mutation of `text`: insert a token, delete or duplicate a slice, splice in
/// part of another seed, flip a byte, or truncate.
fn mutate(rng: &mut Rng, text: &str, other: &str) -> String {
    let at = floor(text, rng.below(text.len() + 1));
    let len = rng.below(40);
    let end = floor(text, at + len);
    match rng.below(7) {
        0 | 1 => format!(
            "{}{}{}",
            &text[..at],
            TOKENS[rng.below(TOKENS.len())],
            &text[at..]
        ),
        2 => format!("{}{}", &text[..at], &text[end..]),
        3 => format!("{}{}{}", &text[..end], &text[at..end], &text[end..]),
        4 => {
            let from = floor(other, rng.below(other.len() + 1));
            let to = floor(other, from + rng.below(200));
            format!("{}{}{}", &text[..at], &other[from..to], &text[at..])
        }
        5 => {
            let mut bytes = text.as_bytes().to_vec();
            if !bytes.is_empty() {
                let i = rng.below(bytes.len());
                bytes[i] ^= 1 << rng.below(8);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        }
        _ => text[..at].to_owned(),
    }
}

/// What went wrong with one input.
#[derive(Debug)]
pub struct Failure {
    pub index: usize,
    pub kind: FileKind,
    pub input: String,
    pub problem: String,
}

/// The outcome of a run.
#[derive(Debug)]
pub struct Report {
    pub inputs: usize,
    pub failures: Vec<Failure>,
    pub slowest: Duration,
    pub elapsed: Duration,
}

fn check_ranges(text: &str, diagnostics: &[Diagnostic]) -> Result<(), String> {
    for d in diagnostics {
        let (start, end) = (d.range.start(), d.range.end());
        if start > end
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            return Err(format!("{} has a bad range {start}..{end}", d.code));
        }
    }
    Ok(())
}

fn parse_errors(diagnostics: &[Diagnostic]) -> usize {
    diagnostics.iter().filter(|d| d.parse_error).count()
}

/// Lint and fix one input; `Err` describes a broken invariant.
fn exercise(kind: FileKind, text: &str, partner: Option<(FileKind, &str)>) -> Result<(), String> {
    let found = Linter::new().preview(true).lint(kind, text);
    check_ranges(text, &found)?;
    let fixed = fix_file(kind, text, true);
    if parse_errors(&Linter::new().preview(true).lint(kind, &fixed.text)) > parse_errors(&found) {
        return Err("fixing made the file unreadable".to_owned());
    }
    let again = fix_file(kind, &fixed.text, true);
    if again.text != fixed.text {
        return Err("fixing twice changed the text".to_owned());
    }
    if let Some((other_kind, other)) = partner {
        // A second Compose file has the name the seeds include and extend.
        let other_path = if other_kind == kind {
            "compose.base.yaml"
        } else {
            other_kind.default_name()
        };
        let files = [
            ProjectFile {
                path: kind.default_name(),
                kind,
                source: text,
            },
            ProjectFile {
                path: other_path,
                kind: other_kind,
                source: other,
            },
        ];
        for (file, diagnostics) in files
            .iter()
            .zip(Linter::new().preview(true).check(&files).diagnostics)
        {
            check_ranges(file.source, &diagnostics)?;
        }
    }
    Ok(())
}

/// Seeds: the built-in ones plus every file of the corpus directory, if given.
fn seeds(corpus: Option<&Path>) -> Vec<(FileKind, String)> {
    let mut seeds: Vec<(FileKind, String)> =
        SEEDS.iter().map(|(k, t)| (*k, (*t).to_owned())).collect();
    // The Compose files written for the rules' tests, when the source tree is here.
    let compose = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/rules/tests/compose");
    if let Ok(entries) = std::fs::read_dir(compose) {
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths
            .iter()
            .filter(|p| p.to_string_lossy().ends_with(".compose.yaml"))
        {
            if let Ok(text) = std::fs::read_to_string(path) {
                seeds.push((FileKind::Compose, text));
            }
        }
    }
    let Some(corpus) = corpus else { return seeds };
    for (sub, kind) in [
        ("dockerfiles", FileKind::Dockerfile),
        ("k8s", FileKind::Kubernetes),
    ] {
        let Ok(entries) = std::fs::read_dir(corpus.join(sub)) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            if let Ok(bytes) = std::fs::read(&path) {
                seeds.push((kind, String::from_utf8_lossy(&bytes).into_owned()));
            }
        }
    }
    seeds
}

/// Run `inputs` mutated inputs from `seed`. Each input is 1–4 mutations of a seed file.
pub fn run(inputs: usize, seed: u64, corpus: Option<&Path>, limit: Duration) -> Report {
    let seeds = seeds(corpus);
    let of_kind = |kind: FileKind| -> Vec<&str> {
        seeds
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, t)| t.as_str())
            .collect()
    };
    let (manifests, composes, dockerfiles) = (
        of_kind(FileKind::Kubernetes),
        of_kind(FileKind::Compose),
        of_kind(FileKind::Dockerfile),
    );
    let mut rng = Rng(seed.max(1));
    let mut failures = Vec::new();
    let mut slowest = Duration::ZERO;
    let started = Instant::now();
    for index in 0..inputs {
        let (kind, base) = &seeds[rng.below(seeds.len())];
        let other = &seeds[rng.below(seeds.len())].1;
        let mut text = base.clone();
        for _ in 0..=rng.below(4) {
            text = mutate(&mut rng, &text, other);
        }
        // Every fourth Dockerfile is also read with a manifest or a Compose file, and every
        // fourth Compose file with a Dockerfile or another Compose file (which it may
        // include or extend), for the cross-file rules.
        let partners: &[(FileKind, &Vec<&str>)] = match kind {
            FileKind::Dockerfile => &[
                (FileKind::Kubernetes, &manifests),
                (FileKind::Compose, &composes),
            ],
            FileKind::Compose => &[
                (FileKind::Dockerfile, &dockerfiles),
                (FileKind::Compose, &composes),
            ],
            _ => &[],
        };
        let partner = (index % 4 == 0 && !partners.is_empty())
            .then(|| partners[rng.below(partners.len())])
            .filter(|(_, texts)| !texts.is_empty())
            .map(|(k, texts)| (k, texts[rng.below(texts.len())]));
        let start = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| exercise(*kind, &text, partner)));
        let took = start.elapsed();
        slowest = slowest.max(took);
        let problem = match outcome {
            Err(_) => Some("panicked".to_owned()),
            Ok(Err(problem)) => Some(problem),
            Ok(Ok(())) if took > limit => Some(format!("took {} ms", took.as_millis())),
            Ok(Ok(())) => None,
        };
        if let Some(problem) = problem {
            failures.push(Failure {
                index,
                kind: *kind,
                input: text,
                problem,
            });
        }
    }
    Report {
        inputs,
        failures,
        slowest,
        elapsed: started.elapsed(),
    }
}
