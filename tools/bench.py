#!/usr/bin/env python3
"""Benchmark bulkhead against hadolint on the shared corpus, in the same run.

Usage: tools/bench.py BULKHEAD_BINARY HADOLINT_BINARY CORPUS_DIR [REPORT_PATH]

Measures wall time (best of N runs) of:
  - bulkhead linting every corpus Dockerfile in one process;
  - hadolint linting every corpus Dockerfile in one process (its fastest mode);
  - hadolint run once per file (how editors and pre-commit hooks call it);
  - bulkhead run once per file, for the like-for-like comparison.
Prints a Markdown table with ratios and writes it to REPORT_PATH if given. Never fails
on a time: benchmarks report, CI does not gate on them.
"""

import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import date

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
# BENCH_QUICK=1: only the one-process comparison (what `./x test` runs in CI).
QUICK = os.environ.get("BENCH_QUICK") == "1"
# BENCH_MIN_RATIO=50: exit 1 if hadolint is not at least this many times slower.
MIN_RATIO = float(os.environ.get("BENCH_MIN_RATIO", "0"))


def timed(cmd_lists):
    """Wall time of running every command in cmd_lists one after another."""
    start = time.perf_counter()
    for cmd in cmd_lists:
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def best_of(cmd_lists, runs=RUNS):
    times = [timed(cmd_lists) for _ in range(runs)]
    return min(times), statistics.median(times)


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    bulkhead, hadolint, corpus = sys.argv[1:4]
    report_path = sys.argv[4] if len(sys.argv) > 4 else None
    files = sorted(
        os.path.join(corpus, f) for f in os.listdir(corpus) if f.endswith(".Dockerfile")
    )
    if not files:
        sys.exit(f"no Dockerfiles in {corpus}")

    # Warm the page cache and check both tools run.
    for tool in (bulkhead, hadolint):
        subprocess.run([tool, "--version"], stdout=subprocess.DEVNULL, check=True)
    ours_one = best_of([[bulkhead, "lint", "--kind", "dockerfile", "--format", "json", *files]])
    theirs_one = best_of([[hadolint, "--no-fail", "-f", "json", *files]])
    per_file_runs = max(1, RUNS // 2)
    if not QUICK:
        ours_each = best_of(
            [[bulkhead, "lint", "--kind", "dockerfile", "--format", "json", f] for f in files],
            per_file_runs,
        )
        theirs_each = best_of(
            [[hadolint, "--no-fail", "-f", "json", f] for f in files], per_file_runs
        )

    # Fixing against linting: every corpus file (Dockerfiles and manifests) in one
    # process, safe fixes; `--diff` computes every fix and writes nothing. The ratio of
    # the two, measured in the same run, says whether fixing grows with the files as
    # linting does.
    k8s_dir = os.path.join(os.path.dirname(os.path.abspath(corpus)), "k8s")
    manifests = sorted(
        os.path.join(k8s_dir, f) for f in os.listdir(k8s_dir)
    ) if os.path.isdir(k8s_dir) else []
    fix_all = lint_all = None
    if not QUICK:
        fix_cmd = [bulkhead, "lint", "--diff", *files, *manifests]
        # What is timed must be the work: the diffs of every fixed file, not an error.
        diffs = subprocess.run(fix_cmd, capture_output=True, text=True, check=False).stdout
        fixed = diffs.count("\n+++ ") + diffs.startswith("+++ ")
        if fixed < 100:
            sys.exit(f"bulkhead lint --diff fixed only {fixed} corpus files: not a measurement")
        fix_all = best_of([fix_cmd])
        lint_all = best_of([[bulkhead, "lint", "--format", "json", *files, *manifests]])

    hadolint_version = subprocess.run(
        [hadolint, "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    rows = [("all files, one process", ours_one, theirs_one)]
    if not QUICK:
        rows.append(("one process per file", ours_each, theirs_each))
    lines = [
        f"Measured {date.today().isoformat()} on {platform.machine()} "
        f"({os.cpu_count()} cores), {len(files)} corpus Dockerfiles, best of "
        f"{RUNS} runs (per-file mode: {per_file_runs}); hadolint: {hadolint_version}.",
        "",
        "| mode | bulkhead | hadolint | hadolint ÷ bulkhead |",
        "|---|---:|---:|---:|",
    ]
    for name, (ours_best, _), (theirs_best, _) in rows:
        ratio = theirs_best / ours_best if ours_best > 0 else float("inf")
        lines.append(
            f"| {name} | {ours_best * 1000:.1f} ms | {theirs_best * 1000:.1f} ms | {ratio:.0f}× |"
        )
    if fix_all and lint_all:
        lines += [
            "",
            "| all corpus files, one process | time | ÷ lint |",
            "|---|---:|---:|",
            f"| lint {len(files) + len(manifests)} files | {lint_all[0] * 1000:.0f} ms | 1× |",
            f"| fix them (safe fixes, `--diff`) | {fix_all[0] * 1000:.0f} ms "
            f"| {fix_all[0] / lint_all[0]:.1f}× |",
        ]
    report = "\n".join(lines) + "\n"
    print(report)
    if report_path:
        os.makedirs(os.path.dirname(report_path) or ".", exist_ok=True)
        with open(report_path, "w", encoding="utf-8") as out:
            out.write(report)
    ratio = theirs_one[0] / ours_one[0]
    target = 50
    verdict = "meets" if ratio >= target else "MISSES"
    print(f"one-process ratio {ratio:.0f}× {verdict} the {target}× target")
    if MIN_RATIO and ratio < MIN_RATIO:
        sys.exit(f"bulkhead is only {ratio:.0f}× faster than hadolint (required: {MIN_RATIO:.0f}×)")


if __name__ == "__main__":
    main()
