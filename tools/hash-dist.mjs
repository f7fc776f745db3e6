// Called by tools/embed-wasm.mjs (trunk's post_build hook), last: give every file of the page but
// index.html and sw.js a content-hashed name (editor.js -> editor.<hash>.js), rewrite the
// references to it, list the files for the service worker, and write each text file
// precompressed beside itself (.br, brotli at its best; .gz, gzip -9), so a server can
// send them as they are (tools/serve-dist.mjs does).
//
// A hashed file never changes under its name: it may be cached for a year and never
// asked for again (Cache-Control: immutable). index.html and sw.js keep their names, are
// revalidated, and are the only files a repeat visit asks for.
//
// References are the file names the files write out: "./name" in the JavaScript (imports,
// new URL(..., import.meta.url)) and src= / href= in index.html. A file is hashed after
// every file it names, so its hash covers the names of what it loads.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

/** The files that keep their names: the page's address and the service worker's. */
export const UNHASHED = new Set(["index.html", "sw.js"]);
/** Text files, which compress. */
const TEXT = /\.(html|js|mjs|css|svg|json|txt|md)$/;
/** The hashed form of a name: a 12-hex-digit hash before the last extension. */
export const HASHED = /\.[0-9a-f]{12}(\.[a-z0-9]+)$/;

/** The name a hashed file had before it was hashed (`editor.0123456789ab.js` -> `editor.js`). */
export function stableName(name) {
  return name.replace(HASHED, "$1");
}

function files(dir, base = dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, base) : [relative(base, path)];
  });
}

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Where `text` names `name`: as "./name" in quotes, or as an HTML attribute's value. */
function referencePattern(name) {
  const n = escape(name);
  return new RegExp(`(["'\`]\\./)${n}(?=["'\`?#])|((?:src|href)=["']?(?:\\./)?)${n}(?=["'\\s>?#])`, "g");
}

/** Rewrite `dir` (trunk's staging directory) in place; returns { renamed, precache }. */
export function hashDist(dir) {
  const all = files(dir).filter((name) => !/\.(br|gz)$/.test(name));
  const hashable = all.filter((name) => !UNHASHED.has(name));
  const text = new Map(all.filter((name) => TEXT.test(name)).map((name) => [name, readFileSync(join(dir, name), "utf8")]));
  const names = (name) => hashable.filter((other) => other !== name && referencePattern(other).test(text.get(name) ?? ""));
  const renamed = new Map();
  const pending = new Set(hashable);
  while (pending.size > 0) {
    const ready = [...pending].filter((name) => names(name).every((other) => renamed.has(other)));
    if (ready.length === 0) throw new Error(`hash-dist: these files name each other in a cycle: ${[...pending].join(", ")}`);
    for (const name of ready) {
      let body = text.has(name) ? rewrite(text.get(name), names(name), renamed) : readFileSync(join(dir, name));
      if (text.has(name)) text.set(name, body);
      const hash = createHash("sha256").update(body).digest("hex").slice(0, 12);
      const hashed = name.replace(/(\.[a-z0-9]+)$/, `.${hash}$1`);
      if (text.has(name)) writeFileSync(join(dir, name), body);
      renameSync(join(dir, name), join(dir, hashed));
      renamed.set(name, hashed);
      pending.delete(name);
    }
  }
  // index.html and the service worker name hashed files too.
  for (const name of all.filter((n) => UNHASHED.has(n) && text.has(n))) {
    text.set(name, rewrite(text.get(name), hashable, renamed));
  }
  // The service worker precaches what the first visit loads (index.html names it; boot
  // and the editor import the rest), and knows every file of this build, so it can drop
  // the files of older builds from its cache.
  const precache = reachable("index.html", text, renamed).map((name) => renamed.get(name));
  if (text.has("sw.js")) {
    const list = (items) => JSON.stringify(items.map((name) => `./${name}`)).slice(1, -1);
    const sw = text.get("sw.js");
    for (const marker of ['"__PRECACHE__"', '"__BUILD_FILES__"']) {
      if (!sw.includes(marker)) throw new Error(`hash-dist: sw.js has no ${marker} to fill in`);
    }
    const build = createHash("sha256").update([...renamed.values()].sort().join("\n")).digest("hex").slice(0, 12);
    text.set(
      "sw.js",
      sw
        .replace('"__PRECACHE__"', list(precache))
        .replace('"__BUILD_FILES__"', list([...renamed.values()]))
        .replace('"__BUILD__"', JSON.stringify(build)),
    );
  }
  // trunk's subresource integrity, for the files whose references were rewritten.
  if (text.has("index.html")) {
    text.set(
      "index.html",
      text.get("index.html").replace(/<[^>]*\bintegrity=["']?sha384-[^"'\s>]+["']?[^>]*>/g, (tag) => {
        const named = tag.match(/(?:src|href)=["']?(?:\.\/)?([^"'\s>]+)/)?.[1];
        if (!named || !existsSync(join(dir, named))) return tag;
        const digest = createHash("sha384").update(readFileSync(join(dir, named))).digest("base64");
        return tag.replace(/integrity=["']?sha384-[^"'\s>]+["']?/, `integrity=sha384-${digest}`);
      }),
    );
  }
  for (const name of UNHASHED) if (text.has(name)) writeFileSync(join(dir, name), text.get(name));
  // Precompressed copies, for the server to send as they are.
  for (const name of files(dir).filter((n) => TEXT.test(n))) {
    const body = readFileSync(join(dir, name));
    writeFileSync(
      join(dir, `${name}.br`),
      brotliCompressSync(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_LGWIN]: constants.BROTLI_MAX_WINDOW_BITS,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      }),
    );
    writeFileSync(join(dir, `${name}.gz`), gzipSync(body, { level: 9 }));
  }
  return { renamed, precache };
}

function rewrite(body, names, renamed) {
  let out = body;
  for (const name of names) {
    if (!renamed.has(name)) continue;
    out = out.replace(referencePattern(name), (_, quote, attribute) => `${quote ?? attribute}${renamed.get(name)}`);
  }
  return out;
}

/**
 * The files the first visit loads: what index.html names and what those import
 * statically (import ... from "./x", import "./x"; not import("./x"), which loads later),
 * plus the lint worker, which the editor starts at once.
 */
function reachable(start, text, renamed) {
  const byHashed = new Map([...renamed].map(([name, hashed]) => [hashed, name]));
  const seen = new Set();
  const queue = [start];
  while (queue.length > 0) {
    const name = queue.shift();
    const body = text.get(name) ?? "";
    const found =
      name === "index.html"
        ? [...body.matchAll(/(?:src|href)=["']?(?:\.\/)?([^"'\s>?#]+)/g)].map((m) => m[1])
        : [
            ...body.matchAll(/(?:\bfrom\s*|\bimport\s*)["']\.\/([^"']+)["']/g),
            ...body.matchAll(/new Worker\(new URL\(["']\.\/([^"']+)["']/g),
          ].map((m) => m[1]);
    for (const hashed of found) {
      const original = byHashed.get(hashed);
      if (original && !seen.has(original)) {
        seen.add(original);
        queue.push(original);
      }
    }
  }
  return [...seen].sort();
}
