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

// Which files to start with, and the workspace their edits are kept in: a share link's,
// else a rule's example (?try=CODE), else a lesson's (#lesson/ID), else an example's
// (?example=ID), else the user's own (their last draft, or the first example, which the
// page carries). Files from elsewhere never overwrite the user's own: they open in a
// workspace of their own (`away` says what it is, and the page offers the way back), and
// their edits come back when the same source is opened again.
async function startup() {
  const drafts = bulkhead.documents;
  const edited = (where, document) => (bulkhead.embed ? null : drafts.loadDraft(where)) ?? document;
  const visit = (source) => {
    const where = { kind: "visit", source };
    if (!bulkhead.embed) drafts.setWorkspace(where);
    return where;
  };
  const shared = await drafts.fromFragment();
  if (shared?.document) {
    const where = visit(location.hash);
    // An edited link keeps the version of the bulkhead that made it.
    const document = { ...edited(where, shared.document), bulkhead: shared.document.bulkhead };
    return {
      document,
      original: shared.document,
      notice: null,
      shared: true,
      away: "the files of a share link",
    };
  }
  const notice = shared?.error ?? null;
  const params = new URLSearchParams(location.search);
  // ?try=CODE (the rule docs' "Try it"): that rule's example, at its finding.
  const rule = params.get("try");
  if (rule) {
    const docs = await import("./rule-docs.js").catch(() => null);
    if (docs && Object.hasOwn(docs.tryIt, rule)) {
      const where = visit(`try:${rule}`);
      return {
        document: edited(where, docs.tryIt[rule]),
        original: docs.tryIt[rule],
        notice: `The example of ${rule}, from its documentation.`,
        focus: rule,
        away: `the example of ${rule}`,
      };
    }
  }
  // #lesson/ID (or ?lesson=ID, for an embedding page): the lesson's files as last edited
  // in this browser, else its starting files.
  const lessonId = location.hash.startsWith("#lesson/") ? decodeURIComponent(location.hash.slice(8)) : params.get("lesson");
  if (lessonId) {
    const lessons = (await import("./lessons.js").catch(() => null))?.default ?? [];
    const index = lessons.findIndex((lesson) => lesson.id === lessonId);
    if (index >= 0) {
      const where = { kind: "lesson", id: lessonId };
      if (!bulkhead.embed) drafts.setWorkspace(where);
      const lesson = {
        ...lessons[index],
        index,
        count: lessons.length,
        previous: lessons[index - 1]?.id ?? null,
        next: lessons[index + 1]?.id ?? null,
        done: bulkhead.lessons.done(),
        course: lessons.map(({ id, title }) => [id, title]),
      };
      return {
        document: edited(where, lesson.document),
        original: lesson.document,
        notice,
        lesson,
        away: `lesson ${index + 1}, “${lesson.title}”`,
      };
    }
  }
  const example = params.get("example");
  if (example && !bulkhead.embed) {
    // The first example is in the page, the others in examples.js: the app finds it
    // when there is no document (`example` names it).
    const where = visit(`example:${example}`);
    const document = await new Promise((done) => bulkhead.example(example, done));
    return { document: edited(where, document), original: document, notice, example, away: "an example" };
  }
  if (bulkhead.embed) {
    return { document: example ? await new Promise((done) => bulkhead.example(example, done)) : null, notice };
  }
  return { document: drafts.loadDraft(), notice };
}

// Going to other files (Back from an example or a lesson, a lesson's link): start again
// with them.
const reopen = () => bulkhead.documents.addressChanged() && location.reload();
addEventListener("hashchange", reopen);
addEventListener("popstate", reopen);

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
