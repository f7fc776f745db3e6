// Starts the playground. The wasm is embedded (compressed, as base64) in
// bulkhead-web_bg.wasm.js by tools/embed-wasm.mjs, so loading it needs no fetch() and the
// page's CSP can forbid all connections (connect-src 'none'). The compiled module is
// shared with the lint worker, which gets it by postMessage. The base-image comparison
// and the fixes' diffs are a second module that the worker loads when first asked
// (bulkhead.variants and bulkhead.diffs, in web/js/editor.js).
import "./editor.js";
import init, { start } from "./bulkhead-web.js";
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

// Going to other files (Back from an example or a lesson, a lesson's link): start again
// with them.
const reopen = () => bulkhead.documents.addressChanged() && location.reload();
addEventListener("hashchange", reopen);
addEventListener("popstate", reopen);

try {
  const module = await WebAssembly.compile(await bulkhead.unpack(embedded));
  bulkhead.startLinter(module);
  await init({ module_or_path: module });
  // The app reads the address, opens the files it names (web/src/startup.rs) and shows
  // the page; an embedded page keeps no offline copy.
  const embed = await start();
  status?.remove();
  document.documentElement.dataset.ready = "true";
  performance.mark("bulkhead:ready");
  if ("serviceWorker" in navigator && location.protocol !== "file:" && !embed) {
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
