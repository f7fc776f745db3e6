// Syntax colouring for Dockerfiles, YAML and requirements.txt: a line-by-line regular
// expression pass over the visible lines. Much smaller than a parser-based language
// package, and enough to read the files by; the real parsing happens in the rules.
import { RangeSetBuilder } from "@codemirror/state";
import { Decoration, ViewPlugin } from "@codemirror/view";

const mark = {};
for (const type of ["comment", "keyword", "string", "key", "number", "variable", "meta"]) {
  mark[type] = Decoration.mark({ class: `tok-${type}` });
}

/** Push [from, to, type] for every match of `pattern` (a /g regex) in `text`. */
function each(tokens, text, pattern, type, group = 0) {
  for (const match of text.matchAll(pattern)) {
    const part = match[group];
    if (part === undefined || part === "") continue;
    const from = match.index + match[0].indexOf(part);
    tokens.push([from, from + part.length, type]);
  }
}

const QUOTED = /"(?:[^"\\]|\\.)*"?|'[^']*'?/g;

const LANGUAGES = {
  // `instructions`: the keywords the parser knows (the app passes them).
  dockerfile(text, instructions) {
    const tokens = [];
    if (/^\s*#/.test(text)) return [[text.search(/#/), text.length, "comment"]];
    each(tokens, text, /^\s*([A-Za-z]+)\b/g, "keyword", 1);
    if (tokens.length && !instructions.has(text.slice(tokens[0][0], tokens[0][1]).toUpperCase())) tokens.length = 0;
    each(tokens, text, /\s(AS|as)\s/g, "keyword", 1);
    each(tokens, text, QUOTED, "string");
    each(tokens, text, /\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/g, "variable");
    each(tokens, text, /(?:^|\s)(--[a-z-]+)/g, "meta", 1);
    return tokens;
  },
  kubernetes(text) {
    const tokens = [];
    each(tokens, text, /^(?:---|\.\.\.)(?=\s|$)/g, "meta");
    each(tokens, text, /^\s*(?:-\s+)*([^\s#'"{}[\],][^:#]*?|"[^"]*"|'[^']*')\s*:(?=\s|$)/g, "key", 1);
    each(tokens, text, /(?:^|\s)(#.*)$/g, "comment", 1);
    each(tokens, text, QUOTED, "string");
    each(tokens, text, /[&*][A-Za-z0-9_-]+/g, "variable");
    each(tokens, text, /:\s+(true|false|null|~|-?\d[\d._]*[A-Za-z]*)\s*$/g, "number", 1);
    return tokens;
  },
  requirements(text) {
    const tokens = [];
    each(tokens, text, /(?:^|\s)(#.*)$/g, "comment", 1);
    each(tokens, text, /(?:^|\s)(--?[a-z-]+)/g, "meta", 1);
    each(tokens, text, /(?:===?|~=|!=|>=|<=|>|<)\s*[^\s,;\\]+/g, "number");
    each(tokens, text, /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/g, "key", 1);
    return tokens;
  },
};
// A Compose file is YAML too.
LANGUAGES.compose = LANGUAGES.kubernetes;

function decorate(view, tokenize) {
  const builder = new RangeSetBuilder();
  for (const { from, to } of view.visibleRanges) {
    for (let pos = from; pos <= to; ) {
      const line = view.state.doc.lineAt(pos);
      // Very long lines (minified JSON...) are left plain: colouring is not worth a freeze.
      if (line.length <= 2000) {
        const tokens = tokenize(line.text).sort((a, b) => a[0] - b[0] || b[1] - a[1]);
        let end = 0;
        for (const [start, stop, type] of tokens) {
          if (start < end || stop <= start) continue; // overlaps an earlier token
          builder.add(line.from + start, line.from + stop, mark[type]);
          end = stop;
        }
      }
      pos = line.to + 1;
    }
  }
  return builder.finish();
}

/** The colouring extension for a file kind (`dockerfile`, `kubernetes`, `compose`,
 * `requirements`); `keywords`: a Dockerfile's instructions, as the rules' parser knows them. */
export function highlighting(kind, keywords = []) {
  const language = LANGUAGES[kind];
  if (!language) return [];
  const instructions = new Set(keywords);
  const tokenize = (text) => language(text, instructions);
  return ViewPlugin.fromClass(
    class {
      constructor(view) {
        this.decorations = decorate(view, tokenize);
      }
      update(update) {
        if (update.docChanged || update.viewportChanged) this.decorations = decorate(update.view, tokenize);
      }
    },
    { decorations: (plugin) => plugin.decorations },
  );
}
