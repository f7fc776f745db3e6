// Starts the playground. The wasm is embedded (compressed, as base64) in
// bulkhead-web_bg.wasm.js by tools/embed-wasm.mjs, so loading it needs no fetch() and the
// page's CSP can forbid all connections (connect-src 'none'). The compiled module is
// shared with the lint worker, which gets it by postMessage. The base-image comparison
// and the fixes' diffs are a second module that the worker loads when first asked
// (bulkhead.variants and bulkhead.diffs, in web/js/editor.js).
import "./editor.js";
import init from "./bulkhead-web.js";
import embedded from "./bulkhead-web_bg.wasm.js";

const status = document.getElementById("boot-status");
const bulkhead = globalThis.bulkhead;

// A panic in the page's own wasm stops the app: say so, and say the text is safe (it is
// saved to localStorage before every lint).
globalThis.bulkheadOnPanic = (message) => {
  const box = document.createElement("div");
  box.className = "crash-overlay";
  box.setAttribute("role", "alert");
  box.dataset.testid = "page-crash";
  const text = document.createElement("p");
  text.textContent = `Sorry: bulkhead stopped working (${message}). Your files are saved in this browser; reload the page to carry on.`;
  const reload = document.createElement("button");
  reload.type = "button";
  reload.textContent = "Reload";
  reload.addEventListener("click", () => location.reload());
  box.append(text, reload);
  document.body.append(box);
};

// Which files to start with: a share link's, else a rule's example (?try=CODE), else a
// lesson's (#lesson/ID), else the last draft (not in embed mode), else the example
// ?example=<id> names (the first example, which the page carries, is the default; the
// others are in examples.js).
async function startup() {
  const shared = await bulkhead.documents.fromFragment();
  if (shared?.document) {
    return { document: shared.document, notice: "These files come from a share link.", shared: true };
  }
  const notice = shared?.error ?? null;
  const params = new URLSearchParams(location.search);
  // ?try=CODE (the rule docs' "Try it"): that rule's example, at its finding.
  const rule = params.get("try");
  if (rule) {
    const docs = await import("./rule-docs.js").catch(() => null);
    if (docs && Object.hasOwn(docs.tryIt, rule)) {
      return { document: docs.tryIt[rule], notice: `The example of ${rule}, from its documentation.`, focus: rule };
    }
  }
  // #lesson/ID (or ?lesson=ID, for an embedding page): the lesson's starting files.
  const lessonId = location.hash.startsWith("#lesson/") ? decodeURIComponent(location.hash.slice(8)) : params.get("lesson");
  if (lessonId) {
    const lessons = (await import("./lessons.js").catch(() => null))?.default ?? [];
    const index = lessons.findIndex((lesson) => lesson.id === lessonId);
    if (index >= 0) {
      const lesson = {
        ...lessons[index],
        index,
        count: lessons.length,
        previous: lessons[index - 1]?.id ?? null,
        next: lessons[index + 1]?.id ?? null,
        done: bulkhead.lessons.done(),
      };
      return { document: lesson.document, notice, lesson };
    }
  }
  const draft = bulkhead.embed ? null : bulkhead.documents.loadDraft();
  const example = params.get("example");
  if (draft || !example) return { document: draft, notice };
  return { document: await new Promise((done) => bulkhead.example(example, done)), notice };
}

// Another lesson's link reloads the page with that lesson's files.
addEventListener("hashchange", () => {
  if (location.hash.startsWith("#lesson/")) location.reload();
});

try {
  const [start, bytes] = await Promise.all([startup(), bulkhead.unpack(embedded)]);
  bulkhead.startup = { ...start, embed: bulkhead.embed };
  const module = await WebAssembly.compile(bytes);
  bulkhead.startLinter(module);
  await init({ module_or_path: module });
  status?.remove();
  document.documentElement.dataset.ready = "true";
  performance.mark("bulkhead:ready");
  if ("serviceWorker" in navigator && location.protocol !== "file:" && !bulkhead.embed) {
    // Reopen offline: the service worker keeps a copy of dist/ (see sw.js).
    navigator.serviceWorker.register("./sw.js").catch(() => {});
  }
} catch (error) {
  if (status) {
    status.textContent = `The playground could not start: ${error?.message ?? error}`;
    status.classList.add("boot-error");
  }
  throw error;
}
