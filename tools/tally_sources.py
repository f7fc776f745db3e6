"""Checks the Dockerfile rules' tally citations against tally itself.

Every `Source::same(Tool::Tally, "<id>")` (or `inspired`) in a rule under
crates/rules/src/dockerfile/rules/ must name a check that tally reports: on the rule's
own `## Example`, or, where that example does not show tally's case, on the Dockerfile
of VARIANTS below (one that the rule reports too: `--bulkhead` checks that). Run it
after a tally upgrade, or when a rule's sources change:

    python3 -m venv target/tally-venv && target/tally-venv/bin/pip install tally-cli
    python3 tools/tally_sources.py [--tally PATH] [--bulkhead PATH] [--candidates]

`--candidates` also lists, per rule, the ids tally reports on its Example and not on its
`## Use instead` that the rule does not cite: where to look for a missing citation.
Exit status 1 when a citation is not confirmed.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "crates/rules/src/dockerfile/rules"

# The registry the DF108 examples trust (the rules' doc tests use the same one).
CONFIG = '[rules.hadolint.DL3026]\ntrusted-registries = ["registry.example.com"]\n'

# tally's fail-fast syntax checks stop the run with a message and no id: the words
# that show which one it was.
FAIL_FAST = {
    "tally/unknown-instruction": "unknown instruction",
    "tally/require-stages": "has no stages to build",
}

# The cited checks whose case the rule's Example does not show: a Dockerfile with it.
VARIANTS = {
    ("DF000", "hadolint/DL3043"): "FROM debian:13-slim\nONBUILD ONBUILD RUN true\n",
    ("DF002", "tally/invalid-onbuild-trigger"): "FROM debian:13-slim\nONBUILD FORM x\n",
    ("DF011", "buildkit/ExposeInvalidFormat"): "FROM debian:13-slim\nEXPOSE 8080:80\n",
    ("DF011", "buildkit/ExposeProtoCasing"): "FROM debian:13-slim\nEXPOSE 80/TCP\n",
    ("DF013", "tally/require-stages"): "# no FROM\nRUN echo hi\n",
    ("DF200", "hadolint/DL3002"): 'FROM debian:13-slim\nUSER root\nCMD ["app"]\n',
    ("DF200", "tally/user-created-but-never-used"):
        'FROM debian:13-slim\nRUN useradd -r app\nCMD ["app"]\n',
    ("DF200", "tally/stateful-root-runtime"):
        'FROM postgres:17\nVOLUME /var/lib/postgresql/data\nCMD ["postgres"]\n',
    ("DF201", "tally/named-identity-in-passwdless-stage"):
        'FROM scratch\nCOPY app /app\nUSER app\nENTRYPOINT ["/app"]\n',
    # tally's "high UID" starts above 99999; ours at 65532.
    ("DF208", "hadolint/DL3046"):
        "FROM debian:13-slim\nRUN useradd --uid 123456 app\nUSER 123456\n",
    ("DF301", "hadolint/DL3030"): "FROM fedora:41\nRUN yum install git\n",
    ("DF301", "hadolint/DL3038"): "FROM fedora:41\nRUN dnf install git\n",
    ("DF301", "hadolint/DL3034"): "FROM opensuse/leap:15.6\nRUN zypper install git\n",
    ("DF400", "tally/ruby/secrets-in-arg-or-env"):
        "FROM ruby:3.4-slim\nARG SECRET_KEY_BASE\n",
    ("DF404", "hadolint/DL3023"): "FROM debian:13-slim AS app\nCOPY --from=app /a /b\n",
}


def doc_block(doc: str, section: str) -> str | None:
    """The first Dockerfile block of a docs section, with a `FROM` as the rules' doc
    tests give a piece without one (crates/rules/src/render/rule_docs.rs)."""
    found = re.search(rf"## {section}\n(.*?)(?:\n## |\Z)", doc, re.S)
    block = found and re.search(r"```dockerfile\n(.*?)```", found.group(1), re.S)
    if not block:
        return None
    text = block.group(1)
    if not any(line.lstrip().upper().startswith("FROM ") for line in text.splitlines()):
        text = "FROM debian:13-slim\n" + text
    return text


def rules():
    """(code, Example, Use instead, [(relation, tally id)]) of every Dockerfile rule."""
    for path in sorted(RULES.glob("*.rs")):
        source = path.read_text()
        code = re.search(r'code: "(\w+)"', source)
        if not code:
            continue
        doc = "\n".join(
            line.strip()[4:] for line in source.splitlines() if line.strip().startswith("///")
        )
        cited = re.findall(r'Source::(same|inspired)\(Tool::Tally, "([^"]+)"\)', source)
        yield code.group(1), doc_block(doc, "Example"), doc_block(doc, "Use instead"), cited


class Tally:
    def __init__(self, binary: str, workdir: Path):
        self.binary = binary
        self.workdir = workdir
        self.config = workdir / "tally.toml"
        self.config.write_text(CONFIG)

    def ids(self, text: str) -> set[str]:
        """The ids tally reports on a Dockerfile, every check selected."""
        dockerfile = self.workdir / "Dockerfile"
        dockerfile.write_text(text)
        run = subprocess.run(
            [self.binary, "lint", "-c", str(self.config), "--select", "*",
             "--slow-checks", "off", "-f", "json", str(dockerfile)],
            capture_output=True, text=True, check=False,
        )
        try:
            report = json.loads(run.stdout)
        except json.JSONDecodeError:
            return {rule for rule, words in FAIL_FAST.items() if words in run.stderr}
        return {v["rule"] for f in report.get("files", []) for v in f["violations"]}


def ours(bulkhead: str, text: str, workdir: Path) -> set[str]:
    """Our codes on a Dockerfile, preview rules included."""
    dockerfile = workdir / "Dockerfile"
    dockerfile.write_text(text)
    run = subprocess.run(
        [bulkhead, "lint", "--no-config", "--preview", "--output-format", "json", str(dockerfile)],
        capture_output=True, text=True, check=False,
    )
    report = json.loads(run.stdout)
    return {d["code"] for f in report["files"] for d in f["diagnostics"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tally", default=str(ROOT / "target/tally-venv/bin/tally"))
    parser.add_argument("--bulkhead", help="our binary, to check that it reports the variants")
    parser.add_argument("--candidates", action="store_true")
    args = parser.parse_args()
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        tally = Tally(args.tally, Path(tmp))
        print("| Ours | tally | Relation | Shown on |\n|---|---|---|---|")
        for code, example, instead, cited in sorted(rules()):
            on_example = tally.ids(example) if example else set()
            for relation, rule in cited:
                variant = VARIANTS.get((code, rule))
                if rule in on_example:
                    shown = "Example"
                elif variant and rule in tally.ids(variant):
                    shown = "variant"
                    if args.bulkhead and code not in ours(args.bulkhead, variant, Path(tmp)):
                        shown = f"variant, which {code} does not report"
                        failures += 1
                else:
                    shown = "NOT REPORTED"
                    failures += 1
                print(f"| {code} | `{rule}` | {relation} | {shown} |")
            if args.candidates and example:
                left = on_example - (tally.ids(instead) if instead else set())
                left -= {rule for _, rule in cited}
                if left:
                    print(f"  {code} candidates: {', '.join(sorted(left))}", file=sys.stderr)
    if failures:
        print(f"{failures} citation(s) not confirmed", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
