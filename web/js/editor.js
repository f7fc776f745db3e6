// The playground's JavaScript side, bundled by esbuild (tools/bundle-js.mjs) into
// dist/editor.js: the CodeMirror 6 editor, the bridge to the lint worker, and the
// helpers for drafts and share links. The Rust app (web/src/js.rs) reaches all of it
// through `globalThis.bulkhead`. Nothing here talks to the network.
import { EditorSelection, EditorState } from "@codemirror/state";
import {
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import { lintGutter, lintKeymap, setDiagnostics } from "@codemirror/lint";
import { history, historyKeymap } from "@codemirror/commands";

import { startLinter } from "./linter.js";
import { documents } from "./documents.js";
import { unpack } from "./unpack.js";
import { highlighting } from "./highlight.js";
import { copy, download, downloadAll } from "./export.js";
import { explaining } from "./explainer.js";

// The app's handler for a new set of files (the embed API's, and a pasted diff's).
let documentHandler = null;
// The app's reader of a pasted unified diff: its document, or null.
let diffReader = () => null;
// The lessons this page has already recorded as solved.
const markedDone = new Set();

// Each file's editor state (text, selection, undo history), kept while another tab is
// shown: file name -> { state, signature }.
const remembered = new Map();
// The mounted editors by file name: the listeners in a remembered state reach the
// current editor's handlers through this.
const mounted = new Map();

/** Enter keeps the line's indentation (and a YAML list's `- ` stays aligned). */
function newlineKeepingIndent(view) {
  if (view.state.readOnly) return false;
  view.dispatch(
    view.state.changeByRange((range) => {
      const line = view.state.doc.lineAt(range.from);
      const indent = /^\s*/.exec(line.text)[0].slice(0, range.from - line.from);
      const insert = `\n${indent}`;
      return {
        changes: { from: range.from, to: range.to, insert },
        range: EditorSelection.cursor(range.from + insert.length),
      };
    }),
    { scrollIntoView: true, userEvent: "input" },
  );
  return true;
}

/** An edit the app made (a fix, a reset): not reported back as typing. */
let applyingExternal = false;

// The editor lives in a shadow root: CodeMirror's styles then go in as a constructed
// stylesheet, which the page's CSP (style-src 'self', no inline styles) allows. Colours
// come from the page's CSS variables, so light and dark themes carry over.
const theme = EditorView.theme({
  "&": { color: "var(--text)", backgroundColor: "var(--code-bg)", flex: "1", minWidth: "0", fontSize: "14px" },
  "&.cm-focused": { outline: "2px solid var(--accent)", outlineOffset: "-2px" },
  ".cm-scroller": { fontFamily: "var(--mono)", lineHeight: "1.5" },
  ".cm-content": { caretColor: "var(--text)" },
  ".cm-gutters": { backgroundColor: "var(--panel)", color: "var(--muted)", borderRight: "1px solid var(--border)" },
  ".cm-activeLine": { backgroundColor: "var(--accent-soft)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--accent-soft)" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": {
    backgroundColor: "var(--selection, #b3d4fc) !important",
  },
  ".cm-tooltip": {
    backgroundColor: "var(--panel)",
    color: "var(--text)",
    border: "1px solid var(--border)",
    fontFamily: "var(--sans)",
    maxWidth: "min(36rem, 90vw)",
  },
  ".cm-diagnostic": { padding: "4px 8px" },
  ".cm-diagnostic-error": { borderLeftColor: "var(--error)" },
  ".cm-diagnostic-warning": { borderLeftColor: "var(--warning)" },
  ".cm-diagnostic-info": { borderLeftColor: "var(--info)" },
  ".cm-diagnosticAction": { backgroundColor: "var(--accent)", color: "var(--panel)", font: "inherit" },
  ".cm-explain": { padding: "4px 8px", maxWidth: "32rem" },
  ".cm-explain p, .cm-explain-panel p": { margin: "0" },
  ".cm-explain-panel": {
    padding: "4px 8px",
    borderTop: "1px solid var(--border)",
    backgroundColor: "var(--panel)",
    fontFamily: "var(--sans)",
    fontSize: "0.85em",
  },
  ".cm-standards": { marginTop: "0.25rem", color: "var(--muted)", fontSize: "0.85em" },
  ".cm-rule-link": {
    font: "inherit",
    fontSize: "0.85em",
    color: "var(--accent)",
    background: "none",
    border: "none",
    textDecoration: "underline",
    cursor: "pointer",
    padding: 0,
  },
  // Squiggles and gutter marks drawn with text, not the data: images CodeMirror uses
  // (the CSP allows images from this origin only). Each severity has its own symbol, so
  // colour is never the only signal.
  ".cm-lintRange": {
    backgroundImage: "none !important",
    textDecoration: "underline wavy",
    textDecorationSkipInk: "none",
    textUnderlineOffset: "3px",
  },
  ".cm-lintRange-error": { textDecorationColor: "var(--error)" },
  ".cm-lintRange-warning": { textDecorationColor: "var(--warning)" },
  ".cm-lintRange-info, .cm-lintRange-hint": { textDecorationColor: "var(--info)" },
  ".cm-lint-marker": { content: "normal !important", width: "1em", textAlign: "center", lineHeight: "1" },
  ".cm-lint-marker-error::before": { content: '"✖"', color: "var(--error)" },
  ".cm-lint-marker-warning::before": { content: '"▲"', color: "var(--warning)" },
  ".cm-lint-marker-info::before": { content: '"ℹ"', color: "var(--info)" },
  ".cm-panels": { backgroundColor: "var(--panel)", color: "var(--text)" },
  ".tok-comment": { color: "var(--muted)", fontStyle: "italic" },
  ".tok-keyword": { color: "var(--accent)", fontWeight: "600" },
  ".tok-string": { color: "var(--string, #0a7a3d)" },
  ".tok-key": { color: "var(--key, #7a3e9d)" },
  ".tok-number": { color: "var(--number, #b35c00)" },
  ".tok-variable": { color: "var(--variable, #a3155b)" },
  ".tok-meta": { color: "var(--muted)" },
});

/** The findings' text has Markdown `code` spans: as <code> elements (never as HTML). */
function withCode(text) {
  const out = document.createDocumentFragment();
  text.split("`").forEach((part, i) => {
    if (i % 2 === 1) {
      const code = document.createElement("code");
      code.textContent = part;
      out.append(code);
    } else if (part) {
      out.append(part);
    }
  });
  return out;
}

/** The same text, plain (for a button's label). */
const plain = (text) => text.replaceAll("`", "");

/** Build the diagnostics CodeMirror shows from the app's findings. */
function toDiagnostics(findings, length, handlers) {
  return findings.map((finding) => ({
    from: Math.min(finding.from, length),
    to: Math.min(finding.to, length),
    severity: finding.severity,
    source: finding.code,
    message: `${finding.code}: ${plain(finding.message)}`,
    renderMessage() {
      const box = document.createElement("div");
      box.className = "cm-finding";
      const message = document.createElement("span");
      message.append(withCode(finding.message));
      const rule = document.createElement("button");
      rule.type = "button";
      rule.className = "cm-rule-link";
      rule.dataset.testid = "hover-rule";
      rule.textContent = `${finding.code} ${finding.rule}`;
      rule.title = `Open the documentation of ${finding.code}`;
      rule.addEventListener("click", () => handlers.onRule(finding.code));
      box.append(message, " ", rule);
      // The standards the rule implements, from the rule docs (loaded on first hover).
      import("./rule-docs.js").then(
        (docs) => {
          const standards = docs.references[finding.code];
          if (!standards?.length) return;
          const line = document.createElement("div");
          line.className = "cm-standards";
          line.dataset.testid = "hover-standards";
          line.textContent = `Standards: ${standards.join("; ")}`;
          box.append(line);
        },
        () => {},
      );
      return box;
    },
    actions: finding.fix
      ? [{ name: `Fix: ${plain(finding.fix)}`, apply: () => handlers.onFix(finding.index) }]
      : [],
  }));
}

class Editor {
  constructor(parent, options) {
    this.name = options.name;
    this.handlers = { onChange: options.onChange, onFix: options.onFix, onRule: options.onRule };
    // A file shown before comes back with its selection and undo history.
    this.signature = `${options.kind}|${options.label}|${Boolean(options.readOnly)}`;
    const saved = remembered.get(options.name);
    const state =
      saved?.signature === this.signature
        ? saved.state
        : EditorState.create({ doc: options.text, extensions: Editor.extensions(options) });
    remembered.delete(options.name);
    mounted.set(options.name, this);
    const root = parent.shadowRoot ?? parent.attachShadow({ mode: "open" });
    root.replaceChildren();
    this.view = new EditorView({ state, parent: root, root });
    this.setText(options.text);
  }

  static extensions(options) {
    return [
      theme,
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      drawSelection(),
      highlightActiveLine(),
      highlighting(options.kind, options.keywords),
      explaining(options.kind),
      lintGutter(),
      // Tab is not bound: it moves the focus out of the editor, as keyboard users expect.
      // The browser moves the cursor and deletes; these add indentation, undo and lint keys.
      keymap.of([{ key: "Enter", run: newlineKeepingIndent }, ...historyKeymap, ...lintKeymap]),
      EditorState.readOnly.of(Boolean(options.readOnly)),
      EditorView.contentAttributes.of({
        "aria-label": `${options.label} editor`,
        "data-testid": "editor",
        // Keyboard-reachable (axe: scrollable-region-focusable); it is the one tab stop.
        tabindex: "0",
        "data-file": options.name,
        spellcheck: "false",
        autocapitalize: "off",
        autocorrect: "off",
      }),
      // Dropped files open as tabs (the app handles the drop), not pasted into this one;
      // a pasted unified diff opens as the files it changes.
      EditorView.domEventHandlers({
        drop: (event) => event.dataTransfer?.files?.length > 0,
        paste: (event, view) => {
          const text = event.clipboardData?.getData("text/plain") ?? "";
          if (options.readOnly || !documentHandler) return false;
          // The app reads it (web/src/diff_view.rs): null when it is no diff.
          const diff = diffReader(text);
          if (!diff) return false;
          event.preventDefault();
          // The diff's files open fresh: no editor keeps the selection the paste replaced.
          remembered.clear();
          view.dispatch({ selection: { anchor: 0 } });
          documentHandler(diff);
          return true;
        },
      }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged && !applyingExternal) {
          mounted.get(options.name)?.handlers.onChange(update.state.doc.toString());
        }
      }),
    ];
  }

  /** Replace the text (after a fix), changing only the part that differs. */
  setText(text) {
    const current = this.view.state.doc.toString();
    if (current === text) return;
    let start = 0;
    const limit = Math.min(current.length, text.length);
    while (start < limit && current.charCodeAt(start) === text.charCodeAt(start)) start += 1;
    let end = 0;
    while (
      end < limit - start &&
      current.charCodeAt(current.length - 1 - end) === text.charCodeAt(text.length - 1 - end)
    ) {
      end += 1;
    }
    applyingExternal = true;
    try {
      this.view.dispatch({
        changes: { from: start, to: current.length - end, insert: text.slice(start, text.length - end) },
      });
    } finally {
      applyingExternal = false;
    }
  }

  /** Show findings: [{from, to, severity, code, rule, message, fix, index}] (UTF-16). */
  setFindings(findings) {
    const diagnostics = toDiagnostics(findings, this.view.state.doc.length, this.handlers);
    this.view.dispatch(setDiagnostics(this.view.state, diagnostics));
  }

  /** Select a range (UTF-16 offsets), scroll it into view and focus the editor. */
  select(from, to) {
    const length = this.view.state.doc.length;
    const anchor = Math.min(from, length);
    const head = Math.min(to, length);
    this.view.dispatch({
      selection: { anchor, head },
      effects: EditorView.scrollIntoView(anchor, { y: "center" }),
    });
    this.view.focus();
  }

  destroy() {
    if (mounted.get(this.name) === this) mounted.delete(this.name);
    remembered.set(this.name, { state: this.view.state, signature: this.signature });
    this.view.destroy();
  }
}

let linter = null;
let lintHandlers = { onResult() {}, onCrash() {} };

/** Files (picked or dropped) as text: [{ name, text } | { name, error }]. The limits
 * (how many files, how many bytes each) are the engine's, passed in by the app. */
function readFiles(fileList, done, maxFiles, maxBytes) {
  const files = Array.from(fileList ?? []).slice(0, maxFiles);
  const mib = (maxBytes / (1024 * 1024)).toLocaleString("en");
  Promise.all(
    files.map(async (file) => {
      if (file.size > maxBytes) {
        return {
          name: file.name,
          error: `${file.name} is ${file.size.toLocaleString("en")} bytes; the playground opens files up to ${mib} MiB (the CLI has the same limit).`,
        };
      }
      const bytes = new Uint8Array(await file.arrayBuffer());
      if (bytes.includes(0)) {
        return { name: file.name, error: `${file.name} looks binary (it contains NUL bytes), so it was not opened.` };
      }
      return { name: file.name, text: new TextDecoder().decode(bytes) };
    }),
  ).then(done, (error) => done([{ name: "", error: `The files could not be read: ${error}` }]));
}

globalThis.bulkhead = {
  ...(globalThis.bulkhead ?? {}),
  mountEditor: (parent, options) => new Editor(parent, options),
  /** The shown editor's file, text and selection (for tests and the embed API). */
  activeEditor() {
    const editor = [...mounted.values()].at(-1);
    if (!editor) return null;
    const { from, to } = editor.view.state.selection.main;
    return { name: editor.name, text: editor.view.state.doc.toString(), from, to };
  },
  documents,
  readFiles,
  /** The course's progress in this browser, and a way into a lesson. */
  lessons: {
    done() {
      try {
        return JSON.parse(localStorage.getItem("bulkhead:lessons:done") ?? "[]");
      } catch {
        return [];
      }
    },
    // Called on every render while a goal is met: storage is read once per lesson.
    markDone(id) {
      if (markedDone.has(id)) return;
      markedDone.add(id);
      const done = globalThis.bulkhead.lessons.done();
      if (done.includes(id)) return;
      try {
        localStorage.setItem("bulkhead:lessons:done", JSON.stringify([...done, id]));
      } catch {
        // storage full or disabled: progress is not kept
      }
    },
    open(id) {
      location.hash = `#lesson/${encodeURIComponent(id)}`;
    },
  },
  copy,
  download,
  downloadAll,
  /** Start the lint worker on the page's compiled wasm module. */
  startLinter(module) {
    linter = startLinter(module, {
      onResult: (bytes) => {
        // When an answer came (the browser tests time the page's update from here).
        performance.mark("bulkhead:answer");
        lintHandlers.onResult(bytes);
      },
      onCrash: (message) => lintHandlers.onCrash(message),
    });
    globalThis.bulkhead.linter = linter;
  },
  setLintHandlers(onResult, onCrash) {
    lintHandlers = { onResult, onCrash };
  },
  // The bytes are a view into wasm memory, valid only during this call: copy them.
  lint: (bytes, delay, full) => linter?.request(bytes.slice(), delay, full),
  unpack,
  /** The base-image comparison of a Dockerfile (`name`, `text`), made in the worker by
   * the on-demand module (without "open as tabs" on a `readOnly` page); `done` gets its
   * JSON answer. */
  variants: (name, text, readOnly, target, context, done) =>
    linter.onDemand("variants", [name, text, readOnly, target, context], done),
  /** The findings of a lint request as review comments (Markdown), those on the lines
   * `from..to` of the file `selected` when one is named; `done` gets its answer. */
  review: (bytes, selected, from, to, done) => linter.onDemand("review", [bytes.slice(), selected, from, to], done),
  /** What fixes changed, made the same way: `request` is JSON `[[name, before, after], …]`,
   * and `done` gets JSON `[html, …]`, each file's diff, or `{"error"}`. */
  diffs: (request, done) => linter.onDemand("diffs", [request], done),
  /** An example the page does not carry (`web/generated/examples.js`): done(document | null). */
  example(id, done) {
    import("./examples.js").then(
      (module) => done(Object.hasOwn(module.default, id) ? module.default[id] : null),
      () => done(null),
    );
  },
  /** A rule's example from its documentation (`?try=CODE`), or null. */
  tryIt: (code) =>
    import("./rule-docs.js").then(
      (module) => (Object.hasOwn(module.tryIt, code) ? module.tryIt[code] : null),
      () => null,
    ),
  /** The lessons (`#lesson/ID`), or none if they cannot be loaded. */
  course: () => import("./lessons.js").then((module) => module.default, () => []),
  ruleDoc(code, done) {
    import("./rule-docs.js").then(
      (module) => done(module.default[code] ?? ""),
      () => done("<p>The documentation could not be loaded; the rule reference is docs/rules.md in the repository.</p>"),
    );
  },
  /** Embed mode: findings go to the parent page after each lint. */
  notifyParent(message) {
    if (window.parent !== window) window.parent.postMessage(message, "*");
  },
  /** The app's handler for a new set of files, and its reader of a pasted unified diff
   * (`readDiff(text)`: its document, or null); when `embedded` the parent page sets them
   * with { type: "bulkhead:set", files: [...] }. */
  setDocumentHandler(handler, readDiff, embedded) {
    documentHandler = handler;
    diffReader = readDiff;
    if (!embedded) return;
    window.addEventListener("message", (event) => {
      if (event.source !== window.parent || event.data?.type !== "bulkhead:set") return;
      handler(event.data);
    });
    if (window.parent !== window) window.parent.postMessage({ type: "bulkhead:ready" }, "*");
  },
};
