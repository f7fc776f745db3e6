"""Emulated base images for the image harness (tools/images.py), made from Debian
packages with mmdebstrap, and the podman/buildah engine that builds and runs on them.

No container registry is reachable here, so each base a variant or a test app names is
rebuilt from Debian's packages, arranged the way the real image is arranged where
bulkhead's generator or rules depend on it. Each base below lists the facts it
reproduces (checked on the image's file system when it is made: `verify`) and the ones
it does not (`differs`). `./x images --bases` prints the table.

Root file systems are cached as tarballs in target/images/rootfs/ and reused by later
runs; the images themselves live in target/images/storage/.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import posixpath
import shutil
import re
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

# What the official python:3.X-slim images have: Python with its shared library
# (PyInstaller needs it), venv and pip, CA certificates, tzdata, and useradd (passwd).
PYTHON_PACKAGES = "python3,python3-venv,python3-pip,python-is-python3,ca-certificates,tzdata,passwd"


@dataclass(frozen=True)
class Rootfs:
    """One mmdebstrap run: a Debian suite with some packages, cached as a tarball."""

    name: str
    suite: str
    include: str
    variant: str = "apt"
    backports: bool = False


ROOTFS = {
    r.name: r
    for r in [
        Rootfs("bookworm-python", "bookworm", PYTHON_PACKAGES + ",libpython3.11"),
        Rootfs("trixie-python", "trixie", PYTHON_PACKAGES + ",libpython3.13"),
        Rootfs("trixie-slim", "trixie", "ca-certificates,tzdata,passwd"),
        # passwd: the official golang image is Debian with useradd, which a fixed
        # Dockerfile's non-root user needs.
        Rootfs("trixie-go", "trixie", "golang-1.27-go,ca-certificates,tzdata,passwd", backports=True),
        Rootfs("trixie-node", "trixie", "nodejs,npm,ca-certificates,tzdata,passwd"),
        # The JDK (and with it the JRE): one Java for the builder and every runtime, so
        # class files always match the JVM that runs them.
        Rootfs("trixie-java", "trixie", "openjdk-21-jdk-headless,ca-certificates,tzdata,passwd"),
        # rustc and cargo with gcc and glibc's static libraries (libc6-dev): the static
        # build links glibc into the binary.
        Rootfs("trixie-rust", "trixie", "rustc,cargo,gcc,libc6-dev,ca-certificates,tzdata,passwd"),
    ]
}

PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
NONROOT = 65532


@dataclass
class Base:
    """An emulated image: derived from a cached root file system, imported under tags."""

    name: str
    rootfs: str
    tags: list[str]
    # Facts reproduced, checked on the image's files: path -> what must be there.
    verify: dict[str, str]
    differs: str
    config: list[str] = field(default_factory=list)
    # How the root file system is changed: "slim", "distroless", "chainguard-dev", ...
    shape: str = "slim"
    python: str | None = None
    # Programs a distroless-shaped image keeps of /usr/bin (default: the Python ones).
    keep_bins: tuple[str, ...] = ()
    # The account added to /etc/passwd: name, uid, home (distroless-shaped images get
    # nonroot 65532 unless this says otherwise).
    account: tuple[str, int, str] | None = None
    # Symbolic links added: path -> target.
    links: tuple[tuple[str, str], ...] = ()


BASES = [
    Base(
        "python-3.13-slim",
        "trixie-python",
        ["docker.io/library/python:3.13-slim"],
        {
            "/usr/local/bin/python3": "file",
            "/usr/local/bin/python": "file",
            "/usr/local/bin/pip": "file",
            "/usr/lib/x86_64-linux-gnu/libpython3.13.so.1.0": "file",
            "/usr/sbin/useradd": "file",
            "/bin/sh": "file",
            "/usr/bin/apt-get": "file",
            "/etc/ssl/certs/ca-certificates.crt": "file",
            "/tmp": "1777",
            "user": "root",
        },
        "Python is Debian's 3.13 in /usr/bin, linked from /usr/local/bin (the official image "
        "builds it into /usr/local); pip installs as root go to /usr/local/lib/python3.13/dist-packages.",
        # The official image has no Python packages but pip's own; Debian's (packaging,
        # say) would make pip uninstall files it has no record of, so it installs over them.
        ['CMD ["python3"]', f"ENV PATH={PATH}", "ENV LANG=C.UTF-8", "ENV PIP_IGNORE_INSTALLED=1"],
        python="3.13",
    ),
    Base(
        "python-3.11-slim",
        "bookworm-python",
        ["docker.io/library/python:3.11-slim"],
        {
            "/usr/local/bin/python3": "file",
            "/usr/local/bin/pip": "file",
            "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0": "file",
            "/usr/sbin/useradd": "file",
            "/bin/sh": "file",
            "/etc/ssl/certs/ca-certificates.crt": "file",
            "/tmp": "1777",
            "user": "root",
        },
        "Debian 12's Python 3.11, linked from /usr/local/bin, as python-3.13-slim.",
        # The official image has no Python packages but pip's own; Debian's (packaging,
        # say) would make pip uninstall files it has no record of, so it installs over them.
        ['CMD ["python3"]', f"ENV PATH={PATH}", "ENV LANG=C.UTF-8", "ENV PIP_IGNORE_INSTALLED=1"],
        python="3.11",
    ),
    Base(
        "distroless-python",
        "trixie-python",
        ["gcr.io/distroless/python3-debian13:nonroot", "gcr.io/distroless/python3-debian13:latest"],
        {
            "/usr/bin/python3": "file",
            "/bin/sh": "absent",
            "/usr/bin/pip": "absent",
            "/usr/bin/apt-get": "absent",
            "/etc/ssl/certs/ca-certificates.crt": "file",
            "/home/nonroot": "dir",
            "/tmp": "1777",
            "user": "65532",
        },
        "Only Python, its libraries and the C libraries are left of Debian 13; the real image "
        "is smaller and has no dpkg database. ENTRYPOINT is python3.",
        ['ENTRYPOINT ["/usr/bin/python3"]', f"USER {NONROOT}", "WORKDIR /home/nonroot",
         "ENV PATH=/usr/local/bin:/usr/bin:/bin", "ENV LANG=C.UTF-8"],
        shape="distroless",
        python="3.13",
    ),
    Base(
        "chainguard-python-dev",
        "trixie-python",
        ["cgr.dev/chainguard/python:latest-dev"],
        {
            "/usr/bin/python": "file",
            "/usr/bin/pip": "file",
            "/bin/sh": "file",
            "/etc/ssl/certs/ca-certificates.crt": "file",
            "/home/nonroot": "dir",
            "/tmp": "1777",
            "user": "65532",
        },
        "Debian's Python 3.13 and dash stand in for Wolfi's Python 3.14 and busybox; "
        "there is no apk (apt-get is there instead).",
        ['ENTRYPOINT ["/usr/bin/python"]', f"USER {NONROOT}", "WORKDIR /home/nonroot",
         f"ENV PATH={PATH}", "ENV LANG=C.UTF-8"],
        shape="chainguard-dev",
        python="3.13",
    ),
    Base(
        "chainguard-python",
        "trixie-python",
        ["cgr.dev/chainguard/python:latest"],
        {
            "/usr/bin/python": "file",
            "/bin/sh": "absent",
            "/usr/bin/pip": "absent",
            "/etc/ssl/certs/ca-certificates.crt": "file",
            "/home/nonroot": "dir",
            "/tmp": "1777",
            "user": "65532",
        },
        "Debian's Python 3.13 for Wolfi's 3.14, no shell or package manager, as the real image.",
        ['ENTRYPOINT ["/usr/bin/python"]', f"USER {NONROOT}", "WORKDIR /home/nonroot",
         "ENV PATH=/usr/local/bin:/usr/bin:/bin", "ENV LANG=C.UTF-8"],
        shape="distroless",
        python="3.13",
    ),
    Base(
        "distroless-static",
        "trixie-slim",
        ["gcr.io/distroless/static-debian13:nonroot", "gcr.io/distroless/static-debian13:latest",
         "cgr.dev/chainguard/static:latest"],
        {
            "/etc/ssl/certs/ca-certificates.crt": "file",
            "/usr/share/zoneinfo/UTC": "file",
            "/etc/passwd": "file",
            "/home/nonroot": "dir",
            "/bin/sh": "absent",
            "/tmp": "1777",
            "user": "65532",
        },
        "The same files as the real image (CA certificates, tzdata, passwd/group with nonroot, "
        "/tmp), taken from Debian 13's packages; no libc, as on the real image.",
        [f"USER {NONROOT}", "WORKDIR /home/nonroot", "ENV PATH=/usr/local/bin:/usr/bin:/bin"],
        shape="static",
    ),
    Base(
        "debian-trixie-slim",
        "trixie-slim",
        ["docker.io/library/debian:trixie-slim", "docker.io/library/debian:13-slim"],
        {"/bin/sh": "file", "/usr/bin/apt-get": "file", "/tmp": "1777", "user": "root"},
        "Debian 13 with ca-certificates and tzdata added (the real slim image has neither).",
        ['CMD ["bash"]', f"ENV PATH={PATH}"],
    ),
    Base(
        "golang-1.27",
        "trixie-go",
        ["docker.io/library/golang:1.27"],
        {
            "/usr/local/go/bin/go": "file",
            "/usr/sbin/useradd": "file",
            "/bin/sh": "file",
            "/etc/ssl/certs/ca-certificates.crt": "file",
            "/tmp": "1777",
            "user": "root",
        },
        "Debian's Go 1.27 (trixie-backports) at /usr/local/go; no gcc, so cgo is off "
        "unless a build installs it; GOTOOLCHAIN=local, as the official image sets.",
        [f"ENV PATH=/go/bin:/usr/local/go/bin:{PATH}", "ENV GOPATH=/go", "ENV GOTOOLCHAIN=local",
         "WORKDIR /go"],
        shape="golang",
    ),
]
NODE_BINS = ("node", "nodejs")
BASES += [
    Base(
        "node-24-slim",
        "trixie-node",
        ["docker.io/library/node:24-slim"],
        {
            "/usr/local/bin/node": "file",
            "/usr/bin/npm": "file",
            "/bin/sh": "file",
            "/home/node": "dir",
            "/tmp": "1777",
            "user": "root",
        },
        "Debian 13's Node.js 20 and npm 9 stand in for Node.js 24 and npm 11 (the official "
        "image installs them under /usr/local); a user node (1000), as the official image has. "
        "It keeps Debian's CA certificates, which the official image purges (Node.js trusts "
        "its own bundled roots).",
        ['CMD ["node"]', f"ENV PATH={PATH}"],
        account=("node", 1000, "/home/node"),
        links=(("/usr/local/bin/node", "/usr/bin/node"), ("/usr/local/bin/npm", "/usr/bin/npm")),
    ),
    Base(
        "chainguard-node-dev",
        "trixie-node",
        ["cgr.dev/chainguard/node:latest-dev"],
        {
            "/usr/bin/node": "file",
            "/usr/bin/npm": "file",
            "/bin/sh": "file",
            "/home/node": "dir",
            "/tmp": "1777",
            "user": "65532",
        },
        "Debian's Node.js 20, npm and dash stand in for Wolfi's newest Node.js, npm and busybox.",
        ['ENTRYPOINT ["/usr/bin/node"]', f"USER {NONROOT}", "WORKDIR /app", f"ENV PATH={PATH}"],
        shape="chainguard-dev",
        account=("node", NONROOT, "/home/node"),
    ),
    Base(
        "chainguard-node",
        "trixie-node",
        ["cgr.dev/chainguard/node:latest"],
        {
            "/usr/bin/node": "file",
            "/usr/bin/npm": "absent",
            "/bin/sh": "absent",
            "/etc/ssl/certs/ca-certificates.crt": "file",
            "/home/node": "dir",
            "/tmp": "1777",
            "user": "65532",
        },
        "Debian's Node.js 20 for Wolfi's newest; no shell or npm, as the real image.",
        ['ENTRYPOINT ["/usr/bin/node"]', f"USER {NONROOT}", "WORKDIR /app", "ENV PATH=/usr/bin:/bin"],
        shape="distroless",
        keep_bins=NODE_BINS,
        account=("node", NONROOT, "/home/node"),
    ),
    Base(
        "distroless-nodejs",
        "trixie-node",
        ["gcr.io/distroless/nodejs24-debian13:nonroot", "gcr.io/distroless/nodejs24-debian13:latest"],
        {
            "/nodejs/bin/node": "file",
            "/usr/bin/npm": "absent",
            "/bin/sh": "absent",
            "/etc/ssl/certs/ca-certificates.crt": "file",
            "/home/nonroot": "dir",
            "/tmp": "1777",
            "user": "65532",
        },
        "Debian's Node.js 20 for Node.js 24, linked from /nodejs/bin/node, where the real "
        "image has it; no shell or npm.",
        ['ENTRYPOINT ["/nodejs/bin/node"]', f"USER {NONROOT}", "WORKDIR /home/nonroot", "ENV PATH=/usr/bin:/bin"],
        shape="distroless",
        keep_bins=NODE_BINS,
        links=(("/nodejs/bin/node", "/usr/bin/node"),),
    ),
]
JAVA_HOME = "/usr/lib/jvm/java-21-openjdk-amd64"
JAVA_BINS = ("java",)
BASES += [
    Base(
        "eclipse-temurin",
        "trixie-java",
        ["docker.io/library/eclipse-temurin:21-jdk", "docker.io/library/eclipse-temurin:21-jre",
         "docker.io/library/eclipse-temurin:25-jdk", "docker.io/library/eclipse-temurin:25-jre",
         "docker.io/library/eclipse-temurin:17-jre"],
        {
            "/opt/java/openjdk/bin/java": "file",
            "/opt/java/openjdk/bin/javac": "file",
            "/usr/bin/jar": "file",
            "/bin/sh": "file",
            "/etc/ssl/certs/ca-certificates.crt": "file",
            "/tmp": "1777",
            "user": "root",
        },
        "Debian 13's OpenJDK 21 (the JDK, also in the -jre tags) stands in for Temurin's "
        "17, 21 and 25 on Ubuntu, linked from /opt/java/openjdk as Temurin installs it.",
        [f"ENV JAVA_HOME=/opt/java/openjdk", f"ENV PATH=/opt/java/openjdk/bin:{PATH}", "ENV LANG=C.UTF-8"],
        links=(("/opt/java/openjdk", JAVA_HOME),),
    ),
    Base(
        "distroless-java",
        "trixie-java",
        ["gcr.io/distroless/java25-debian13:nonroot", "gcr.io/distroless/java25-debian13:latest",
         "gcr.io/distroless/java21-debian13:nonroot", "gcr.io/distroless/java17-debian13:latest"],
        {
            "/usr/bin/java": "file",
            "/bin/sh": "absent",
            "/usr/bin/apt-get": "absent",
            "/etc/ssl/certs/java/cacerts": "file",
            "/home/nonroot": "dir",
            "/tmp": "1777",
            "user": "65532",
        },
        "Debian's OpenJDK 21 (with the JDK's tools left in) for the JRE 25 of the real image; "
        "no shell or package manager. ENTRYPOINT is java -jar, as on the real image.",
        ['ENTRYPOINT ["/usr/bin/java", "-jar"]', f"USER {NONROOT}", "WORKDIR /home/nonroot",
         "ENV PATH=/usr/bin:/bin", "ENV LANG=C.UTF-8"],
        shape="distroless",
        keep_bins=JAVA_BINS,
    ),
    Base(
        "chainguard-jre",
        "trixie-java",
        ["cgr.dev/chainguard/jre:latest"],
        {
            "/usr/bin/java": "file",
            "/bin/sh": "absent",
            "/etc/ssl/certs/java/cacerts": "file",
            "/tmp": "1777",
            "user": "65532",
        },
        "Debian's OpenJDK 21 for Wolfi's newest OpenJDK; no shell or package manager, as the real image.",
        ['ENTRYPOINT ["/usr/bin/java"]', f"USER {NONROOT}", "WORKDIR /app", "ENV PATH=/usr/bin:/bin",
         "ENV LANG=C.UTF-8"],
        shape="distroless",
        keep_bins=JAVA_BINS,
    ),
]
BASES += [
    Base(
        "rust",
        "trixie-rust",
        ["docker.io/library/rust:1.85", "docker.io/library/rust:1", "docker.io/library/rust:latest"],
        {
            "/usr/local/cargo/bin/cargo": "file",
            "/usr/local/cargo/bin/rustc": "file",
            "/usr/lib/x86_64-linux-gnu/libc.a": "file",
            "/bin/sh": "file",
            "/etc/ssl/certs/ca-certificates.crt": "file",
            "/tmp": "1777",
            "user": "root",
        },
        "Debian 13's rustc and cargo 1.85, linked from /usr/local/cargo/bin where rustup puts "
        "them in the official image; no rustup, so no other targets or toolchains.",
        ["ENV CARGO_HOME=/usr/local/cargo", f"ENV PATH=/usr/local/cargo/bin:{PATH}"],
        links=(("/usr/local/cargo/bin/cargo", "/usr/bin/cargo"), ("/usr/local/cargo/bin/rustc", "/usr/bin/rustc")),
    ),
    Base(
        "distroless-cc",
        "trixie-slim",
        ["gcr.io/distroless/cc-debian13:nonroot", "gcr.io/distroless/cc-debian13:latest",
         "gcr.io/distroless/cc-debian12:latest", "gcr.io/distroless/cc-debian12:nonroot"],
        {
            "/usr/lib/x86_64-linux-gnu/libc.so.6": "file",
            "/usr/lib/x86_64-linux-gnu/libgcc_s.so.1": "file",
            "/bin/sh": "absent",
            "/usr/bin/apt-get": "absent",
            "/etc/ssl/certs/ca-certificates.crt": "file",
            "/home/nonroot": "dir",
            "/tmp": "1777",
            "user": "65532",
        },
        "Debian 13's C libraries with CA certificates and tzdata, no shell or programs; the real "
        "image has libstdc++ too.",
        [f"USER {NONROOT}", "WORKDIR /home/nonroot", "ENV PATH=/usr/local/bin:/usr/bin:/bin"],
        shape="distroless",
    ),
]
BY_NAME = {b.name: b for b in BASES}

# Image references a Dockerfile may name, and the base that stands in for them. The
# first match wins; the note says what differs from the tag's own image.
ALIASES = [
    (r"(docker\.io/)?(library/)?python:3\.11([-.].*)?", "python-3.11-slim"),
    (r"(docker\.io/)?(library/)?python(:.*)?", "python-3.13-slim"),
    (r"gcr\.io/distroless/python3(-debian1[23])?(:.*)?", "distroless-python"),
    (r"cgr\.dev/chainguard/python:.*-dev", "chainguard-python-dev"),
    (r"cgr\.dev/chainguard/python(:.*)?", "chainguard-python"),
    (r"gcr\.io/distroless/static(-debian1[23])?(:.*)?", "distroless-static"),
    (r"cgr\.dev/chainguard/static(:.*)?", "distroless-static"),
    (r"(docker\.io/)?(library/)?debian(:.*)?", "debian-trixie-slim"),
    (r"(docker\.io/)?(library/)?golang(:.*)?", "golang-1.27"),
    (r"(docker\.io/)?(library/)?node(:.*)?", "node-24-slim"),
    (r"cgr\.dev/chainguard/node:.*-dev", "chainguard-node-dev"),
    (r"cgr\.dev/chainguard/node(:.*)?", "chainguard-node"),
    (r"gcr\.io/distroless/nodejs\d*(-debian1[23])?(:.*)?", "distroless-nodejs"),
    (r"(docker\.io/)?(library/)?(eclipse-temurin|openjdk)(:.*)?", "eclipse-temurin"),
    # Other vendors' JDKs and JREs: the same Debian OpenJDK, on PATH as in theirs.
    (r"(docker\.io/)?(library/)?amazoncorretto(:.*)?", "eclipse-temurin"),
    (r"(docker\.io/)?bellsoft/liberica-openjdk-debian(:.*)?", "eclipse-temurin"),
    (r"gcr\.io/distroless/java\d*(-debian1[23])?(:.*)?", "distroless-java"),
    (r"cgr\.dev/chainguard/jre(:.*)?", "chainguard-jre"),
    (r"(docker\.io/)?(library/)?rust(:.*)?", "rust"),
    (r"gcr\.io/distroless/cc(-debian1[23])?(:.*)?", "distroless-cc"),
]


def qualify(reference: str) -> str:
    """`python:3.13-slim` -> `docker.io/library/python:3.13-slim`."""
    name = reference
    if ":" not in name.rsplit("/", 1)[-1]:
        name += ":latest"
    first = name.split("/", 1)[0]
    if "/" not in name:
        return f"docker.io/library/{name}"
    if "." not in first and ":" not in first and first != "localhost":
        return f"docker.io/{name}"
    return name


def from_references(dockerfile: str) -> list[str]:
    """The images a Dockerfile's FROM lines name (not its own stages, not scratch), with
    global ARG defaults filled in."""
    args: dict[str, str] = {}
    stages: set[str] = set()
    refs = []
    seen_from = False
    text = re.sub(r"\\\n", " ", dockerfile)
    for line in text.splitlines():
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        keyword = words[0].upper()
        if keyword == "ARG" and not seen_from and len(words) > 1 and "=" in words[1]:
            key, value = words[1].split("=", 1)
            args[key] = value.strip("\"'")
        if keyword != "FROM":
            continue
        seen_from = True
        rest = [w for w in words[1:] if not w.startswith("--")]
        if not rest:
            continue
        ref = re.sub(r"\$\{?(\w+)\}?", lambda m: args.get(m.group(1), ""), rest[0])
        if len(rest) >= 3 and rest[1].upper() == "AS":
            stages.add(rest[2].lower())
        if ref.lower() in stages or ref == "scratch" or ref in refs:
            continue
        refs.append(ref)
    return refs


def final_base(dockerfile: str) -> str:
    found = [w for w in re.findall(r"(?im)^\s*FROM\s+(?:--\S+\s+)*(\S+)", dockerfile)]
    return found[-1] if found else "-"


MOUNT_TARGET_KEYS = ("target", "dst", "destination")


def buildable(dockerfile: str) -> tuple[str, list[str]]:
    """The Dockerfile as this harness builds it, and what had to change for buildah to
    build it as BuildKit does, each said:

    - a base pinned by digest (`python:3.12-slim@sha256:…`) is built on the emulated
      base for its name and tag: no digest of the real image is in the local store;
    - a relative `RUN --mount` target (`target=requirements.txt`, as `docker init`
      writes) is made absolute against the stage's WORKDIR, as BuildKit resolves it
      (buildah 1.28 refuses it).
    """
    notes: list[str] = []
    out: list[str] = []
    stage_workdirs: dict[str, str] = {}
    workdir = "/"
    keyword = ""
    current_stage: str | None = None
    continued = False
    for line in dockerfile.splitlines(keepends=True):
        stripped = line.strip()
        if not continued and stripped and not stripped.startswith("#"):
            keyword = stripped.split()[0].upper()
            words = stripped.split()
            if keyword == "FROM":
                rest = [w for w in words[1:] if not w.startswith("--")]
                parent = rest[0].lower() if rest else ""
                workdir = stage_workdirs.get(parent, "/")
                if rest and "@sha256:" in rest[0] and alias(rest[0]) is not None:
                    bare = rest[0].split("@", 1)[0]
                    line = line.replace(rest[0], bare, 1)
                    notes.append(f"{rest[0]}: built on the emulated base for {bare} (the digest names the real image)")
                if len(rest) >= 3 and rest[1].upper() == "AS":
                    stage_workdirs[rest[2].lower()] = workdir
                    current_stage = rest[2].lower()
                else:
                    current_stage = None
            elif keyword == "WORKDIR" and len(words) > 1 and "$" not in words[1]:
                workdir = posixpath.normpath(posixpath.join(workdir, words[1]))
                if current_stage is not None:
                    stage_workdirs[current_stage] = workdir
        if keyword == "RUN" and "--mount=" in line:
            line = re.sub(r"--mount=(\S+)", lambda m: "--mount=" + absolute_mount(m.group(1), workdir, notes), line)
        if stripped and not stripped.startswith("#"):
            continued = stripped.endswith("\\")
        out.append(line)
    return "".join(out), notes


def absolute_mount(spec: str, workdir: str, notes: list[str]) -> str:
    """One `--mount` value with a relative target made absolute against `workdir`."""
    parts = []
    for part in spec.split(","):
        key, _, value = part.partition("=")
        if key in MOUNT_TARGET_KEYS and value and not value.startswith(("/", "$")):
            absolute = posixpath.normpath(posixpath.join(workdir, value))
            notes.append(f"--mount {key}={value}: made {absolute}, against WORKDIR {workdir}, as BuildKit resolves it")
            part = f"{key}={absolute}"
        parts.append(part)
    return ",".join(parts)


def alias(reference: str) -> str | None:
    bare = reference.split("@", 1)[0]
    for pattern, base in ALIASES:
        if re.fullmatch(pattern, bare):
            return base
    return None


def debian_mirror() -> str:
    """The host's own Debian mirror, from its apt sources (never a hard-coded host)."""
    sources = sorted(Path("/etc/apt/sources.list.d").glob("*.sources"))
    for file in sources:
        for line in file.read_text().splitlines():
            if line.startswith("URIs:") and "security" not in line:
                return line.split()[1]
    legacy = Path("/etc/apt/sources.list")
    if legacy.exists():
        for line in legacy.read_text().splitlines():
            words = line.split()
            if len(words) >= 3 and words[0] == "deb" and "security" not in words[1]:
                return words[1] if not words[1].startswith("[") else words[2]
    raise SystemExit("images: no Debian mirror in /etc/apt/sources.list(.d): cannot make the bases")


class Engine:
    def __init__(self, work: Path):
        self.work = work
        self.rootfs_dir = work / "rootfs"
        self.env = dict(os.environ)
        self.made: set[str] = set()
        self.aliased: dict[str, list[str]] = {}
        self.reused: list[str] = []
        self.base_seconds = 0.0
        self.rootfs_made: list[str] = []
        self.rootfs_reused: list[str] = []

    # --- configuration --------------------------------------------------------------

    def setup(self) -> None:
        config = self.work / "config"
        for folder in (config, self.rootfs_dir, self.work / "storage", self.work / "run", self.work / "tmp"):
            folder.mkdir(parents=True, exist_ok=True)
        hard = subprocess.run(["sh", "-c", "ulimit -Hn"], text=True, capture_output=True).stdout.strip() or "1048576"
        (config / "storage.conf").write_text(
            f'[storage]\ndriver = "overlay"\nrunroot = "{self.work}/run"\ngraphroot = "{self.work}/storage"\n'
        )
        (config / "containers.conf").write_text(
            "[containers]\n"
            'netns = "host"\n'
            f'default_ulimits = ["nofile={hard}:{hard}", "nproc=32768:32768"]\n'
            "[engine]\n"
            'cgroup_manager = "cgroupfs"\n'
            'events_logger = "file"\n'
            'runtime = "runc"\n'
            f'tmp_dir = "{self.work}/tmp"\n'
        )
        (config / "registries.conf").write_text(
            'unqualified-search-registries = ["docker.io"]\nshort-name-mode = "permissive"\n'
        )
        self.env.update(
            CONTAINERS_STORAGE_CONF=str(config / "storage.conf"),
            CONTAINERS_CONF=str(config / "containers.conf"),
            CONTAINERS_REGISTRIES_CONF=str(config / "registries.conf"),
        )

    def podman(self, *args: str, timeout: float | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(["podman", *args], text=True, capture_output=True, env=self.env, timeout=timeout)

    # --- bases -----------------------------------------------------------------------

    def image_exists(self, tag: str) -> bool:
        return self.podman("image", "exists", tag).returncode == 0

    def label(self, tag: str) -> str | None:
        """The fingerprint an emulated base was made with (None: no such image)."""
        done = self.podman("image", "inspect", "--format", '{{index .Labels "bulkhead.emulated"}}', tag)
        return done.stdout.strip() or None if done.returncode == 0 else None

    def rootfs(self, name: str) -> Path:
        spec = ROOTFS[name]
        tar = self.rootfs_dir / f"{name}-{fingerprint(spec)}.tar"
        if tar.exists():
            if name not in self.rootfs_reused and name not in self.rootfs_made:
                self.rootfs_reused.append(name)
            return tar
        mirror = debian_mirror()
        sources = [f"deb {mirror} {spec.suite} main"]
        if spec.backports:
            sources.append(f"deb {mirror} {spec.suite}-backports main")
        started = time.monotonic()
        partial = tar.with_suffix(".partial.tar")
        command = [
            "mmdebstrap", "--quiet", f"--variant={spec.variant}", f"--include={spec.include}",
            "--format=tar", spec.suite, str(partial), *sources,
        ]
        done = subprocess.run(command, text=True, capture_output=True)
        if done.returncode != 0:
            raise SystemExit(f"images: mmdebstrap {name} failed:\n{done.stderr[-3000:]}")
        partial.rename(tar)
        self.rootfs_made.append(name)
        print(f"images: rootfs {name}: {time.monotonic() - started:.1f} s", file=sys.stderr, flush=True)
        return tar

    def make_base(self, base: Base) -> None:
        if base.name in self.made:
            return
        label = fingerprint((base, ROOTFS[base.rootfs], Path(__file__).read_bytes()))
        if all(self.label(tag) == label for tag in base.tags):
            self.made.add(base.name)
            self.reused.append(base.name)
            return
        started = time.monotonic()
        source = self.rootfs(base.rootfs)
        out = self.work / "tmp" / f"{base.name}.tar"
        members = derive(source, out, base)
        problems = verify(members, base)
        if problems:
            raise SystemExit(f"images: the emulated {base.name} lacks what it must reproduce: {problems}")
        changes = ["--change", f"LABEL bulkhead.emulated={label}"]
        for change in base.config:
            changes += ["--change", change]
        done = self.podman("import", *changes, str(out), base.tags[0])
        out.unlink(missing_ok=True)
        if done.returncode != 0:
            raise SystemExit(f"images: podman import {base.name} failed: {done.stderr}")
        for tag in base.tags[1:]:
            self.podman("tag", base.tags[0], tag)
        # Tags that Dockerfiles named earlier point at the old image: point them here.
        for tag in self.aliased.get(base.name, []):
            self.podman("tag", base.tags[0], tag)
        self.made.add(base.name)
        seconds = time.monotonic() - started
        print(f"images: base {base.name}: {seconds:.1f} s", file=sys.stderr, flush=True)

    def provide_bases(self, dockerfile: str) -> list[str]:
        """Make sure every image the Dockerfile names exists; returns those that no
        emulated base stands in for."""
        started = time.monotonic()
        missing = []
        for reference in from_references(dockerfile):
            name = qualify(reference.split("@", 1)[0])
            base = alias(reference)
            if base is None:
                if not self.image_exists(name):
                    missing.append(reference)
                continue
            self.make_base(BY_NAME[base])
            if name not in BY_NAME[base].tags and self.label(name) != self.label(BY_NAME[base].tags[0]):
                self.podman("tag", BY_NAME[base].tags[0], name)
                self.aliased.setdefault(base, []).append(name)
        self.base_seconds += time.monotonic() - started
        return missing

    def cache_note(self) -> str:
        made = ", ".join(self.rootfs_made) or "none"
        reused = ", ".join(self.rootfs_reused) or "none"
        images = ", ".join(self.reused) or "none"
        return (
            f"root file systems made: {made}; reused from target/images/rootfs: {reused}; "
            f"emulated images already in target/images/storage: {images}"
        )

    # --- building and running --------------------------------------------------------

    def build(self, context: Path, tag: str, target: str | None = None) -> subprocess.CompletedProcess:
        mounts = ["-v", "/etc/ssl/certs/ca-certificates.crt:/etc/ssl/certs/ca-certificates.crt:ro"]
        if Path("/etc/pip.conf").exists():
            mounts += ["-v", "/etc/pip.conf:/etc/pip.conf:ro"]
        return subprocess.run(
            ["buildah", "bud", "--pull=never", "--network=host", "--format", "docker", "--layers",
             *mounts, *(["--target", target] if target else []), "-t", tag, str(context)],
            text=True, capture_output=True, env=self.env,
        )

    def start(self, name: str, tag: str, publish: tuple[int, int] | None = None) -> subprocess.CompletedProcess:
        """Run as the generated Deployment does: read-only root, an empty world-writable
        /tmp as an emptyDir gives (a fresh folder under target/; podman's own tmpfs takes
        the mode of the image's /tmp), user 65532, no capabilities, no privilege
        escalation.

        With `publish` (host port, app port), the container gets a network namespace of
        its own, as a pod does, and its port is published on 127.0.0.1 only: an app that
        listens on the loopback inside fails here as it would in a cluster, and a port
        already taken on the machine (8080 often is) does not matter. Without it (a job,
        or a machine where the bridge network does not work), the host's network."""
        self.remove(name)
        scratch = self.scratch_dir(name)
        scratch.mkdir(parents=True)
        scratch.chmod(0o1777)
        network = ["--network=host"]
        if publish is not None:
            network = ["--network=bridge", "-p", f"127.0.0.1:{publish[0]}:{publish[1]}"]
        return self.podman(
            "run", "-d", "--pull=never", *network, "--name", name,
            "--read-only", "-v", f"{scratch}:/tmp:rw,exec",
            "--user", f"{NONROOT}:{NONROOT}", "--cap-drop", "ALL",
            "--security-opt", "no-new-privileges", "--health-interval", "disable", tag,
        )

    def scratch_dir(self, name: str) -> Path:
        return self.work / "emptydir" / name

    def state(self, name: str) -> dict:
        done = self.podman("inspect", "--format", "json", name)
        if done.returncode != 0:
            return {}
        try:
            state = json.loads(done.stdout)[0]["State"]
        except (ValueError, IndexError, KeyError):
            return {}
        if state.get("Status") in ("created", "configured"):
            return {}
        return state

    def wait(self, name: str, timeout: float) -> int | None:
        try:
            done = self.podman("wait", name, timeout=timeout)
        except subprocess.TimeoutExpired:
            return None
        try:
            return int(done.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            return None

    def logs(self, name: str) -> str:
        done = self.podman("logs", name)
        return done.stdout + done.stderr

    def has_healthcheck(self, tag: str) -> bool:
        done = self.podman("image", "inspect", "--format", "{{json .Config.Healthcheck}}", tag)
        if done.returncode != 0 or done.stdout.strip() in ("", "null"):
            return False
        test = json.loads(done.stdout).get("Test") or []
        return bool(test) and test[0] != "NONE"

    def run_healthcheck(self, name: str) -> subprocess.CompletedProcess:
        return self.podman("healthcheck", "run", name, timeout=60)

    def remove(self, name: str) -> None:
        self.podman("rm", "-f", "-t", "1", name)
        shutil.rmtree(self.scratch_dir(name), ignore_errors=True)


# --- deriving an image's files from a root file system -------------------------------


def derive(source: Path, out: Path, base: Base) -> dict[str, tarfile.TarInfo]:
    """Write `out`, the image's files: `source` changed as `base.shape` says. Returns
    the members written, by path."""
    members: dict[str, tarfile.TarInfo] = {}
    with tarfile.open(source) as src, tarfile.open(out, "w") as dst:

        def add(info: tarfile.TarInfo, data: bytes | None = None) -> None:
            dst.addfile(info, io.BytesIO(data) if data is not None else None)
            members[normal(info.name)] = info

        passwd = group = None
        for info in src:
            path = normal(info.name)
            if not keep(path, base):
                continue
            data = src.extractfile(info).read() if info.isfile() else None
            if path == "/etc/passwd":
                passwd = (info, data)
                continue
            if path == "/etc/group":
                group = (info, data)
                continue
            if path.endswith("/EXTERNALLY-MANAGED"):
                continue
            if path == "/tmp":
                info.mode = 0o1777
            add(info, data)
        account = base.account
        if account is None and base.shape not in ("slim", "golang"):
            account = ("nonroot", NONROOT, "/home/nonroot")
        if account:
            name, uid, home = account
            if "/home" not in members:
                add(directory("/home", 0o755, 0))
            add(directory(home, 0o700, uid))
        if passwd and group:
            p_info, p_data = passwd
            g_info, g_data = group
            if account:
                p_data += f"{name}:x:{uid}:{uid}:{name}:{home}:/sbin/nologin\n".encode()
                g_data += f"{name}:x:{uid}:\n".encode()
            p_info.size, g_info.size = len(p_data), len(g_data)
            add(p_info, p_data)
            add(g_info, g_data)
        for link, target in links(base):
            parent = str(PurePosixPath(link).parent)
            missing = []
            while parent not in members and parent != "/":
                missing.append(parent)
                parent = str(PurePosixPath(parent).parent)
            for folder in reversed(missing):
                add(directory(folder, 0o755, 0))
            info = tarfile.TarInfo("." + link)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            info.mode = 0o777
            add(info)
    return members


def fingerprint(value: object) -> str:
    """A short hash of a definition, so a changed base or root file system is made anew."""
    return hashlib.sha256(repr(value).encode()).hexdigest()[:12]


def normal(name: str) -> str:
    """A member's name as an absolute path: `./usr/bin/` -> `/usr/bin`."""
    name = name.removeprefix(".").strip("/")
    return "/" + name


def directory(path: str, mode: int, owner: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo("." + path)
    info.type = tarfile.DIRTYPE
    info.mode = mode
    info.uid = info.gid = owner
    return info


def links(base: Base) -> list[tuple[str, str]]:
    if base.links:
        return list(base.links)
    if base.shape == "slim" and base.python:
        v = base.python
        return [
            ("/usr/local/bin/python", "/usr/bin/python3"),
            ("/usr/local/bin/python3", "/usr/bin/python3"),
            (f"/usr/local/bin/python{v}", f"/usr/bin/python{v}"),
            ("/usr/local/bin/pip", "/usr/bin/pip3"),
            ("/usr/local/bin/pip3", "/usr/bin/pip3"),
        ]
    if base.shape == "golang":
        return [("/usr/local/go", "/usr/lib/go-1.27")]
    return []


# What a distroless-shaped image keeps of Debian's /usr/bin.
def keep(path: str, base: Base) -> bool:
    shape, python = base.shape, base.python
    if shape in ("slim", "golang", "chainguard-dev"):
        return True
    if path.startswith("/var/lib/apt") or path.startswith("/var/cache/apt") or path.startswith("/usr/share/doc"):
        return False
    if path.startswith("/usr/share/man") or path.startswith("/usr/share/locale"):
        return False
    if shape == "static":
        keepers = ("/etc/ssl", "/usr/share/zoneinfo", "/usr/share/ca-certificates", "/etc/passwd",
                   "/etc/group", "/etc/nsswitch.conf", "/tmp", "/etc/os-release", "/usr/lib/os-release")
        parents = ("/", "/etc", "/usr", "/usr/share", "/usr/lib", "/home", "/var")
        return path in parents or any(path == k or path.startswith(k + "/") for k in keepers)
    # distroless: no shell, no package managers, no tools; Python and libraries stay.
    for folder in ("/usr/bin/", "/usr/sbin/", "/bin/", "/sbin/"):
        if path.startswith(folder):
            name = path[len(folder):]
            return name in (base.keep_bins or ("python3", f"python{python}", "python"))
    if path.startswith("/usr/lib/python3/dist-packages/pip") or path.startswith("/var/lib/dpkg"):
        return False
    return True


def verify(members: dict[str, tarfile.TarInfo], base: Base) -> list[str]:
    """The facts `base.verify` names that the derived files do not have."""

    def resolve(path: str, depth: int = 0) -> tarfile.TarInfo | None:
        # Follow symbolic links inside the image, also through linked folders (/bin -> usr/bin).
        if depth > 20:
            return None
        parts = PurePosixPath(path).parts[1:]
        current = "/"
        for i, part in enumerate(parts):
            candidate = normal(str(PurePosixPath(current) / part))
            info = members.get(candidate)
            if info is None:
                return None
            if info.issym():
                target = info.linkname
                if not target.startswith("/"):
                    target = str(PurePosixPath(current) / target)
                rest = "/".join(parts[i + 1:])
                joined = str(PurePosixPath(target) / rest) if rest else target
                return resolve(posixpath.normpath(joined), depth + 1)
            current = candidate
        return members.get(current)

    problems = []
    for path, want in base.verify.items():
        if path == "user":
            user = next((c.split()[1] for c in base.config if c.startswith("USER ")), "root")
            if user != want:
                problems.append(f"user is {user}, not {want}")
            continue
        info = resolve(path)
        if want == "absent":
            if info is not None:
                problems.append(f"{path} is there")
        elif info is None:
            problems.append(f"{path} is missing")
        elif want == "file" and not info.isfile():
            problems.append(f"{path} is not a file")
        elif want == "dir" and not info.isdir():
            problems.append(f"{path} is not a folder")
        elif want.isdigit() and info.mode & 0o7777 != int(want, 8):
            problems.append(f"{path} has mode {info.mode & 0o7777:o}, not {want}")
    return problems


def table() -> str:
    """The bases, their tags, and the facts each reproduces and does not."""
    lines = []
    for base in BASES:
        lines.append(f"{base.name} ({', '.join(base.tags)}), from Debian {ROOTFS[base.rootfs].suite}:")
        lines.append("  reproduces: " + "; ".join(f"{k} {v}" for k, v in base.verify.items()))
        lines.append(f"  differs: {base.differs}")
    return "\n".join(lines)
