//! The variant generator: every variant of every Dockerfile here (and of every Python,
//! Go and Node.js Dockerfile in the shared corpus it can rebuild) parses, lints with no error and no warning under
//! bulkhead's own rules, alone and together with its Deployment, and comes out the same
//! when generated again. The findings a variant keeps with the user's own build stages
//! (kept as written) are the ones the user's Dockerfile has: the generator adds none.

mod common;

use std::fmt::Write as _;

use bulkhead_rules::variants::{self, Variants};
use bulkhead_rules::{dockerfile, FileKind, Linter, ProjectFile, Severity};

/// Dockerfiles of different shapes, as people write them.
const SHAPES: &[(&str, &str)] = &[
    (
        "flask, one stage, requirements",
        "FROM python:3.12\nWORKDIR /usr/src/app\nCOPY requirements.txt ./\nRUN pip install -r requirements.txt\nCOPY . .\nEXPOSE 5000\nCMD [\"python\", \"app.py\"]\n",
    ),
    (
        "gunicorn, shell form, build deps",
        "FROM python:3.11-slim\nENV PYTHONUNBUFFERED=1 APP_ENV=production\nRUN apt-get update && apt-get install -y gcc libpq-dev\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY src/ ./src/\nCOPY wsgi.py .\nEXPOSE 8000\nCMD gunicorn --bind 0.0.0.0:8000 wsgi:app\n",
    ),
    (
        "uvicorn, inline pinned packages, a secret",
        "FROM python:3.13\nENV API_TOKEN=abc123\nRUN pip install fastapi==0.115.6 uvicorn==0.34.0\nCOPY main.py /srv/main.py\nWORKDIR /srv\nEXPOSE 80\nENTRYPOINT [\"uvicorn\", \"main:app\", \"--host\", \"0.0.0.0\", \"--port\", \"80\"]\n",
    ),
    (
        "multi-stage, python -m, no port",
        "FROM python:3.13-slim AS build\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --user --require-hashes -r requirements.txt\nFROM python:3.13-slim\nWORKDIR /app\nCOPY --from=build /root/.local /root/.local\nCOPY worker/ worker/\nCMD [\"python\", \"-u\", \"-m\", \"worker\"]\n",
    ),
    (
        "pip install . with pyproject",
        "FROM python:3.12-slim-bookworm\nWORKDIR /code\nCOPY pyproject.toml README.md ./\nCOPY mypkg ./mypkg\nRUN pip install .\nEXPOSE 8080\nCMD [\"python\", \"-m\", \"mypkg\"]\n",
    ),
];

/// Node.js Dockerfiles of different shapes, and the shapes the image harness builds
/// (tests/images/): the frozen binary on scratch, requirements at an absolute path.
const MORE_SHAPES: &[(&str, &str, &[&str])] = &[
    (
        "node: the Node.js guide's Dockerfile",
        "FROM node:24-slim\nWORKDIR /usr/src/app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nEXPOSE 3000\nCMD [\"node\", \"server.js\"]\n",
        &["slim", "chainguard", "distroless"],
    ),
    (
        "node: a build step, node_modules pruned after it, an old Node.js",
        "FROM node:20 AS build\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\nEXPOSE 8080\nCMD [\"node\", \"dist/main.js\"]\n",
        &["slim", "chainguard", "distroless"],
    ),
    (
        "python: develop, PyInstaller + staticx, scratch",
        "FROM python:3.13-slim AS develop\nWORKDIR /app\nCOPY main.py .\nCMD [\"python\", \"main.py\"]\n\nFROM develop AS build-stage\nRUN apt-get update && apt-get install -y --no-install-recommends binutils patchelf && rm -rf /var/lib/apt/lists/*\nRUN pip install --no-cache-dir pyinstaller==6.22.3 staticx==0.14.2\nRUN pyinstaller -F main.py && staticx dist/main dist/main_tmp\n\nFROM scratch\nCOPY --from=build-stage --chown=65535:65535 /app/dist/main_tmp /app/main\nUSER 65535\nEXPOSE 8000\nCMD [\"/app/main\"]\n",
        &["slim", "chainguard", "distroless", "scratch", "static"],
    ),
    (
        "python: gunicorn with uvicorn workers, requirements at an absolute path",
        "FROM python:3.13-slim\nWORKDIR /code\nCOPY ./requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir --upgrade -r /code/requirements.txt\nCOPY ./main.py /code/main.py\nEXPOSE 8080\nCMD [\"gunicorn\", \"-k\", \"uvicorn.workers.UvicornWorker\", \"-b\", \"0.0.0.0:8080\", \"main:app\"]\n",
        &["slim", "chainguard", "distroless", "scratch", "static"],
    ),
    (
        "java: a jar built with javac and jar, run on the JRE (the harness's java-jar)",
        "FROM eclipse-temurin:21-jdk AS build\nWORKDIR /src\nCOPY src ./src\nRUN mkdir -p classes && javac -d classes src/hello/Main.java && jar --create --file app.jar --main-class hello.Main -C classes .\n\nFROM eclipse-temurin:21-jre\nWORKDIR /app\nCOPY --from=build /src/app.jar app.jar\nEXPOSE 8080\nCMD [\"java\", \"-jar\", \"app.jar\"]\n",
        &["slim", "chainguard", "distroless"],
    ),
    (
        "java: Maven in one stage, shell form, a user made with RUN",
        "FROM maven:3.9-eclipse-temurin-17\nWORKDIR /usr/src/app\nCOPY pom.xml .\nRUN mvn -B dependency:go-offline\nCOPY src ./src\nRUN mvn -B package -DskipTests\nEXPOSE 8080\nCMD java -jar target/app.jar\n",
        &["slim", "chainguard", "distroless"],
    ),
    (
        "java: a jar built outside Docker, an unnamed stage copied by index",
        "FROM eclipse-temurin:17-jdk\nWORKDIR /build\nCOPY . .\nRUN ./gradlew --no-daemon bootJar\n\nFROM eclipse-temurin:17-jre\nRUN useradd -r app\nCOPY --from=0 --chown=app /build/build/libs/app.jar /opt/app.jar\nCOPY config/ /etc/app/\nUSER app\nEXPOSE 9000\nENTRYPOINT [\"java\", \"-XX:MaxRAMPercentage=75\", \"-jar\", \"/opt/app.jar\"]\n",
        &["slim", "chainguard", "distroless"],
    ),
    (
        "rust: cargo build --release, distroless cc, a bare command name (the harness's rust-http)",
        "FROM rust:1.85 AS build\nWORKDIR /app\nCOPY Cargo.toml Cargo.lock ./\nCOPY src ./src\nRUN cargo build --release --locked\n\nFROM gcr.io/distroless/cc-debian13:nonroot\nCOPY --from=build /app/target/release/hello-rust /usr/local/bin/hello-rust\nEXPOSE 8080\nCMD [\"hello-rust\"]\n",
        &["chainguard", "scratch", "static"],
    ),
    (
        "rust: two binaries, a build with other commands, config files, Debian slim",
        "FROM rust:1-slim AS builder\nRUN apt-get update && apt-get install -y --no-install-recommends protobuf-compiler && rm -rf /var/lib/apt/lists/*\nWORKDIR /src\nCOPY . .\nRUN cargo build --release --bin server --bin healthcheck && strip target/release/server\n\nFROM debian:bookworm-slim\nRUN useradd -r app\nWORKDIR /srv\nCOPY --from=builder /src/target/release/server ./server\nCOPY --from=builder /src/target/release/healthcheck ./healthcheck\nCOPY config/ ./config/\nUSER app\nEXPOSE 7000\nCMD [\"./server\", \"--config\", \"config/app.toml\"]\n",
        &["chainguard", "scratch", "static"],
    ),
    (
        "rust: the builder's version from a build argument declared before FROM",
        "ARG RUST_VERSION=1.85\nFROM rust:${RUST_VERSION} AS build\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\n\nFROM gcr.io/distroless/cc-debian13\nCOPY --from=build /app/target/release/app /app\nCMD [\"/app\"]\n",
        &["chainguard", "scratch", "static"],
    ),
    (
        "rust: already static (musl), on scratch",
        "FROM rust:1 AS build\nRUN rustup target add x86_64-unknown-linux-musl\nWORKDIR /app\nCOPY . .\nRUN cargo build --release --target x86_64-unknown-linux-musl\n\nFROM scratch\nCOPY --from=build /app/target/x86_64-unknown-linux-musl/release/app /app\nUSER 10001\nENTRYPOINT [\"/app\"]\n",
        &["chainguard", "scratch", "static"],
    ),
];

/// A Dockerfile whose last stage only collects build outputs (`--target binaries`), and
/// whose runnable stage comes before it.
const GO_MULTI_TARGET: &str = "FROM golang:1.27 AS build\nWORKDIR /src\nCOPY . .\nRUN go mod init example.com/tools && go build -o /out/server ./cmd/server && go build -o /out/client ./cmd/client\n\nFROM gcr.io/distroless/static-debian13:nonroot AS server\nCOPY --from=build /out/server /server\nEXPOSE 8080\nENTRYPOINT [\"/server\"]\n\nFROM scratch AS binaries\nCOPY --from=build /out/ /\n";

/// Go Dockerfiles of different shapes.
const GO_SHAPES: &[(&str, &str)] = &[
    (
        "builder on alpine, build args, runtime config, bare command name",
        "FROM golang:1.22-alpine AS builder\nRUN apk add --no-cache git\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nARG VERSION=dev\nRUN CGO_ENABLED=0 go build -ldflags \"-s -w -X main.version=${VERSION}\" -o /bin/server ./cmd/server\n\nFROM alpine:3.20\nRUN apk add --no-cache ca-certificates && adduser -D app\nCOPY --from=builder /bin/server /usr/local/bin/server\nCOPY config.yaml /etc/server/config.yaml\nUSER app\nEXPOSE 8080\nENTRYPOINT [\"server\", \"--config\", \"/etc/server/config.yaml\"]\n",
    ),
    (
        "one stage, relative binary, env",
        "FROM golang:1.26\nWORKDIR /app\nENV GOPROXY=https://proxy.golang.org APP_MODE=prod\nCOPY . .\nRUN go build -o app .\nEXPOSE 80\nCMD [\"./app\"]\n",
    ),
    (
        "awesome-compose shape: cache mounts, scratch, static files from the builder",
        "FROM --platform=$BUILDPLATFORM golang:1.18-alpine AS builder\nWORKDIR /code\nENV CGO_ENABLED 0\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod/cache \\\n    go mod download\nCOPY . .\nRUN go build -race -o bin/backend main.go\n\nFROM scratch\nCOPY --from=builder /code/bin/backend /usr/local/bin/backend\nCOPY --from=builder /code/static /static\nCMD [\"/usr/local/bin/backend\"]\n",
    ),
    (
        "the quick start's shape: no go.mod, `go mod init` in the build, one stage",
        "FROM golang:1.27\nWORKDIR /app\nCOPY *.go ./\nRUN go mod init hello-app\nRUN go build -o /hello-app\nEXPOSE 8080\nCMD [\"/hello-app\"]\n",
    ),
    (
        "multi-target: the server stage, then a last stage that only collects the binaries",
        GO_MULTI_TARGET,
    ),
];

/// Shell-form commands as the public samples write them (Cloud Run's `CMD exec ...`):
/// `exec` in front, shell variables a server reads itself, or that the image's Python
/// expands; and the families each gets.
const SHELL_SHAPES: &[(&str, &str, &[&str])] = &[
    (
        "cloud run: exec gunicorn --bind :$PORT, WORKDIR $APP_HOME",
        "FROM python:3.12-slim\nENV PYTHONUNBUFFERED True\nENV APP_HOME /app\nWORKDIR $APP_HOME\nCOPY . ./\nRUN pip install --no-cache-dir -r requirements.txt\nENV PORT 8080\nCMD exec gunicorn --bind :$PORT --workers 1 --threads 8 --timeout 0 main:app\n",
        &["slim", "chainguard", "distroless", "scratch", "static"],
    ),
    (
        "cloud functions: exec functions-framework --target=hello",
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD exec functions-framework --target=hello\n",
        &["slim", "chainguard", "distroless", "scratch", "static"],
    ),
    (
        "uvicorn --port ${PORT:-8000}, the port from a build argument",
        "FROM python:3.13-slim\nARG PORT=8000\nENV PORT=$PORT\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD uvicorn main:app --host 0.0.0.0 --port ${PORT:-8000}\n",
        &["slim", "chainguard", "distroless", "scratch", "static"],
    ),
    (
        "python app.py --port $PORT: no server reads it, so Python expands it",
        "FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nEXPOSE 5000\nCMD python app.py --port $PORT\n",
        &["slim", "chainguard", "distroless"],
    ),
];

fn errors_and_warnings(files: &[ProjectFile<'_>]) -> Vec<String> {
    Linter::new()
        .check(files)
        .diagnostics
        .iter()
        .zip(files)
        .flat_map(|(found, file)| {
            found
                .iter()
                .filter(|d| d.severity >= Severity::Warning)
                .map(move |d| format!("{} {} {}: {}", file.path, d.code, d.rule, d.message))
        })
        .collect()
}

/// The findings of the user's own Dockerfile, without its path: a variant that keeps the
/// user's build stages as written (Go, Java, Rust) keeps their findings too, and those are
/// the user's to fix; the generator must add none.
fn their_findings(source: &str) -> Vec<String> {
    let file = [ProjectFile {
        path: "Dockerfile",
        kind: FileKind::Dockerfile,
        source,
    }];
    errors_and_warnings(&file)
        .into_iter()
        .filter_map(|f| f.split_once(' ').map(|(_, rest)| rest.to_owned()))
        .collect()
}

/// Check every property of one Dockerfile's variants; `Err` lists what failed.
fn check(name: &str, source: &str, generated: &Variants) -> Result<(), Vec<String>> {
    check_in(name, source, &variants::Context::default(), generated)
}

/// [`check`], for a Dockerfile generated in `context`.
fn check_in(
    name: &str,
    source: &str,
    context: &variants::Context,
    generated: &Variants,
) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    let theirs = their_findings(source);
    let added = |finding: &String| {
        !finding
            .split_once(' ')
            .is_some_and(|(_, rest)| theirs.iter().any(|t| t == rest))
    };
    for variant in &generated.variants {
        let label = format!("{name} / {}", variant.name);
        let parsed = dockerfile::parse(&variant.dockerfile);
        for error in &parsed.errors {
            problems.push(format!("{label}: does not parse: {}", error.message));
        }
        let alone = [ProjectFile {
            path: "Dockerfile",
            kind: FileKind::Dockerfile,
            source: &variant.dockerfile,
        }];
        for finding in errors_and_warnings(&alone).into_iter().filter(added) {
            problems.push(format!("{label}: {finding}"));
        }
        let together = [
            alone[0],
            ProjectFile {
                path: "deployment.yaml",
                kind: FileKind::Kubernetes,
                source: &variant.manifest,
            },
        ];
        for finding in errors_and_warnings(&together).into_iter().filter(added) {
            // With no port there is nothing for a probe to check: the manifest says so.
            let no_port = finding.contains("KS") && finding.contains("missing-probes");
            if !no_port || variant.manifest.contains("containerPort") {
                problems.push(format!("{label} with its Deployment: {finding}"));
            }
        }
    }
    for variant in &generated.variants {
        let label = format!("{name} / {}", variant.name);
        // The hardened Compose service, with the Dockerfile it is built from, named as
        // the playground names them, next to the user's own Dockerfile (which the
        // service must not be paired with).
        let dockerfile = format!("Dockerfile.{}", variant.name);
        let compose = format!("compose.{}.yaml", variant.name);
        let together = [
            ProjectFile {
                path: &dockerfile,
                kind: FileKind::Dockerfile,
                source: &variant.dockerfile,
            },
            ProjectFile {
                path: &compose,
                kind: FileKind::Compose,
                source: &variant.compose,
            },
            ProjectFile {
                path: "Dockerfile",
                kind: FileKind::Dockerfile,
                source,
            },
        ];
        for finding in errors_and_warnings(&together).into_iter().filter(added) {
            if !finding.starts_with("Dockerfile ") {
                problems.push(format!("{label} with its Compose file: {finding}"));
            }
        }
    }
    if variants::generate_in(source, context).as_ref() != Ok(generated) {
        problems.push(format!("{name}: a second run gives different variants"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

#[test]
fn every_variant_of_every_shape_lints_clean() {
    let mut problems = Vec::new();
    for (name, source) in SHAPES {
        let generated = variants::generate(source).unwrap_or_else(|e| panic!("{name}: {e}"));
        let made: Vec<&str> = generated.variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(
            made,
            variants::Family::ALL.map(variants::Family::as_str),
            "{name}: every family is generated (skipped: {:?})",
            generated.skipped
        );
        if let Err(found) = check(name, source, &generated) {
            problems.extend(found);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_variant_of_the_node_and_harness_shapes_lints_clean() {
    let mut problems = Vec::new();
    for (name, source, families) in MORE_SHAPES {
        let generated = variants::generate(source).unwrap_or_else(|e| panic!("{name}: {e}"));
        let made: Vec<&str> = generated.variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(&made, families, "{name} (skipped: {:?})", generated.skipped);
        if let Err(found) = check(name, source, &generated) {
            problems.extend(found);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_harness_shapes_are_read_as_the_user_wrote_them() {
    let dockerfile = |shape: usize, family: &str| {
        let generated = variants::generate(MORE_SHAPES[shape].1).expect("variants");
        generated
            .variants
            .into_iter()
            .find(|v| v.name.as_str() == family)
            .expect("made")
            .dockerfile
    };
    // Node.js: npm ci without development packages; node's own path where no shell is.
    assert!(dockerfile(0, "slim").contains("COPY package*.json ./\n# Only what the app needs at run time: no development packages.\nRUN npm ci --omit=dev\n"));
    assert!(
        dockerfile(0, "distroless").contains("ENTRYPOINT [\"/nodejs/bin/node\", \"server.js\"]")
    );
    assert!(dockerfile(0, "chainguard").contains("FROM cgr.dev/chainguard/node:latest-dev AS build\n# The -dev image runs as nonroot; the build writes the app folder.\nUSER root\n"));
    assert!(!dockerfile(0, "distroless").contains("npm start"));
    // A build step runs with the development packages, which are pruned after it.
    assert!(dockerfile(1, "slim").contains("RUN npm ci\nCOPY . .\nRUN npm run build\n# The build needed the development packages; the runtime does not.\nRUN npm prune --omit=dev\n"));
    // The frozen binary: the app PyInstaller froze, from the develop stage's folder.
    let distroless = dockerfile(2, "distroless");
    assert!(distroless.contains("WORKDIR /app\n"), "{distroless}");
    assert!(
        distroless.contains("ENTRYPOINT [\"/usr/bin/python3\", \"main.py\"]"),
        "{distroless}"
    );
    assert!(
        !distroless.contains("pyinstaller"),
        "the freezing tools are not the app's packages"
    );
    assert!(dockerfile(2, "scratch")
        .contains("pyinstaller --onefile --name app --add-data /opt/data:. main.py"));
    // Requirements come from where the user's COPY took them.
    assert!(dockerfile(3, "slim").contains("COPY ./requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir -r /code/requirements.txt"));
    // gunicorn loads its worker class and the app by name: frozen builds collect them.
    assert!(dockerfile(3, "static").contains(
        "--hidden-import uvicorn.workers --collect-submodules uvicorn --hidden-import main"
    ));
    // The node image's entrypoint runs `node index.js` for `CMD ["index.js"]`; an init
    // in front of the app is dropped; a generic base's language comes from the command.
    let text = |source: &str, family: &str| {
        variants::generate(source)
            .unwrap_or_else(|e| panic!("{e}"))
            .variants
            .into_iter()
            .find(|v| v.name.as_str() == family)
            .expect("made")
            .dockerfile
    };
    assert!(text(
        "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD [\"index.js\"]\n",
        "distroless"
    )
    .contains("ENTRYPOINT [\"/nodejs/bin/node\", \"index.js\"]"));
    assert!(text("FROM node:20-slim\nCOPY . /app\nWORKDIR /app\nENTRYPOINT [\"/usr/bin/tini\", \"--\"]\nCMD [\"node\", \"server.js\"]\n", "chainguard")
        .contains("ENTRYPOINT [\"/usr/bin/node\", \"server.js\"]"));
    assert!(text("FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y python3\nCOPY app.py /app.py\nCMD [\"python3\", \"/app.py\"]\n", "distroless")
        .contains("ENTRYPOINT [\"/usr/bin/python3\", \"/app.py\"]"));
    // Pseudo-code as the command: no variant, and the line is named.
    let error = variants::generate(
        "FROM python:3.13-slim\nCOPY . .\nENTRYPOINT [\"uvicorn\" if your app uses FastAPI else \"gunicorn\"]\n",
    )
    .expect_err("no variants");
    assert!(matches!(error, variants::VariantError::Unreadable { .. }));
    assert!(
        error
            .to_string()
            .starts_with("line 3: `ENTRYPOINT [\"uvicorn\" if"),
        "{error}"
    );
}

#[test]
fn every_variant_of_every_go_shape_lints_clean() {
    let mut problems = Vec::new();
    for (name, source) in GO_SHAPES {
        let generated = variants::generate(source).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(generated.language, variants::Language::Go);
        let made: Vec<&str> = generated.variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(made, ["chainguard", "scratch", "static"], "{name}");
        assert_eq!(
            generated.skipped.len(),
            1,
            "{name}: Debian slim is said to be left out"
        );
        if let Err(found) = check(name, source, &generated) {
            problems.extend(found);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn go_variants_keep_the_build_the_files_and_the_command() {
    let text = |shape: usize, family: &str| {
        let generated = variants::generate(GO_SHAPES[shape].1).expect("a Go Dockerfile");
        let variant = generated
            .variants
            .into_iter()
            .find(|v| v.name.as_str() == family)
            .expect("generated");
        (variant.dockerfile, variant.notes)
    };
    let (scratch, notes) = text(0, "scratch");
    for kept in [
        // The user's build as written, cgo off, on a supported Go.
        "FROM golang:1.27-alpine AS builder\n# Added by bulkhead: no C library to link, so the binary runs without libc.\nENV CGO_ENABLED=0\nRUN apk add --no-cache git\n",
        "COPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nARG VERSION=dev\n",
        "RUN CGO_ENABLED=0 go build -ldflags \"-s -w -X main.version=${VERSION}\" -o /bin/server ./cmd/server\n",
        "COPY config.yaml /etc/server/config.yaml\n",
        "COPY --from=builder /bin/server /usr/local/bin/server\n",
        "ENTRYPOINT [\"/usr/local/bin/server\", \"--config\", \"/etc/server/config.yaml\"]",
        "FROM builder AS rootfs\n",
        "COPY --from=rootfs /etc/ssl/certs/ca-certificates.crt",
        "chmod 1777 /out/rootfs/tmp",
        "USER 65532:65532",
        "EXPOSE 8080",
    ] {
        assert!(scratch.contains(kept), "missing {kept:?} in\n{scratch}");
    }
    let runtime = &scratch[scratch.rfind("\nFROM ").expect("stages")..];
    assert!(!runtime.contains("apk"), "{runtime}");
    assert!(
        notes
            .iter()
            .any(|n| n.contains("`golang:1.22-alpine` is past end of life")),
        "{notes:?}"
    );
    assert!(notes.iter().any(|n| n.contains("timetzdata")), "{notes:?}");

    // One stage: it becomes the build, and the runtime gets the binary the command runs.
    let (static_, _) = text(1, "static");
    assert!(static_.contains("FROM golang:1.26 AS build\n"), "{static_}");
    assert!(
        static_.contains("COPY --from=build /app/app /app/app\n"),
        "{static_}"
    );
    let runtime = &static_[static_.rfind("\nFROM ").expect("stages")..];
    assert!(
        runtime.contains("ENV APP_MODE=prod\n") && !runtime.contains("GOPROXY"),
        "the build's Go settings stay in the build: {runtime}"
    );
    assert!(
        !static_.contains("ca-certificates.crt"),
        "distroless static has them"
    );

    let (chainguard, notes) = text(2, "chainguard");
    assert!(
        chainguard.contains("COPY --from=builder /code/static /static\n"),
        "{chainguard}"
    );
    assert!(
        chainguard.contains("FROM --platform=$BUILDPLATFORM golang:1.27-alpine AS builder"),
        "{chainguard}"
    );
    assert!(
        notes.iter().any(|n| n.contains("passes -race")),
        "{notes:?}"
    );
}

#[test]
fn go_variants_keep_go_mod_init_and_rebuild_the_stage_that_runs() {
    let generated = variants::generate(GO_SHAPES[3].1).expect("a Go Dockerfile");
    let scratch = &generated.variants[1].dockerfile;
    assert!(
        scratch.contains("ENV CGO_ENABLED=0\nWORKDIR /app\nCOPY *.go ./\nRUN go mod init hello-app\nRUN go build -o /hello-app\n"),
        "{scratch}"
    );
    assert!(
        scratch.contains("COPY --from=build /hello-app /hello-app\n"),
        "{scratch}"
    );
    assert!(scratch.contains("ENTRYPOINT [\"/hello-app\"]"), "{scratch}");

    // The last stage with a command is the default; `--target` chooses another.
    assert_eq!(variants::targets(GO_MULTI_TARGET), ["server"]);
    let default = variants::generate(GO_MULTI_TARGET).expect("the server stage");
    let chainguard = &default.variants[0].dockerfile;
    assert!(
        chainguard.contains("COPY --from=build /out/server /server\n")
            && chainguard.contains("ENTRYPOINT [\"/server\"]")
            && !chainguard.contains("binaries"),
        "{chainguard}"
    );
    let context = |target: &str| variants::Context {
        target: Some(target.to_owned()),
        ..variants::Context::default()
    };
    assert_eq!(
        variants::generate_in(GO_MULTI_TARGET, &context("SERVER")).as_ref(),
        Ok(&default),
        "stage names match as docker matches them, in any case"
    );
    assert_eq!(
        variants::generate_in(GO_MULTI_TARGET, &context("binaries")),
        Err(variants::VariantError::NoCommand),
        "the stage asked for, even when it runs nothing"
    );
    let unknown = variants::generate_in(GO_MULTI_TARGET, &context("web"))
        .expect_err("no such stage")
        .to_string();
    assert_eq!(
        unknown,
        "no stage is named `web`: the stages are `build`, `server`, `binaries`"
    );
}

/// A build context of `package.json` with these scripts, and the files named.
fn node_context(scripts: &str, files: &[&str]) -> variants::Context {
    let mut files: Vec<variants::ContextFile> = files
        .iter()
        .map(|path| variants::ContextFile {
            path: (*path).to_owned(),
            text: None,
        })
        .collect();
    files.push(variants::ContextFile {
        path: "package.json".to_owned(),
        text: Some(format!(
            "{{\n  \"name\": \"app\",\n  \"scripts\": {{{scripts}}}\n}}\n"
        )),
    });
    variants::Context::of(files)
}

#[test]
fn npm_start_runs_the_script_from_package_json_with_node() {
    let dockerfile = |command: &str| {
        format!("FROM node:22-slim\nWORKDIR /usr/src/app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nEXPOSE 3000\nCMD {command}\n")
    };
    let mut problems = Vec::new();
    for (name, command, scripts, files, entrypoint, env) in [
        (
            "npm start",
            "[\"npm\", \"start\"]",
            "\"start\": \"node server.js\"",
            &[][..],
            "[\"/nodejs/bin/node\", \"server.js\"]",
            None,
        ),
        (
            "npm run start:dev, an environment prefix, arguments after --",
            "npm run start:dev -- --port 3000",
            "\"build\": \"tsc\", \"start:dev\": \"NODE_ENV=development node --enable-source-maps dist/main.js\"",
            &[],
            "[\"/nodejs/bin/node\", \"--enable-source-maps\", \"dist/main.js\", \"--port\", \"3000\"]",
            Some("ENV NODE_ENV=development\n"),
        ),
        (
            "yarn start",
            "[\"yarn\", \"start\"]",
            "\"start\": \"node ./bin/www\"",
            &[],
            "[\"/nodejs/bin/node\", \"./bin/www\"]",
            None,
        ),
        (
            "pnpm start with no start script: npm's default, node server.js",
            "[\"pnpm\", \"start\"]",
            "\"test\": \"node --test\"",
            &["server.js"],
            "[\"/nodejs/bin/node\", \"server.js\"]",
            None,
        ),
    ] {
        let source = dockerfile(command);
        let context = node_context(scripts, files);
        let generated = variants::generate_in(&source, &context)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let distroless = generated
            .variants
            .iter()
            .find(|v| v.name.as_str() == "distroless")
            .expect("distroless");
        let text = &distroless.dockerfile;
        assert!(
            text.contains(&format!("ENTRYPOINT {entrypoint}")),
            "{name}:\n{text}"
        );
        assert!(!text.contains("npm start") && !text.contains("yarn"), "{name}");
        if let Some(env) = env {
            assert!(text.contains(env) && !text.contains("NODE_ENV=production"), "{name}:\n{text}");
        }
        assert!(
            distroless.notes.iter().any(|n| n.contains("scripts.")),
            "{name}: {:?}",
            distroless.notes
        );
        if let Err(found) = check_in(name, &source, &context, &generated) {
            problems.extend(found);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // What the variants cannot run is refused, naming the line and what to give.
    let refused = |command: &str, scripts: Option<&str>| {
        let context = scripts.map_or_else(variants::Context::default, |s| node_context(s, &[]));
        variants::generate_in(&dockerfile(command), &context)
            .expect_err("refused")
            .to_string()
    };
    let missing = refused("[\"npm\", \"start\"]", None);
    assert!(
        missing.starts_with("line 7: ")
            && missing.contains("have no npm")
            && missing.contains("package.json")
            && missing.contains("scripts.start"),
        "{missing}"
    );
    let chained = refused(
        "[\"npm\", \"start\"]",
        Some("\"start\": \"npm run build && node server.js\""),
    );
    assert!(
        chained.starts_with("line 7: ") && chained.contains("more than one command"),
        "{chained}"
    );
    let other = refused("[\"yarn\", \"start\"]", Some("\"start\": \"next start\""));
    assert!(other.contains("runs `next`, not node"), "{other}");
    let absent = refused(
        "[\"npm\", \"run\", \"serve\"]",
        Some("\"start\": \"node a.js\""),
    );
    assert!(
        absent.contains("package.json has no `scripts.serve`"),
        "{absent}"
    );
}

/// JDK and JRE images known by the catalog's facts, not their names: a Maven build on
/// Temurin, run on each of them, makes Java variants, and the user's Java release is read
/// from the runtime's name or tag.
#[test]
fn java_runtimes_of_every_vendor_make_java_variants() {
    let mut problems = Vec::new();
    for (runtime, release) in [
        ("amazoncorretto:21", "21"),
        ("adoptopenjdk:11-jre-hotspot", "11"),
        ("adoptopenjdk/openjdk8:jre", "8"),
        ("bellsoft/liberica-openjdk-debian:17", "17"),
        ("bellsoft/liberica-runtime-container:jre-21-musl", "21"),
        ("mcr.microsoft.com/openjdk/jdk:21-distroless", "21"),
        ("openjdk:17-jre-slim", "17"),
        ("eclipse-temurin:17-jre", "17"),
    ] {
        let source = format!("FROM maven:3-eclipse-temurin-17 AS build\nWORKDIR /src\nCOPY pom.xml .\nCOPY src ./src\nRUN mvn -B package -DskipTests\n\nFROM {runtime}\nCOPY --from=build /src/target/app.jar /app.jar\nEXPOSE 8080\nENTRYPOINT [\"java\", \"-jar\", \"/app.jar\"]\n");
        let generated = variants::generate(&source).unwrap_or_else(|e| panic!("{runtime}: {e}"));
        assert_eq!(generated.language, variants::Language::Java, "{runtime}");
        let made: Vec<&str> = generated.variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(made, ["slim", "chainguard", "distroless"], "{runtime}");
        let slim = &generated.variants[0];
        let kept = format!("Java {release} becomes");
        assert!(
            slim.facts.language_version().starts_with(release)
                || slim.notes.iter().any(|n| n.contains(&kept)),
            "{runtime}: the user's Java {release} is read: {} {:?}",
            slim.facts.variant.image,
            slim.notes
        );
        assert!(
            slim.dockerfile
                .contains("FROM maven:3-eclipse-temurin-17 AS build\n")
                && slim
                    .dockerfile
                    .contains("COPY --from=build /src/target/app.jar /app.jar\n"),
            "{runtime}:\n{}",
            slim.dockerfile
        );
        if let Err(found) = check(runtime, &source, &generated) {
            problems.extend(found);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A binary built outside Docker on `scratch` is already minimal: the static families
/// add CA certificates, tzdata, /tmp and a nonroot user to the same binary.
#[test]
fn a_prebuilt_binary_on_scratch_gets_the_static_families() {
    let mut problems = Vec::new();
    for (source, language, entrypoint) in [
        (
            "FROM scratch\nCOPY target/release/hello /hello\nEXPOSE 8080\nENTRYPOINT [\"/hello\"]\n",
            variants::Language::Rust,
            "ENTRYPOINT [\"/hello\"]",
        ),
        (
            "FROM scratch\nWORKDIR /srv\nCOPY bin/server ./\nCOPY config.yaml /etc/server.yaml\nUSER 10001\nCMD [\"./server\", \"-config\", \"/etc/server.yaml\"]\n",
            variants::Language::Go,
            "ENTRYPOINT [\"/srv/server\", \"-config\", \"/etc/server.yaml\"]",
        ),
    ] {
        let generated = variants::generate(source).unwrap_or_else(|e| panic!("{source}: {e}"));
        assert_eq!(generated.language, language);
        let made: Vec<&str> = generated.variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(made, ["chainguard", "static"]);
        assert!(generated
            .skipped
            .iter()
            .any(|s| s.name.as_str() == "scratch" && s.reason.contains("already on scratch")));
        for variant in &generated.variants {
            assert!(variant.dockerfile.contains(entrypoint), "{}", variant.dockerfile);
            assert!(variant.notes[0].contains("already minimal"));
        }
        if let Err(found) = check(source, source, &generated) {
            problems.extend(found);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // A binary the Dockerfile builds, in a language bulkhead has no generator for, is
    // not a prebuilt one: its build would be lost.
    assert_eq!(
        variants::generate("FROM debian:13 AS build\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev\nCOPY hello.c .\nRUN gcc -static -o /hello hello.c\nFROM scratch\nCOPY --from=build /hello /hello\nCMD [\"/hello\"]\n"),
        Err(variants::VariantError::Unsupported { language: None })
    );
}

/// tiangolo's app-server images start `/app/main.py`'s `app` with their own script: the
/// variants run it with gunicorn (uvicorn workers for ASGI), installed with the app, on a
/// port a non-root user can open, and say so.
#[test]
fn app_server_images_run_their_convention_with_gunicorn() {
    let mut problems = Vec::new();
    for (image, command, package) in [
        (
            "tiangolo/uvicorn-gunicorn-fastapi:python3.11",
            "[\"/opt/venv/bin/gunicorn\", \"-k\", \"uvicorn.workers.UvicornWorker\", \"-b\", \"0.0.0.0:8080\", \"main:app\"]",
            "uvicorn==0.34.0",
        ),
        (
            "tiangolo/uvicorn-gunicorn:python3.11-slim",
            "[\"/opt/venv/bin/gunicorn\", \"-k\", \"uvicorn.workers.UvicornWorker\"",
            "gunicorn==23.0.0",
        ),
        (
            "tiangolo/uwsgi-nginx-flask:python3.12",
            "[\"/opt/venv/bin/gunicorn\", \"-b\", \"0.0.0.0:8080\", \"main:app\"]",
            "flask==3.1.0",
        ),
        (
            "tiangolo/uwsgi-nginx:python3.12",
            "[\"/opt/venv/bin/gunicorn\", \"-b\", \"0.0.0.0:8080\", \"main:app\"]",
            "gunicorn==23.0.0",
        ),
        (
            "tiangolo/meinheld-gunicorn-flask:python3.9",
            "[\"/opt/venv/bin/gunicorn\", \"-b\", \"0.0.0.0:8080\", \"main:app\"]",
            "gunicorn==23.0.0",
        ),
    ] {
        let source = format!("FROM {image}\nCOPY ./requirements.txt /app/requirements.txt\nRUN pip install --no-cache-dir -r /app/requirements.txt\nCOPY ./app /app\n");
        let generated = variants::generate(&source).unwrap_or_else(|e| panic!("{image}: {e}"));
        assert_eq!(generated.language, variants::Language::Python, "{image}");
        let chainguard = generated
            .variants
            .iter()
            .find(|v| v.name.as_str() == "chainguard")
            .expect("chainguard");
        let text = &chainguard.dockerfile;
        assert!(text.contains(command), "{image}:\n{text}");
        assert!(text.contains(package) && text.contains("EXPOSE 8080"), "{image}:\n{text}");
        assert!(
            chainguard.notes.iter().any(|n| n.contains("by its own convention"))
                && chainguard.notes.iter().any(|n| n.contains("port 80")),
            "{image}: {:?}",
            chainguard.notes
        );
        assert!(chainguard.manifest.contains("containerPort: 8080"));
        if let Err(found) = check(image, &source, &generated) {
            problems.extend(found);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // A package the user's requirements already pin is not added again.
    let context = variants::Context::of(vec![variants::ContextFile {
        path: "requirements.txt".to_owned(),
        text: Some("Flask==3.0.3\n".to_owned()),
    }]);
    let generated = variants::generate_in(
        "FROM tiangolo/uwsgi-nginx-flask:python3.12\nCOPY requirements.txt /tmp/\nRUN pip install -r /tmp/requirements.txt\nCOPY ./app /app\n",
        &context,
    )
    .expect("variants");
    let slim = &generated.variants[0].dockerfile;
    assert!(
        !slim.contains("flask==3.1.0") && slim.contains("gunicorn==23.0.0"),
        "{slim}"
    );
}

#[test]
fn variants_keep_the_users_paths_command_and_port() {
    let (_, source) = SHAPES[1];
    let generated = variants::generate(source).expect("a Python Dockerfile");
    let by_name = |name: &str| {
        &generated
            .variants
            .iter()
            .find(|v| v.name.as_str() == name)
            .expect("generated")
            .dockerfile
    };
    for variant in &generated.variants {
        assert!(
            variant.dockerfile.contains("EXPOSE 8000"),
            "{}",
            variant.name
        );
        assert!(
            variant.dockerfile.contains("USER 65532:65532"),
            "{}",
            variant.name
        );
        assert!(variant.manifest.contains("containerPort: 8000"));
    }
    for name in ["slim", "chainguard", "distroless"] {
        let text = by_name(name);
        assert!(
            text.contains("COPY src/ ./src/\nCOPY wsgi.py .\n"),
            "{name} keeps the user's COPY paths:\n{text}"
        );
        assert!(text.contains("WORKDIR /app"), "{name}");
        assert!(text.contains("ENV APP_ENV=production"), "{name}");
    }
    assert!(
        by_name("slim").contains("CMD [\"gunicorn\", \"--bind\", \"0.0.0.0:8000\", \"wsgi:app\"]")
    );
    assert!(by_name("chainguard").contains("ENTRYPOINT [\"/opt/venv/bin/gunicorn\", \"--bind\""));
    assert!(by_name("distroless")
        .contains("ENTRYPOINT [\"/usr/bin/python3\", \"-m\", \"gunicorn\", \"--bind\""));
    // The module the server imports by name (`wsgi:app`) is collected too.
    assert!(by_name("scratch").contains(
        "--collect-submodules gunicorn --add-data /opt/data:. --paths /app --hidden-import wsgi /opt/launcher.py"
    ));
    assert!(
        by_name("scratch").contains("chmod 0755 /opt/app"),
        "staticx writes 0700"
    );
    assert!(by_name("scratch").contains("chmod 1777 /opt/rootfs/tmp"));
    assert!(
        by_name("scratch").contains("COPY --from=build /opt/rootfs/ /\n"),
        "the folder holding tmp/ is copied, so /tmp keeps 1777"
    );
    assert!(by_name("scratch").contains("COPY --from=build /etc/ssl/certs/ca-certificates.crt"));
    assert!(
        !by_name("static").contains("ca-certificates.crt"),
        "distroless static has them"
    );
    // The builder's Debian packages stay in the builder.
    let slim = by_name("slim");
    let runtime = &slim[slim.rfind("\nFROM ").expect("two stages")..];
    assert!(!runtime.contains("libpq-dev") && slim.contains("libpq-dev"));
}

#[test]
fn secrets_are_left_out_and_said_so() {
    let (_, source) = SHAPES[2];
    let generated = variants::generate(source).expect("a Python Dockerfile");
    for variant in &generated.variants {
        assert!(!variant.dockerfile.contains("abc123"), "{}", variant.name);
        assert!(
            variant.dockerfile.contains("`API_TOKEN` is left out"),
            "{}",
            variant.name
        );
    }
}

#[test]
fn what_cannot_be_generated_says_why() {
    let error = |source: &str| {
        variants::generate(source)
            .expect_err("no variants")
            .to_string()
    };
    assert!(error("").contains("no FROM"));
    assert!(error(
        "FROM eclipse-temurin:21\nCOPY build/install/app /app\nCMD [\"/app/bin/app\"]\n"
    )
    .contains("launcher script needs a shell"));
    assert!(error(
        "FROM maven:3.9-eclipse-temurin-21\nCOPY . .\nCMD [\"mvn\", \"spring-boot:run\"]\n"
    )
    .contains("build tool at run time"));
    assert!(
        error("FROM node:24-slim\nCOPY . .\nCMD [\"npm\", \"start\"]\n").contains("have no npm")
    );
    assert!(
        error("FROM golang:1.27\nCOPY . .\nCMD [\"go\", \"run\", \"main.go\"]\n")
            .contains("no `go build`")
    );
    assert!(error(
        "FROM golang:1.27\nCOPY . .\nRUN go build -o /app .\nCMD [\"go\", \"run\", \".\"]\n"
    )
    .contains("`go run`"));
    assert!(
        error("FROM python:3.13-slim\nRUN pip install flask==3.1.0\n")
            .contains("no CMD or ENTRYPOINT")
    );
    // A shell script as the command: only the slim variant can run it.
    let generated =
        variants::generate("FROM python:3.13-slim\nCOPY start.sh /start.sh\nCMD [\"/start.sh\"]\n")
            .expect("a Python Dockerfile");
    let made: Vec<&str> = generated.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(made, ["slim"]);
    assert!(generated
        .skipped
        .iter()
        .all(|s| s.reason.contains("no shell")));
}

#[test]
fn the_catalog_is_dated_and_has_every_family_for_python() {
    assert_eq!(variants::checked_on().len(), 10);
    for base in variants::bases() {
        assert_eq!(base.checked_on().len(), 10, "{}", base.variant.image);
    }
    for family in variants::Family::ALL {
        let base = variants::base(variants::Language::Python, family, None)
            .unwrap_or_else(|| panic!("no default {family} base for Python"));
        assert!(base.variant.default);
    }
    // The slim variant keeps the user's Python when the catalog has it.
    let base = variants::base(
        variants::Language::Python,
        variants::Family::Slim,
        Some("3.12"),
    )
    .expect("3.12");
    assert_eq!(base.variant.image, "python:3.12-slim");
}

#[test]
fn a_variant_set_snapshot() {
    let (_, source) = SHAPES[0];
    let generated = variants::generate(source).expect("a Python Dockerfile");
    let mut shown = String::new();
    for variant in &generated.variants {
        let _ = write!(
            shown,
            "==== {} ({})\n{}\n---- notes\n{}\n",
            variant.name,
            variant.facts.variant.image,
            variant.dockerfile,
            variant.notes.join("\n")
        );
    }
    let _ = write!(
        shown,
        "==== deployment (slim)\n{}",
        generated.variants[0].manifest
    );
    insta::assert_snapshot!(shown);
}

/// Corpus Dockerfiles that got every applicable family when this was last measured.
const COMPLETE_FLOOR: usize = 64;

#[test]
fn corpus_python_dockerfiles() {
    let files = common::corpus_files("dockerfiles", |name| name.ends_with(".Dockerfile"));
    if files.is_empty() {
        return;
    }
    let mut generated_for = 0;
    let mut complete = 0;
    let mut problems = Vec::new();
    for (name, source) in &files {
        let Ok(generated) = variants::generate(source) else {
            continue;
        };
        generated_for += 1;
        // Every family that applies: Go and Rust leave out Debian slim on purpose (a
        // static binary needs no runtime), Node.js and Java scratch and distroless static
        // (they need their runtime); every other family counts.
        let applicable_skipped = generated.skipped.iter().any(|s| {
            !matches!(
                (generated.language, s.name.as_str()),
                (variants::Language::Go | variants::Language::Rust, "slim")
                    | (
                        variants::Language::Node | variants::Language::Java,
                        "scratch" | "static"
                    )
            )
        });
        if !applicable_skipped {
            complete += 1;
        }
        if let Err(found) = check(name, source, &generated) {
            problems.extend(found);
        }
    }
    eprintln!(
        "corpus: {complete} of {} Dockerfiles get every applicable family; {generated_for} get some variants",
        files.len()
    );
    // 38 before the image harness work; 54 with the Node.js generator, inits (tini)
    // dropped and the language read from the command; 61 with the Java generator, 64
    // with the Rust one (all 2026-12-01).
    assert!(
        complete >= COMPLETE_FLOOR,
        "only {complete} corpus Dockerfiles get every family (at least {COMPLETE_FLOOR} did)"
    );
    assert!(
        generated_for >= 10,
        "only {generated_for} corpus Dockerfiles gave variants"
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The rules and the variants read one catalog: every base a variant runs on is found,
/// where the rules look images up, at the entry whose facts its table shows.
#[test]
fn every_variant_base_is_the_rules_catalog_entry_it_shows() {
    use bulkhead_rules::dockerfile::ImageRef;
    use bulkhead_rules::knowledge::catalog::catalog;
    let mut problems = Vec::new();
    for base in variants::bases() {
        let found = catalog().facts(&ImageRef::parse(base.variant.image));
        if !found.is_some_and(|facts| std::ptr::eq(facts, base.entry)) {
            problems.push(format!(
                "{} ({} {}): the rules read {:?}, the variant shows {}:{}",
                base.variant.image,
                base.variant.language.as_str(),
                base.variant.family,
                found.map(|f| format!("{}:{}", f.repository, f.tag)),
                base.entry.repository,
                base.entry.tag
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Kept build stages keep the build arguments their `FROM` lines use.
#[test]
fn kept_stages_keep_the_arguments_declared_before_from() {
    for (source, stage) in [
        (
            "ARG RUST_VERSION=1.85\nFROM rust:${RUST_VERSION} AS build\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nFROM scratch\nCOPY --from=build /app/target/release/app /app\nCMD [\"/app\"]\n",
            "FROM rust:${RUST_VERSION} AS build",
        ),
        (
            "ARG JDK=21\nFROM eclipse-temurin:${JDK}-jdk AS build\nWORKDIR /src\nCOPY . .\nRUN javac -d out Main.java && jar --create --file app.jar --main-class Main -C out .\nFROM eclipse-temurin:21-jre\nCOPY --from=build /src/app.jar /app.jar\nCMD [\"java\", \"-jar\", \"/app.jar\"]\n",
            "FROM eclipse-temurin:${JDK}-jdk AS build",
        ),
    ] {
        let generated = variants::generate(source).expect("variants");
        for variant in &generated.variants {
            let text = &variant.dockerfile;
            let arg = source.lines().next().expect("the ARG line");
            let (at_arg, at_stage) = (text.find(arg), text.find(stage));
            assert!(
                at_arg.is_some() && at_stage.is_some() && at_arg < at_stage,
                "{}: the argument comes before the stage that uses it:\n{text}",
                variant.name
            );
        }
    }
}

#[test]
fn shell_form_commands_run_without_a_shell() {
    let mut problems = Vec::new();
    let mut made = Vec::new();
    for (name, source, families) in SHELL_SHAPES {
        let generated = variants::generate(source).unwrap_or_else(|e| panic!("{name}: {e}"));
        let names: Vec<&str> = generated.variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(
            &names, families,
            "{name} (skipped: {:?})",
            generated.skipped
        );
        if let Err(found) = check(name, source, &generated) {
            problems.extend(found);
        }
        for variant in &generated.variants {
            let command = variant.dockerfile.lines().last().unwrap_or_default();
            assert!(
                !command.contains("[\"exec\""),
                "{name} / {}: exec is no program: {command}",
                variant.name
            );
            if variant.name != variants::Family::Slim {
                assert!(
                    !command.contains('$') || command.contains("expandvars"),
                    "{name} / {}: exec form does not expand variables: {command}",
                    variant.name
                );
            }
        }
        made.push(generated);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let text = |shape: usize, family: &str| {
        let variant = made[shape]
            .variants
            .iter()
            .find(|v| v.name.as_str() == family)
            .expect("made");
        (variant.dockerfile.clone(), variant.notes.join("\n"))
    };
    // gunicorn binds 0.0.0.0:$PORT by itself: the flag goes, the user's ENV PORT stays.
    let (chainguard, notes) = text(0, "chainguard");
    assert!(chainguard.contains("ENTRYPOINT [\"/opt/venv/bin/gunicorn\", \"--workers\", \"1\", \"--threads\", \"8\", \"--timeout\", \"0\", \"main:app\"]"), "{chainguard}");
    assert!(
        chainguard.contains("ENV PORT=8080\n") && chainguard.contains("EXPOSE 8080\n"),
        "{chainguard}"
    );
    assert!(
        chainguard.contains("WORKDIR /app\n"),
        "WORKDIR $APP_HOME is expanded: {chainguard}"
    );
    assert!(notes.contains("gunicorn reads `PORT` itself"), "{notes}");
    let (scratch, _) = text(0, "scratch");
    assert!(
        scratch.contains("ENTRYPOINT [\"/usr/local/bin/app\", \"--workers\""),
        "{scratch}"
    );
    // The shell stays on slim, with exec so the server gets the signals.
    let (slim, _) = text(0, "slim");
    assert!(
        slim.contains("CMD [\"sh\", \"-c\", \"exec gunicorn --bind :$PORT --workers"),
        "{slim}"
    );
    // exec dropped, functions-framework run as its module where no script can run.
    let (distroless, _) = text(1, "distroless");
    assert!(distroless.contains("ENTRYPOINT [\"/usr/bin/python3\", \"-m\", \"functions_framework\", \"--target=hello\"]"), "{distroless}");
    // uvicorn reads UVICORN_PORT; the value is the build argument's default.
    let (distroless, notes) = text(2, "distroless");
    assert!(
        distroless.contains("ENV UVICORN_PORT=8000\n"),
        "{distroless}"
    );
    assert!(
        distroless.contains("ENV PORT=8000\n"),
        "ENV PORT=$PORT keeps the ARG's value: {distroless}"
    );
    assert!(
        distroless.contains("\"main:app\", \"--host\", \"0.0.0.0\"]"),
        "{distroless}"
    );
    assert!(
        notes.contains("is not followed: set UVICORN_PORT instead"),
        "{notes}"
    );
    // No server reads it: the image's Python expands it, and scratch is refused at the line.
    let (chainguard, notes) = text(3, "chainguard");
    assert!(chainguard.contains("ENTRYPOINT [\"/opt/venv/bin/python\", \"-c\", \"import os, sys; os.execvp(sys.argv[1], [os.path.expandvars(a) for a in sys.argv[1:]])\", \"/opt/venv/bin/python\", \"app.py\", \"--port\", \"$PORT\"]"), "{chainguard}");
    assert!(notes.contains("os.path.expandvars"), "{notes}");
    let skipped = &made[3].skipped;
    assert!(
        skipped.iter().all(|s| s
            .reason
            .starts_with("line 5: your command uses shell variables")),
        "{skipped:?}"
    );
}

/// A context of files at these paths, with their text.
fn context_of(files: &[(&str, Option<&str>)]) -> variants::Context {
    variants::Context::of(
        files
            .iter()
            .map(|(path, text)| variants::ContextFile {
                path: (*path).to_owned(),
                text: text.map(str::to_owned),
            })
            .collect(),
    )
}

#[test]
fn the_users_python_stays_and_old_pins_are_checked() {
    let source = "FROM python:3.11-slim\nENV DJANGO_SETTINGS_MODULE=mysite.settings\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir --require-hashes -r requirements.txt\nCOPY . .\nEXPOSE 8000\nCMD [\"gunicorn\", \"--bind\", \"0.0.0.0:8000\", \"mysite.wsgi:application\"]\n";
    let requirements = "django==5.2.19 \\\n    --hash=sha256:00\npsycopg2-binary==2.9.9 \\\n    --hash=sha256:11\n";
    let context = context_of(&[
        ("requirements.txt", Some(requirements)),
        ("manage.py", None),
    ]);
    let generated = variants::generate_in(source, &context).expect("variants");
    check_in("python 3.11 pins", source, &context, &generated)
        .unwrap_or_else(|p| panic!("{}", p.join("\n")));
    let bases: Vec<(&str, &str)> = generated
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.facts.variant.image))
        .collect();
    assert_eq!(
        bases,
        [
            ("slim", "python:3.11-slim"),
            ("scratch", "scratch"),
            ("static", "gcr.io/distroless/static-debian13:nonroot"),
        ]
    );
    for variant in &generated.variants {
        assert!(
            variant.dockerfile.contains("FROM python:3.11-slim"),
            "{}: built with the user's Python:\n{}",
            variant.name,
            variant.dockerfile
        );
    }
    // Chainguard has only its newest Python and distroless only 3.13 (python3-debian12 is
    // no longer built), where the pin has no wheel: left out, and why said.
    let reasons: Vec<(&str, &str)> = generated
        .skipped
        .iter()
        .map(|s| (s.name.as_str(), s.reason.as_str()))
        .collect();
    let [("chainguard", chainguard), ("distroless", distroless)] = reasons.as_slice() else {
        panic!("{reasons:?}");
    };
    assert!(
        chainguard
            .contains("psycopg2-binary==2.9.9 has no wheel for CPython 3.14 (the first is 2.9.11)"),
        "{chainguard}"
    );
    assert!(
        distroless
            .contains("psycopg2-binary==2.9.9 has no wheel for CPython 3.13 (the first is 2.9.10)"),
        "{distroless}"
    );
    // Without the context the pins are unknown: the variant is made and says so.
    let blind = variants::generate(source).expect("variants");
    let notes = &blind
        .variants
        .iter()
        .find(|v| v.name == variants::Family::Chainguard)
        .expect("made")
        .notes;
    assert!(
        notes
            .iter()
            .any(|n| n.contains("Python 3.11 becomes 3.14")
                && n.contains("requirements.txt not read")),
        "{notes:?}"
    );
}

#[test]
fn frozen_binaries_carry_the_files_the_app_reads() {
    let source = "FROM python:3.13-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY app.py facts.txt ./\nCOPY templates/ templates/\nCOPY static/ static/\nEXPOSE 5000\nCMD [\"python\", \"app.py\"]\n";
    let context = context_of(&[
        ("Dockerfile", None),
        ("app.py", None),
        ("facts.txt", None),
        ("requirements.txt", Some("flask==3.1.3\n")),
        ("static/style.css", None),
        ("templates/index.html", None),
        ("templates/__pycache__/x.pyc", None),
    ]);
    let generated = variants::generate_in(source, &context).expect("variants");
    check_in("flask with templates", source, &context, &generated)
        .unwrap_or_else(|p| panic!("{}", p.join("\n")));
    for family in [variants::Family::Scratch, variants::Family::Static] {
        let variant = generated
            .variants
            .iter()
            .find(|v| v.name == family)
            .expect("made");
        let text = &variant.dockerfile;
        for wanted in [
            "RUN mkdir -p /opt/data && cp -r --parents facts.txt static templates /opt/data/\n",
            "pyinstaller --onefile --name app --add-data /opt/data:. app.py",
            "WORKDIR /app\nCOPY --from=build /opt/data/ /app/\nCOPY --from=build /opt/app /usr/local/bin/app\n",
        ] {
            assert!(text.contains(wanted), "{family}: no {wanted:?} in\n{text}");
        }
        assert!(
            variant
                .notes
                .iter()
                .any(|n| n.ends_with("facts.txt, static/, templates/.")),
            "{:?}",
            variant.notes
        );
    }
    // No context: every file but code is taken, found in the builder, and said so.
    let blind = variants::generate(source).expect("variants");
    let scratch = blind
        .variants
        .iter()
        .find(|v| v.name == variants::Family::Scratch)
        .expect("made");
    assert!(
        scratch.dockerfile.contains("find . -type f ! -name '*.py'"),
        "{}",
        scratch.dockerfile
    );
    assert!(scratch
        .notes
        .iter()
        .any(|n| n.contains("The build context was not read")));
    // functions-framework loads main.py by path: it goes beside the binary, and what it
    // imports into it.
    let source = "FROM python:3.12-slim\nWORKDIR /workspace\nCOPY . .\nRUN pip install -r requirements.txt\nCMD exec functions-framework --target=hello\n";
    let context = context_of(&[
        ("main.py", None),
        ("requirements.txt", Some("functions-framework==3.10.2\n")),
    ]);
    let generated = variants::generate_in(source, &context).expect("variants");
    check_in("functions-framework", source, &context, &generated)
        .unwrap_or_else(|p| panic!("{}", p.join("\n")));
    let text = &generated
        .variants
        .iter()
        .find(|v| v.name == variants::Family::Static)
        .expect("made")
        .dockerfile;
    assert!(
        text.contains("cp -r --parents main.py /opt/data/"),
        "{text}"
    );
    assert!(text.contains("--hidden-import main"), "{text}");
    assert!(
        text.contains("--collect-submodules functions_framework --collect-submodules gunicorn"),
        "functions-framework serves with gunicorn, which loads its classes by name: {text}"
    );
}
