// The README's first command, as a newcomer runs it: `./x serve` in a throw-away copy of
// the checkout that holds only what a clone holds (no dist/, no target/bundle/, no
// node_modules), on a free port. The page it serves must be the release build, inside
// the page budget, and must lint what is typed into it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { get } from "node:http";
import { ROOT, launchBrowser, openPlayground } from "./support.mjs";
import { HASHED } from "../../tools/hash-dist.mjs";

// The page budget: 400 KB read strictly, 400,000 bytes as the server sends them.
const BUDGET = 400_000;

/** GET `url` as a browser would (brotli or gzip accepted): the body's bytes as sent, and the headers. */
function rawGet(url) {
  return new Promise((resolve, reject) => {
    get(url, { headers: { "accept-encoding": "br, gzip" } }, (response) => {
      let bytes = 0;
      response.on("data", (chunk) => (bytes += chunk.length));
      response.on("end", () => resolve({ bytes, headers: response.headers }));
      response.on("error", reject);
    }).on("error", reject);
  });
}
const COPY = join(ROOT, "target", "serve-clone");

/** The files a clone of the working tree would have: tracked and not ignored. */
function copyCheckout() {
  rmSync(COPY, { recursive: true, force: true });
  const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  let copied = 0;
  for (const file of listed.split("\0").filter(Boolean)) {
    const from = join(ROOT, file);
    if (!existsSync(from)) continue; // deleted in the working tree
    mkdirSync(dirname(join(COPY, file)), { recursive: true });
    cpSync(from, join(COPY, file));
    copied++;
  }
  return copied;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function answers(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}

test("./x serve in a fresh copy builds the release page, answers, lints, and stops cleanly", { timeout: 40 * 60_000 }, async () => {
  const files = copyCheckout();
  assert.ok(files > 50, `the copy holds the checkout (${files} files)`);
  for (const output of ["dist", "node_modules", "target"]) {
    assert.ok(!existsSync(join(COPY, output)), `${output} is not in a fresh clone`);
  }
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const started = Date.now();
  // Its own process group, so stopping it stops trunk, cargo and node with it, and
  // nothing else on the machine.
  const server = spawn(join(COPY, "x"), ["serve", "--port", String(port)], {
    cwd: COPY,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, BULKHEAD_WEB_TARGET: join(ROOT, "target", "web") },
  });
  let output = "";
  server.stdout.on("data", (chunk) => (output += chunk));
  server.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise((resolve) => server.once("exit", (code, signal) => resolve({ code, signal })));
  let state = "running";
  exited.then(() => (state = "exited"));
  let browser;
  try {
    while (!(await answers(`${origin}/`))) {
      assert.equal(state, "running", `./x serve exited before it answered:\n${output.slice(-4000)}`);
      assert.ok(Date.now() - started < 35 * 60_000, `no answer within 35 minutes:\n${output.slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 1_000));
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`./x serve: first answer after ${seconds} s from a fresh copy`);
    assert.match(output, /ready: the playground answers at/, "it says when it is ready");
    assert.ok(
      output.indexOf("ready:") > output.lastIndexOf("trunk build --release: done"),
      "the release build finished before the server said it was ready",
    );

    // The release build: wasm-opt ran (trunk's dev build is ten times larger), and the
    // first load is inside the page budget.
    const dist = join(COPY, "dist");
    browser = await launchBrowser();
    const { context, page, requests, problems } = await openPlayground(browser, origin);
    try {
      // What ./x serve sends for each file the page asked for: compressed, the hashed
      // files cached for good, index.html revalidated.
      let wire = 0;
      for (const url of new Set(requests)) {
        const { bytes, headers } = await rawGet(url);
        wire += bytes;
        const path = new URL(url).pathname;
        assert.ok(["br", "gzip"].includes(headers["content-encoding"]), `${path} is sent compressed (${headers["content-encoding"]})`);
        if (HASHED.test(path)) assert.match(headers["cache-control"], /immutable/, path);
        else assert.match(headers["cache-control"], /no-cache/, path);
      }
      console.log(`./x serve: first load ${wire} bytes as sent (budget ${BUDGET})`);
      assert.ok(wire > 100_000 && wire <= BUDGET, `first load is ${wire} bytes`);
      assert.ok(existsSync(join(dist, "index.html.br")), "the build made the precompressed copies");

      const editor = page.getByTestId("editor");
      await editor.fill("");
      await editor.pressSequentially('FROM python:latest\nCMD ["python", "app.py"]\n');
      const finding = page.locator('[data-testid=finding][data-code="DF001"]');
      await finding.waitFor();
      assert.equal(await finding.getAttribute("data-line"), "1");
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  } finally {
    await browser?.close();
    if (state === "running") process.kill(-server.pid, "SIGTERM");
    const { code, signal } = await exited;
    // Stopped by the test: node exits 0 on SIGTERM, or the signal ends it.
    assert.ok(code === 0 || signal === "SIGTERM", `./x serve stopped with ${code ?? signal}`);
  }
  assert.equal(await answers(`${origin}/`), false, "nothing listens once it is stopped");
});

test("./x serve rejects an unknown option with a clear message", () => {
  let failure;
  try {
    execFileSync(join(ROOT, "x"), ["serve", "--prot", "8091"], { cwd: ROOT, stdio: "pipe", encoding: "utf8" });
  } catch (error) {
    failure = error;
  }
  assert.ok(failure, "it must fail");
  assert.equal(failure.status, 1);
  assert.match(failure.stderr, /unknown option for serve: --prot/);
});
