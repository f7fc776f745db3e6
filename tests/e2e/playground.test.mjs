// End to end: the release build of the playground, in headless Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { DIST, ROOT, distFile, openPlayground, screenshot, selectedText, useServerAndBrowser } from "./support.mjs";
import { stableName } from "../../tools/hash-dist.mjs";

const env = useServerAndBrowser();

const CLEAN_DOCKERFILE = `FROM python:3.13-slim@sha256:${"0".repeat(64)}
WORKDIR /app
COPY app.py /app/
USER 65532
HEALTHCHECK CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/')"]
CMD ["python", "/app/app.py"]
`;

test("typing FROM python:latest shows DF001 at its line, and nothing leaves the origin", async () => {
  const { context, page, requests, problems } = await openPlayground(env.browser, env.server.origin);
  try {
    const editor = page.getByTestId("editor");
    await assert.doesNotReject(page.getByTestId("no-findings").waitFor(), "the sample starts clean");

    await editor.fill("");
    await editor.pressSequentially(
      "# syntax=docker/dockerfile:1\nFROM python:latest\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"app.py\"]\n",
    );

    const finding = page.locator('[data-testid=finding][data-code="DF001"]');
    await finding.waitFor();
    assert.equal(await finding.count(), 1);
    assert.equal(await finding.getAttribute("data-line"), "2");
    assert.equal(await finding.getByTestId("position").textContent(), "Dockerfile:2:6");
    assert.match(await finding.textContent(), /python:latest/);
    assert.match(await page.getByTestId("totals").textContent(), /\d+ warnings?/);

    // Findings are grouped under their hardening-checklist item.
    const pinned = page.locator('[data-testid=checklist-group][data-checklist="pinned-dependencies"]');
    assert.equal(await pinned.locator('[data-testid=finding][data-code="DF001"]').count(), 1);
    assert.match(await pinned.locator("h3").textContent(), /Base image and dependencies pinned/);
    assert.ok(
      (await page.getByTestId("checklist-group").count()) >= 2,
      "several checklist items have findings",
    );

    // Each finding links to its rule's documentation.
    await finding.getByTestId("rule-link").click();
    const doc = page.getByTestId("rule-doc");
    await doc.getByTestId("rule-doc-body").waitFor();
    assert.match(await doc.locator("h2").textContent(), /DF001\s*latest-base-image/);
    assert.match(await doc.textContent(), /Why is this bad\?/);
    assert.match(await doc.textContent(), /hadolint DL3006/);
    await doc.getByRole("button", { name: /close/i }).click();
    assert.equal(await doc.count(), 0);

    // Clicking the finding selects its range in the editor.
    await finding.locator("button.finding-jump").click();
    const selected = await selectedText(page);
    assert.equal(selected, "python:latest");

    await screenshot(page, "playground");

    // A hardened Dockerfile has no findings.
    await editor.fill(CLEAN_DOCKERFILE);
    await page.getByTestId("no-findings").waitFor();

    const foreign = requests.filter((url) => new URL(url).origin !== env.server.origin);
    assert.deepEqual(foreign, [], "every request stays on the page's own origin");
    assert.ok(requests.length >= 4, `the page loaded its files (${requests.length} requests)`);
    assert.deepEqual(problems, [], "no console errors, page errors or CSP violations");
  } finally {
    await context.close();
  }
});

test("the manifest and requirements tabs show their findings at the right place", async () => {
  const { context, page, problems } = await openPlayground(env.browser, env.server.origin);
  try {
    const editor = page.getByTestId("editor");
    await page.getByTestId("no-findings").waitFor();

    await page.getByRole("tab", { name: /deployment\.yaml/ }).click();
    await editor.fill(
      "apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    readOnlyRootFilesystem: true\n  containers:\n  - name: app\n    image: nginx\n",
    );
    const misplaced = page.locator('[data-testid=finding][data-code="KS002"]');
    await misplaced.waitFor();
    assert.equal(await misplaced.getAttribute("data-line"), "5");
    assert.equal(await misplaced.getByTestId("position").textContent(), "deployment.yaml:5:5");
    assert.match(await misplaced.textContent(), /only exists in a container/);
    const nonRoot = page.locator('[data-testid=checklist-group][data-checklist="non-root"]');
    assert.ok((await nonRoot.locator('[data-testid=finding][data-code="KS203"]').count()) >= 1);

    await page.getByRole("tab", { name: /requirements\.txt/ }).click();
    await editor.fill("flask>=3\n");
    const unpinned = page.locator('[data-testid=finding][data-code="RQ001"]');
    await unpinned.waitFor();
    assert.equal(await unpinned.getByTestId("position").textContent(), "requirements.txt:1:6");
    assert.deepEqual(problems, [], "no console errors, page errors or CSP violations");
  } finally {
    await context.close();
  }
});

test("a cross-file finding shows in both files and links one to the other", async () => {
  const { context, page, problems } = await openPlayground(env.browser, env.server.origin);
  try {
    const editor = page.getByTestId("editor");
    await page.getByTestId("no-findings").waitFor();
    await editor.fill("FROM python:3.13-slim\nRUN useradd app\nUSER app\n");
    await page.getByRole("tab", { name: /deployment\.yaml/ }).click();
    await editor.fill(
      "apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n  - name: app\n    image: registry.example/app:1.0\n",
    );
    const findings = page.locator('[data-testid=finding][data-code="XF001"]');
    await findings.first().waitFor();
    const positions = await findings.getByTestId("position").allTextContents();
    assert.deepEqual(positions.sort(), ["Dockerfile:3:6", "deployment.yaml:5:19"]);
    assert.match(await findings.first().textContent(), /assuming Dockerfile builds the image of container app/);

    // The manifest's copy links to the Dockerfile's USER line.
    await page.getByRole("button", { name: /^Show Dockerfile:3:6: the image runs as/ }).click();
    await page.waitForFunction(() => globalThis.bulkhead.activeEditor().text.startsWith("FROM python"));
    const selected = await selectedText(page);
    assert.equal(selected, "app");

    // Choosing the image explicitly keeps the pairing and says so.
    await page.getByRole("tab", { name: /^Settings/ }).click();
    await page.getByTestId("pairing").selectOption("registry.example/app:1.0");
    await page.getByRole("tab", { name: /^Findings/ }).click();
    await page.waitForFunction(() => document.body.textContent.includes("you chose it"));
    assert.deepEqual(problems, [], "no console errors, page errors or CSP violations");
  } finally {
    await context.close();
  }
});

test("fix all safe, then download: the file equals the CLI's --fix output", async () => {
  const cli = [join(ROOT, "target", "debug", "bulkhead"), join(ROOT, "target", "release", "bulkhead")].find((p) =>
    existsSync(p),
  );
  assert.ok(cli, "the CLI is built (cargo test builds target/debug/bulkhead)");
  const { context, page, problems } = await openPlayground(env.browser, env.server.origin);
  try {
    const editor = page.getByTestId("editor");
    const original = "# app\nFROM python:3.13-slim as run\nRUN apt update && apt install curl\nMAINTAINER me\nCMD python app.py\n";
    await editor.fill(original);
    await page.locator('[data-testid=finding][data-code="DF003"]').waitFor();

    // One quick fix first.
    await page.locator('[data-testid=finding][data-code="DF003"]').getByTestId("quick-fix").click();
    await page.waitForFunction(() => globalThis.bulkhead.activeEditor().text.includes("AS run"));
    await page.getByTestId("fix-all").click();
    await page.waitForFunction(() => globalThis.bulkhead.activeEditor().text.includes("apt-get install -y"));
    const diff = await page.locator('[data-testid=diff][data-file="Dockerfile"]').textContent();
    assert.match(diff, /\+RUN apt-get update && apt-get install -y curl/);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download").click()]);
    assert.equal(download.suggestedFilename(), "Dockerfile");
    const saved = join(ROOT, "target", "e2e", "Dockerfile.downloaded");
    mkdirSync(join(ROOT, "target", "e2e"), { recursive: true });
    await download.saveAs(saved);
    const fromPage = readFileSync(saved, "utf8");
    const fromCli = execFileSync(cli, ["lint", "--fix", "--stdin-filename", "Dockerfile", "-"], { input: original }).toString();
    assert.equal(fromPage, fromCli);
    assert.ok(fromPage.startsWith("# app\n"), "comments are kept");

    const [archive] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-all").click()]);
    assert.equal(archive.suggestedFilename(), "bulkhead-files.tar");
    const tarPath = join(ROOT, "target", "e2e", "files.tar");
    await archive.saveAs(tarPath);
    const listing = execFileSync("tar", ["-tf", tarPath]).toString().trim().split("\n");
    assert.deepEqual(listing, ["Dockerfile", "deployment.yaml", "requirements.txt"]);
    assert.deepEqual(problems, [], "no console errors, page errors or CSP violations");
  } finally {
    await context.close();
  }
});

test("the Content-Security-Policy forbids connections, and the page still starts", async () => {
  const { context, page, problems } = await openPlayground(env.browser, env.server.origin);
  try {
    const outcome = await page.evaluate(() =>
      fetch("./index.html").then(
        () => "fetched",
        (error) => `blocked: ${error.name}`,
      ),
    );
    assert.match(outcome, /^blocked/);
    assert.ok(
      problems.some((p) => p.includes(`directive: "connect-src 'none'"`)),
      `the browser reported the blocked fetch: ${problems.join("; ")}`,
    );
  } finally {
    await context.close();
  }
});

test("the built page has a strict CSP, no inline script and no external URL", () => {
  const html = readFileSync(join(DIST, "index.html"), "utf8");
  // The release build minifies the HTML: attributes in any order, quoted or not.
  const meta = html.match(/<meta\b[^>]*http-equiv=["']?Content-Security-Policy["']?[^>]*>/i)?.[0] ?? "";
  const csp = meta.match(/\bcontent=(?:"([^"]+)"|'([^']+)')/)?.slice(1).find(Boolean);
  assert.ok(csp, "index.html carries a CSP meta tag");
  const directives = Object.fromEntries(
    csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values.join(" ")]),
  );
  assert.equal(directives["default-src"], "'none'");
  assert.equal(directives["script-src"], "'self' 'wasm-unsafe-eval'");
  assert.equal(directives["connect-src"], "'none'");
  assert.ok(!/unsafe-inline|unsafe-eval'|\*/.test(csp.replace("'wasm-unsafe-eval'", "")), csp);

  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.ok(scripts.length > 0, "the page has a script");
  for (const [, attributes, body] of scripts) {
    assert.match(attributes, /\bsrc=/, "every script is a file");
    assert.equal(body.trim(), "", "no inline script");
  }
  const urls = [...html.matchAll(/\b(?:src|href)=(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g)].map((m) => m[1] ?? m[2] ?? m[3]);
  assert.ok(urls.length >= 3, `found the page's assets: ${urls}`);
  for (const url of urls) {
    assert.ok(!/^[a-z][a-z0-9+.-]*:|^\/\//i.test(url), `${url} must be a relative URL`);
  }
  const css = readFileSync(join(DIST, distFile("style.css")), "utf8");
  assert.ok(!/url\(\s*["']?(https?:)?\/\//i.test(css), "the stylesheet loads nothing external");
});

test("the first load is the page's own files, sent compressed; the comparison's module loads when it is opened", async () => {
  // What the page loads to start (rule docs load only when a rule is opened), each file
  // as the server sends it (its brotli copy; tools/hash-dist.mjs makes them). The bytes
  // on the wire, headers and all, are measured in product.test.mjs.
  const { context, page, requests } = await openPlayground(env.browser, env.server.origin);
  try {
    await page.getByTestId("totals").waitFor();
    const names = [...new Set(requests.map((url) => new URL(url).pathname.slice(1) || "index.html"))];
    const sent = (name) => readFileSync(join(DIST, `${name}.br`)).length;
    const sizes = names.map((name) => [stableName(name), sent(name)]);
    const total = sizes.reduce((sum, [, size]) => sum + size, 0);
    const lazy = readdirSync(DIST)
      .filter((name) => !names.includes(name) && !/\.(br|gz)$/.test(name))
      .map((name) => `${stableName(name)} ${sent(name)}`);
    console.log(`page weight: ${total} bytes brotli (${sizes.map(([n, s]) => `${n} ${s}`).join(", ")}); loaded later: ${lazy.join(", ")}`);
    const stable = sizes.map(([name]) => name);
    assert.ok(stable.includes("bulkhead-web_bg.wasm.js") && stable.includes("editor.js"), stable.join(", "));
    // The base-image comparison is its own module, loaded only when it is opened.
    assert.ok(!stable.some((name) => name.startsWith("bulkhead-variants")), stable.join(", "));
    assert.ok(lazy.some((entry) => entry.startsWith("bulkhead-variants_bg.wasm.js ")), lazy.join(", "));
    assert.ok(total <= 400_000, `the page is ${total} bytes brotli, over the 400,000 it may use`);
    // Opening the comparison makes the lint worker load the module (and only then).
    await page.getByRole("tab", { name: "Compare bases" }).click();
    await page.locator('[data-testid="variants-table"], [data-testid="variants-error"]').first().waitFor();
    const later = requests.map((url) => stableName(new URL(url).pathname.slice(1)));
    assert.ok(later.includes("bulkhead-variants_bg.wasm.js"), later.join(", "));
  } finally {
    await context.close();
  }
});
