// The lint worker: the page's own wasm module (posted by web/js/linter.js), running the
// rules off the main thread. Every message gets exactly one answer.
import init, { worker_lint, worker_panic } from "./bulkhead-web.js";

let ready = null;

function lastPanic(error) {
  // The panic hook (web/src/js.rs) leaves the panic message here before the wasm traps.
  return globalThis.bulkheadLastPanic ?? String(error?.message ?? error);
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === "init") {
    ready = init({ module_or_path: message.module });
    try {
      await ready;
      self.postMessage({ type: "ready" });
    } catch (error) {
      self.postMessage({ type: "crash", message: `the linter could not start: ${error}` });
    }
    return;
  }
  await ready;
  try {
    if (message.type === "panic") worker_panic();
    const started = performance.now();
    const bytes = worker_lint(message.bytes);
    // How long the rules took in here, for the page bench (tools/bench-page.mjs).
    const ms = performance.now() - started;
    self.postMessage({ type: "result", bytes, ms }, [bytes.buffer]);
  } catch (error) {
    self.postMessage({ type: "crash", message: lastPanic(error) });
  }
};
