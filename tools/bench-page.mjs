#!/usr/bin/env node
// The playground's speed, measured in headless Chromium on the built page (dist/):
//
//   - worker: a 1,000-line Dockerfile plus a 2,000-line manifest, linted by the wasm
//     rules inside the lint worker (time inside the worker, and postMessage round trip);
//   - interactive: from navigation start to the app being mounted and usable, and to the
//     first findings on screen, on localhost;
//   - page weight: every byte the page asks for, gzip (what a server would send).
//
// Peers measured in the same run on the same two files: the native CLI (one process,
// start-up included) and hadolint on the Dockerfile. Reports figures and ratios; it fails
// only when the page is broken, never on a time. Usage:
//
//   node tools/bench-page.mjs [--runs N] [--loads N] [--bulkhead PATH] [--hadolint PATH]
//                             [--report FILE] [--min-ratio R]
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { launchBrowser, serveDist, ROOT, DIST } from "../tests/e2e/support.mjs";

const args = new Map();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ""), process.argv[i + 1]);
const RUNS = Number(args.get("runs") ?? 50);
const LOADS = Number(args.get("loads") ?? 5);

/** A 1,000-line multi-stage Dockerfile with comments, continuations and findings. */
export function bigDockerfile(lines = 1000) {
  const out = ["# syntax=docker/dockerfile:1", "# A generated Dockerfile for the page bench."];
  for (let stage = 0; out.length < lines - 12; stage += 1) {
    out.push(
      "",
      `# stage ${stage}: build the wheels for component ${stage}`,
      `FROM python:3.12-slim AS build${stage}`,
      `WORKDIR /src/component-${stage}`,
      "RUN apt-get update && apt-get install -y --no-install-recommends \\",
      "      build-essential \\",
      "      libpq-dev \\",
      " && rm -rf /var/lib/apt/lists/*",
      `ENV APP_HOME=/srv/component-${stage} PIP_NO_CACHE_DIR=1`,
      "COPY requirements.txt .",
      "RUN pip install -r requirements.txt",
      `COPY src/component-${stage}/ ./`,
      `RUN python -m compileall -q . && echo built ${stage}`,
      `ARG VERSION_${stage}=1.${stage}.0`,
      `LABEL org.opencontainers.image.version=$VERSION_${stage}`,
    );
  }
  while (out.length < lines - 8) out.push(`# padding ${out.length}`);
  out.push(
    "",
    "FROM python:3.12-slim",
    "WORKDIR /app",
    "COPY --from=build0 /src/component-0 /app",
    "EXPOSE 8000",
    "USER 65532:65532",
    'HEALTHCHECK CMD ["python", "-c", "print(1)"]',
    'CMD ["python", "-m", "app"]',
  );
  return `${out.slice(0, lines).join("\n")}\n`;
}

/** A 2,000-line manifest: Deployments and Services, some hardened and some not. */
export function bigManifest(lines = 2000) {
  const out = [];
  for (let n = 0; out.length < lines; n += 1) {
    const hardened = n % 2 === 0;
    out.push(
      ...(n ? ["---"] : []),
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata:",
      `  name: service-${n}`,
      `  labels: { app: service-${n}, tier: backend }`,
      "spec:",
      "  replicas: 2",
      "  selector:",
      "    matchLabels:",
      `      app: service-${n}`,
      "  template:",
      "    metadata:",
      "      labels:",
      `        app: service-${n}`,
      "    spec:",
      "      automountServiceAccountToken: false",
      "      securityContext:",
      `        runAsNonRoot: ${hardened}`,
      "        runAsUser: 65532",
      "        seccompProfile:",
      "          type: RuntimeDefault",
      "      containers:",
      "        - name: app",
      `          image: registry.example.com/service-${n}:1.${n}.0`,
      "          ports:",
      "            - containerPort: 8000",
      "          env:",
      "            - name: LOG_LEVEL",
      '              value: "info"',
      "          securityContext:",
      `            allowPrivilegeEscalation: ${!hardened}`,
      "            readOnlyRootFilesystem: true",
      "            capabilities:",
      `              drop: [${hardened ? "ALL" : "NET_RAW"}]`,
      "          resources:",
      "            requests: { cpu: 100m, memory: 128Mi }",
      "            limits: { memory: 256Mi }",
      "          livenessProbe:",
      "            httpGet: { path: /healthz, port: 8000 }",
      "---",
      "apiVersion: v1",
      "kind: Service",
      "metadata:",
      `  name: service-${n}`,
      "spec:",
      `  selector: { app: service-${n} }`,
      "  ports:",
      "    - port: 80",
      "      targetPort: 8000",
    );
  }
  return `${out.slice(0, lines).join("\n")}\n`;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const quantile = (values, q) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];
const ms = (value) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;

/** Wall time of running a command, best of `runs`, in ms. */
function timeCommand(command, commandArgs, runs) {
  const times = [];
  for (let run = 0; run < runs; run += 1) {
    const started = process.hrtime.bigint();
    try {
      execFileSync(command, commandArgs, { stdio: "ignore" });
    } catch (error) {
      if (error.status === undefined || error.status === null) throw error; // findings exit non-zero
    }
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return Math.min(...times);
}

/** Bytes of everything the page requested, gzip -9 each. */
function gzipBytes(urls, origin) {
  let total = 0;
  for (const url of new Set(urls)) {
    if (!url.startsWith(origin)) throw new Error(`the page asked for ${url}, outside ${origin}`);
    let path = new URL(url).pathname;
    if (path.endsWith("/")) path += "index.html";
    total += gzipSync(readFileSync(join(DIST, path)), { level: 9 }).length;
  }
  return total;
}

async function main() {
  const dockerfile = bigDockerfile();
  const manifest = bigManifest();
  const draft = {
    v: 1,
    files: [
      { name: "Dockerfile", kind: "dockerfile", text: dockerfile },
      { name: "deploy.yaml", kind: "kubernetes", text: manifest },
    ],
    active: 0,
  };
  const work = join(ROOT, "target", "bench", "page");
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, "Dockerfile"), dockerfile);
  writeFileSync(join(work, "deploy.yaml"), manifest);

  const server = await serveDist();
  const browser = await launchBrowser();
  const result = { runs: RUNS, loads: LOADS };
  try {
    // Interactive: a fresh context each time (no cache, no service worker), the default
    // example, localhost.
    const ready = [];
    const firstFindings = [];
    let requests = [];
    for (let load = 0; load < LOADS; load += 1) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      requests = [];
      page.on("request", (request) => requests.push(request.url()));
      await page.goto(`${server.origin}/`);
      await page.waitForSelector("html[data-ready=true]", { timeout: 20_000 });
      await page.waitForFunction(() => performance.getEntriesByName("bulkhead:first-findings").length > 0, null, {
        timeout: 20_000,
      });
      const marks = await page.evaluate(() => ({
        ready: performance.getEntriesByName("bulkhead:ready")[0]?.startTime,
        findings: performance.getEntriesByName("bulkhead:first-findings")[0]?.startTime,
      }));
      if (marks.ready === undefined || marks.findings === undefined) throw new Error("the page set no timing marks");
      ready.push(marks.ready);
      firstFindings.push(marks.findings);
      await context.close();
    }
    result.interactiveMs = median(ready);
    result.firstFindingsMs = median(firstFindings);
    result.pageGzipBytes = gzipBytes(requests, server.origin);

    // The worker: the two big files as a draft, then the last request linted RUNS times.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript((text) => localStorage.setItem("bulkhead:drafts:v1", text), JSON.stringify(draft));
    const page = await context.newPage();
    await page.goto(`${server.origin}/`);
    await page.waitForSelector("html[data-ready=true]", { timeout: 20_000 });
    await page.locator("[data-testid=finding]").first().waitFor({ timeout: 20_000 });
    const lines = await page.evaluate(() => globalThis.bulkhead.activeEditor().text.split("\n").length - 1);
    if (lines !== 1000) throw new Error(`the editor holds ${lines} lines, not the 1,000-line Dockerfile`);
    const findings = await page.locator("[data-testid=finding]").count();
    const timings = await page.evaluate((runs) => globalThis.bulkhead.linter.measure(runs), RUNS);
    await context.close();
    const inWorker = timings.map((t) => t.worker);
    const roundTrip = timings.map((t) => t.roundTrip);
    Object.assign(result, {
      findings,
      workerFirstMs: inWorker[0],
      workerMedianMs: median(inWorker),
      workerP90Ms: quantile(inWorker, 0.9),
      roundTripMedianMs: median(roundTrip),
    });
  } finally {
    await browser.close();
    await server.close();
  }

  // Peers, same files, same run.
  const cli = args.get("bulkhead");
  if (cli) {
    result.nativeCliMs = timeCommand(cli, ["lint", "--format", "json", join(work, "Dockerfile"), join(work, "deploy.yaml")], 5);
  }
  const hadolint = args.get("hadolint");
  if (hadolint) {
    result.hadolintMs = timeCommand(hadolint, ["--no-fail", "-f", "json", join(work, "Dockerfile")], 5);
  }

  const ratio = (peer, peerMs) =>
    peerMs >= result.workerMedianMs
      ? `the worker is ${(peerMs / result.workerMedianMs).toFixed(1)}× faster`
      : `${peer} is ${(result.workerMedianMs / peerMs).toFixed(1)}× faster than the worker`;
  const rows = [
    ["Lint 1,000-line Dockerfile + 2,000-line manifest, in the worker (median)", ms(result.workerMedianMs), "< 16 ms"],
    ["… 90th percentile", ms(result.workerP90Ms), ""],
    ["… the first lint in a fresh worker (wasm not yet optimised by the browser)", ms(result.workerFirstMs), ""],
    ["… postMessage round trip (median)", ms(result.roundTripMedianMs), ""],
    ["Interactive on localhost (navigation → app mounted, median)", ms(result.interactiveMs), "< 1 s"],
    ["First lint answer from the worker (median)", ms(result.firstFindingsMs), ""],
    ["Page weight, gzip", `${(result.pageGzipBytes / 1000).toFixed(1)} KB`, "≤ 400 KB"],
  ];
  if (result.nativeCliMs !== undefined) {
    rows.push([
      "Peer: native `bulkhead lint`, same two files (one process, start-up included)",
      ms(result.nativeCliMs),
      ratio("native", result.nativeCliMs),
    ]);
  }
  if (result.hadolintMs !== undefined) {
    rows.push([
      "Peer: hadolint, the Dockerfile alone (one process)",
      ms(result.hadolintMs),
      ratio("hadolint", result.hadolintMs),
    ]);
  }
  const chromium = execFileSync(process.env.BULKHEAD_CHROMIUM || "/usr/bin/chromium", ["--version"], {
    stdio: ["ignore", "pipe", "ignore"],
  })
    .toString()
    .trim();
  const report = [
    `Page bench, ${new Date().toISOString().slice(0, 10)}, ${chromium} headless, ${RUNS} lints, ${LOADS} loads, ${result.findings} findings on the big files`,
    "",
    "| Measure | Result | Target / ratio |",
    "|---|---|---|",
    ...rows.map((row) => `| ${row.join(" | ")} |`),
    "",
  ].join("\n");
  process.stdout.write(report);
  writeFileSync(join(ROOT, "target", "bench", "page.json"), `${JSON.stringify(result, null, 2)}\n`);
  if (args.get("report")) writeFileSync(args.get("report"), report);
  // A ratio, never an absolute time: hadolint on the Dockerfile alone against the worker
  // on both files, measured in this same run.
  const minRatio = Number(args.get("min-ratio") ?? 0);
  if (minRatio && result.hadolintMs !== undefined && result.hadolintMs / result.workerMedianMs < minRatio) {
    console.error(`the worker is less than ${minRatio}× faster than hadolint`);
    process.exitCode = 1;
  }
}

await main();
