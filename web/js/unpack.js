// The page's wasm modules are embedded in JS modules as LZMA-compressed base64 (by
// tools/embed-wasm.mjs), so loading them needs no fetch() and the CSP can forbid all
// connections. This turns one back into wasm bytes; the page (static/boot.js, through
// globalThis.bulkhead.unpack) and the lint worker share it.
import { lzmaDecode } from "./lzma.js";

function base64ToBytes(text) {
  if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The wasm bytes of an embedded module's default export. */
export async function unpack(base64) {
  return lzmaDecode(base64ToBytes(base64));
}
