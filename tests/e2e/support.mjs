// Shared helpers for the browser tests: dist/ served on 127.0.0.1 (tools/serve-dist.mjs) and
// Debian's Chromium driven by playwright-core (never a downloaded browser).
import { copyFileSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { deflateRawSync } from "node:zlib";
import { after, before } from "node:test";
import { chromium } from "playwright-core";
import { serveDist as serveDir } from "../../tools/serve-dist.mjs";
import { stableName } from "../../tools/hash-dist.mjs";

export const ROOT = resolve(import.meta.dirname, "../..");
export const DIST = join(ROOT, "dist");

/** The name in dist/ of a file the build gave a content-hashed name (`style.css` -> `style.<hash>.css`). */
export function distFile(name) {
  const found = readdirSync(DIST).find((file) => !/\.(br|gz)$/.test(file) && stableName(file) === name);
  if (!found) throw new Error(`no ${name} in ${DIST}: build the page first (./x build)`);
  return found;
}

/** Serve dist/ on an ephemeral loopback port. Resolves to { origin, close }. */
export function serveDist() {
  return serveDir(DIST);
}

/** Launch headless Chromium with the flags that keep it off the network. */
export function launchBrowser() {
  const executablePath = process.env.BULKHEAD_CHROMIUM || "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath}: run ./x setup --browser or set BULKHEAD_CHROMIUM`);
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * Open the playground in a fresh page and record everything it asks for.
 * Returns { page, requests, problems } where problems collects console errors,
 * uncaught errors and CSP violations.
 */
export async function openPlayground(browser, origin, viewport = { width: 1280, height: 800 }, url = `${origin}/`) {
  const context = await browser.newContext({ viewport, colorScheme: "light", acceptDownloads: true });
  const requests = [];
  const problems = [];
  context.on("request", (request) => requests.push(request.url()));
  const page = await context.newPage();
  page.on("console", (message) => {
    const text = message.text();
    // Chromium's own editing code, when text replaces a selection in the editor, tries
    // to put a style attribute on the editor's host; the CSP blocks it, with no effect
    // on the page. The listener below still reports every violation with its element,
    // and skips only that one.
    if (text.startsWith("Applying inline style violates")) return;
    if (message.type() === "error") problems.push(`console: ${text}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const target = event.target?.dataset?.testid ?? event.target?.nodeName;
      if (event.violatedDirective === "style-src-attr" && target === "editor-host") return;
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI} on ${target}`);
    });
  });
  await page.goto(url);
  await page.waitForSelector("html[data-ready=true]", { timeout: 20_000 });
  return { context, page, requests, problems };
}

/**
 * Screenshot the page into target/e2e/NAME.png; with BULKHEAD_UPDATE_SCREENSHOT=1, copy
 * it to docs/NAME.png too (the README shows those).
 */
export async function screenshot(page, name, options = {}) {
  mkdirSync(join(ROOT, "target", "e2e"), { recursive: true });
  const shot = join(ROOT, "target", "e2e", `${name}.png`);
  await page.screenshot({ path: shot, ...options });
  if (process.env.BULKHEAD_UPDATE_SCREENSHOT === "1") copyFileSync(shot, join(ROOT, "docs", `${name}.png`));
}

/** The text selected in the playground's editor (CodeMirror, in a shadow root). */
export async function selectedText(page) {
  return page.evaluate(() => {
    const editor = globalThis.bulkhead.activeEditor();
    return editor.text.slice(editor.from, editor.to);
  });
}

/** The whole text of the editor that is shown. */
export async function editorText(page) {
  return page.evaluate(() => globalThis.bulkhead.activeEditor().text);
}

/**
 * For a test file: serve dist/ and launch Chromium before its tests, close both after.
 * Returns { server, browser }, filled in once the tests start.
 */
export function useServerAndBrowser() {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await serveDist();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/** Replace the shown editor's text as a paste would. */
export async function replaceText(page, text) {
  await page.getByTestId("editor").click();
  await page.keyboard.press("Control+A");
  if (text === "") await page.keyboard.press("Delete");
  else await page.keyboard.insertText(text);
}

/** Wait until the findings are about the text as it is now. */
export async function linted(page) {
  await page.locator("[data-testid=totals][data-current=true]").waitFor();
}

/** A share link's fragment for `document` ({ v, files: [{ name, kind, text }], active }). */
export function shareFragment(document) {
  return `#code/${deflateRawSync(Buffer.from(JSON.stringify(document))).toString("base64url")}`;
}

/** The results pane's view tab called `name` (Findings, Checklist, Compare bases...). */
export function viewTab(page, name) {
  return page.getByRole("tablist", { name: "Results" }).getByRole("tab", { name: new RegExp(`^${name}`) });
}
