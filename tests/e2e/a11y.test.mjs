// Accessibility: axe-core (from npm, loaded into the page by the test) audits the
// playground in every view, at a desktop's size and a phone's, WCAG 2.2's target size
// included. No violations.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, openPlayground, useServerAndBrowser } from "./support.mjs";

const env = useServerAndBrowser();
const AXE = readFileSync(join(ROOT, "node_modules", "axe-core", "axe.min.js"), "utf8");

/** axe's violations on the page as it is: ["rule (impact, N nodes): targets"]. */
async function violations(page) {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE);
  const result = await page.evaluate(() =>
    // Every rule axe runs by default, and WCAG 2.2's target size (24 by 24 px) too.
    globalThis.axe.run(document, { resultTypes: ["violations"], rules: { "target-size": { enabled: true } } }),
  );
  return result.violations.map(
    (v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`,
  );
}

test("axe-core finds no accessibility violations with a Dockerfile and a manifest open", async () => {
  const { context, page } = await openPlayground(env.browser, env.server.origin);
  try {
    await page.getByTestId("examples").selectOption("first-flask");
    await page.getByRole("tab", { name: /^requirements\.txt/ }).waitFor();
    await page.locator("[data-testid=totals][data-current=true]").waitFor();
    assert.deepEqual(await violations(page), []);
    // Every view of the results pane.
    for (const view of ["Checklist", "Settings"]) {
      await page.getByRole("tab", { name: new RegExp(`^${view}`) }).click();
      assert.deepEqual(await violations(page), [], view);
    }
  } finally {
    await context.close();
  }
});

test("axe-core finds no accessibility violations with the base-image comparison open", async () => {
  const { context, page } = await openPlayground(env.browser, env.server.origin);
  try {
    await page.getByRole("tab", { name: /^Compare/ }).click();
    await page.locator('[data-testid="variants-table"], [data-testid="variants-error"]').first().waitFor();
    // With a variant's diff open (it is, beside its text).
    await page.locator(".variant [data-testid=diff]").waitFor();
    assert.deepEqual(await violations(page), []);
  } finally {
    await context.close();
  }
});

test("axe-core finds no accessibility violations on a lesson", async () => {
  const { context, page } = await openPlayground(env.browser, env.server.origin, undefined, `${env.server.origin}/#lesson/non-root`);
  try {
    await page.getByTestId("lesson").waitFor();
    await page.locator("[data-testid=totals][data-current=true]").waitFor();
    await page.getByTestId("lesson-solution").locator("summary").click();
    assert.deepEqual(await violations(page), []);
  } finally {
    await context.close();
  }
});

test("axe-core finds no accessibility violations on a phone, in each view", async () => {
  const { context, page } = await openPlayground(env.browser, env.server.origin, { width: 390, height: 844 });
  try {
    await page.locator("[data-testid=totals][data-current=true]").waitFor();
    assert.deepEqual(await violations(page), [], "Files");
    for (const view of ["Findings", "Checklist", "Compare", "Settings"]) {
      await page.getByRole("tab", { name: new RegExp(`^${view}`) }).click();
      if (view === "Compare") await page.locator('[data-testid="variants-table"], [data-testid="variants-error"]').first().waitFor();
      assert.deepEqual(await violations(page), [], view);
    }
  } finally {
    await context.close();
  }
});
