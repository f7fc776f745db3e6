// The bridge to the lint worker (web/js/worker.js). The rules run there, off the main
// thread, on the same compiled wasm module as the page (it is posted, not fetched).
//
// Requests are opaque bytes made by the Rust app. At most one is in the worker and one
// waits; a newer request replaces the waiting one, so a burst of typing lints only the
// latest text. If the wasm panics, the worker is thrown away and a fresh one started; the
// app hears about it through onCrash and keeps every file's text.

class Linter {
  constructor(module, handlers) {
    this.module = module;
    this.handlers = handlers;
    this.pending = null;
    this.timer = null;
    this.restarts = 0;
    this.asked = new Map(); // on-demand calls waiting for their answer, by id
    this.nextId = 0;
    this.spawn();
  }

  spawn() {
    this.busy = true; // until the worker says it is ready
    this.worker = new Worker(new URL("./worker.js", import.meta.url), {
      type: "module",
      name: "bulkhead-lint",
    });
    this.worker.onmessage = (event) => this.receive(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.crashed(event.message || "the lint worker stopped");
    };
    this.worker.postMessage({ type: "init", module: this.module });
  }

  /**
   * Lint `bytes` after `delay` ms of quiet; a newer request replaces this one. `full`:
   * with the on-demand module, which has the Compose rules (the page's own has not).
   */
  request(bytes, delay = 0, full = false) {
    clearTimeout(this.timer);
    const send = () => {
      this.pending = { bytes, full };
      this.pump();
    };
    if (delay > 0) this.timer = setTimeout(send, delay);
    else send();
  }

  pump() {
    if (this.busy || this.pending === null) return;
    const { bytes, full } = this.pending;
    this.pending = null;
    this.busy = true;
    this.last = { bytes, full };
    this.worker.postMessage({ type: "lint", bytes, full });
  }

  receive(message) {
    if (message.type === "ready") {
      this.busy = false;
      this.pump();
    } else if (message.type === "result") {
      this.busy = false;
      if (!this.firstResult) {
        this.firstResult = true;
        performance.mark("bulkhead:first-findings");
      }
      this.handlers.onResult(message.bytes);
      this.pump();
    } else if (message.type === "on-demand") {
      const done = this.asked.get(message.id);
      this.asked.delete(message.id);
      done?.(message.answer ?? JSON.stringify({ error: onDemandFailure(message.error), range: null }));
    } else if (message.type === "crash") {
      this.crashed(message.message);
    }
  }

  /**
   * Run `call` ("variants" or "diffs") of the on-demand module in the worker, which
   * loads it the first time. `done` gets its JSON answer, or `{"error"}` when the module
   * cannot load or stops. Lint requests are not held up by these, nor these by them.
   */
  onDemand(call, args, done) {
    this.nextId += 1;
    this.asked.set(this.nextId, done);
    this.worker.postMessage({ type: "on-demand", id: this.nextId, call, args });
  }

  crashed(message) {
    for (const done of this.asked.values()) done(JSON.stringify({ error: onDemandFailure(message), range: null }));
    this.asked.clear();
    this.worker.terminate();
    this.restarts += 1;
    this.handlers.onCrash(String(message));
    this.spawn();
  }

  /**
   * For the page bench (tools/bench-page.mjs): lint the last request `runs` times, one
   * after another, in a worker of its own. Resolves to [{ worker, roundTrip }] in ms:
   * the time the rules took inside the worker, and from postMessage to the answer.
   */
  async measure(runs) {
    if (!this.last) throw new Error("nothing has been linted yet");
    const { bytes, full } = this.last;
    const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
    const next = () =>
      new Promise((resolve, reject) => {
        worker.onmessage = (event) => resolve(event.data);
        worker.onerror = (event) => reject(new Error(event.message));
      });
    try {
      let answer = next();
      worker.postMessage({ type: "init", module: this.module });
      if ((await answer).type !== "ready") throw new Error("the bench worker did not start");
      const timings = [];
      for (let run = 0; run < runs; run += 1) {
        answer = next();
        const started = performance.now();
        worker.postMessage({ type: "lint", bytes: bytes.slice(), full });
        const message = await answer;
        if (message.type !== "result") throw new Error(`the bench worker answered ${message.type}`);
        timings.push({ worker: message.ms, roundTrip: performance.now() - started });
      }
      return timings;
    } finally {
      worker.terminate();
    }
  }

  /** For the browser tests: make the wasm in the worker panic. */
  crashForTest() {
    this.worker.postMessage({ type: "panic" });
  }
}

function onDemandFailure(reason) {
  return `This part of the playground stopped (${reason}); your files are unchanged.`;
}

export function startLinter(module, handlers) {
  return new Linter(module, handlers);
}
