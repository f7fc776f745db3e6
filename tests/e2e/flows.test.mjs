// End to end: the playground's flows (issues 8 and 9, and the page side of issue 10), in
// the release build, in headless Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { inflateRawSync } from "node:zlib";
import {
  ROOT,
  editorText,
  linted,
  openPlayground,
  replaceText,
  screenshot,
  selectedText,
  serveDist,
  shareFragment,
  useServerAndBrowser,
  viewTab,
} from "./support.mjs";
import { HASHED, stableName } from "../../tools/hash-dist.mjs";

const env = useServerAndBrowser();

/** Apply the hunks of `diff` for `name` to `text` (a unified diff made by the rules crate). */
function applyDiff(text, diff, name) {
  const part = diff.split(/^--- a\//m).find((p) => p.startsWith(`${name}\n`));
  assert.ok(part, `the diff has ${name}`);
  const lines = text.split("\n");
  const out = [];
  let at = 0;
  for (const hunk of part.split(/^@@ /m).slice(1)) {
    const start = Number(hunk.match(/^-(\d+)/)[1]) - 1;
    while (at < start) out.push(lines[at++]);
    for (const line of hunk.split("\n").slice(1)) {
      if (line.startsWith("+")) out.push(line.slice(1));
      else if (line.startsWith("-")) at += 1;
      else if (line.startsWith(" ")) out.push(lines[at++]);
    }
  }
  while (at < lines.length) out.push(lines[at++]);
  return out.join("\n");
}

test("hovering a squiggle shows the finding and its rule; its quick fix applies from the editor", async () => {
  const { context, page, problems } = await openPlayground(env.browser, env.server.origin);
  try {
    await replaceText(page, "FROM python:3.13-slim as run\n");
    // The squiggle under `as` (the image name has its own, for its missing digest).
    const squiggle = page.locator(".cm-lintRange", { hasText: /^as$/ });
    await squiggle.waitFor();
    await squiggle.hover();
    const tooltip = page.locator(".cm-tooltip-hover");
    await tooltip.waitFor();
    assert.match(await tooltip.textContent(), /DF003 from-as-casing/);
    // The rule link in the tooltip opens the rule's documentation.
    await tooltip.getByTestId("hover-rule").first().click();
    await page.getByTestId("rule-doc-body").waitFor();
    assert.match(await page.getByTestId("rule-doc").textContent(), /DF003/);
    await page.getByRole("button", { name: "Close the rule documentation" }).click();

    await page.mouse.move(0, 0);
    await squiggle.hover();
    const fix = tooltip.getByRole("button", { name: /Action: Fix: Write AS/ });
    await fix.waitFor();
    const box = await page.getByTestId("editor").boundingBox();
    await screenshot(page, "hover-fix", { clip: { x: box.x, y: box.y, width: box.width, height: 160 } });
    await fix.click();
    await page.waitForFunction(() => globalThis.bulkhead.activeEditor().text.includes("AS run"));
    await linted(page);
    assert.equal(await page.locator('[data-testid=finding][data-code="DF003"]').count(), 0);
    // The gutter marks the line too, with a symbol and not only a colour.
    assert.ok((await page.locator(".cm-lint-marker").count()) >= 1);
    // The hover names the standards the rule implements.
    await replaceText(page, "FROM python:3.13-slim\nUSER root\n");
    await linted(page);
    await page.mouse.move(0, 0);
    await page.locator(".cm-line").nth(1).locator(".cm-lintRange").first().hover();
    const standards = page.locator(".cm-tooltip-hover").getByTestId("hover-standards");
    await standards.waitFor();
    assert.match(await standards.textContent(), /CIS Docker Benchmark v1\.6\.0 4\.1/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("the checklist judges every item, links failures to their findings and shows the scan and sign commands", async () => {
  const { context, page, problems } = await openPlayground(env.browser, env.server.origin);
  try {
    await linted(page);
    await viewTab(page, "Checklist").click();
    const items = page.getByTestId("checklist-item");
    await items.first().waitFor();
    assert.equal(await items.count(), 10);
    const nonRoot = page.locator('[data-testid=checklist-item][data-item="non-root"]');
    assert.equal(await nonRoot.getAttribute("data-status"), "pass");
    const signed = page.locator('[data-testid=checklist-item][data-item="signed"]');
    assert.equal(await signed.getAttribute("data-status"), "unknown");
    assert.match(await signed.getByTestId("command").first().textContent(), /^cosign sign registry\.example\/app/);
    const scanned = page.locator('[data-testid=checklist-item][data-item="scanned"]');
    assert.match(await scanned.getByTestId("command").textContent(), /^trivy image /);

    await replaceText(page, "FROM python:3.13-slim\nCMD [\"python\", \"app.py\"]\n");
    await linted(page);
    await viewTab(page, "Checklist").click();
    assert.equal(await nonRoot.getAttribute("data-status"), "fail");
    await nonRoot.getByTestId("checklist-link").click();
    await page.getByTestId("group-non-root").or(page.locator("#group-non-root")).waitFor();
    const focused = await page.evaluate(() => document.activeElement?.id);
    assert.equal(focused, "group-non-root");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("drafts survive a reload, and reset starts again", async () => {
  const { context, page, problems } = await openPlayground(env.browser, env.server.origin);
  try {
    await replaceText(page, "FROM node:22\n# my draft\n");
    await linted(page);
    await page.reload();
    await page.waitForSelector("html[data-ready=true]");
    assert.equal(await editorText(page), "FROM node:22\n# my draft\n");
    await page.getByTestId("reset").click();
    await page.waitForFunction(() => globalThis.bulkhead.activeEditor().text.startsWith("# Paste your Dockerfile"));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("a share link carries the files in its fragment and opens them elsewhere", async () => {
  const { context, page, requests, problems } = await openPlayground(env.browser, env.server.origin);
  let other;
  try {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await replaceText(page, "FROM python:latest\n# shared \u{1F433}\n");
    await linted(page);
    await page.getByTestId("share").click();
    await page.getByTestId("notice").waitFor();
    const url = page.url();
    assert.match(url, /#code\//);
    assert.match(await page.getByTestId("notice").textContent(), /Link copied/);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url);
    // Nothing was sent: the fragment never leaves the browser.
    assert.ok(requests.every((r) => !r.includes("#") && !r.includes("code/")), requests.join("\n"));

    // A fresh browser (no draft) opens the same files from the link.
    other = await openPlayground(env.browser, env.server.origin, undefined, url);
    assert.equal(await editorText(other.page), "FROM python:latest\n# shared \u{1F433}\n");
    await other.page.locator('[data-testid=finding][data-code="DF001"]').waitFor();
    // It opens apart from that browser's own files, and says so.
    assert.match(await other.page.getByTestId("away").textContent(), /the files of a share link, apart from your own files/);

    // The page shows its version and rule set; the link carries the version, and a link
    // made by another version says so when it opens.
    const version = (await page.getByTestId("version").textContent()).match(/^bulkhead (\S+) · rule set of (\d{4}-\d{2}-\d{2})/);
    assert.ok(version, await page.getByTestId("version").textContent());
    const carried = JSON.parse(inflateRawSync(Buffer.from(url.split("#code/")[1], "base64url")).toString());
    assert.equal(carried.bulkhead, version[1]);
    const older = await openPlayground(env.browser, env.server.origin, undefined, `${env.server.origin}/${shareFragment({ ...carried, bulkhead: "0.0.1" })}`);
    assert.match(await older.page.getByTestId("notice").textContent(), new RegExp(`made by bulkhead 0\\.0\\.1; this is bulkhead ${version[1].replace(/\./g, "\\.")}`));
    assert.equal(await editorText(older.page), "FROM python:latest\n# shared \u{1F433}\n");
    await older.context.close();
    assert.equal(await other.page.getByTestId("notice").count(), 0, "a link of this version needs no word on versions");

    // A damaged link says so and still opens the page.
    const damaged = await openPlayground(env.browser, env.server.origin, undefined, `${env.server.origin}/#code/AAAA!!`);
    assert.match(await damaged.page.getByTestId("notice").textContent(), /damaged/);
    await damaged.context.close();
    // One that unpacks to something that is no set of files says that.
    const empty = await openPlayground(env.browser, env.server.origin, undefined, `${env.server.origin}/${shareFragment({ v: 1, files: "none" })}`);
    assert.match(await empty.page.getByTestId("notice").textContent(), /holds no files/);
    await empty.context.close();
    assert.deepEqual(problems, []);
    assert.deepEqual(other.problems, []);
  } finally {
    await other?.context.close();
    await context.close();
  }
});

test("settings (trusted registries, ignored rules, severities) change the findings and travel in a share link", async () => {
  const { context, page, problems } = await openPlayground(env.browser, env.server.origin);
  let other;
  try {
    await page.getByTestId("examples").selectOption("first-flask");
    await page.getByRole("tab", { name: /^requirements\.txt/ }).waitFor();
    // The example's own findings (the page may still show the last lint's for a moment).
    await page.locator('[data-testid=finding][data-code="DF001"]').first().waitFor();
    await linted(page);
    const codes = (p) => p.locator("[data-testid=finding]").evaluateAll((items) => items.map((i) => i.dataset.code));
    const severity = (p, code) =>
      p.locator(`[data-testid=finding][data-code="${code}"] .finding-jump`).first().textContent();
    assert.ok((await codes(page)).includes("DF001"));
    assert.ok(!(await codes(page)).includes("DF108"), "no registry is trusted yet");

    // Each setting is made in the Settings view; the findings are read in theirs.
    const set = async (id, value) => {
      await viewTab(page, "Settings").click();
      await page.getByTestId(id).fill(value);
      await page.getByTestId(id).press("Enter");
      await linted(page);
      await viewTab(page, "Findings").click();
    };
    await set("settings-registries", "registry.example.com, cgr.dev");
    await page.locator('[data-testid=finding][data-code="DF108"]').waitFor();
    await set("settings-ignore", "DF001");
    await set("settings-severity", "untrusted-registry=info");
    assert.ok((await codes(page)).length > 0, "the findings are shown");
    assert.ok(!(await codes(page)).includes("DF001"), "DF001 is ignored");
    assert.match(await severity(page, "DF108"), /^\S*\s*info\s*DF108/);
    await viewTab(page, "Settings").click();
    const settingsBox = await page.getByTestId("settings").boundingBox();
    await screenshot(page, "settings", { clip: { x: settingsBox.x, y: settingsBox.y, width: settingsBox.width, height: settingsBox.height } });
    // What it cannot use, it says.
    await set("settings-severity", "untrusted-registry=info, DF500=loud");
    assert.match(await page.getByTestId("notice").textContent(), /rule=level.*DF500=loud/);
    await set("settings-ignore", "DF001, no-such-rule");
    assert.match(await page.getByTestId("notice").textContent(), /Not a rule code or name: no-such-rule/);

    // A share link carries them to a fresh browser, which shows the same.
    await page.getByTestId("share").click();
    await page.waitForURL(/#code\//);
    other = await openPlayground(env.browser, env.server.origin, undefined, page.url());
    await linted(other.page);
    await viewTab(other.page, "Settings").click();
    assert.equal(await other.page.getByTestId("settings-registries").inputValue(), "registry.example.com, cgr.dev");
    assert.equal(await other.page.getByTestId("settings-ignore").inputValue(), "DF001, no-such-rule");
    assert.equal(await other.page.getByTestId("settings-severity").inputValue(), "untrusted-registry=info");
    await viewTab(other.page, "Findings").click();
    assert.ok((await codes(other.page)).length > 0, "the findings are shown");
    assert.ok(!(await codes(other.page)).includes("DF001"));
    assert.match(await severity(other.page, "DF108"), /^\S*\s*info\s*DF108/);
    // Reset starts the settings again too.
    await other.page.getByTestId("reset").click();
    await linted(other.page);
    await viewTab(other.page, "Settings").click();
    assert.equal(await other.page.getByTestId("settings-registries").inputValue(), "");
    assert.deepEqual(problems, []);
    assert.deepEqual(other.problems, []);
  } finally {
    await other?.context.close();
    await context.close();
  }
});

test("copy as review comment: every finding (or those on the selected lines) as Markdown, with file:line, rule, why and fixes as suggestions", async () => {
  const { context, page, problems } = await openPlayground(env.browser, env.server.origin);
  try {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await replaceText(page, "FROM python:3.13-slim as build\nCMD python app.py\n");
    await linted(page);
    const shown = await page.locator("[data-testid=finding]").count();
    await page.getByTestId("copy-review").click();
    await page.getByTestId("notice").filter({ hasText: /review comments/ }).waitFor();
    const markdown = await page.evaluate(() => navigator.clipboard.readText());
    // As many comments as the page shows findings, across both tabs.
    assert.match(markdown, /^### bulkhead: \d+ findings?\n/);
    assert.equal(Number(markdown.match(/^### bulkhead: (\d+)/)[1]), shown, markdown);
    assert.match(markdown, /\*\*`Dockerfile:1`\*\* · /);
    assert.match(markdown, /`DF003` from-as-casing · info/);
    // The fixes of one line are one suggestion (a pull request takes one per line).
    assert.ok(markdown.includes("```suggestion\nFROM python:3.13-slim AS build\n"), markdown);
    assert.equal(markdown.split("```suggestion\nFROM").length - 1, 1, markdown);
    assert.ok(markdown.includes("```suggestion\nCMD [\"python\", \"app.py\"]\n```"), markdown);
    // With lines selected in the editor, only the findings on them.
    await page.locator(".cm-line").nth(1).click();
    await page.keyboard.press("Home");
    await page.keyboard.press("Shift+End");
    await page.getByTestId("copy-review").click();
    await page.getByTestId("notice").filter({ hasText: /selected lines of Dockerfile/ }).waitFor();
    const selected = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(selected.includes("`Dockerfile:2`") && !selected.includes("`Dockerfile:1`"), selected);
    assert.ok(selected.includes("```suggestion\nCMD [\"python\", \"app.py\"]\n```"), selected);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("try it: a rule doc's link opens its example in the playground at the finding", async () => {
  const { context, page, problems } = await openPlayground(env.browser, env.server.origin);
  try {
    await replaceText(page, "FROM python:3.13-slim as build\n");
    await linted(page);
    await page.locator('[data-testid=finding][data-code="DF003"]').getByTestId("rule-link").click();
    const tryIt = page.getByTestId("rule-doc").getByTestId("try-it");
    await tryIt.waitFor();
    await Promise.all([page.waitForURL(/\?try=DF003/), tryIt.click()]);
    await page.waitForSelector("html[data-ready=true]");
    await linted(page);
    // The example's own text, with its finding selected.
    assert.match(await editorText(page), /as /);
    await page.waitForFunction(() => {
      const e = globalThis.bulkhead.activeEditor();
      return e && e.to > e.from;
    });
    assert.equal(await selectedText(page), "as");
    assert.match(await page.getByTestId("notice").textContent(), /example of DF003/);
    // A cross-file rule's example opens as its two files.
    await page.goto(`${env.server.origin}/?try=XF008`);
    await page.waitForSelector("html[data-ready=true]");
    await page.getByRole("tab", { name: /^deployment\.yaml/ }).waitFor();
    await page.locator('[data-testid=finding][data-code="XF008"]').first().waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("explain any line: hovering a clean line's instruction explains it, and the panel explains the term at the cursor", async () => {
  const { context, page, problems, requests } = await openPlayground(env.browser, env.server.origin);
  try {
    await linted(page);
    // The hardened sample has no findings: its `USER 65532` line is clean.
    assert.equal(await page.locator("[data-testid=finding]").count(), 0);
    assert.ok(!requests.some((url) => url.endsWith("/explain.js")), "the texts load on demand");
    await page.locator(".cm-line", { hasText: /^USER 65532$/ }).getByText("USER").hover();
    const tooltip = page.getByTestId("explain-tooltip");
    await tooltip.waitFor();
    assert.match(await tooltip.textContent(), /^USER Sets the user .*root/);
    const pane = await page.locator(".editor-pane").boundingBox();
    await screenshot(page, "explain", { clip: { x: pane.x, y: pane.y, width: pane.width, height: Math.min(pane.height, 480) } });
    // The keyboard: the panel follows the cursor, in the manifest too.
    await page.getByRole("tab", { name: /^deployment\.yaml/ }).click();
    await page.locator(".cm-line", { hasText: "readOnlyRootFilesystem" }).first().click();
    await page.keyboard.press("Home");
    const panel = page.getByTestId("explain");
    await panel.filter({ hasText: /^readOnlyRootFilesystem / }).waitFor();
    assert.match(await panel.textContent(), /read-only/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("a lesson from start to solved: the goal turns green and the progress is kept", async () => {
  const lessons = (await import("../../web/generated/lessons.js")).default;
  const lesson = lessons.find((l) => l.id === "non-root");
  assert.ok(lesson, "the non-root lesson exists");
  const { context, page, problems } = await openPlayground(env.browser, env.server.origin, undefined, `${env.server.origin}/#lesson/non-root`);
  try {
    await linted(page);
    const goal = page.getByTestId("lesson-goal");
    assert.equal(await goal.getAttribute("data-met"), "false");
    assert.match(await page.getByTestId("lesson").textContent(), new RegExp(`Lesson ${lessons.indexOf(lesson) + 1} of ${lessons.length}`));
    // The learner writes the solution: the start with the solution's diff applied.
    const solved = lesson.solution;
    assert.match(solved, /^--- a\/Dockerfile/m);
    await page.getByTestId("lesson-solution").locator("summary").click();
    assert.match(await page.getByTestId("lesson-solution").textContent(), /USER 65532/);
    const dockerfile = lesson.document.files.find((f) => f.name === "Dockerfile").text;
    const after = applyDiff(dockerfile, solved, "Dockerfile");
    await replaceText(page, after);
    await linted(page);
    await page.locator('[data-testid=lesson-goal][data-met="true"]').waitFor();
    await page.getByTestId("lesson-solution").locator("summary").click();
    await page.getByTestId("lesson").evaluate((e) => e.scrollIntoView({ block: "start" }));
    const panel = await page.getByTestId("lesson").boundingBox();
    await screenshot(page, "lesson", { clip: { x: panel.x, y: panel.y, width: panel.width, height: Math.min(panel.height, 520) } });
    assert.deepEqual(await page.evaluate(() => globalThis.bulkhead.lessons.done()), ["non-root"]);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

/** Paste `lines` (a unified diff, joined with newlines) over the editor's text, as a reviewer does. */
async function pasteDiff(context, page, lines) {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.evaluate((text) => navigator.clipboard.writeText(text), lines.join("\n"));
  await page.getByTestId("editor").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Control+V");
}

test("a unified diff pasted into the editor opens as its files, with findings only on the added lines", async () => {
  const { context, page, problems } = await openPlayground(env.browser, env.server.origin);
  try {
    await pasteDiff(context, page, [
      "--- a/Dockerfile",
      "+++ b/Dockerfile",
      "@@ -1,3 +1,4 @@",
      " FROM python:latest",
      " WORKDIR /app",
      "+RUN apt install curl",
      " CMD python app.py",
      "",
    ]);
    await page.getByRole("tab", { name: /^Dockerfile/ }).waitFor();
    await page.waitForFunction(() => globalThis.bulkhead.activeEditor()?.text.startsWith("FROM python:latest\nWORKDIR /app\nRUN apt install curl"));
    await linted(page);
    assert.equal(await page.getByTestId("tab").count(), 1, "the diff's one file replaced the files");
    const lines = await page.locator("[data-testid=finding]").evaluateAll((items) => items.map((i) => `${i.dataset.code}@${i.dataset.line}`));
    assert.ok(lines.length > 0 && lines.every((l) => l.endsWith("@3")), lines.join(", "));
    assert.ok(lines.includes("DF300@3"), lines.join(", "));
    // Once edited, the file is judged whole again (DF001 on line 1 comes back).
    await page.keyboard.press("Control+End");
    await page.keyboard.insertText("\n");
    await page.locator('[data-testid=finding][data-code="DF001"]').waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("a pasted diff seen in parts: no finding comes from the lines it does not show, and the page says the view is partial", async () => {
  const { context, page, problems } = await openPlayground(env.browser, env.server.origin);
  try {
    // The hunk ends inside a continued RUN (its next lines are not shown); the YAML hunk
    // is the middle of a Deployment whose securityContext is outside it.
    await pasteDiff(context, page, [
      "--- a/Dockerfile",
      "+++ b/Dockerfile",
      "@@ -10,3 +10,3 @@ FROM python:3.13-slim",
      " WORKDIR /app",
      "-RUN apt-get update \\",
      "+RUN apt-get update && apt-get install -y --no-install-recommends curl \\",
      "     && echo done \\",
      "@@ -20,2 +20,3 @@",
      "-COPY . .",
      "+COPY --chown=65532:65532 . .",
      "+ENV SECRET_KEY=change-me",
      " USER 65532",
      "--- a/deploy.yaml",
      "+++ b/deploy.yaml",
      "@@ -12,3 +12,3 @@ spec:",
      "       containers:",
      "-        - name: app",
      "+        - name: web",
      "           image: registry.example/app:1.0@sha256:" + "0".repeat(64),
      "",
    ]);
    await page.getByRole("tab", { name: /^deploy\.yaml/ }).waitFor();
    await linted(page);
    assert.match(await page.getByTestId("partial").textContent(), /lines outside it were not seen in Dockerfile, deploy\.yaml/);
    // Nothing stays selected after the paste.
    const shown = await page.evaluate(() => globalThis.bulkhead.activeEditor());
    assert.equal(shown.from, shown.to, "no selection");
    const codes = await page.locator("[data-testid=finding]").evaluateAll((items) => items.map((i) => `${i.dataset.code}@${i.dataset.line}`));
    // The cut RUN is not completed with the empty lines: no "lists not removed" (its fix
    // would write into the COPY line), no packages named COPY.
    assert.ok(!codes.some((c) => /^DF30[34]@/.test(c)), codes.join(", "));
    // The YAML seen in parts is not "invalid YAML".
    assert.ok(!codes.some((c) => c.startsWith("KS000@")), codes.join(", "));
    // What the files lack may be in the lines not shown: the pod's runAsNonRoot, the
    // limits, a later USER, a later FROM that makes the stage shown a builder.
    assert.ok(!codes.some((c) => /^(KS203|KS302|KS303|DF100|DF200)@/.test(c)), codes.join(", "));
    // What the lines it adds say for certain is shown, and only that.
    assert.ok(codes.includes("DF400@21"), `the secret in ENV: ${codes.join(", ")}`);
    const added = new Set(["11", "20", "21", "13"]);
    assert.ok(codes.every((c) => added.has(c.split("@")[1])), codes.join(", "));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("a documentation site embeds a lesson with ?embed=1&lesson=ID", async () => {
  const { context, page, problems } = await openPlayground(env.browser, env.server.origin, undefined, `${env.server.origin}/?embed=1&lesson=pss-baseline`);
  try {
    await page.getByTestId("lesson").waitFor();
    await linted(page);
    assert.match(await page.getByTestId("lesson").textContent(), /Baseline/);
    assert.equal(await page.getByTestId("lesson-goal").getAttribute("data-met"), "false");
    assert.equal(await page.getByTestId("share").count(), 0, "embed mode: no toolbar");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("XSS payloads in files and in the fragment are shown as text and never run", async () => {
  const payload = `<img src=x onerror="globalThis.pwned=1"><script>globalThis.pwned=1</script>`;
  const fragment = shareFragment({
    v: 1,
    files: [
      { name: `Dockerfile`, kind: "dockerfile", text: `FROM python:latest\nENV X="${payload}"\nRUN echo '${payload}'\n` },
      { name: `${payload}.yaml`, kind: "kubernetes", text: `kind: Pod\nmetadata: {name: "${payload}"}\n` },
    ],
    active: 0,
    pairing: payload,
  });
  const { context, page, problems } = await openPlayground(env.browser, env.server.origin, undefined, `${env.server.origin}/${fragment}`);
  try {
    await linted(page);
    await page.getByRole("tab", { name: /onerror/ }).click();
    await page.waitForTimeout(300);
    const state = await page.evaluate(() => ({
      pwned: globalThis.pwned,
      images: document.querySelectorAll("img").length,
      scripts: [...document.querySelectorAll("script")].map((s) => s.src),
    }));
    assert.equal(state.pwned, undefined);
    assert.equal(state.images, 0, "the payload's <img> was never made an element");
    assert.ok(state.scripts.every((src) => src.startsWith(env.server.origin)), state.scripts.join());
    assert.ok((await page.getByTestId("tab").allTextContents()).some((t) => t.includes("<img src=x")));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("embed mode: minimal chrome, files set by postMessage, findings posted back, in a sandboxed iframe", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${env.server.origin}/embed-test-blank`); // a 404 page on the same server: a parent of a different origin would work the same
    await page.setContent(`<!doctype html><body>
      <script>globalThis.received = []; addEventListener("message", (event) => received.push(event.data));</script>
      <iframe id="bulkhead" width="900" height="600" sandbox="allow-scripts allow-same-origin"
        src="${env.server.origin}/?embed=1&readonly=1&panels=findings,checklist"></iframe></body>`);
    await page.waitForFunction(() => globalThis.received.some((m) => m.type === "bulkhead:ready"), null, { timeout: 20_000 });
    await page.evaluate(() => {
      document.getElementById("bulkhead").contentWindow.postMessage(
        { type: "bulkhead:set", files: [{ name: "Dockerfile", text: "FROM python:latest\n" }] },
        "*",
      );
    });
    const message = await page.waitForFunction(() =>
      globalThis.received.find((m) => m.type === "bulkhead:findings" && m.findings.some((f) => f.code === "DF001")),
    );
    const findings = (await message.jsonValue()).findings;
    const latest = findings.find((f) => f.code === "DF001");
    assert.deepEqual([latest.path, latest.line, latest.column], ["Dockerfile", 1, 6]);
    // The embed API takes the settings too.
    await page.evaluate(() => {
      globalThis.received = [];
      document.getElementById("bulkhead").contentWindow.postMessage(
        {
          type: "bulkhead:set",
          files: [{ name: "Dockerfile", text: "FROM python:latest\n" }],
          settings: { ignore: ["DF001"], trustedRegistries: ["registry.example.com"] },
        },
        "*",
      );
    });
    const configured = await page.waitForFunction(() =>
      globalThis.received.find((m) => m.type === "bulkhead:findings" && m.findings.some((f) => f.code === "DF108")),
    );
    assert.ok(!(await configured.jsonValue()).findings.some((f) => f.code === "DF001"));
    const frame = page.frameLocator("#bulkhead");
    // Minimal chrome: no toolbar, no export panel, no way to edit.
    assert.equal(await frame.getByTestId("share").count(), 0);
    assert.equal(await frame.getByTestId("download").count(), 0);
    assert.equal(await frame.locator(".cm-content").getAttribute("aria-readonly"), "true");
  } finally {
    await context.close();
  }
});

test("a panic in the lint worker keeps the text, says sorry, and linting carries on", async () => {
  const { context, page, problems } = await openPlayground(env.browser, env.server.origin);
  try {
    await replaceText(page, "FROM python:latest\n# keep me\n");
    await linted(page);
    await page.evaluate(() => globalThis.bulkhead.linter.crashForTest());
    const crash = page.getByTestId("crash");
    await crash.waitFor();
    assert.match(await crash.textContent(), /a panic on purpose/);
    assert.equal(await editorText(page), "FROM python:latest\n# keep me\n");
    assert.equal(await page.evaluate(() => globalThis.bulkhead.linter.restarts), 1);

    // The restarted worker lints the next edit, and the apology goes.
    await page.keyboard.insertText("RUN apt install curl\n");
    await page.locator('[data-testid=finding][data-code="DF300"]').waitFor();
    assert.equal(await crash.count(), 0);
    // The panic was reported on the console; nothing else went wrong.
    assert.ok(problems.every((p) => /panic on purpose|unreachable/.test(p)), problems.join("\n"));
  } finally {
    await context.close();
  }
});

test("files open from the file picker as new tabs; at 360 px nothing overflows", async () => {
  const { context, page, problems } = await openPlayground(env.browser, env.server.origin, { width: 360, height: 740 });
  try {
    await page.getByTestId("open").setInputFiles({
      name: "job.yaml",
      mimeType: "text/yaml",
      buffer: Buffer.from("apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n    spec:\n      hostNetwork: true\n      containers:\n        - name: a\n          image: busybox\n"),
    });
    await page.getByRole("tab", { name: /job\.yaml/ }).waitFor();
    // One pane at a time on a phone: the findings are a tap away.
    await viewTab(page, "Findings").click();
    await page.locator('[data-testid=finding][data-code="KS101"]').first().waitFor();
    await viewTab(page, "Files").click();
    // A file over the engine's limit (2 MiB, passed from the wasm) is refused, saying so.
    await page.getByTestId("open").setInputFiles({
      name: "huge.yaml",
      mimeType: "text/yaml",
      buffer: Buffer.alloc(2 * 1024 * 1024 + 1, "#"),
    });
    const notice = page.getByTestId("notice");
    await notice.waitFor();
    assert.match(await notice.innerText(), /huge\.yaml is 2,097,153 bytes; the playground opens files up to 2 MiB/);
    assert.equal(await page.getByRole("tab", { name: /huge\.yaml/ }).count(), 0);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow} px wider than a 360 px screen`);
    // The dark theme follows the system's.
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshot(page, "phone");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("a visited page reopens offline (service worker)", async () => {
  const local = await serveDist();
  const { context, page, problems } = await openPlayground(env.browser, local.origin);
  try {
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await page.waitForSelector("html[data-ready=true]");
    assert.ok(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)));
    await local.close();
    await page.reload();
    await page.waitForSelector("html[data-ready=true]", { timeout: 20_000 });
    await linted(page);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("compare base images: the variants table, a variant's diff and download, and opened as tabs it lints clean", async () => {
  const { context, page, problems } = await openPlayground(env.browser, env.server.origin);
  try {
    const flask =
      "FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nEXPOSE 5000\nCMD [\"python\", \"app.py\"]\n";
    await page.getByRole("tab", { name: /^Dockerfile/ }).first().click();
    await replaceText(page, flask);
    await linted(page);
    await viewTab(page, "Compare").click();
    const table = page.getByTestId("variants-table");
    await table.waitFor();
    const heads = await table.locator("thead th").allTextContents();
    assert.deepEqual(heads.slice(1), [
      "Debian slim",
      "Chainguard",
      "Distroless",
      "scratch (static binary)",
      "Distroless static (safer than scratch)",
    ]);
    assert.match(await table.textContent(), /python:3\.12-slim/, "slim keeps the user's Python version");
    const checked = await table.locator("tr", { has: page.locator("th", { hasText: "Facts checked" }) }).locator("td").allTextContents();
    assert.equal(checked.length, heads.length - 1);
    assert.ok(checked.every((cell) => /^20\d\d-\d\d-\d\d( \(some estimated\))?$/.test(cell)), checked.join(" | "));

    await page.locator('[data-testid=variant-tab][data-variant="distroless"]').click();
    const text = await page.getByTestId("variant-dockerfile").textContent();
    assert.match(text, /\nFROM gcr\.io\/distroless\/python3-debian13:nonroot\n/);
    assert.match(text, /ENTRYPOINT \["\/usr\/bin\/python3", "app\.py"\]/);
    // The diff from the user's Dockerfile is open beside the variant's text.
    assert.equal(await page.locator(".variant details.diffs").getAttribute("open"), "");
    const diff = page.locator(".variant [data-testid=diff]");
    assert.match(await diff.textContent(), /^\+FROM python:3\.13-slim AS build$/m);
    const [left, right] = [await diff.boundingBox(), await page.getByTestId("variant-dockerfile").boundingBox()];
    assert.ok(right.x > left.x + left.width - 1, `side by side: ${JSON.stringify([left, right])}`);
    const section = page.getByTestId("variants");
    await section.evaluate((element) => element.scrollIntoView());
    const box = await section.boundingBox();
    await screenshot(page, "variants", { clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, 800 - box.y) } });

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("variant-download").click()]);
    assert.equal(download.suggestedFilename(), "Dockerfile.distroless");
    const saved = join(ROOT, "target", "e2e", "Dockerfile.distroless");
    mkdirSync(join(ROOT, "target", "e2e"), { recursive: true });
    await download.saveAs(saved);
    assert.equal(readFileSync(saved, "utf8"), text);

    const [compose] = await Promise.all([page.waitForEvent("download"), page.getByTestId("variant-download-compose").click()]);
    assert.equal(compose.suggestedFilename(), "compose.distroless.yaml");

    // Opened as tabs, the variant, its Deployment and its Compose file lint with notes at most.
    await page.getByTestId("variant-open").click();
    await page.getByRole("tab", { name: /deployment\.distroless\.yaml/ }).waitFor();
    await page.getByRole("tab", { name: /compose\.distroless\.yaml/ }).waitFor();
    await linted(page);
    const mine = page.locator("[data-testid=finding]", { has: page.locator("[data-testid=position]", { hasText: /distroless/ }) });
    const severities = await mine.locator(".severity-text").allTextContents();
    assert.ok(severities.every((s) => s === "info"), `the variant's findings: ${severities.join(", ")}`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("compare base images: a command that cannot be read names its line and leads to its finding", async () => {
  const { context, page, problems } = await openPlayground(env.browser, env.server.origin);
  try {
    const pseudo =
      'FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nEXPOSE 8000\nENTRYPOINT ["uvicorn" if your app uses FastAPI else "gunicorn"]\n';
    await page.getByRole("tab", { name: /^Dockerfile/ }).first().click();
    await replaceText(page, pseudo);
    await linted(page);
    await viewTab(page, "Compare").click();
    const error = page.getByTestId("variants-error");
    await error.waitFor();
    // Its code spans are code, not backticks.
    assert.match(await error.textContent(), /^line 5: ENTRYPOINT \["uvicorn" if/);
    assert.equal(await error.locator("code").first().textContent(), 'ENTRYPOINT ["uvicorn" if your app uses FastAPI else "gunicorn"]');
    assert.match(await error.textContent(), /the variants come once it is fixed/);
    assert.equal(await page.getByTestId("variant-tab").count(), 0, "no variant is made from it");
    await page.getByTestId("variants-error-reveal").click();
    assert.match(await selectedText(page), /^ENTRYPOINT \["uvicorn" if your app/);
    const finding = page.locator('[data-testid=finding][data-code="DF004"]');
    assert.equal(await finding.getAttribute("data-line"), "5");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("the Pod Security Standards level: Baseline hides the Restricted-only findings, and each finding names its level", async () => {
  const { context, page, problems } = await openPlayground(env.browser, env.server.origin);
  try {
    await page.getByTestId("open").setInputFiles({
      name: "pod.yaml",
      mimeType: "text/yaml",
      buffer: Buffer.from("apiVersion: v1\nkind: Pod\nmetadata: {name: app}\nspec:\n  containers:\n    - name: a\n      image: busybox:1.37\n      securityContext: {privileged: true}\n"),
    });
    await page.getByRole("tab", { name: /pod\.yaml/ }).click();
    const privileged = page.locator('[data-testid=finding][data-code="KS102"]').first();
    const escalation = page.locator('[data-testid=finding][data-code="KS202"]');
    await escalation.first().waitFor();
    assert.equal(await privileged.getByTestId("pss-level-tag").textContent(), "PSS Baseline");
    assert.equal(await escalation.first().getByTestId("pss-level-tag").textContent(), "PSS Restricted");
    const picker = page.getByTestId("pss-level");
    await viewTab(page, "Settings").click();
    assert.equal(await picker.inputValue(), "restricted");
    await picker.selectOption("baseline");
    await linted(page);
    await viewTab(page, "Findings").click();
    await privileged.waitFor();
    assert.equal(await escalation.count(), 0, "Restricted-only findings go at Baseline");
    await viewTab(page, "Settings").click();
    await picker.selectOption("restricted");
    await viewTab(page, "Findings").click();
    await escalation.first().waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("a Compose file: the example opens as a Compose tab, its services get findings, and the cross-file checks read its Dockerfile", async () => {
  const { context, page, problems, requests } = await openPlayground(env.browser, env.server.origin);
  try {
    // The examples but the first load on demand, when one is picked.
    assert.ok(!requests.some((url) => stableName(url.split("/").pop()) === "examples.js"), requests.join(", "));
    await page.getByTestId("examples").selectOption("compose");
    await page.getByRole("tab", { name: /^compose\.yaml/ }).click();
    await linted(page);
    assert.equal(await page.locator('[aria-label="Compose file editor"]').count(), 1, "the tab is read as a Compose file");
    const codes = await page.locator("[data-testid=finding]").evaluateAll((items) => items.map((i) => i.dataset.code));
    for (const code of ["CP203", "CP301", "CP401", "CP106"]) {
      assert.ok(codes.includes(code), `${code} in ${codes.join(", ")}`);
    }
    // The page's own module has no Compose rules: the worker linted with the other one.
    assert.ok(requests.some((url) => HASHED.test(url) && stableName(url.split("/").pop()) === "bulkhead-variants_bg.wasm.js"), requests.join(", "));
    // The Dockerfile sets USER 65532: the service's "no user" note is settled by it.
    assert.ok(!codes.includes("CP108") || codes.filter((c) => c === "CP108").length === 1, codes.join(", "));
    // A .yaml tab whose text turns into a Compose file is read as one.
    await page.getByRole("tab", { name: /^compose\.yaml/ }).click();
    await replaceText(page, "services:\n  app:\n    image: x:1\n    privileged: true\n");
    await linted(page);
    const after = await page.locator("[data-testid=finding]").evaluateAll((items) => items.map((i) => i.dataset.code));
    assert.ok(after.includes("CP101"), after.join(", "));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("?example=<id> opens that example, and an unknown id the first one", async () => {
  for (const [id, tab] of [["cross-file", /^pod\.yaml/], ["no-such-example", /^deployment\.yaml/]]) {
    const { context, page, problems } = await openPlayground(env.browser, env.server.origin, undefined, `${env.server.origin}/?example=${id}`);
    try {
      await page.getByRole("tab", { name: tab }).waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
});

test("compare base images: a file with several targets offers its stages, and the chosen one is rebuilt (desktop and phone)", async () => {
  const twoTargets =
    'FROM python:3.12-slim AS api\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY api.py .\nEXPOSE 8000\nCMD ["python", "api.py"]\n\n' +
    'FROM python:3.12-slim AS worker\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY worker.py .\nCMD ["python", "worker.py"]\n';
  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    const { context, page, problems } = await openPlayground(env.browser, env.server.origin, viewport);
    try {
      await page.getByRole("tab", { name: /^Dockerfile/ }).first().click();
      await replaceText(page, twoTargets);
      await linted(page);
      await viewTab(page, "Compare").click();
      const chooser = page.getByTestId("variants-target");
      await chooser.waitFor();
      const options = await chooser.locator("option").allTextContents();
      assert.deepEqual(options.slice(1), ["api", "worker"], `${viewport.width} px: ${options.join(" | ")}`);
      // By default the last stage that starts something is rebuilt.
      await page.locator('[data-testid=variant-tab][data-variant="distroless"]').click();
      assert.match(await page.getByTestId("variant-dockerfile").textContent(), /"worker\.py"\]/);
      await chooser.selectOption("api");
      await page.getByTestId("variant-dockerfile").filter({ hasText: /"api\.py"\]/ }).waitFor();
      const text = await page.getByTestId("variant-dockerfile").textContent();
      assert.doesNotMatch(text, /worker\.py/, "only the chosen stage is rebuilt");
      const box = await chooser.boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= viewport.width, `the chooser fits at ${viewport.width} px: ${JSON.stringify(box)}`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
});
