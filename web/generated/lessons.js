// Generated from crates/rules/src/lessons by `cargo xtask generate-all`;
// do not edit. The playground imports it when a lesson is opened.
export default [
  {
    "checklist": "Small, minimal base image",
    "document": {
      "active": 0,
      "files": [
        {
          "kind": "dockerfile",
          "name": "Dockerfile",
          "text": "# A first Flask image, as tutorials often write it.\nFROM python:3.13\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nEXPOSE 8080\nCMD [\"python\", \"app.py\"]\n"
        }
      ],
      "v": 1
    },
    "explanation": "`python:3.13` is a whole Debian system: compilers, `git`, `curl` and hundreds of libraries a Flask app never uses. Each one is more to download, more for a scanner to find holes in, and a ready toolbox for anyone who breaks in. The `-slim` tag is the same Python on a trimmed Debian, a fraction of the size; and pip's download cache is dead weight in the image too.",
    "goal": {
      "absent": [
        "DF100"
      ],
      "finalBase": "python:3.13-slim",
      "noErrors": true,
      "passes": [
        "minimal-base"
      ],
      "text": "Make *Small, minimal base image* pass on `python:3.13-slim`"
    },
    "hints": [
      "DF100 says the base is a full distribution image; its help names the smaller variant of the same image.",
      "Change the tag to `python:3.13-slim`: the same Python version, without the build tools.",
      "DF310 is under the same item: add `--no-cache-dir` to `pip install` so pip's cache stays out of the layer."
    ],
    "id": "base-slim",
    "reference": "CIS Docker Benchmark 4.3; bulkhead DF100, DF310",
    "solution": "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,8 +1,8 @@\n-# A first Flask image, as tutorials often write it.\n-FROM python:3.13\n+# The same app on the slim variant: same Python, far fewer packages.\n+FROM python:3.13-slim\n WORKDIR /app\n COPY requirements.txt .\n-RUN pip install -r requirements.txt\n+RUN pip install --no-cache-dir -r requirements.txt\n COPY . .\n EXPOSE 8080\n CMD [\"python\", \"app.py\"]\n",
    "title": "Start from a slim base image"
  },
  {
    "checklist": "Multi-stage build",
    "document": {
      "active": 0,
      "files": [
        {
          "kind": "dockerfile",
          "name": "Dockerfile",
          "text": "# Some dependencies compile C extensions, so the image gets a compiler.\nFROM python:3.13-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends build-essential \\\n && rm -rf /var/lib/apt/lists/*\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY app.py .\nCMD [\"python\", \"app.py\"]\n"
        }
      ],
      "v": 1
    },
    "explanation": "Some dependencies compile C code when pip installs them, so this Dockerfile installs `build-essential`, and the compiler ships with the app. Nothing needs a compiler at run time, but an attacker would love one. A multi-stage build compiles in a builder stage and copies only the installed packages into a clean final stage; the builder is thrown away.",
    "goal": {
      "absent": [
        "DF104"
      ],
      "finalBase": null,
      "noErrors": true,
      "passes": [
        "multi-stage"
      ],
      "text": "Make *Multi-stage build* pass: no compiler in the image that ships"
    },
    "hints": [
      "Name the first stage (`FROM python:3.13-slim AS build`) and keep the `apt-get install` there.",
      "In the builder, install into a folder of its own: `pip install --no-cache-dir --prefix=/install -r requirements.txt`.",
      "Start a second `FROM python:3.13-slim` and copy only the result: `COPY --from=build /install /usr/local`."
    ],
    "id": "multi-stage",
    "reference": "CIS Docker Benchmark 4.3; Docker docs: Multi-stage builds; bulkhead DF104",
    "solution": "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,10 +1,15 @@\n-# Some dependencies compile C extensions, so the image gets a compiler.\n-FROM python:3.13-slim\n+# The builder has the compiler and builds the packages.\n+FROM python:3.13-slim AS build\n RUN apt-get update \\\n  && apt-get install -y --no-install-recommends build-essential \\\n  && rm -rf /var/lib/apt/lists/*\n-WORKDIR /app\n+WORKDIR /build\n COPY requirements.txt .\n-RUN pip install --no-cache-dir -r requirements.txt\n+RUN pip install --no-cache-dir --prefix=/install -r requirements.txt\n+\n+# The runtime gets only the installed packages and the app.\n+FROM python:3.13-slim\n+COPY --from=build /install /usr/local\n+WORKDIR /app\n COPY app.py .\n CMD [\"python\", \"app.py\"]\n",
    "title": "Build in one stage, ship another"
  },
  {
    "checklist": "Runs as a non-root user",
    "document": {
      "active": 0,
      "files": [
        {
          "kind": "dockerfile",
          "name": "Dockerfile",
          "text": "FROM python:3.13-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY app.py .\nCMD [\"python\", \"app.py\"]\n"
        },
        {
          "kind": "kubernetes",
          "name": "deployment.yaml",
          "text": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n  namespace: shop\nspec:\n  template:\n    spec:\n      securityContext:\n        runAsNonRoot: true\n      containers:\n        - name: app\n          image: registry.example/app:1.0.0\n          ports:\n            - containerPort: 8080\n          securityContext:\n            allowPrivilegeEscalation: false\n"
        }
      ],
      "v": 1
    },
    "explanation": "Without a `USER` line the container runs as root, so a bug in the app hands an attacker root inside the container, one step from the host. The Deployment already asks Kubernetes for `runAsNonRoot: true`, and the kubelet checks that before it starts the pod: with a root image, the pod never starts. The fix belongs in the image: a numeric, non-root user that Kubernetes can verify.",
    "goal": {
      "absent": [
        "DF200",
        "XF002"
      ],
      "finalBase": null,
      "noErrors": true,
      "passes": [
        "non-root"
      ],
      "text": "Make *Runs as a non-root user* pass without breaking the pod"
    },
    "hints": [
      "XF002 is the kubelet's refusal: `runAsNonRoot: true` and an image that runs as root.",
      "Add a `USER` line to the Dockerfile, after the steps that need root (`pip install`) and before `CMD`.",
      "Use a number, `USER 65532`: with a name (`USER app`) the kubelet cannot tell it is not root (XF001)."
    ],
    "id": "non-root",
    "reference": "CIS Docker Benchmark 4.1; Kubernetes PSS Restricted: Running as Non-root; bulkhead DF200, XF002",
    "solution": "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -3,4 +3,6 @@\n COPY requirements.txt .\n RUN pip install --no-cache-dir -r requirements.txt\n COPY app.py .\n+# A numeric UID, so the kubelet can verify runAsNonRoot.\n+USER 65532\n CMD [\"python\", \"app.py\"]\n",
    "title": "Run as a non-root user"
  },
  {
    "checklist": "Dependencies installed as user / in a venv and copied",
    "document": {
      "active": 0,
      "files": [
        {
          "kind": "dockerfile",
          "name": "Dockerfile",
          "text": "FROM python:3.13-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY app.py .\nUSER 65532\nCMD [\"python\", \"app.py\"]\n"
        }
      ],
      "v": 1
    },
    "explanation": "`pip install` as root writes into the system Python of the image, mixed with the packages the distribution's own tools rely on, and pip itself with it. Installing into a virtual environment in a builder stage keeps your dependencies in one folder, apart from the system. The runtime stage copies that one folder and puts it first on `PATH`.",
    "goal": {
      "absent": [
        "DF313"
      ],
      "finalBase": null,
      "noErrors": true,
      "passes": [
        "isolated-dependencies"
      ],
      "text": "Make *Dependencies installed as user / in a venv and copied* pass"
    },
    "hints": [
      "Add a builder stage (`FROM python:3.13-slim AS build`) and create the venv there: `RUN python -m venv /opt/venv`.",
      "Install with the venv's own pip: `RUN /opt/venv/bin/pip install --no-cache-dir -r requirements.txt`.",
      "In the final stage, `COPY --from=build /opt/venv /opt/venv` and `ENV PATH=/opt/venv/bin:$PATH`."
    ],
    "id": "venv",
    "reference": "Python Packaging User Guide: Install packages in a virtual environment; bulkhead DF313",
    "solution": "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,7 +1,14 @@\n+FROM python:3.13-slim AS build\n+RUN python -m venv /opt/venv\n+WORKDIR /build\n+COPY requirements.txt .\n+RUN /opt/venv/bin/pip install --no-cache-dir -r requirements.txt\n+\n FROM python:3.13-slim\n+# Only the venv: the same Python path in both stages, so its links still work.\n+COPY --from=build /opt/venv /opt/venv\n+ENV PATH=/opt/venv/bin:$PATH\n WORKDIR /app\n-COPY requirements.txt .\n-RUN pip install --no-cache-dir -r requirements.txt\n COPY app.py .\n USER 65532\n CMD [\"python\", \"app.py\"]\n",
    "title": "Install dependencies in a virtual environment"
  },
  {
    "checklist": "No secrets in the image",
    "document": {
      "active": 0,
      "files": [
        {
          "kind": "dockerfile",
          "name": "Dockerfile",
          "text": "FROM python:3.13-slim\n# The token reads the company's private package index.\nARG PIP_INDEX_TOKEN\nENV SECRET_KEY=dev-secret-change-me\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir \\\n    --index-url \"https://__token__:${PIP_INDEX_TOKEN}@pypi.example.com/simple\" \\\n    -r requirements.txt\nCOPY app.py .\nUSER 65532\nCMD [\"python\", \"app.py\"]\n"
        }
      ],
      "v": 1
    },
    "explanation": "Every `ARG` and `ENV` value is saved in the image: `docker history` and `docker inspect` show it to anyone who can pull the image, long after the build. Here a token for the private package index and the app's signing key both end up there. A build secret is mounted for one `RUN` only and never written to a layer; the app's key belongs to where the container runs, such as a Kubernetes Secret.",
    "goal": {
      "absent": [
        "DF400"
      ],
      "finalBase": null,
      "noErrors": true,
      "passes": [
        "no-secrets"
      ],
      "text": "Make *No secrets in the image* pass"
    },
    "hints": [
      "DF400 flags both lines: anything in `ARG` or `ENV` stays readable in the image.",
      "Put the index URL, token included, in a `pip.conf` and mount it for one step: `RUN --mount=type=secret,id=pip_conf,target=/etc/pip.conf pip install ...`; build with `docker build --secret id=pip_conf,src=pip.conf .`.",
      "Delete `ENV SECRET_KEY`: give the key to the container when it runs (`docker run -e`, or a Kubernetes Secret)."
    ],
    "id": "secrets",
    "reference": "CIS Docker Benchmark 4.10; Docker docs: Build secrets; bulkhead DF400",
    "solution": "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,12 +1,11 @@\n FROM python:3.13-slim\n-# The token reads the company's private package index.\n-ARG PIP_INDEX_TOKEN\n-ENV SECRET_KEY=dev-secret-change-me\n WORKDIR /app\n COPY requirements.txt .\n-RUN pip install --no-cache-dir \\\n-    --index-url \"https://__token__:${PIP_INDEX_TOKEN}@pypi.example.com/simple\" \\\n-    -r requirements.txt\n+# pip.conf (with the index URL and its token) is mounted for this step only.\n+# Build: docker build --secret id=pip_conf,src=pip.conf .\n+RUN --mount=type=secret,id=pip_conf,target=/etc/pip.conf \\\n+    pip install --no-cache-dir -r requirements.txt\n COPY app.py .\n USER 65532\n+# SECRET_KEY comes at run time, from a Kubernetes Secret.\n CMD [\"python\", \"app.py\"]\n",
    "title": "Keep secrets out of the image"
  },
  {
    "checklist": "Base image and dependencies pinned",
    "document": {
      "active": 0,
      "files": [
        {
          "kind": "dockerfile",
          "name": "Dockerfile",
          "text": "FROM python:latest\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY app.py .\nUSER 65532\nCMD [\"python\", \"app.py\"]\n"
        },
        {
          "kind": "requirements",
          "name": "requirements.txt",
          "text": "flask\ngunicorn>=23\n"
        }
      ],
      "v": 1
    },
    "explanation": "`python:latest` and an unpinned `flask` mean a different image every time you build: a new Python, a new Flask, or a package someone slipped into the index. Pinning makes builds repeatable, and only you decide when something changes. A digest pins the exact base image, `==` the exact version, and `--hash` the exact file pip may install.",
    "goal": {
      "absent": [
        "DF001",
        "RQ001"
      ],
      "finalBase": null,
      "noErrors": true,
      "passes": [
        "pinned-dependencies"
      ],
      "text": "Make *Base image and dependencies pinned* pass"
    },
    "hints": [
      "Pick a version and add its digest: `FROM python:3.13-slim@sha256:...` (`docker buildx imagetools inspect python:3.13-slim` prints it).",
      "In requirements.txt, pin every line with `==` and add its `--hash=sha256:...`; `pip-compile --generate-hashes` writes both.",
      "Install with `pip install --require-hashes -r requirements.txt`, so pip refuses any file whose hash does not match."
    ],
    "id": "pinning",
    "reference": "CIS Docker Benchmark 4.11, 5.28; bulkhead DF001, DF101, RQ001, DF312",
    "solution": "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,7 +1,8 @@\n-FROM python:latest\n+# The digest pins the exact image; Renovate or Dependabot can keep it current.\n+FROM python:3.13-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000\n WORKDIR /app\n COPY requirements.txt .\n-RUN pip install --no-cache-dir -r requirements.txt\n+RUN pip install --no-cache-dir --require-hashes -r requirements.txt\n COPY app.py .\n USER 65532\n CMD [\"python\", \"app.py\"]\n--- a/requirements.txt\n+++ b/requirements.txt\n@@ -1,2 +1,6 @@\n-flask\n-gunicorn>=23\n+# pip-compile --generate-hashes writes these (the hashes here are placeholders,\n+# and the list is shortened: it also pins what flask and gunicorn need).\n+flask==3.1.1 \\\n+    --hash=sha256:0000000000000000000000000000000000000000000000000000000000000000\n+gunicorn==23.0.0 \\\n+    --hash=sha256:0000000000000000000000000000000000000000000000000000000000000000\n",
    "title": "Pin the base image and the dependencies"
  },
  {
    "checklist": "Image scanned for vulnerabilities",
    "document": {
      "active": 0,
      "files": [
        {
          "kind": "dockerfile",
          "name": "Dockerfile",
          "text": "FROM python:3.8-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY app.py .\nUSER 65532\nCMD [\"python\", \"app.py\"]\n"
        }
      ],
      "v": 1
    },
    "explanation": "A scanner such as Trivy lists the known vulnerabilities in an image, but it cannot fix a base whose version is past its end of life: Python 3.8 gets no security fixes any more, so every new hole stays open. Moving to a supported version is the first step; then scan the built image in CI, and again as new vulnerabilities are published. bulkhead reads files, not images, so the scan itself happens elsewhere.",
    "goal": {
      "absent": [
        "DF103"
      ],
      "finalBase": null,
      "noErrors": true,
      "passes": [],
      "text": "Build on a base that still gets security fixes (no DF103)"
    },
    "hints": [
      "DF103 says which version is past its end of life, and since when.",
      "Move to a supported Python, such as `python:3.13-slim`, and run your tests on it.",
      "Then scan what you build: `trivy image --severity HIGH,CRITICAL --exit-code 1 IMAGE` in CI."
    ],
    "id": "scanning",
    "reference": "CIS Docker Benchmark 4.4; bulkhead DF103",
    "solution": "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,4 +1,5 @@\n-FROM python:3.8-slim\n+# A Python version with security support (until 2029).\n+FROM python:3.13-slim\n WORKDIR /app\n COPY requirements.txt .\n RUN pip install --no-cache-dir -r requirements.txt\n",
    "title": "Scan the image: start from a supported base"
  },
  {
    "checklist": "Image signed",
    "document": {
      "active": 0,
      "files": [
        {
          "kind": "kubernetes",
          "name": "deployment.yaml",
          "text": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n  namespace: shop\nspec:\n  template:\n    spec:\n      automountServiceAccountToken: false\n      securityContext:\n        runAsNonRoot: true\n        runAsUser: 65532\n        seccompProfile:\n          type: RuntimeDefault\n      containers:\n        - name: app\n          image: registry.example/app:1.4.2\n          securityContext:\n            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n            capabilities:\n              drop: [\"ALL\"]\n          resources:\n            requests: {cpu: 100m, memory: 128Mi}\n            limits: {memory: 256Mi}\n          readinessProbe:\n            httpGet: {path: /healthz, port: 8080}\n          livenessProbe:\n            httpGet: {path: /healthz, port: 8080}\n"
        }
      ],
      "v": 1
    },
    "explanation": "A tag such as `1.4.2` is a label anyone with push access can move to another image, so the cluster may run something you never built or signed. A digest names the exact image bytes: sign that image in CI with `cosign sign`, verify the signature before it runs (`cosign verify`, or an admission policy), and reference it by digest so what runs is what was verified. Signing happens outside these files; referencing by digest is the part they show.",
    "goal": {
      "absent": [
        "KS305"
      ],
      "finalBase": null,
      "noErrors": true,
      "passes": [],
      "text": "Reference the image by digest, so what runs is the image you signed (no KS305)"
    },
    "hints": [
      "KS305 points at the `image:` line: a tag, but no digest.",
      "Keep the tag for people and add the digest: `registry.example/app:1.4.2@sha256:...` (`crane digest` or `docker buildx imagetools inspect` prints it).",
      "In CI: `cosign sign registry.example/app@sha256:...`, and `cosign verify` (or a Kyverno / Sigstore policy) before it runs."
    ],
    "id": "signing",
    "reference": "OWASP Docker Security Cheat Sheet rule 13 (supply chain); Sigstore cosign; bulkhead KS305",
    "solution": "--- a/deployment.yaml\n+++ b/deployment.yaml\n@@ -14,7 +14,7 @@\n           type: RuntimeDefault\n       containers:\n         - name: app\n-          image: registry.example/app:1.4.2\n+          image: registry.example/app:1.4.2@sha256:0000000000000000000000000000000000000000000000000000000000000000\n           securityContext:\n             allowPrivilegeEscalation: false\n             readOnlyRootFilesystem: true\n",
    "title": "Sign the image and run it by digest"
  },
  {
    "checklist": "Read-only root filesystem and resource limits",
    "document": {
      "active": 0,
      "files": [
        {
          "kind": "kubernetes",
          "name": "deployment.yaml",
          "text": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n  namespace: shop\nspec:\n  template:\n    spec:\n      automountServiceAccountToken: false\n      securityContext:\n        runAsNonRoot: true\n        runAsUser: 65532\n        seccompProfile:\n          type: RuntimeDefault\n      containers:\n        - name: app\n          image: registry.example/app:1.0.0@sha256:0000000000000000000000000000000000000000000000000000000000000000\n          securityContext:\n            allowPrivilegeEscalation: false\n            capabilities:\n              drop: [\"ALL\"]\n          readinessProbe:\n            httpGet: {path: /healthz, port: 8080}\n          livenessProbe:\n            httpGet: {path: /healthz, port: 8080}\n"
        }
      ],
      "v": 1
    },
    "explanation": "If the container's filesystem is writable, an attacker who gets in can drop tools or change the app's code; a read-only root stops that, and an `emptyDir` gives the app the one folder it really writes to, `/tmp`. Without limits, one leaking or attacked container can eat the node's memory and take its neighbours down. Requests tell the scheduler what the pod needs; the memory limit caps it.",
    "goal": {
      "absent": [
        "KS301",
        "KS302"
      ],
      "finalBase": null,
      "noErrors": true,
      "passes": [
        "read-only-and-limits"
      ],
      "text": "Make *Read-only root filesystem and resource limits* pass"
    },
    "hints": [
      "Add `readOnlyRootFilesystem: true` to the container's `securityContext`.",
      "The app still needs a writable `/tmp`: add an `emptyDir` volume and mount it there.",
      "Add `resources:` with `requests` for cpu and memory and a `limits` for memory, e.g. `requests: {cpu: 100m, memory: 128Mi}` and `limits: {memory: 256Mi}`."
    ],
    "id": "read-only",
    "reference": "NSA/CISA Kubernetes Hardening Guidance: Immutable container file systems, Resource policies; bulkhead KS301, KS302",
    "solution": "--- a/deployment.yaml\n+++ b/deployment.yaml\n@@ -19,7 +19,16 @@\n             allowPrivilegeEscalation: false\n             capabilities:\n               drop: [\"ALL\"]\n+            readOnlyRootFilesystem: true\n+          resources:\n+            requests: {cpu: 100m, memory: 128Mi}\n+            limits: {memory: 256Mi}\n           readinessProbe:\n             httpGet: {path: /healthz, port: 8080}\n           livenessProbe:\n             httpGet: {path: /healthz, port: 8080}\n+          volumeMounts:\n+            - {name: tmp, mountPath: /tmp}\n+      volumes:\n+        - name: tmp\n+          emptyDir: {}\n",
    "title": "A read-only root filesystem and resource limits"
  },
  {
    "checklist": "Health checks and probes",
    "document": {
      "active": 0,
      "files": [
        {
          "kind": "dockerfile",
          "name": "Dockerfile",
          "text": "FROM python:3.13-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY app.py .\nUSER 65532\nEXPOSE 8080\nCMD [\"python\", \"app.py\"]\n"
        },
        {
          "kind": "kubernetes",
          "name": "deployment.yaml",
          "text": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n  namespace: shop\nspec:\n  template:\n    spec:\n      automountServiceAccountToken: false\n      securityContext:\n        runAsNonRoot: true\n        runAsUser: 65532\n        seccompProfile:\n          type: RuntimeDefault\n      containers:\n        - name: app\n          image: registry.example/app:1.0.0@sha256:0000000000000000000000000000000000000000000000000000000000000000\n          ports:\n            - containerPort: 8080\n          securityContext:\n            allowPrivilegeEscalation: false\n            capabilities:\n              drop: [\"ALL\"]\n          resources:\n            requests: {cpu: 100m, memory: 128Mi}\n            limits: {memory: 256Mi}\n"
        }
      ],
      "v": 1
    },
    "explanation": "A process can be running and still be stuck: deadlocked, out of database connections, never answering. Without a health check, Docker and Kubernetes only see that it is running, keep sending it traffic and never restart it. A `HEALTHCHECK` in the image and readiness and liveness probes in the Deployment ask the app itself; the check must use a program the image has, and slim images have no `curl`.",
    "goal": {
      "absent": [
        "DF500",
        "KS303"
      ],
      "finalBase": null,
      "noErrors": true,
      "passes": [
        "health-checks"
      ],
      "text": "Make *Health checks and probes* pass in the image and in the Deployment"
    },
    "hints": [
      "The app answers on `/healthz`, port 8080: check that, in the Dockerfile and in the Deployment.",
      "Slim images have no `curl`; use the image's own Python in exec form: `HEALTHCHECK CMD [\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz')\"]`.",
      "In the container, add `readinessProbe:` and `livenessProbe:`, each with `httpGet: {path: /healthz, port: 8080}`."
    ],
    "id": "health",
    "reference": "CIS Docker Benchmark 4.6; Kubernetes docs: Liveness, Readiness and Startup Probes; bulkhead DF500, KS303",
    "solution": "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -5,4 +5,6 @@\n COPY app.py .\n USER 65532\n EXPOSE 8080\n+# The image has no curl: its own Python asks the app.\n+HEALTHCHECK CMD [\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz')\"]\n CMD [\"python\", \"app.py\"]\n--- a/deployment.yaml\n+++ b/deployment.yaml\n@@ -24,3 +24,7 @@\n           resources:\n             requests: {cpu: 100m, memory: 128Mi}\n             limits: {memory: 256Mi}\n+          readinessProbe:\n+            httpGet: {path: /healthz, port: 8080}\n+          livenessProbe:\n+            httpGet: {path: /healthz, port: 8080}\n",
    "title": "Health checks and probes"
  },
  {
    "checklist": "Small, minimal base image",
    "document": {
      "active": 0,
      "files": [
        {
          "kind": "dockerfile",
          "name": "Dockerfile",
          "text": "FROM python:3.13-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000 AS build\nRUN python -m venv /opt/venv\nWORKDIR /build\nCOPY requirements.txt .\nRUN /opt/venv/bin/pip install --no-cache-dir --require-hashes -r requirements.txt\n\nFROM python:3.13-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000\nCOPY --from=build /opt/venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\nWORKDIR /app\nCOPY app.py .\nUSER 65532\nHEALTHCHECK CMD [\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz')\"]\nCMD [\"python\", \"app.py\"]\n"
        }
      ],
      "v": 1
    },
    "explanation": "Even a slim Debian ships a shell, `apt` and a few hundred packages the app never calls. Chainguard's Python image has only Python and the libraries it needs, rebuilt as fixes land so it usually has few or no known vulnerabilities, and it runs as a non-root user; its `-dev` tag adds a shell and pip for the builder. Open *Compare base images* to see the Chainguard variant of this Dockerfile and what you give up: no shell to debug with, only the newest Python for free, and `latest` tags that you pin by digest.",
    "goal": {
      "absent": [],
      "finalBase": "cgr.dev/chainguard/python",
      "noErrors": true,
      "passes": [
        "minimal-base"
      ],
      "text": "Ship on `cgr.dev/chainguard/python` with *Small, minimal base image* passing"
    },
    "hints": [
      "Open *Compare base images*: its Chainguard variant is one way to write it.",
      "Build with `cgr.dev/chainguard/python:latest-dev` (it has pip; it runs as nonroot, so switch to `USER root` to write `/opt`), and ship on `cgr.dev/chainguard/python:latest`. Shipping the `-dev` tag is DF102.",
      "Both tags have Python at `/usr/bin/python`, so the venv still works; the image's entrypoint is Python itself, so use `ENTRYPOINT [\"python\", \"app.py\"]` rather than `CMD`."
    ],
    "id": "base-chainguard",
    "reference": "Chainguard Images: Python; bulkhead DF100, DF102",
    "solution": "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,14 +1,17 @@\n-FROM python:3.13-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000 AS build\n+# The -dev image has a shell and pip to build the venv; the runtime has neither.\n+FROM cgr.dev/chainguard/python:latest-dev@sha256:0000000000000000000000000000000000000000000000000000000000000000 AS build\n+USER root\n RUN python -m venv /opt/venv\n WORKDIR /build\n COPY requirements.txt .\n RUN /opt/venv/bin/pip install --no-cache-dir --require-hashes -r requirements.txt\n \n-FROM python:3.13-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000\n+# Only `latest` is free, so the digest is the pin.\n+FROM cgr.dev/chainguard/python:latest@sha256:0000000000000000000000000000000000000000000000000000000000000000\n COPY --from=build /opt/venv /opt/venv\n ENV PATH=/opt/venv/bin:$PATH\n WORKDIR /app\n COPY app.py .\n USER 65532\n HEALTHCHECK CMD [\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz')\"]\n-CMD [\"python\", \"app.py\"]\n+ENTRYPOINT [\"python\", \"app.py\"]\n",
    "title": "A Chainguard runtime"
  },
  {
    "checklist": "Small, minimal base image",
    "document": {
      "active": 0,
      "files": [
        {
          "kind": "dockerfile",
          "name": "Dockerfile",
          "text": "FROM python:3.13-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000 AS build\nRUN python -m venv /opt/venv\nWORKDIR /build\nCOPY requirements.txt .\nRUN /opt/venv/bin/pip install --no-cache-dir --require-hashes -r requirements.txt\n\nFROM python:3.13-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000\nCOPY --from=build /opt/venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\nWORKDIR /app\nCOPY app.py .\nUSER 65532\nHEALTHCHECK CMD [\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz')\"]\nCMD [\"python\", \"app.py\"]\n"
        }
      ],
      "v": 1
    },
    "explanation": "Google's distroless images hold a language runtime and its libraries, but no shell, no package manager and no distribution tools: nothing for an attacker to work with. Their Python lives at `/usr/bin/python3` rather than `/usr/local/bin/python`, so a venv built on `python:3.13-slim` would point at an interpreter that is not there; install the dependencies as plain files instead. Open *Compare base images* to see the distroless variant and its trade-offs (no shell, `kubectl debug` to look inside, the Python version Debian ships).",
    "goal": {
      "absent": [],
      "finalBase": "gcr.io/distroless/python3",
      "noErrors": true,
      "passes": [
        "minimal-base"
      ],
      "text": "Ship on `gcr.io/distroless/python3` with *Small, minimal base image* passing"
    },
    "hints": [
      "Open *Compare base images*: its distroless variant is one way to write it.",
      "Ship on `gcr.io/distroless/python3-debian13:nonroot` (Python 3.13, like the builder); the Debian 12 images are no longer built (DF103).",
      "In the builder, `pip install --target /opt/site-packages`, copy that folder and set `ENV PYTHONPATH=/opt/site-packages`; with no shell, run `[\"/usr/bin/python3\", \"app.py\"]` as the `ENTRYPOINT`."
    ],
    "id": "base-distroless",
    "reference": "GoogleContainerTools/distroless; bulkhead DF100, DF106, DF107",
    "solution": "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,14 +1,14 @@\n FROM python:3.13-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000 AS build\n-RUN python -m venv /opt/venv\n WORKDIR /build\n COPY requirements.txt .\n-RUN /opt/venv/bin/pip install --no-cache-dir --require-hashes -r requirements.txt\n+# Plain files, not a venv: a venv links to /usr/local/bin/python, which distroless lacks.\n+RUN pip install --no-cache-dir --require-hashes --target /opt/site-packages -r requirements.txt\n \n-FROM python:3.13-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000\n-COPY --from=build /opt/venv /opt/venv\n-ENV PATH=/opt/venv/bin:$PATH\n+FROM gcr.io/distroless/python3-debian13:nonroot@sha256:0000000000000000000000000000000000000000000000000000000000000000\n+COPY --from=build /opt/site-packages /opt/site-packages\n+ENV PYTHONPATH=/opt/site-packages\n WORKDIR /app\n COPY app.py .\n USER 65532\n-HEALTHCHECK CMD [\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz')\"]\n-CMD [\"python\", \"app.py\"]\n+HEALTHCHECK CMD [\"/usr/bin/python3\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz')\"]\n+ENTRYPOINT [\"/usr/bin/python3\", \"app.py\"]\n",
    "title": "A distroless runtime"
  },
  {
    "checklist": "Small, minimal base image",
    "document": {
      "active": 0,
      "files": [
        {
          "kind": "dockerfile",
          "name": "Dockerfile",
          "text": "FROM python:3.13-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000 AS build\nRUN python -m venv /opt/venv\nWORKDIR /build\nCOPY requirements.txt .\nRUN /opt/venv/bin/pip install --no-cache-dir --require-hashes -r requirements.txt\n\nFROM python:3.13-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000\nCOPY --from=build /opt/venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\nWORKDIR /app\nCOPY app.py .\nUSER 65532\nHEALTHCHECK CMD [\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz')\"]\nCMD [\"python\", \"app.py\"]\n"
        }
      ],
      "v": 1
    },
    "explanation": "`scratch` is the empty image: nothing in it but what you copy in. PyInstaller freezes Python, the app and its packages into one program and staticx bundles the C libraries into it, so it runs with no Python and no libc at all. Nothing else comes for free either: this app calls HTTPS APIs, so it needs the CA certificates, and PyInstaller unpacks itself into `/tmp`. Open *Compare base images* to see the scratch variant and what it costs (no shell, nothing to debug with, rebuilds for every fix).",
    "goal": {
      "absent": [
        "DF105"
      ],
      "finalBase": "scratch",
      "noErrors": true,
      "passes": [
        "minimal-base"
      ],
      "text": "Ship a static binary on `scratch` with *Small, minimal base image* passing"
    },
    "hints": [
      "Open *Compare base images*: its scratch variant is one way to write it.",
      "In the builder, install `pyinstaller` and `staticx`, then `pyinstaller --onefile --name app app.py && staticx dist/app /opt/app` (staticx needs `binutils` and `patchelf` from apt).",
      "On `FROM scratch`, copy `/etc/ssl/certs/ca-certificates.crt` (DF105), a world-writable `/tmp` and the binary; then `USER 65532` and `ENTRYPOINT [\"/app\"]`."
    ],
    "id": "base-scratch",
    "reference": "Docker docs: Create a base image (scratch); bulkhead DF105",
    "solution": "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,14 +1,27 @@\n FROM python:3.13-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000 AS build\n+# binutils for PyInstaller, patchelf for staticx.\n+RUN apt-get update \\\n+ && apt-get install -y --no-install-recommends binutils patchelf \\\n+ && rm -rf /var/lib/apt/lists/*\n RUN python -m venv /opt/venv\n+ENV PATH=/opt/venv/bin:$PATH\n WORKDIR /build\n COPY requirements.txt .\n-RUN /opt/venv/bin/pip install --no-cache-dir --require-hashes -r requirements.txt\n-\n-FROM python:3.13-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000\n-COPY --from=build /opt/venv /opt/venv\n-ENV PATH=/opt/venv/bin:$PATH\n-WORKDIR /app\n+RUN pip install --no-cache-dir --require-hashes -r requirements.txt\n+RUN pip install --no-cache-dir pyinstaller==6.22.3 staticx==0.14.2\n COPY app.py .\n+# One file with Python, the app and the C libraries; a /tmp for it to unpack into.\n+RUN pyinstaller --onefile --name app app.py \\\n+ && staticx --strip dist/app /opt/app \\\n+ && chmod 0755 /opt/app \\\n+ && mkdir -p /opt/rootfs/tmp && chmod 1777 /opt/rootfs/tmp\n+\n+FROM scratch\n+# The app calls HTTPS APIs: certificates to verify the servers.\n+COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt\n+COPY --from=build /opt/rootfs/ /\n+COPY --from=build /opt/app /app\n USER 65532\n-HEALTHCHECK CMD [\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz')\"]\n-CMD [\"python\", \"app.py\"]\n+# No interpreter for a check in here: the Deployment's probes ask the app.\n+HEALTHCHECK NONE\n+ENTRYPOINT [\"/app\"]\n",
    "title": "A static binary on scratch"
  },
  {
    "checklist": null,
    "document": {
      "active": 0,
      "files": [
        {
          "kind": "kubernetes",
          "name": "deployment.yaml",
          "text": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  template:\n    spec:\n      hostNetwork: true\n      containers:\n        - name: web\n          image: registry.example/web:2.3.0@sha256:0000000000000000000000000000000000000000000000000000000000000000\n          ports:\n            - containerPort: 8080\n          # Copied from a forum answer to get past a permission error.\n          securityContext:\n            privileged: true\n"
        }
      ],
      "v": 1
    },
    "explanation": "Baseline is the Pod Security Standard every ordinary app should meet: it forbids the settings that hand a container the node. `privileged: true` gives the container every device and capability of the host, and `hostNetwork: true` puts it on the node's own network, where it can reach services bound to the node's localhost and listen on any port. A web app needs neither; a namespace that enforces Baseline refuses this pod.",
    "goal": {
      "absent": [
        "KS101",
        "KS102"
      ],
      "finalBase": null,
      "noErrors": true,
      "passes": [],
      "text": "Meet the Baseline Pod Security Standard: no host namespaces, no privileged container"
    },
    "hints": [
      "KS101 and KS102 are errors: Baseline forbids both settings.",
      "Delete `hostNetwork: true`: the pod gets its own network, and a Service reaches port 8080.",
      "Delete `privileged: true` (or set it to `false`); if the app needed one capability, add just that, not everything."
    ],
    "id": "pss-baseline",
    "reference": "Kubernetes Pod Security Standards, Baseline: Host Namespaces, Privileged Containers; bulkhead KS101, KS102",
    "solution": "--- a/deployment.yaml\n+++ b/deployment.yaml\n@@ -6,12 +6,8 @@\n spec:\n   template:\n     spec:\n-      hostNetwork: true\n       containers:\n         - name: web\n           image: registry.example/web:2.3.0@sha256:0000000000000000000000000000000000000000000000000000000000000000\n           ports:\n             - containerPort: 8080\n-          # Copied from a forum answer to get past a permission error.\n-          securityContext:\n-            privileged: true\n",
    "title": "Pod Security Standards: Baseline"
  },
  {
    "checklist": null,
    "document": {
      "active": 0,
      "files": [
        {
          "kind": "kubernetes",
          "name": "deployment.yaml",
          "text": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: registry.example/web:2.3.0@sha256:0000000000000000000000000000000000000000000000000000000000000000\n          ports:\n            - containerPort: 8080\n          resources:\n            requests: {cpu: 100m, memory: 128Mi}\n            limits: {memory: 256Mi}\n"
        }
      ],
      "v": 1
    },
    "explanation": "This Deployment meets Baseline, but Restricted, the standard for hardened workloads, asks for more: the container must run as a non-root user, must not gain privileges through setuid programs, must drop every Linux capability, and must run under the runtime's seccomp profile, which blocks system calls an app does not need. Each closes a way out of a compromised container. A namespace labelled `pod-security.kubernetes.io/enforce: restricted` refuses the pod until all four are set.",
    "goal": {
      "absent": [
        "KS202",
        "KS203",
        "KS205",
        "KS206"
      ],
      "finalBase": null,
      "noErrors": true,
      "passes": [],
      "text": "Meet the Restricted Pod Security Standard"
    },
    "hints": [
      "Add a pod `securityContext` with `runAsNonRoot: true`, `runAsUser: 65532` and `seccompProfile: {type: RuntimeDefault}`.",
      "In the container's `securityContext`, set `allowPrivilegeEscalation: false` and `capabilities: {drop: [\"ALL\"]}`.",
      "`allowPrivilegeEscalation` and `capabilities` only work on the container, not the pod (KS002)."
    ],
    "id": "pss-restricted",
    "reference": "Kubernetes Pod Security Standards, Restricted; bulkhead KS202, KS203, KS205, KS206",
    "solution": "--- a/deployment.yaml\n+++ b/deployment.yaml\n@@ -6,11 +6,21 @@\n spec:\n   template:\n     spec:\n+      securityContext:\n+        runAsNonRoot: true\n+        runAsUser: 65532\n+        runAsGroup: 65532\n+        seccompProfile:\n+          type: RuntimeDefault\n       containers:\n         - name: web\n           image: registry.example/web:2.3.0@sha256:0000000000000000000000000000000000000000000000000000000000000000\n           ports:\n             - containerPort: 8080\n+          securityContext:\n+            allowPrivilegeEscalation: false\n+            capabilities:\n+              drop: [\"ALL\"]\n           resources:\n             requests: {cpu: 100m, memory: 128Mi}\n             limits: {memory: 256Mi}\n",
    "title": "Pod Security Standards: Restricted"
  },
  {
    "checklist": null,
    "document": {
      "active": 0,
      "files": [
        {
          "kind": "compose",
          "name": "compose.yaml",
          "text": "services:\n  web:\n    build: .\n    # Added to get past permission errors and to restart workers from the app.\n    privileged: true\n    user: root\n    ports:\n      - \"127.0.0.1:8000:8000\"\n    environment:\n      DB_PASSWORD: hunter2\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n"
        }
      ],
      "v": 1
    },
    "explanation": "Compose makes it easy to reach for the big switches. `privileged: true` and `user: root` give the container the host's devices and root; the Docker socket lets it start a new container that mounts the whole host, so it is root on the machine; and a password written in `environment` sits in the file, in git and in `docker inspect`. Take each away and give the service only what it uses.",
    "goal": {
      "absent": [
        "CP101",
        "CP107",
        "CP201",
        "CP203"
      ],
      "finalBase": null,
      "noErrors": true,
      "passes": [],
      "text": "Harden the service: not privileged, not root, no Docker socket, no password in the file"
    },
    "hints": [
      "Delete `privileged: true` and the `docker.sock` volume; restart workers with a `restart:` policy rather than from inside.",
      "Set `user: \"65532:65532\"`, and add `cap_drop: [ALL]`, `security_opt: [\"no-new-privileges:true\"]` and `read_only: true`.",
      "Read the password from a Compose secret (`secrets:`, a file mounted at `/run/secrets/db_password`), or from the shell with `DB_PASSWORD: ${DB_PASSWORD}`."
    ],
    "id": "compose",
    "reference": "CIS Docker Benchmark 5.5, 5.32, 4.1; compose-spec secrets; bulkhead CP101, CP107, CP201, CP203",
    "solution": "--- a/compose.yaml\n+++ b/compose.yaml\n@@ -1,12 +1,21 @@\n services:\n   web:\n     build: .\n-    # Added to get past permission errors and to restart workers from the app.\n-    privileged: true\n-    user: root\n+    restart: unless-stopped\n+    user: \"65532:65532\"\n+    read_only: true\n+    cap_drop: [ALL]\n+    security_opt: [\"no-new-privileges:true\"]\n+    mem_limit: 256m\n     ports:\n       - \"127.0.0.1:8000:8000\"\n     environment:\n-      DB_PASSWORD: hunter2\n-    volumes:\n-      - /var/run/docker.sock:/var/run/docker.sock\n+      # The app reads the password from the file Compose mounts.\n+      DB_PASSWORD_FILE: /run/secrets/db_password\n+    secrets: [db_password]\n+    healthcheck:\n+      test: [\"CMD\", \"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')\"]\n+\n+secrets:\n+  db_password:\n+    file: ./db_password.txt\n",
    "title": "A hardened Compose service"
  },
  {
    "checklist": "Read-only root filesystem and resource limits",
    "document": {
      "active": 0,
      "files": [
        {
          "kind": "dockerfile",
          "name": "Dockerfile",
          "text": "# A first Dockerfile, as tutorials often write it.\nFROM python:latest\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nENV SECRET_KEY=change-me\nEXPOSE 8080\nCMD python app.py\n"
        },
        {
          "kind": "kubernetes",
          "name": "deployment.yaml",
          "text": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: registry.example/app:latest\n          ports:\n            - containerPort: 8080\n          securityContext:\n            privileged: true\n"
        },
        {
          "kind": "requirements",
          "name": "requirements.txt",
          "text": "flask\ngunicorn>=23\n"
        }
      ],
      "v": 1
    },
    "explanation": "Time to put every lesson together: this is the Flask app as a first draft would ship it, with its Deployment and its requirements. Make the image small, multi-stage, pinned and non-root, with its dependencies in a venv and no secrets; then give it a Restricted Deployment with a read-only root, limits and probes. When you are done, every checklist item these files can show passes.",
    "goal": {
      "absent": [],
      "finalBase": null,
      "noErrors": true,
      "passes": [
        "minimal-base",
        "multi-stage",
        "non-root",
        "isolated-dependencies",
        "no-secrets",
        "pinned-dependencies",
        "read-only-and-limits",
        "health-checks"
      ],
      "text": "Make every checklist item these files can show pass, with nothing broken"
    },
    "hints": [
      "Go item by item through the checklist: each finding names the item it belongs to and the lesson that fixed it.",
      "The Dockerfile: a builder stage with a venv and `pip install --require-hashes`; a runtime on a slim base pinned by digest, copying only the venv and `app.py`, with `USER 65532`, a `HEALTHCHECK` and an exec-form `CMD`.",
      "The Deployment: the Restricted security settings, the image by digest, `readOnlyRootFilesystem` with an `emptyDir` at `/tmp`, resources and probes; requirements.txt pinned with `==` and hashes."
    ],
    "id": "hardened",
    "reference": "CIS Docker Benchmark 4; Kubernetes Pod Security Standards, Restricted; bulkhead rules (docs/rules.md)",
    "solution": "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,8 +1,16 @@\n-# A first Dockerfile, as tutorials often write it.\n-FROM python:latest\n+# A builder installs pinned, hashed dependencies into a venv; the runtime copies only\n+# the venv and the app, and runs as UID 65532.\n+FROM python:3.13-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000 AS build\n+RUN python -m venv /opt/venv\n+WORKDIR /build\n+COPY requirements.txt .\n+RUN /opt/venv/bin/pip install --no-cache-dir --require-hashes -r requirements.txt\n+\n+FROM python:3.13-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000\n+COPY --from=build /opt/venv /opt/venv\n+ENV PATH=/opt/venv/bin:$PATH\n WORKDIR /app\n-COPY . .\n-RUN pip install -r requirements.txt\n-ENV SECRET_KEY=change-me\n-EXPOSE 8080\n-CMD python app.py\n+COPY app.py .\n+USER 65532\n+HEALTHCHECK CMD [\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz')\"]\n+CMD [\"python\", \"app.py\"]\n--- a/deployment.yaml\n+++ b/deployment.yaml\n@@ -1,14 +1,38 @@\n+# SECRET_KEY would come from a Secret (envFrom / secretKeyRef), not from the image.\n apiVersion: apps/v1\n kind: Deployment\n metadata:\n   name: app\n+  namespace: shop\n spec:\n   template:\n     spec:\n+      automountServiceAccountToken: false\n+      securityContext:\n+        runAsNonRoot: true\n+        runAsUser: 65532\n+        runAsGroup: 65532\n+        seccompProfile:\n+          type: RuntimeDefault\n       containers:\n         - name: app\n-          image: registry.example/app:latest\n+          image: registry.example/app:1.0.0@sha256:0000000000000000000000000000000000000000000000000000000000000000\n           ports:\n             - containerPort: 8080\n           securityContext:\n-            privileged: true\n+            allowPrivilegeEscalation: false\n+            readOnlyRootFilesystem: true\n+            capabilities:\n+              drop: [\"ALL\"]\n+          resources:\n+            requests: {cpu: 100m, memory: 128Mi}\n+            limits: {memory: 256Mi}\n+          readinessProbe:\n+            httpGet: {path: /healthz, port: 8080}\n+          livenessProbe:\n+            httpGet: {path: /healthz, port: 8080}\n+          volumeMounts:\n+            - {name: tmp, mountPath: /tmp}\n+      volumes:\n+        - name: tmp\n+          emptyDir: {}\n--- a/requirements.txt\n+++ b/requirements.txt\n@@ -1,2 +1,5 @@\n-flask\n-gunicorn>=23\n+# pip-compile --generate-hashes writes these (placeholder hashes, list shortened).\n+flask==3.1.1 \\\n+    --hash=sha256:0000000000000000000000000000000000000000000000000000000000000000\n+gunicorn==23.0.0 \\\n+    --hash=sha256:0000000000000000000000000000000000000000000000000000000000000000\n",
    "title": "The whole picture: a hardened service"
  }
];
