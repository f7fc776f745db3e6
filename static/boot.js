// Starts the playground. The wasm is embedded (gzip + base64) in bulkhead-web_bg.wasm.js
// by tools/embed-wasm.mjs, so loading it needs no fetch() and the page's CSP can forbid
// all connections (connect-src 'none').
import init from "./bulkhead-web.js";
import embedded from "./bulkhead-web_bg.wasm.js";

const status = document.getElementById("boot-status");

function base64ToBytes(text) {
  if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function wasmBytes() {
  const packed = base64ToBytes(embedded);
  if (typeof DecompressionStream !== "function") {
    throw new Error("this browser cannot decompress the playground (DecompressionStream is missing)");
  }
  const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).arrayBuffer();
}

try {
  await init({ module_or_path: await wasmBytes() });
  status?.remove();
  document.documentElement.dataset.ready = "true";
} catch (error) {
  if (status) {
    status.textContent = `The playground could not start: ${error?.message ?? error}`;
    status.classList.add("boot-error");
  }
  throw error;
}
