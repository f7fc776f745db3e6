// Drafts (localStorage) and share links (the URL fragment) for the playground's files.
// A document is { v: 1, files: [{ name, kind, text }], active, pairing }; the Rust app
// builds and checks it (web/src/js.rs). Nothing here leaves the browser: the fragment is
// never sent to a server.
//
// Drafts are kept per workspace, so nothing one opens overwrites another: the user's own
// files ("mine"), each lesson's, and the last files visited from elsewhere (a share link,
// an example, a rule's example: "visit", with the source they came from, so a reload of
// the same source gets its edits back).

const DRAFT_KEY = "bulkhead:drafts:v1";
const LESSON_KEY = "bulkhead:lesson-drafts:v1";
const VISIT_KEY = "bulkhead:visit:v1";

/** Where drafts go now: { kind: "mine" } | { kind: "lesson", id } | { kind: "visit", source }. */
let workspace = { kind: "mine" };

/** What of the address says which files are open: the query and a lesson's fragment. */
function addressKey() {
  return `${location.search}${location.hash.startsWith("#lesson/") ? location.hash : ""}`;
}
let opened = addressKey();

function read(key) {
  try {
    const text = localStorage.getItem(key);
    return text === null ? null : JSON.parse(text);
  } catch {
    return null;
  }
}

function write(key, value) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false; // storage full or disabled: the page keeps working
  }
}
const SHARE_PREFIX = "#code/";
/** Longer links break in chat apps and some browsers; past this we say so. */
export const SHARE_LIMIT = 16_000;

function toBase64Url(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Run `bytes` through a (de)compression stream, giving up past `limit` output bytes. */
async function pipe(bytes, transform, limit = Infinity) {
  const reader = new Blob([bytes]).stream().pipeThrough(transform).getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new Error("too large");
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** The most text a share link may unpack to (the rules' own per-file cap is 2 MiB). */
const UNPACKED_LIMIT = 8 * 1024 * 1024;

export const documents = {
  /** Save `document` as the draft of the workspace in use. */
  saveDraft(document) {
    if (workspace.kind === "lesson") {
      const drafts = read(LESSON_KEY) ?? {};
      return write(LESSON_KEY, { ...drafts, [workspace.id]: document });
    }
    if (workspace.kind === "visit") return write(VISIT_KEY, { source: workspace.source, document });
    return write(DRAFT_KEY, document);
  },

  /** The draft of `where` (default: the user's own files), or null. */
  loadDraft(where = { kind: "mine" }) {
    if (where.kind === "lesson") return read(LESSON_KEY)?.[where.id] ?? null;
    if (where.kind === "visit") {
      const visit = read(VISIT_KEY);
      return visit?.source === where.source ? visit.document : null;
    }
    return read(DRAFT_KEY);
  },

  /** Forget the draft of the workspace in use. */
  clearDraft() {
    if (workspace.kind === "lesson") {
      const { [workspace.id]: _, ...others } = read(LESSON_KEY) ?? {};
      write(LESSON_KEY, others);
    } else {
      write(workspace.kind === "visit" ? VISIT_KEY : DRAFT_KEY, null);
    }
  },

  /** Use `where` for the drafts from now on. */
  setWorkspace(where) {
    workspace = where;
  },

  workspace: () => workspace,

  /** Open files from elsewhere (an example picked) in the visiting workspace, as a new
   * history entry, so Back returns to what was open. `url` is that entry's address. */
  visit(source, url) {
    workspace = { kind: "visit", source };
    history.pushState(null, "", url);
    opened = addressKey();
  },

  /** Whether the address now names other files than those open (Back, a lesson's link). */
  addressChanged() {
    const now = addressKey();
    if (now === opened) return false;
    opened = now;
    return true;
  },

  /** The share link for `document`, or an error message if it is too long. */
  async shareLink(document) {
    const json = new TextEncoder().encode(JSON.stringify(document));
    const packed = await pipe(json, new CompressionStream("deflate-raw"));
    const fragment = SHARE_PREFIX + toBase64Url(packed);
    if (fragment.length > SHARE_LIMIT) {
      return {
        error: `These files make a ${fragment.length.toLocaleString("en")}-character link, over the ${SHARE_LIMIT.toLocaleString("en")} that links can safely carry. Download the files instead.`,
      };
    }
    const url = new URL(location.href);
    url.hash = fragment;
    return { url: url.href };
  },

  /** Make a share link, show it in the address bar, copy it; done({ url } | { error }). */
  share(document, done) {
    documents.shareLink(document).then(
      (result) => {
        if (result.url) {
          history.replaceState(null, "", result.url);
          navigator.clipboard?.writeText(result.url).catch(() => {});
        }
        done(result);
      },
      (error) => done({ error: `The link could not be made: ${error}` }),
    );
  },

  /** The document in this page's fragment: { document } or { error }, or null if none. */
  async fromFragment() {
    if (!location.hash.startsWith(SHARE_PREFIX)) return null;
    try {
      if (location.hash.length > 4 * SHARE_LIMIT) throw new Error("too long");
      const packed = fromBase64Url(location.hash.slice(SHARE_PREFIX.length));
      const json = await pipe(packed, new DecompressionStream("deflate-raw"), UNPACKED_LIMIT);
      return { document: JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(json)) };
    } catch {
      return { error: "This share link is damaged (it was probably cut short), so the last draft was opened instead." };
    }
  },
};
