//! Built-in examples for the playground's examples menu: each is a set of files that
//! teaches something. The first is what a new visitor sees, and is part of the page; the
//! others' files are in `web/generated/examples.js` (generated from this file by the test
//! below), which the page imports when one is picked, so the first load does not carry
//! them.

use bulkhead_rules::FileKind;

use crate::document::Document;

pub const SAMPLE_DOCKERFILE: &str = "\
# Paste your Dockerfile here; findings update as you type.
# This sample follows every rule: a builder installs pinned, hashed dependencies into a
# venv; the runtime copies only the venv and the app, and runs as UID 65532.
FROM python:3.13-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000 AS build
RUN python -m venv /opt/venv
WORKDIR /build
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

const FLASK_DOCKERFILE: &str = "\
# A first Dockerfile, as tutorials often write it. Each finding says what to change.
FROM python:latest
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt
ENV SECRET_KEY=change-me
EXPOSE 5000
CMD python app.py
";

const FLASK_MANIFEST: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: flask
spec:
  template:
    spec:
      containers:
        - name: flask
          image: flask-app:latest
          ports:
            - containerPort: 5000
          securityContext:
            privileged: true
";

const FLASK_REQUIREMENTS: &str = "\
flask
gunicorn>=21
";

const NODE_DOCKERFILE: &str = "\
# A Node.js service: the build stage has npm, the runtime only node and the app.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY src ./src

FROM gcr.io/distroless/nodejs22-debian12:nonroot
WORKDIR /app
COPY --from=build /app /app
USER 65532
CMD [\"src/server.js\"]
";

const MISMATCH_DOCKERFILE: &str = "\
# The image runs as a named user; the pod demands a non-root user it cannot verify,
# and mounts its root filesystem read-only while the app writes to /tmp.
FROM python:3.13-slim
RUN useradd --create-home app
WORKDIR /app
COPY app.py .
USER app
CMD [\"python\", \"app.py\", \"--cache\", \"/tmp/cache\"]
";

const MISMATCH_MANIFEST: &str = "\
apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  securityContext:
    runAsNonRoot: true
  containers:
    - name: app
      image: registry.example/app:1.0
      securityContext:
        readOnlyRootFilesystem: true
";

/// A first Compose file: a web app and its database, as learners write them.
const COMPOSE_APP: &str = "\
services:
  web:
    build: .
    ports:
      - \"8000:8000\"
    environment:
      DATABASE_URL: postgres://app@db/app
    depends_on: [db]

  db:
    image: postgres
    ports:
      - \"5432:5432\"
    environment:
      POSTGRES_PASSWORD: hunter2
    volumes:
      - db-data:/var/lib/postgresql/data

volumes:
  db-data:
";

/// The Dockerfile the Compose example builds.
const COMPOSE_DOCKERFILE: &str = "\
FROM python:3.13-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
USER 65532
CMD [\"gunicorn\", \"--bind\", \"0.0.0.0:8000\", \"app:app\"]
";

/// Files `(name, kind, text)`.
type Files = &'static [(&'static str, FileKind, &'static str)];

/// The files of an example that loads on demand: in the tests (which write
/// `web/generated/examples.js` from them), not in the page.
#[cfg(test)]
const fn later(files: Files) -> Files {
    files
}
#[cfg(not(test))]
const fn later(_: Files) -> Files {
    &[]
}

/// An example: its name in the menu and its files (none: in `web/generated/examples.js`).
#[derive(Debug, Clone, Copy)]
pub struct Example {
    pub id: &'static str,
    pub title: &'static str,
    pub files: Files,
}

pub const EXAMPLES: &[Example] = &[
    Example {
        id: "hardened",
        title: "Hardened Python service (clean)",
        files: &[
            ("Dockerfile", FileKind::Dockerfile, SAMPLE_DOCKERFILE),
            ("deployment.yaml", FileKind::Kubernetes, SAMPLE_MANIFEST),
            (
                "requirements.txt",
                FileKind::Requirements,
                SAMPLE_REQUIREMENTS,
            ),
        ],
    },
    Example {
        id: "first-flask",
        title: "A first Flask Dockerfile (many findings)",
        files: later(&[
            ("Dockerfile", FileKind::Dockerfile, FLASK_DOCKERFILE),
            ("deployment.yaml", FileKind::Kubernetes, FLASK_MANIFEST),
            (
                "requirements.txt",
                FileKind::Requirements,
                FLASK_REQUIREMENTS,
            ),
        ]),
    },
    Example {
        id: "node-distroless",
        title: "Node.js on distroless",
        files: later(&[("Dockerfile", FileKind::Dockerfile, NODE_DOCKERFILE)]),
    },
    Example {
        id: "compose",
        title: "Compose: a web app and its database",
        files: later(&[
            ("compose.yaml", FileKind::Compose, COMPOSE_APP),
            ("Dockerfile", FileKind::Dockerfile, COMPOSE_DOCKERFILE),
        ]),
    },
    Example {
        id: "cross-file",
        title: "Dockerfile and pod that disagree",
        files: later(&[
            ("Dockerfile", FileKind::Dockerfile, MISMATCH_DOCKERFILE),
            ("pod.yaml", FileKind::Kubernetes, MISMATCH_MANIFEST),
        ]),
    },
];

impl Example {
    pub fn document(&self) -> Document {
        Document {
            files: self
                .files
                .iter()
                .map(|(name, kind, text)| ((*name).to_owned(), *kind, (*text).to_owned()))
                .collect(),
            active: 0,
            pairing: None,
            options: None,
            added: Vec::new(),
        }
    }

    pub fn find(id: &str) -> Option<&'static Example> {
        EXAMPLES.iter().find(|e| e.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::EXAMPLES;
    use serde_json::json;
    use std::fmt::Write as _;
    use std::path::Path;

    /// `web/generated/examples.js`: the documents (as share links and drafts hold them) of the
    /// examples the page loads on demand.
    fn module() -> String {
        let mut out = String::from(
            "// Generated from web/src/samples.rs by its test; do not edit. The playground\n\
             // imports it when an example other than the first is picked.\n\
             export default {\n",
        );
        for example in EXAMPLES.iter().skip(1) {
            let files = example
                .files
                .iter()
                .map(|(name, kind, text)| (*name, *kind, *text));
            let document = serde_json::to_string(&bulkhead_rules::render::json::document(files))
                .expect("a document serialises");
            writeln!(out, "  {}: {document},", json!(example.id)).expect("writing to a String");
        }
        out.push_str("};\n");
        out
    }

    #[test]
    fn the_first_example_is_in_the_page_and_the_others_load_on_demand() {
        assert!(!EXAMPLES[0].files.is_empty());
        assert!(
            EXAMPLES.iter().all(|e| !e.files.is_empty()),
            "the tests see every file"
        );
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("generated/examples.js");
        let expected = module();
        if std::env::var_os("BULKHEAD_UPDATE_DOCS").is_some() {
            std::fs::write(&path, &expected).expect("writing web/generated/examples.js");
            return;
        }
        let actual = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            actual == expected,
            "web/generated/examples.js is out of date: run ./x gen"
        );
    }
}
