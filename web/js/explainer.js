// Explain any line: hovering a Dockerfile instruction or flag, or a Kubernetes or Compose
// field, shows what it does and what it means for security, and a panel under the editor
// says the same for the term at the cursor (so keyboard users get it too). The texts are
// the rules crate's (content/explain/, compiled into crates/rules/src/explain), in
// dist/explain.js, imported the first time something is explained.
import { hoverTooltip, showPanel } from "@codemirror/view";

let texts = null;

function load() {
  texts ??= import("./explain.js").then(
    (module) => module.default,
    () => ({}),
  );
  return texts;
}

/**
 * The term at `pos` of `doc` for a file of `kind`: { from, to, keys } or null. `anywhere`:
 * anywhere on the line counts (the panel explains the line the cursor is on; a hover
 * must be over the term).
 */
export function termAt(doc, pos, kind, anywhere = false) {
  const line = doc.lineAt(pos);
  const text = line.text;
  const at = pos - line.from;
  if (kind === "kubernetes" || kind === "compose") {
    const key = text.match(/^(\s*(?:-\s+)?)([A-Za-z_][\w.-]*)\s*:/);
    if (!key) return null;
    const from = key[1].length;
    const to = from + key[2].length;
    return anywhere || (at >= from && at <= to) ? { from: line.from + from, to: line.from + to, keys: [key[2]] } : null;
  }
  if (kind !== "dockerfile") return null;
  let start = at;
  while (start > 0 && !/\s/.test(text[start - 1])) start -= 1;
  let end = at;
  while (end < text.length && !/\s/.test(text[end])) end += 1;
  // The instruction the line belongs to: the first line of a line continued with `\`.
  let first = line;
  while (first.number > 1 && /\\\s*$/.test(doc.line(first.number - 1).text)) first = doc.line(first.number - 1);
  const keyword = first.text.match(/^\s*([A-Za-z]+)/)?.[1]?.toUpperCase();
  if (!keyword || first.text.trimStart().startsWith("#")) return null;
  const token = text.slice(start, end);
  const range = { from: line.from + start, to: line.from + end };
  const instruction = { from: first.from, to: first.from + first.text.indexOf(first.text.trim()[0]) + keyword.length, keys: [keyword] };
  if (start < end && first.number === line.number && text.slice(0, start).trim() === "") return instruction;
  if (!token.startsWith("--")) return anywhere ? instruction : null;
  const name = token.slice(2).split("=")[0];
  const keys = [`${keyword} --${name}`];
  if (name === "mount") keys.push(`--mount=type=${token.match(/type=([a-z]+)/)?.[1] ?? "bind"}`);
  return { ...range, keys };
}

/** The explanations of a term: [[key, text]], those the texts have. */
async function explanations(term, kind) {
  if (!term) return [];
  const table = (await load())[kind] ?? {};
  return term.keys.filter((key) => Object.hasOwn(table, key)).map((key) => [key, table[key]]);
}

function render(dom, found) {
  dom.replaceChildren(
    ...found.map(([key, text]) => {
      const part = document.createElement("p");
      const name = document.createElement("strong");
      name.textContent = key;
      part.append(name, " ");
      // `code` spans as code; the rest as text.
      text.split("`").forEach((piece, i) => {
        if (i % 2 === 0) {
          part.append(piece);
        } else {
          const code = document.createElement("code");
          code.textContent = piece;
          part.append(code);
        }
      });
      return part;
    }),
  );
}

/** The editor extensions that explain the terms of a file of `kind`. */
export function explaining(kind) {
  if (!["dockerfile", "kubernetes", "compose"].includes(kind)) return [];
  const tooltip = hoverTooltip(async (view, pos) => {
    const term = termAt(view.state.doc, pos, kind);
    const found = await explanations(term, kind);
    if (found.length === 0) return null;
    return {
      pos: term.from,
      end: term.to,
      above: true,
      create() {
        const dom = document.createElement("div");
        dom.className = "cm-explain";
        dom.dataset.testid = "explain-tooltip";
        render(dom, found);
        return { dom };
      },
    };
  });
  const panel = showPanel.of((view) => {
    const dom = document.createElement("div");
    dom.className = "cm-explain-panel";
    dom.dataset.testid = "explain";
    dom.setAttribute("aria-live", "polite");
    let asked = 0;
    const show = async (state) => {
      asked += 1;
      const mine = asked;
      const found = await explanations(termAt(state.doc, state.selection.main.head, kind, true), kind);
      if (mine !== asked) return;
      if (found.length > 0) render(dom, found);
      else dom.textContent = "Put the cursor on an instruction, a flag or a field to see what it does.";
    };
    show(view.state);
    return { dom, update: (update) => (update.selectionSet || update.docChanged) && show(update.state) };
  });
  return [tooltip, panel];
}
