//! The course's lessons (see `super`), in order: from a naive single-stage Python Dockerfile to a hardened multi-stage one with its Restricted Deployment.

use super::{Goal, Lesson, LessonFile};
use crate::engine::registry::Checklist;

pub(super) const LESSONS: &[Lesson] = &[
    Lesson {
        id: "base-slim",
        title: "Start from a slim base image",
        checklist: Some(Checklist::MinimalBase),
        explanation: "`python:3.13` is a whole Debian system: compilers, `git`, `curl` and hundreds of libraries a Flask app never uses. Each one is more to download, more for a scanner to find holes in, and a ready toolbox for anyone who breaks in. The `-slim` tag is the same Python on a trimmed Debian, a fraction of the size; and pip's download cache is dead weight in the image too.",
        files: &[LessonFile {
            name: "Dockerfile",
            text: r#"# A first Flask image, as tutorials often write it.
FROM python:3.13
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
EXPOSE 8080
CMD ["python", "app.py"]
"#,
        }],
        goal: Goal {
            text: "Make *Small, minimal base image* pass on `python:3.13-slim`",
            passes: &[Checklist::MinimalBase],
            absent: &["DF100"],
            no_errors: true,
            final_base: Some("python:3.13-slim"),
        },
        hints: &[
            "DF100 says the base is a full distribution image; its help names the smaller variant of the same image.",
            "Change the tag to `python:3.13-slim`: the same Python version, without the build tools.",
            "DF310 is under the same item: add `--no-cache-dir` to `pip install` so pip's cache stays out of the layer.",
        ],
        reference: "CIS Docker Benchmark 4.3; bulkhead DF100, DF310",
        solution: &[LessonFile {
            name: "Dockerfile",
            text: r#"# The same app on the slim variant: same Python, far fewer packages.
FROM python:3.13-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
EXPOSE 8080
CMD ["python", "app.py"]
"#,
        }],
    },
    Lesson {
        id: "multi-stage",
        title: "Build in one stage, ship another",
        checklist: Some(Checklist::MultiStage),
        explanation: "Some dependencies compile C code when pip installs them, so this Dockerfile installs `build-essential`, and the compiler ships with the app. Nothing needs a compiler at run time, but an attacker would love one. A multi-stage build compiles in a builder stage and copies only the installed packages into a clean final stage; the builder is thrown away.",
        files: &[LessonFile {
            name: "Dockerfile",
            text: r#"# Some dependencies compile C extensions, so the image gets a compiler.
FROM python:3.13-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY app.py .
CMD ["python", "app.py"]
"#,
        }],
        goal: Goal {
            text: "Make *Multi-stage build* pass: no compiler in the image that ships",
            passes: &[Checklist::MultiStage],
            absent: &["DF104"],
            no_errors: true,
            final_base: None,
        },
        hints: &[
            "Name the first stage (`FROM python:3.13-slim AS build`) and keep the `apt-get install` there.",
            "In the builder, install into a folder of its own: `pip install --no-cache-dir --prefix=/install -r requirements.txt`.",
            "Start a second `FROM python:3.13-slim` and copy only the result: `COPY --from=build /install /usr/local`.",
        ],
        reference: "CIS Docker Benchmark 4.3; Docker docs: Multi-stage builds; bulkhead DF104",
        solution: &[LessonFile {
            name: "Dockerfile",
            text: r#"# The builder has the compiler and builds the packages.
FROM python:3.13-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY requirements.txt .
RUN pip install --no-cache-dir --prefix=/install -r requirements.txt

# The runtime gets only the installed packages and the app.
FROM python:3.13-slim
COPY --from=build /install /usr/local
WORKDIR /app
COPY app.py .
CMD ["python", "app.py"]
"#,
        }],
    },
    Lesson {
        id: "non-root",
        title: "Run as a non-root user",
        checklist: Some(Checklist::NonRoot),
        explanation: "Without a `USER` line the container runs as root, so a bug in the app hands an attacker root inside the container, one step from the host. The Deployment already asks Kubernetes for `runAsNonRoot: true`, and the kubelet checks that before it starts the pod: with a root image, the pod never starts. The fix belongs in the image: a numeric, non-root user that Kubernetes can verify.",
        files: &[
            LessonFile {
                name: "Dockerfile",
                text: r#"FROM python:3.13-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY app.py .
CMD ["python", "app.py"]
"#,
            },
            LessonFile {
                name: "deployment.yaml",
                text: NON_ROOT_DEPLOYMENT,
            },
        ],
        goal: Goal {
            text: "Make *Runs as a non-root user* pass without breaking the pod",
            passes: &[Checklist::NonRoot],
            absent: &["DF200", "XF002"],
            no_errors: true,
            final_base: None,
        },
        hints: &[
            "XF002 is the kubelet's refusal: `runAsNonRoot: true` and an image that runs as root.",
            "Add a `USER` line to the Dockerfile, after the steps that need root (`pip install`) and before `CMD`.",
            "Use a number, `USER 65532`: with a name (`USER app`) the kubelet cannot tell it is not root (XF001).",
        ],
        reference: "CIS Docker Benchmark 4.1; Kubernetes PSS Restricted: Running as Non-root; bulkhead DF200, XF002",
        solution: &[
            LessonFile {
                name: "Dockerfile",
                text: r#"FROM python:3.13-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY app.py .
# A numeric UID, so the kubelet can verify runAsNonRoot.
USER 65532
CMD ["python", "app.py"]
"#,
            },
            LessonFile {
                name: "deployment.yaml",
                text: NON_ROOT_DEPLOYMENT,
            },
        ],
    },
    Lesson {
        id: "venv",
        title: "Install dependencies in a virtual environment",
        checklist: Some(Checklist::IsolatedDependencies),
        explanation: "`pip install` as root writes into the system Python of the image, mixed with the packages the distribution's own tools rely on, and pip itself with it. Installing into a virtual environment in a builder stage keeps your dependencies in one folder, apart from the system. The runtime stage copies that one folder and puts it first on `PATH`.",
        files: &[LessonFile {
            name: "Dockerfile",
            text: r#"FROM python:3.13-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY app.py .
USER 65532
CMD ["python", "app.py"]
"#,
        }],
        goal: Goal {
            text: "Make *Dependencies installed as user / in a venv and copied* pass",
            passes: &[Checklist::IsolatedDependencies],
            absent: &["DF313"],
            no_errors: true,
            final_base: None,
        },
        hints: &[
            "Add a builder stage (`FROM python:3.13-slim AS build`) and create the venv there: `RUN python -m venv /opt/venv`.",
            "Install with the venv's own pip: `RUN /opt/venv/bin/pip install --no-cache-dir -r requirements.txt`.",
            "In the final stage, `COPY --from=build /opt/venv /opt/venv` and `ENV PATH=/opt/venv/bin:$PATH`.",
        ],
        reference: "Python Packaging User Guide: Install packages in a virtual environment; bulkhead DF313",
        solution: &[LessonFile {
            name: "Dockerfile",
            text: r#"FROM python:3.13-slim AS build
RUN python -m venv /opt/venv
WORKDIR /build
COPY requirements.txt .
RUN /opt/venv/bin/pip install --no-cache-dir -r requirements.txt

FROM python:3.13-slim
# Only the venv: the same Python path in both stages, so its links still work.
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /app
COPY app.py .
USER 65532
CMD ["python", "app.py"]
"#,
        }],
    },
    Lesson {
        id: "secrets",
        title: "Keep secrets out of the image",
        checklist: Some(Checklist::NoSecrets),
        explanation: "Every `ARG` and `ENV` value is saved in the image: `docker history` and `docker inspect` show it to anyone who can pull the image, long after the build. Here a token for the private package index and the app's signing key both end up there. A build secret is mounted for one `RUN` only and never written to a layer; the app's key belongs to where the container runs, such as a Kubernetes Secret.",
        files: &[LessonFile {
            name: "Dockerfile",
            text: r#"FROM python:3.13-slim
# The token reads the company's private package index.
ARG PIP_INDEX_TOKEN
ENV SECRET_KEY=dev-secret-change-me
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir \
    --index-url "https://__token__:${PIP_INDEX_TOKEN}@pypi.example.com/simple" \
    -r requirements.txt
COPY app.py .
USER 65532
CMD ["python", "app.py"]
"#,
        }],
        goal: Goal {
            text: "Make *No secrets in the image* pass",
            passes: &[Checklist::NoSecrets],
            absent: &["DF400"],
            no_errors: true,
            final_base: None,
        },
        hints: &[
            "DF400 flags both lines: anything in `ARG` or `ENV` stays readable in the image.",
            "Put the index URL, token included, in a `pip.conf` and mount it for one step: `RUN --mount=type=secret,id=pip_conf,target=/etc/pip.conf pip install ...`; build with `docker build --secret id=pip_conf,src=pip.conf .`.",
            "Delete `ENV SECRET_KEY`: give the key to the container when it runs (`docker run -e`, or a Kubernetes Secret).",
        ],
        reference: "CIS Docker Benchmark 4.10; Docker docs: Build secrets; bulkhead DF400",
        solution: &[LessonFile {
            name: "Dockerfile",
            text: r#"FROM python:3.13-slim
WORKDIR /app
COPY requirements.txt .
# pip.conf (with the index URL and its token) is mounted for this step only.
# Build: docker build --secret id=pip_conf,src=pip.conf .
RUN --mount=type=secret,id=pip_conf,target=/etc/pip.conf \
    pip install --no-cache-dir -r requirements.txt
COPY app.py .
USER 65532
# SECRET_KEY comes at run time, from a Kubernetes Secret.
CMD ["python", "app.py"]
"#,
        }],
    },
    Lesson {
        id: "pinning",
        title: "Pin the base image and the dependencies",
        checklist: Some(Checklist::PinnedDependencies),
        explanation: "`python:latest` and an unpinned `flask` mean a different image every time you build: a new Python, a new Flask, or a package someone slipped into the index. Pinning makes builds repeatable, and only you decide when something changes. A digest pins the exact base image, `==` the exact version, and `--hash` the exact file pip may install.",
        files: &[
            LessonFile {
                name: "Dockerfile",
                text: r#"FROM python:latest
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY app.py .
USER 65532
CMD ["python", "app.py"]
"#,
            },
            LessonFile {
                name: "requirements.txt",
                text: UNPINNED_REQUIREMENTS,
            },
        ],
        goal: Goal {
            text: "Make *Base image and dependencies pinned* pass",
            passes: &[Checklist::PinnedDependencies],
            absent: &["DF001", "RQ001"],
            no_errors: true,
            final_base: None,
        },
        hints: &[
            "Pick a version and add its digest: `FROM python:3.13-slim@sha256:...` (`docker buildx imagetools inspect python:3.13-slim` prints it).",
            "In requirements.txt, pin every line with `==` and add its `--hash=sha256:...`; `pip-compile --generate-hashes` writes both.",
            "Install with `pip install --require-hashes -r requirements.txt`, so pip refuses any file whose hash does not match.",
        ],
        reference: "CIS Docker Benchmark 4.11, 5.28; bulkhead DF001, DF101, RQ001, DF312",
        solution: &[
            LessonFile {
                name: "Dockerfile",
                text: r#"# The digest pins the exact image; Renovate or Dependabot can keep it current.
FROM python:3.13-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir --require-hashes -r requirements.txt
COPY app.py .
USER 65532
CMD ["python", "app.py"]
"#,
            },
            LessonFile {
                name: "requirements.txt",
                text: r"# pip-compile --generate-hashes writes these (the hashes here are placeholders,
# and the list is shortened: it also pins what flask and gunicorn need).
flask==3.1.1 \
    --hash=sha256:0000000000000000000000000000000000000000000000000000000000000000
gunicorn==23.0.0 \
    --hash=sha256:0000000000000000000000000000000000000000000000000000000000000000
",
            },
        ],
    },
    Lesson {
        id: "scanning",
        title: "Scan the image: start from a supported base",
        checklist: Some(Checklist::Scanned),
        explanation: "A scanner such as Trivy lists the known vulnerabilities in an image, but it cannot fix a base whose version is past its end of life: Python 3.8 gets no security fixes any more, so every new hole stays open. Moving to a supported version is the first step; then scan the built image in CI, and again as new vulnerabilities are published. bulkhead reads files, not images, so the scan itself happens elsewhere.",
        files: &[LessonFile {
            name: "Dockerfile",
            text: r#"FROM python:3.8-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY app.py .
USER 65532
CMD ["python", "app.py"]
"#,
        }],
        goal: Goal {
            text: "Build on a base that still gets security fixes (no DF103)",
            passes: &[],
            absent: &["DF103"],
            no_errors: true,
            final_base: None,
        },
        hints: &[
            "DF103 says which version is past its end of life, and since when.",
            "Move to a supported Python, such as `python:3.13-slim`, and run your tests on it.",
            "Then scan what you build: `trivy image --severity HIGH,CRITICAL --exit-code 1 IMAGE` in CI.",
        ],
        reference: "CIS Docker Benchmark 4.4; bulkhead DF103",
        solution: &[LessonFile {
            name: "Dockerfile",
            text: r#"# A Python version with security support (until 2029).
FROM python:3.13-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY app.py .
USER 65532
CMD ["python", "app.py"]
"#,
        }],
    },
    Lesson {
        id: "signing",
        title: "Sign the image and run it by digest",
        checklist: Some(Checklist::Signed),
        explanation: "A tag such as `1.4.2` is a label anyone with push access can move to another image, so the cluster may run something you never built or signed. A digest names the exact image bytes: sign that image in CI with `cosign sign`, verify the signature before it runs (`cosign verify`, or an admission policy), and reference it by digest so what runs is what was verified. Signing happens outside these files; referencing by digest is the part they show.",
        files: &[LessonFile {
            name: "deployment.yaml",
            text: r#"apiVersion: apps/v1
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
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: app
          image: registry.example/app:1.4.2
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 256Mi}
          readinessProbe:
            httpGet: {path: /healthz, port: 8080}
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}
"#,
        }],
        goal: Goal {
            text: "Reference the image by digest, so what runs is the image you signed (no KS305)",
            passes: &[],
            absent: &["KS305"],
            no_errors: true,
            final_base: None,
        },
        hints: &[
            "KS305 points at the `image:` line: a tag, but no digest.",
            "Keep the tag for people and add the digest: `registry.example/app:1.4.2@sha256:...` (`crane digest` or `docker buildx imagetools inspect` prints it).",
            "In CI: `cosign sign registry.example/app@sha256:...`, and `cosign verify` (or a Kyverno / Sigstore policy) before it runs.",
        ],
        reference: "OWASP Docker Security Cheat Sheet rule 13 (supply chain); Sigstore cosign; bulkhead KS305",
        solution: &[LessonFile {
            name: "deployment.yaml",
            text: r#"apiVersion: apps/v1
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
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: app
          image: registry.example/app:1.4.2@sha256:0000000000000000000000000000000000000000000000000000000000000000
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 256Mi}
          readinessProbe:
            httpGet: {path: /healthz, port: 8080}
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}
"#,
        }],
    },
    Lesson {
        id: "read-only",
        title: "A read-only root filesystem and resource limits",
        checklist: Some(Checklist::ReadOnlyAndLimits),
        explanation: "If the container's filesystem is writable, an attacker who gets in can drop tools or change the app's code; a read-only root stops that, and an `emptyDir` gives the app the one folder it really writes to, `/tmp`. Without limits, one leaking or attacked container can eat the node's memory and take its neighbours down. Requests tell the scheduler what the pod needs; the memory limit caps it.",
        files: &[LessonFile {
            name: "deployment.yaml",
            text: r#"apiVersion: apps/v1
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
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: app
          image: registry.example/app:1.0.0@sha256:0000000000000000000000000000000000000000000000000000000000000000
          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              drop: ["ALL"]
          readinessProbe:
            httpGet: {path: /healthz, port: 8080}
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}
"#,
        }],
        goal: Goal {
            text: "Make *Read-only root filesystem and resource limits* pass",
            passes: &[Checklist::ReadOnlyAndLimits],
            absent: &["KS301", "KS302"],
            no_errors: true,
            final_base: None,
        },
        hints: &[
            "Add `readOnlyRootFilesystem: true` to the container's `securityContext`.",
            "The app still needs a writable `/tmp`: add an `emptyDir` volume and mount it there.",
            "Add `resources:` with `requests` for cpu and memory and a `limits` for memory, e.g. `requests: {cpu: 100m, memory: 128Mi}` and `limits: {memory: 256Mi}`.",
        ],
        reference: "NSA/CISA Kubernetes Hardening Guidance: Immutable container file systems, Resource policies; bulkhead KS301, KS302",
        solution: &[LessonFile {
            name: "deployment.yaml",
            text: r#"apiVersion: apps/v1
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
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: app
          image: registry.example/app:1.0.0@sha256:0000000000000000000000000000000000000000000000000000000000000000
          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              drop: ["ALL"]
            readOnlyRootFilesystem: true
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
"#,
        }],
    },
    Lesson {
        id: "health",
        title: "Health checks and probes",
        checklist: Some(Checklist::HealthChecks),
        explanation: "A process can be running and still be stuck: deadlocked, out of database connections, never answering. Without a health check, Docker and Kubernetes only see that it is running, keep sending it traffic and never restart it. A `HEALTHCHECK` in the image and readiness and liveness probes in the Deployment ask the app itself; the check must use a program the image has, and slim images have no `curl`.",
        files: &[
            LessonFile {
                name: "Dockerfile",
                text: r#"FROM python:3.13-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY app.py .
USER 65532
EXPOSE 8080
CMD ["python", "app.py"]
"#,
            },
            LessonFile {
                name: "deployment.yaml",
                text: r#"apiVersion: apps/v1
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
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: app
          image: registry.example/app:1.0.0@sha256:0000000000000000000000000000000000000000000000000000000000000000
          ports:
            - containerPort: 8080
          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              drop: ["ALL"]
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 256Mi}
"#,
            },
        ],
        goal: Goal {
            text: "Make *Health checks and probes* pass in the image and in the Deployment",
            passes: &[Checklist::HealthChecks],
            absent: &["DF500", "KS303"],
            no_errors: true,
            final_base: None,
        },
        hints: &[
            "The app answers on `/healthz`, port 8080: check that, in the Dockerfile and in the Deployment.",
            "Slim images have no `curl`; use the image's own Python in exec form: `HEALTHCHECK CMD [\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz')\"]`.",
            "In the container, add `readinessProbe:` and `livenessProbe:`, each with `httpGet: {path: /healthz, port: 8080}`.",
        ],
        reference: "CIS Docker Benchmark 4.6; Kubernetes docs: Liveness, Readiness and Startup Probes; bulkhead DF500, KS303",
        solution: &[
            LessonFile {
                name: "Dockerfile",
                text: r#"FROM python:3.13-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY app.py .
USER 65532
EXPOSE 8080
# The image has no curl: its own Python asks the app.
HEALTHCHECK CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz')"]
CMD ["python", "app.py"]
"#,
            },
            LessonFile {
                name: "deployment.yaml",
                text: r#"apiVersion: apps/v1
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
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: app
          image: registry.example/app:1.0.0@sha256:0000000000000000000000000000000000000000000000000000000000000000
          ports:
            - containerPort: 8080
          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              drop: ["ALL"]
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 256Mi}
          readinessProbe:
            httpGet: {path: /healthz, port: 8080}
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}
"#,
            },
        ],
    },
    Lesson {
        id: "base-chainguard",
        title: "A Chainguard runtime",
        checklist: Some(Checklist::MinimalBase),
        explanation: "Even a slim Debian ships a shell, `apt` and a few hundred packages the app never calls. Chainguard's Python image has only Python and the libraries it needs, rebuilt as fixes land so it usually has few or no known vulnerabilities, and it runs as a non-root user; its `-dev` tag adds a shell and pip for the builder. Open *Compare base images* to see the Chainguard variant of this Dockerfile and what you give up: no shell to debug with, only the newest Python for free, and `latest` tags that you pin by digest.",
        files: &[LessonFile {
            name: "Dockerfile",
            text: SLIM_DOCKERFILE,
        }],
        goal: Goal {
            text: "Ship on `cgr.dev/chainguard/python` with *Small, minimal base image* passing",
            passes: &[Checklist::MinimalBase],
            absent: &[],
            no_errors: true,
            final_base: Some("cgr.dev/chainguard/python"),
        },
        hints: &[
            "Open *Compare base images*: its Chainguard variant is one way to write it.",
            "Build with `cgr.dev/chainguard/python:latest-dev` (it has pip; it runs as nonroot, so switch to `USER root` to write `/opt`), and ship on `cgr.dev/chainguard/python:latest`. Shipping the `-dev` tag is DF102.",
            "Both tags have Python at `/usr/bin/python`, so the venv still works; the image's entrypoint is Python itself, so use `ENTRYPOINT [\"python\", \"app.py\"]` rather than `CMD`.",
        ],
        reference: "Chainguard Images: Python; bulkhead DF100, DF102",
        solution: &[LessonFile {
            name: "Dockerfile",
            text: r#"# The -dev image has a shell and pip to build the venv; the runtime has neither.
FROM cgr.dev/chainguard/python:latest-dev@sha256:0000000000000000000000000000000000000000000000000000000000000000 AS build
USER root
RUN python -m venv /opt/venv
WORKDIR /build
COPY requirements.txt .
RUN /opt/venv/bin/pip install --no-cache-dir --require-hashes -r requirements.txt

# Only `latest` is free, so the digest is the pin.
FROM cgr.dev/chainguard/python:latest@sha256:0000000000000000000000000000000000000000000000000000000000000000
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /app
COPY app.py .
USER 65532
HEALTHCHECK CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz')"]
ENTRYPOINT ["python", "app.py"]
"#,
        }],
    },
    Lesson {
        id: "base-distroless",
        title: "A distroless runtime",
        checklist: Some(Checklist::MinimalBase),
        explanation: "Google's distroless images hold a language runtime and its libraries, but no shell, no package manager and no distribution tools: nothing for an attacker to work with. Their Python lives at `/usr/bin/python3` rather than `/usr/local/bin/python`, so a venv built on `python:3.13-slim` would point at an interpreter that is not there; install the dependencies as plain files instead. Open *Compare base images* to see the distroless variant and its trade-offs (no shell, `kubectl debug` to look inside, the Python version Debian ships).",
        files: &[LessonFile {
            name: "Dockerfile",
            text: SLIM_DOCKERFILE,
        }],
        goal: Goal {
            text: "Ship on `gcr.io/distroless/python3` with *Small, minimal base image* passing",
            passes: &[Checklist::MinimalBase],
            absent: &[],
            no_errors: true,
            final_base: Some("gcr.io/distroless/python3"),
        },
        hints: &[
            "Open *Compare base images*: its distroless variant is one way to write it.",
            "Ship on `gcr.io/distroless/python3-debian13:nonroot` (Python 3.13, like the builder); the Debian 12 images are no longer built (DF103).",
            "In the builder, `pip install --target /opt/site-packages`, copy that folder and set `ENV PYTHONPATH=/opt/site-packages`; with no shell, run `[\"/usr/bin/python3\", \"app.py\"]` as the `ENTRYPOINT`.",
        ],
        reference: "GoogleContainerTools/distroless; bulkhead DF100, DF106, DF107",
        solution: &[LessonFile {
            name: "Dockerfile",
            text: r#"FROM python:3.13-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000 AS build
WORKDIR /build
COPY requirements.txt .
# Plain files, not a venv: a venv links to /usr/local/bin/python, which distroless lacks.
RUN pip install --no-cache-dir --require-hashes --target /opt/site-packages -r requirements.txt

FROM gcr.io/distroless/python3-debian13:nonroot@sha256:0000000000000000000000000000000000000000000000000000000000000000
COPY --from=build /opt/site-packages /opt/site-packages
ENV PYTHONPATH=/opt/site-packages
WORKDIR /app
COPY app.py .
USER 65532
HEALTHCHECK CMD ["/usr/bin/python3", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz')"]
ENTRYPOINT ["/usr/bin/python3", "app.py"]
"#,
        }],
    },
    Lesson {
        id: "base-scratch",
        title: "A static binary on scratch",
        checklist: Some(Checklist::MinimalBase),
        explanation: "`scratch` is the empty image: nothing in it but what you copy in. PyInstaller freezes Python, the app and its packages into one program and staticx bundles the C libraries into it, so it runs with no Python and no libc at all. Nothing else comes for free either: this app calls HTTPS APIs, so it needs the CA certificates, and PyInstaller unpacks itself into `/tmp`. Open *Compare base images* to see the scratch variant and what it costs (no shell, nothing to debug with, rebuilds for every fix).",
        files: &[LessonFile {
            name: "Dockerfile",
            text: SLIM_DOCKERFILE,
        }],
        goal: Goal {
            text: "Ship a static binary on `scratch` with *Small, minimal base image* passing",
            passes: &[Checklist::MinimalBase],
            absent: &["DF105"],
            no_errors: true,
            final_base: Some("scratch"),
        },
        hints: &[
            "Open *Compare base images*: its scratch variant is one way to write it.",
            "In the builder, install `pyinstaller` and `staticx`, then `pyinstaller --onefile --name app app.py && staticx dist/app /opt/app` (staticx needs `binutils` and `patchelf` from apt).",
            "On `FROM scratch`, copy `/etc/ssl/certs/ca-certificates.crt` (DF105), a world-writable `/tmp` and the binary; then `USER 65532` and `ENTRYPOINT [\"/app\"]`.",
        ],
        reference: "Docker docs: Create a base image (scratch); bulkhead DF105",
        solution: &[LessonFile {
            name: "Dockerfile",
            text: r#"FROM python:3.13-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000 AS build
# binutils for PyInstaller, patchelf for staticx.
RUN apt-get update \
 && apt-get install -y --no-install-recommends binutils patchelf \
 && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /build
COPY requirements.txt .
RUN pip install --no-cache-dir --require-hashes -r requirements.txt
RUN pip install --no-cache-dir pyinstaller==6.22.3 staticx==0.14.2
COPY app.py .
# One file with Python, the app and the C libraries; a /tmp for it to unpack into.
RUN pyinstaller --onefile --name app app.py \
 && staticx --strip dist/app /opt/app \
 && chmod 0755 /opt/app \
 && mkdir -p /opt/rootfs/tmp && chmod 1777 /opt/rootfs/tmp

FROM scratch
# The app calls HTTPS APIs: certificates to verify the servers.
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /opt/rootfs/ /
COPY --from=build /opt/app /app
USER 65532
# No interpreter for a check in here: the Deployment's probes ask the app.
HEALTHCHECK NONE
ENTRYPOINT ["/app"]
"#,
        }],
    },
    Lesson {
        id: "pss-baseline",
        title: "Pod Security Standards: Baseline",
        checklist: None,
        explanation: "Baseline is the Pod Security Standard every ordinary app should meet: it forbids the settings that hand a container the node. `privileged: true` gives the container every device and capability of the host, and `hostNetwork: true` puts it on the node's own network, where it can reach services bound to the node's localhost and listen on any port. A web app needs neither; a namespace that enforces Baseline refuses this pod.",
        files: &[LessonFile {
            name: "deployment.yaml",
            text: r"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      hostNetwork: true
      containers:
        - name: web
          image: registry.example/web:2.3.0@sha256:0000000000000000000000000000000000000000000000000000000000000000
          ports:
            - containerPort: 8080
          # Copied from a forum answer to get past a permission error.
          securityContext:
            privileged: true
",
        }],
        goal: Goal {
            text: "Meet the Baseline Pod Security Standard: no host namespaces, no privileged container",
            passes: &[],
            absent: &["KS101", "KS102"],
            no_errors: true,
            final_base: None,
        },
        hints: &[
            "KS101 and KS102 are errors: Baseline forbids both settings.",
            "Delete `hostNetwork: true`: the pod gets its own network, and a Service reaches port 8080.",
            "Delete `privileged: true` (or set it to `false`); if the app needed one capability, add just that, not everything.",
        ],
        reference: "Kubernetes Pod Security Standards, Baseline: Host Namespaces, Privileged Containers; bulkhead KS101, KS102",
        solution: &[LessonFile {
            name: "deployment.yaml",
            text: r"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: web
          image: registry.example/web:2.3.0@sha256:0000000000000000000000000000000000000000000000000000000000000000
          ports:
            - containerPort: 8080
",
        }],
    },
    Lesson {
        id: "pss-restricted",
        title: "Pod Security Standards: Restricted",
        checklist: None,
        explanation: "This Deployment meets Baseline, but Restricted, the standard for hardened workloads, asks for more: the container must run as a non-root user, must not gain privileges through setuid programs, must drop every Linux capability, and must run under the runtime's seccomp profile, which blocks system calls an app does not need. Each closes a way out of a compromised container. A namespace labelled `pod-security.kubernetes.io/enforce: restricted` refuses the pod until all four are set.",
        files: &[LessonFile {
            name: "deployment.yaml",
            text: r"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: web
          image: registry.example/web:2.3.0@sha256:0000000000000000000000000000000000000000000000000000000000000000
          ports:
            - containerPort: 8080
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 256Mi}
",
        }],
        goal: Goal {
            text: "Meet the Restricted Pod Security Standard",
            passes: &[],
            absent: &["KS202", "KS203", "KS205", "KS206"],
            no_errors: true,
            final_base: None,
        },
        hints: &[
            "Add a pod `securityContext` with `runAsNonRoot: true`, `runAsUser: 65532` and `seccompProfile: {type: RuntimeDefault}`.",
            "In the container's `securityContext`, set `allowPrivilegeEscalation: false` and `capabilities: {drop: [\"ALL\"]}`.",
            "`allowPrivilegeEscalation` and `capabilities` only work on the container, not the pod (KS002).",
        ],
        reference: "Kubernetes Pod Security Standards, Restricted; bulkhead KS202, KS203, KS205, KS206",
        solution: &[LessonFile {
            name: "deployment.yaml",
            text: r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: true
        runAsUser: 65532
        runAsGroup: 65532
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: web
          image: registry.example/web:2.3.0@sha256:0000000000000000000000000000000000000000000000000000000000000000
          ports:
            - containerPort: 8080
          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              drop: ["ALL"]
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 256Mi}
"#,
        }],
    },
    Lesson {
        id: "compose",
        title: "A hardened Compose service",
        checklist: None,
        explanation: "Compose makes it easy to reach for the big switches. `privileged: true` and `user: root` give the container the host's devices and root; the Docker socket lets it start a new container that mounts the whole host, so it is root on the machine; and a password written in `environment` sits in the file, in git and in `docker inspect`. Take each away and give the service only what it uses.",
        files: &[LessonFile {
            name: "compose.yaml",
            text: r#"services:
  web:
    build: .
    # Added to get past permission errors and to restart workers from the app.
    privileged: true
    user: root
    ports:
      - "127.0.0.1:8000:8000"
    environment:
      DB_PASSWORD: hunter2
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
"#,
        }],
        goal: Goal {
            text: "Harden the service: not privileged, not root, no Docker socket, no password in the file",
            passes: &[],
            absent: &["CP101", "CP107", "CP201", "CP203"],
            no_errors: true,
            final_base: None,
        },
        hints: &[
            "Delete `privileged: true` and the `docker.sock` volume; restart workers with a `restart:` policy rather than from inside.",
            "Set `user: \"65532:65532\"`, and add `cap_drop: [ALL]`, `security_opt: [\"no-new-privileges:true\"]` and `read_only: true`.",
            "Read the password from a Compose secret (`secrets:`, a file mounted at `/run/secrets/db_password`), or from the shell with `DB_PASSWORD: ${DB_PASSWORD}`.",
        ],
        reference: "CIS Docker Benchmark 5.5, 5.32, 4.1; compose-spec secrets; bulkhead CP101, CP107, CP201, CP203",
        solution: &[LessonFile {
            name: "compose.yaml",
            text: r#"services:
  web:
    build: .
    restart: unless-stopped
    user: "65532:65532"
    read_only: true
    cap_drop: [ALL]
    security_opt: ["no-new-privileges:true"]
    mem_limit: 256m
    ports:
      - "127.0.0.1:8000:8000"
    environment:
      # The app reads the password from the file Compose mounts.
      DB_PASSWORD_FILE: /run/secrets/db_password
    secrets: [db_password]
    healthcheck:
      test: ["CMD", "python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"]

secrets:
  db_password:
    file: ./db_password.txt
"#,
        }],
    },
    Lesson {
        id: "hardened",
        title: "The whole picture: a hardened service",
        checklist: Some(Checklist::ReadOnlyAndLimits),
        explanation: "Time to put every lesson together: this is the Flask app as a first draft would ship it, with its Deployment and its requirements. Make the image small, multi-stage, pinned and non-root, with its dependencies in a venv and no secrets; then give it a Restricted Deployment with a read-only root, limits and probes. When you are done, every checklist item these files can show passes.",
        files: &[
            LessonFile {
                name: "Dockerfile",
                text: r"# A first Dockerfile, as tutorials often write it.
FROM python:latest
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt
ENV SECRET_KEY=change-me
EXPOSE 8080
CMD python app.py
",
            },
            LessonFile {
                name: "deployment.yaml",
                text: r"apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  template:
    spec:
      containers:
        - name: app
          image: registry.example/app:latest
          ports:
            - containerPort: 8080
          securityContext:
            privileged: true
",
            },
            LessonFile {
                name: "requirements.txt",
                text: UNPINNED_REQUIREMENTS,
            },
        ],
        goal: Goal {
            text: "Make every checklist item these files can show pass, with nothing broken",
            passes: &[
                Checklist::MinimalBase,
                Checklist::MultiStage,
                Checklist::NonRoot,
                Checklist::IsolatedDependencies,
                Checklist::NoSecrets,
                Checklist::PinnedDependencies,
                Checklist::ReadOnlyAndLimits,
                Checklist::HealthChecks,
            ],
            absent: &[],
            no_errors: true,
            final_base: None,
        },
        hints: &[
            "Go item by item through the checklist: each finding names the item it belongs to and the lesson that fixed it.",
            "The Dockerfile: a builder stage with a venv and `pip install --require-hashes`; a runtime on a slim base pinned by digest, copying only the venv and `app.py`, with `USER 65532`, a `HEALTHCHECK` and an exec-form `CMD`.",
            "The Deployment: the Restricted security settings, the image by digest, `readOnlyRootFilesystem` with an `emptyDir` at `/tmp`, resources and probes; requirements.txt pinned with `==` and hashes.",
        ],
        reference: "CIS Docker Benchmark 4; Kubernetes Pod Security Standards, Restricted; bulkhead rules (docs/rules.md)",
        solution: &[
            LessonFile {
                name: "Dockerfile",
                text: r#"# A builder installs pinned, hashed dependencies into a venv; the runtime copies only
# the venv and the app, and runs as UID 65532.
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
EXPOSE 8080
HEALTHCHECK CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz')"]
CMD ["python", "app.py"]
"#,
            },
            LessonFile {
                name: "deployment.yaml",
                text: r#"# SECRET_KEY would come from a Secret (envFrom / secretKeyRef), not from the image.
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
              drop: ["ALL"]
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
"#,
            },
            LessonFile {
                name: "requirements.txt",
                text: r"# pip-compile --generate-hashes writes these (placeholder hashes, list shortened).
flask==3.1.1 \
    --hash=sha256:0000000000000000000000000000000000000000000000000000000000000000
gunicorn==23.0.0 \
    --hash=sha256:0000000000000000000000000000000000000000000000000000000000000000
",
            },
        ],
    },
];

/// The Deployment of `non-root`, the same before and after: it already asks for `runAsNonRoot`.
const NON_ROOT_DEPLOYMENT: &str = r"apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  namespace: shop
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: true
      containers:
        - name: app
          image: registry.example/app:1.0.0
          ports:
            - containerPort: 8080
          securityContext:
            allowPrivilegeEscalation: false
";

/// Requirements as a first draft has them: no pins, no hashes.
const UNPINNED_REQUIREMENTS: &str = r"flask
gunicorn>=23
";

/// The hardened slim Dockerfile that the base-image lessons start from.
const SLIM_DOCKERFILE: &str = r#"FROM python:3.13-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000 AS build
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
HEALTHCHECK CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz')"]
CMD ["python", "app.py"]
"#;
