#!/usr/bin/env python3
"""`bulkhead lsp`'s speed: startup (spawn to the `initialize` answer) and
edit-to-diagnostics (a `didChange` of a 1,000-line Dockerfile, with a 2,000-line
manifest open beside it, to the diagnostics of that version), each as a ratio against
`bulkhead lint` of the same two files measured in the same run.

Usage: bench_lsp.py BULKHEAD [REPORT.md]. The targets (edit median under 20 ms, startup
under 50 ms) are printed with the figures; like the other benchmarks, it never fails on
a time.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

EDITS = int(os.environ.get("BENCH_LSP_EDITS", "40"))


def dockerfile():
    lines = ["FROM python:3.13-slim AS build"]
    stage = 0
    while len(lines) < 1000:
        n = len(lines)
        if n % 200 == 0:
            stage += 1
            lines.append(f"FROM python:3.13-slim AS stage{stage}")
        elif n % 7 == 0:
            lines.append(f"RUN apt-get update && apt-get install curl{n} \\")
            lines.append("    && rm -rf /tmp/*")
        elif n % 5 == 0:
            lines.append(f"COPY src{n} /app/src{n}")
        elif n % 3 == 0:
            lines.append(f"ENV VAR{n}=value{n}")
        else:
            lines.append(f"RUN pip install package{n}==1.{n}")
    lines = lines[:999]
    lines.append('CMD ["python", "/app/main.py"]')
    return "\n".join(lines) + "\n"


def manifest():
    docs = []
    n = 0
    while sum(d.count("\n") for d in docs) < 2000:
        docs.append(
            f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: app{n}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: app{n}
  template:
    metadata:
      labels:
        app: app{n}
    spec:
      containers:
        - name: app{n}
          image: app{n}:1.0
          ports:
            - containerPort: 8080
          securityContext:
            runAsNonRoot: true
            allowPrivilegeEscalation: false
          resources:
            limits:
              memory: 256Mi
"""
        )
        n += 1
    return "---\n".join(docs)


class Server:
    def __init__(self, bulkhead):
        self.proc = subprocess.Popen(
            [bulkhead, "lsp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.next_id = 0

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.proc.stdin.flush()

    def receive(self):
        length = 0
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("the server closed its output")
            line = line.strip()
            if not line:
                break
            if line.startswith(b"Content-Length:"):
                length = int(line.split(b":")[1])
        message = json.loads(self.proc.stdout.read(length))
        if "method" in message and "id" in message:
            self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
        return message

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            message = self.receive()
            if message.get("id") == self.next_id and "method" not in message:
                return message

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, uri, version):
        while True:
            message = self.receive()
            params = message.get("params") or {}
            if (
                message.get("method") == "textDocument/publishDiagnostics"
                and params.get("uri") == uri
                and params.get("version") == version
            ):
                return params["diagnostics"]

    def stop(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        self.proc.wait(timeout=10)


def initialize(server, root):
    uri = "file://" + root
    return server.request(
        "initialize",
        {"processId": None, "rootUri": uri, "workspaceFolders": [{"uri": uri, "name": "b"}], "capabilities": {}},
    )


def main():
    bulkhead = os.path.abspath(sys.argv[1])
    report = sys.argv[2] if len(sys.argv) > 2 else None
    root = tempfile.mkdtemp(prefix="bulkhead-lsp-bench-")
    texts = {"Dockerfile": dockerfile(), "deployment.yaml": manifest()}
    for name, text in texts.items():
        with open(os.path.join(root, name), "w") as f:
            f.write(text)

    # `bulkhead lint` of the same files: the process, start to end.
    lint = []
    for _ in range(10):
        started = time.perf_counter()
        subprocess.run(
            [bulkhead, "lint", "--no-config", "--format", "json", "Dockerfile", "deployment.yaml"],
            cwd=root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        lint.append((time.perf_counter() - started) * 1000)

    startups = []
    for _ in range(10):
        started = time.perf_counter()
        server = Server(bulkhead)
        initialize(server, root)
        startups.append((time.perf_counter() - started) * 1000)
        server.notify("initialized", {})
        server.stop()

    server = Server(bulkhead)
    initialize(server, root)
    server.notify("initialized", {})
    uris = {name: "file://" + os.path.join(root, name) for name in texts}
    for name, text in texts.items():
        language = "dockerfile" if name == "Dockerfile" else "yaml"
        server.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uris[name], "languageId": language, "version": 1, "text": text}},
        )
    server.diagnostics(uris["Dockerfile"], 1)
    edits = []
    line = "RUN apt-get install vim\n"
    for i in range(EDITS):
        version = i + 2
        # Alternately insert a line near the top and delete it again: every edit moves
        # the findings below it, so each one publishes new diagnostics.
        if i % 2 == 0:
            change = {"range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 0}}, "text": line}
        else:
            change = {"range": {"start": {"line": 1, "character": 0}, "end": {"line": 2, "character": 0}}, "text": ""}
        started = time.perf_counter()
        server.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uris["Dockerfile"], "version": version}, "contentChanges": [change]},
        )
        server.diagnostics(uris["Dockerfile"], version)
        edits.append((time.perf_counter() - started) * 1000)
    server.stop()

    lint_ms = statistics.median(lint)
    edit_ms = statistics.median(edits)
    start_ms = statistics.median(startups)
    lines = [
        "# bulkhead lsp: speed",
        "",
        f"A {texts['Dockerfile'].count(chr(10))}-line Dockerfile with a "
        f"{texts['deployment.yaml'].count(chr(10))}-line manifest open; medians.",
        "",
        "| what | median | against `bulkhead lint` of the same files | target |",
        "| --- | --- | --- | --- |",
        f"| `bulkhead lint` (the process) | {lint_ms:.1f} ms | 1 | |",
        f"| edit to diagnostics ({EDITS} edits) | {edit_ms:.1f} ms | {edit_ms / lint_ms:.2f} | under 20 ms: {'met' if edit_ms < 20 else 'MISSED'} |",
        f"| startup (spawn to `initialize` answered) | {start_ms:.1f} ms | {start_ms / lint_ms:.2f} | under 50 ms: {'met' if start_ms < 50 else 'MISSED'} |",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if report:
        with open(report, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
