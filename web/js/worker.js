// The lint worker: the page's own wasm module (posted by web/js/linter.js), running the
// rules off the main thread. Every message gets exactly one answer.
//
// It also runs the features loaded on demand: the base-image comparison, the diffs of
// what fixes changed and the Compose rules are a second module
// (web/src/variants_module.rs), imported the first time one of them is asked for, so the
// first load does not carry it. A lint request marked `full` (one with a Compose file)
// is linted by that module, which has every rule.
import init, { worker_lint, worker_panic } from "./bulkhead-web.js";
import { unpack } from "./unpack.js";

let ready = null;
let onDemand = null;

function lastPanic(error) {
  // The panic hook (web/src/js.rs) leaves the panic message here before the wasm traps.
  return globalThis.bulkheadLastPanic ?? String(error?.message ?? error);
}

async function onDemandModule() {
  onDemand ??= (async () => {
    const [glue, wasm] = await Promise.all([
      import("./bulkhead-variants.js"),
      import("./bulkhead-variants_bg.wasm.js"),
    ]);
    await glue.default({ module_or_path: await unpack(wasm.default) });
    return glue;
  })();
  return onDemand;
}

// `call` is one of the on-demand module's functions; each takes strings and answers
// JSON. A module that failed to load, or trapped, is loaded afresh next time.
async function runOnDemand({ id, call, args }) {
  try {
    const module = await onDemandModule();
    if (!["variants", "diffs", "review"].includes(call)) throw new Error(`no on-demand call ${call}`);
    self.postMessage({ type: "on-demand", id, answer: module[call](...args) });
  } catch (error) {
    onDemand = null;
    self.postMessage({ type: "on-demand", id, error: String(error?.message ?? error) });
  }
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
  if (message.type === "on-demand") {
    await runOnDemand(message);
    return;
  }
  await ready;
  try {
    if (message.type === "panic") worker_panic();
    const lint = message.full ? (await onDemandModule()).worker_lint : worker_lint;
    const started = performance.now();
    const bytes = lint(message.bytes);
    // How long the rules took in here, for the page bench (tools/bench-page.mjs).
    const ms = performance.now() - started;
    self.postMessage({ type: "result", bytes, ms }, [bytes.buffer]);
  } catch (error) {
    if (message.full) onDemand = null; // loaded afresh next time
    self.postMessage({ type: "crash", message: lastPanic(error) });
  }
};
