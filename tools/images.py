#!/usr/bin/env python3
"""The image harness behind `./x images`: build every variant bulkhead generates for a
Dockerfile, and the Dockerfile with every fix applied, then start each image the way its
Deployment runs it and check that it works.

    tools/images.py --bulkhead BIN [--format human|json] [CONTEXT...]

A CONTEXT is a folder with a Dockerfile and its app; with none, the test apps in
tests/images/. An optional CONTEXT/expect.toml says what "works" means for that app
(see tests/images/README.md); without one, the image must answer on the port it
EXPOSEs, or exit 0 when it exposes none.

Images build with buildah against emulated base images (tools/image_bases.py) made
from Debian packages, with storage under target/images/. Nothing is pulled from a
container registry, containers only ever talk to 127.0.0.1, and every container the
harness starts is removed, also on failure.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import image_bases  # noqa: E402  (a sibling module)

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "target" / "images"
TEST_APPS = ROOT / "tests" / "images"
START_TIMEOUT = 60
JOB_TIMEOUT = 120
HEALTH_TIMEOUT = 60


def log(message: str) -> None:
    print(f"images: {message}", file=sys.stderr, flush=True)


@dataclass
class Result:
    context: str
    variant: str
    base: str
    built: bool = False
    started: bool = False
    answered: bool | None = None
    exit_code: int | None = None
    health: str = "none"
    seconds: float = 0.0
    log: str = ""
    passed: bool = False
    build_seconds: float = 0.0

    def json(self) -> dict:
        return {
            "context": self.context,
            "variant": self.variant,
            "base": self.base,
            "built": self.built,
            "started": self.started,
            "answered": self.answered,
            "exit_code": self.exit_code,
            "health": self.health,
            "seconds": round(self.seconds, 1),
            "build_seconds": round(self.build_seconds, 1),
            "passed": self.passed,
            "log": self.log,
        }


@dataclass
class Expect:
    """What working means for one app (CONTEXT/expect.toml)."""

    port: int | None = None
    path: str = "/"
    body: str | None = None
    output: str | None = None
    # The variants must be refused with a message that names this ("line 7").
    refused: str | None = None
    # The stage `docker build --target` builds for the fixed file, when the last stage is
    # not the one that runs (the variants find the stage with a command themselves).
    target: str | None = None
    # Families that must be left out, each with what the reason must name
    # (`chainguard = "psycopg2-binary==2.9.9"`).
    skipped: dict[str, str] | None = None
    # A command run in the harness's copy of the folder before anything is built (a
    # binary built outside Docker, as CI builds it before `docker build`).
    prepare: list[str] | None = None

    @staticmethod
    def read(context: Path) -> "Expect":
        file = context / "expect.toml"
        if not file.exists():
            return Expect()
        data = tomllib.loads(file.read_text())
        known = {"port", "path", "body", "output", "refused", "target", "skipped", "prepare"}
        unknown = set(data) - known
        if unknown:
            raise SystemExit(f"{file}: unknown keys {sorted(unknown)}")
        return Expect(**data)


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, text=True, capture_output=True, **kwargs)


def tail(text: str, lines: int = 25) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def exposed_port(dockerfile: str) -> int | None:
    """The last stage's first EXPOSEd TCP port."""
    stages = re.split(r"(?im)^\s*FROM\s", dockerfile)
    for line in stages[-1].splitlines():
        match = re.match(r"(?i)\s*EXPOSE\s+(\d+)(/tcp)?\b", line)
        if match:
            return int(match.group(1))
    return None


def tcp_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def port_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def free_port() -> int:
    """A port no process on the machine's loopback listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http_get(port: int, path: str) -> tuple[int | None, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=3) as response:
            return response.status, response.read(4096).decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read(4096).decode("utf-8", "replace")
    except (OSError, ValueError) as error:
        return None, str(error)


class Harness:
    def __init__(self, bulkhead: Path):
        self.bulkhead = bulkhead
        catalog = json.loads(run([str(bulkhead), "variants", "--catalog", "--format", "json"]).stdout)
        # The families each language has bases for: a family outside them is left out
        # by design (no slim for a static Go binary, no scratch for Node.js).
        self.families: dict[str, set[str]] = {}
        for base in catalog["bases"]:
            self.families.setdefault(base["language"], set()).add(base["family"])
        self.engine = image_bases.Engine(WORK)
        self.contexts = WORK / "contexts"
        self.started: list[str] = []
        # Whether apps run on a network of their own (None: not tried yet).
        self.bridge: bool | None = None

    # --- bulkhead ---------------------------------------------------------------------

    def variants(self, dockerfile: Path) -> tuple[list[dict], dict[str, str], str]:
        """The generated variants, the families left out with why, and the error, if
        no variant could be made."""
        done = run([str(self.bulkhead), "variants", "--format", "json", str(dockerfile)])
        skipped = {}
        for line in done.stderr.splitlines():
            match = re.match(r"bulkhead: no (\w+) variant: (.*)", line)
            if match:
                skipped[match.group(1)] = match.group(2)
        if done.returncode != 0:
            return [], skipped, done.stderr.strip()
        return json.loads(done.stdout), skipped, ""

    def fixed(self, into: Path) -> str:
        """Apply every fix, safe and unsafe, to the copy of a context in `into`; returns
        the CLI's output."""
        done = run([str(self.bulkhead), "lint", "--fix", "--unsafe-fixes", "--format", "human", str(into)])
        return done.stdout + done.stderr

    # --- contexts ----------------------------------------------------------------------

    def copy_context(self, context: Path, name: str) -> Path:
        target = self.contexts / name
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(context, target, ignore=shutil.ignore_patterns("expect.toml"))
        return target

    # --- one image ---------------------------------------------------------------------

    def check(self, result: Result, context: Path, dockerfile_text: str, expect: Expect) -> None:
        started = time.monotonic()
        tag = f"localhost/bulkhead-test/{result.context}-{result.variant}:latest".lower()
        logs = []
        try:
            missing = self.engine.provide_bases(dockerfile_text)
            if missing:
                result.log = f"no emulated base for {', '.join(missing)}"
                return
            # What buildah needs changed to build it as BuildKit would, said in the log.
            build_text, harness_notes = image_bases.buildable(dockerfile_text)
            logs.extend(f"harness: {note}" for note in harness_notes)
            (context / "Dockerfile").write_text(build_text)
            build_started = time.monotonic()
            built = self.engine.build(context, tag, expect.target if result.variant == "fixed" else None)
            result.build_seconds = time.monotonic() - build_started
            if built.returncode != 0:
                result.log = "\n".join([*logs, "build failed:", tail(built.stdout + built.stderr, 40)])
                return
            result.built = True
            port = expect.port or exposed_port(dockerfile_text)
            name = f"bulkhead-test-{result.context}-{result.variant}".lower()
            run_done, published = self.start(name, tag, port, logs)
            if run_done is None:
                result.log = "\n".join(logs)
                return
            if run_done.returncode != 0:
                result.log = "\n".join([*logs, "podman run failed:", tail(run_done.stderr)])
                return
            self.started.append(name)
            try:
                if port is None:
                    self.job(result, name, expect, logs)
                else:
                    self.service(result, name, published, expect, logs)
                    self.healthcheck(result, name, tag, logs)
            finally:
                container_log = self.engine.logs(name)
                if container_log:
                    logs.append("container output:\n" + tail(container_log))
                self.engine.remove(name)
                self.started.remove(name)
            result.passed = (
                result.started
                and (result.answered is True if port is not None else result.exit_code == 0)
                and result.health in ("none", "healthy")
            )
        finally:
            result.seconds = time.monotonic() - started
            if logs and not result.log:
                result.log = "\n".join(logs)

    def start(self, name: str, tag: str, port: int | None, logs: list) -> tuple[subprocess.CompletedProcess | None, int | None]:
        """Start the image; returns podman's answer and the port on 127.0.0.1 where the
        app's `port` answers. A service runs in a network namespace of its own with its
        port published on a free port of the machine's loopback, so a port in use here
        does not matter; where the bridge network fails, it runs on the host's network,
        after checking that its port is free (None, with the reason logged, when it is
        not)."""
        if port is None:
            return self.engine.start(name, tag), None
        if self.bridge is not False:
            published = free_port()
            done = self.engine.start(name, tag, publish=(published, port))
            network_trouble = re.search(r"(?i)\b(cni|netns|network|iptables|port)", done.stderr)
            if done.returncode == 0 or self.bridge is True or not network_trouble:
                self.bridge = self.bridge or done.returncode == 0 or None
                if done.returncode == 0:
                    logs.append(f"harness: the app's port {port} is published on 127.0.0.1:{published}")
                return done, published
            self.bridge = False
            log(f"the bridge network does not work here ({tail(done.stderr, 2)}): apps run on the host's network")
        deadline = time.monotonic() + 10
        while not port_free(port) and time.monotonic() < deadline:
            time.sleep(0.2)
        if not port_free(port):
            logs.append(
                f"not run: port {port} is in use on 127.0.0.1 by another process on this machine "
                f"(and the bridge network does not work here), so an answer could not be told from that process's"
            )
            return None, None
        return self.engine.start(name, tag), port

    def service(self, result: Result, name: str, port: int, expect: Expect, logs: list) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            state = self.engine.state(name)
            if state.get("Running"):
                result.started = True
            elif state:
                result.exit_code = state.get("ExitCode")
                logs.append(f"the container exited with {result.exit_code} before it answered")
                result.answered = False
                return
            if tcp_open(port):
                break
            time.sleep(0.25)
        else:
            result.answered = False
            logs.append(f"nothing answered on 127.0.0.1:{port} within {START_TIMEOUT} s")
            return
        result.started = True
        status, body = None, ""
        while time.monotonic() < deadline:
            status, body = http_get(port, expect.path)
            if status is not None:
                break
            time.sleep(0.25)
        if expect.body is not None:
            result.answered = status is not None and status < 400 and expect.body in body
            if not result.answered:
                logs.append(f"GET {expect.path} gave {status}: {tail(body, 5)!r}, wanted {expect.body!r}")
        else:
            # No expectation: a TCP service that accepts connections answers.
            result.answered = True
        logs.append(f"port {port}: GET {expect.path} -> {status}")

    def job(self, result: Result, name: str, expect: Expect, logs: list) -> None:
        result.started = True
        waited = self.engine.wait(name, JOB_TIMEOUT)
        result.exit_code = waited
        if waited is None:
            logs.append(f"the job did not exit within {JOB_TIMEOUT} s")
            return
        output = self.engine.logs(name)
        if expect.output is not None and expect.output not in output:
            logs.append(f"its output lacks {expect.output!r}")
            result.exit_code = result.exit_code or -1

    def healthcheck(self, result: Result, name: str, tag: str, logs: list) -> None:
        if not self.engine.has_healthcheck(tag):
            result.health = "none"
            return
        deadline = time.monotonic() + HEALTH_TIMEOUT
        while True:
            done = self.engine.run_healthcheck(name)
            if done.returncode == 0:
                result.health = "healthy"
                return
            if time.monotonic() > deadline:
                result.health = "unhealthy"
                logs.append("HEALTHCHECK failed: " + tail(done.stdout + done.stderr, 5))
                return
            time.sleep(1)

    # --- one context ----------------------------------------------------------------

    def context(self, context: Path) -> list[Result]:
        name = context.name
        expect = Expect.read(context)
        results = []
        if expect.prepare:
            # Every later copy is made from the prepared one; the folder itself stays clean.
            prepared = self.copy_context(context, f"{name}-prepared")
            done = run(expect.prepare, cwd=prepared)
            if done.returncode != 0:
                results.append(Result(name, "prepare", "-", log="prepare failed:\n" + tail(done.stdout + done.stderr)))
                return results
            context = prepared
        dockerfile = context / "Dockerfile"
        # The context bulkhead reads is the one that is built (without expect.toml).
        variants, skipped, error = self.variants(self.copy_context(context, f"{name}-source") / "Dockerfile")
        if expect.refused is not None:
            # The app's command cannot be read: no variant may be made, and the message
            # must name the line.
            result = Result(name, "refused", "-")
            result.log = error or "variants were made"
            result.passed = not variants and expect.refused in error
            results.append(result)
        else:
            if error:
                results.append(Result(name, "variants", "-", log=error))
            language = variants[0]["facts"]["language"] if variants else None
            applicable = self.families.get(language, set())
            wanted = expect.skipped or {}
            for family, reason in skipped.items():
                if family in applicable:
                    result = Result(name, family, "-", log=f"not generated: {reason}")
                    # Left out on purpose, for the reason the app expects.
                    result.passed = family in wanted and wanted[family] in reason
                    results.append(result)
            for family in set(wanted) - set(skipped):
                results.append(Result(name, family, "-", log=f"generated, but should be left out naming {wanted[family]!r}"))
            for variant in variants:
                result = Result(name, variant["name"], variant["base"])
                log(f"{name}/{variant['name']}: building on {variant['base']}")
                self.check(result, self.copy_context(context, f"{name}-{variant['name']}"), variant["dockerfile"], expect)
                self.report_one(result)
                results.append(result)
        # Every fix, safe and unsafe, applied: the image must still build and start.
        copy = self.copy_context(context, f"{name}-fixed")
        fix_output = self.fixed(copy)
        fixed_text = (copy / "Dockerfile").read_text()
        original = dockerfile.read_text()
        result = Result(name, "fixed", image_bases.final_base(fixed_text))
        if expect.refused is not None:
            # Its intent is unclear: the fixed file must say so at the line rather than
            # look fixed.
            result.passed = "bulkhead:" in fixed_text and fixed_text != original
            result.log = "the fixed file explains the line it could not fix" if result.passed else fix_output
        else:
            log(f"{name}/fixed: building with every fix applied")
            self.check(result, copy, fixed_text, expect)
        self.report_one(result)
        results.append(result)
        return results

    def report_one(self, result: Result) -> None:
        verdict = "PASS" if result.passed else "FAIL"
        log(
            f"{verdict} {result.context}/{result.variant}: built={yes(result.built)} "
            f"started={yes(result.started)} answered={yes(result.answered)} "
            f"exit={result.exit_code if result.exit_code is not None else '-'} health={result.health} "
            f"{result.seconds:.1f} s"
        )
        if not result.passed and result.log:
            for line in result.log.splitlines():
                log(f"    {line}")

    def cleanup(self) -> None:
        for name in list(self.started):
            self.engine.remove(name)


def yes(value: bool | None) -> str:
    return "-" if value is None else ("yes" if value else "no")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bulkhead", required=True, type=Path)
    parser.add_argument("--format", choices=["human", "json"], default="human")
    parser.add_argument("--bases", action="store_true", help="list the emulated bases and their facts")
    parser.add_argument("contexts", nargs="*", type=Path)
    args = parser.parse_args()
    if args.bases:
        print(image_bases.table())
        return 0

    contexts = args.contexts or sorted(p for p in TEST_APPS.iterdir() if (p / "Dockerfile").exists())
    for context in contexts:
        if not (context / "Dockerfile").is_file():
            print(f"images: {context}: no Dockerfile there", file=sys.stderr)
            return 2
    if not contexts:
        print(f"images: no contexts (and no test apps in {TEST_APPS})", file=sys.stderr)
        return 2
    started = time.monotonic()
    harness = Harness(args.bulkhead.resolve())
    results: list[Result] = []
    try:
        harness.engine.setup()
        for context in contexts:
            results.extend(harness.context(context.resolve()))
    finally:
        harness.cleanup()
    bases_seconds = harness.engine.base_seconds
    log(f"emulated bases: {bases_seconds:.1f} s ({harness.engine.cache_note()})")
    total = time.monotonic() - started
    passed = sum(r.passed for r in results)
    if args.format == "json":
        print(json.dumps({"images": [r.json() for r in results], "seconds": round(total, 1), "bases_seconds": round(bases_seconds, 1)}, indent=2))
    else:
        print(f"{'context':<22} {'variant':<11} {'built':<6} {'started':<8} {'answered':<9} {'health':<10} seconds")
        for r in results:
            print(
                f"{r.context:<22} {r.variant:<11} {yes(r.built):<6} {yes(r.started):<8} "
                f"{yes(r.answered):<9} {r.health:<10} {r.seconds:.1f}"
            )
    summary = f"images: {passed}/{len(results)} passed in {total:.0f} s (bases {bases_seconds:.0f} s)"
    print(summary, file=sys.stderr if args.format == "json" else sys.stdout)
    return 0 if passed == len(results) and results else 1


if __name__ == "__main__":
    sys.exit(main())
