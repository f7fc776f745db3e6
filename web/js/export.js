// Getting the files out of the page: copy, download one file, download all as a tar
// archive. Everything happens in the browser.

/** A POSIX tar archive (ustar) of [name, text] files, as `tar -xf` reads it. */
export function tar(files) {
  const encoder = new TextEncoder();
  const parts = [];
  let size = 0;
  const push = (bytes) => {
    parts.push(bytes);
    size += bytes.length;
  };
  for (const [name, text] of files) {
    const body = encoder.encode(text);
    const header = new Uint8Array(512);
    const put = (at, value) => header.set(encoder.encode(value), at);
    put(0, name.slice(0, 100));
    put(100, "0000644\0");
    put(108, "0000000\0");
    put(116, "0000000\0");
    put(124, `${body.length.toString(8).padStart(11, "0")}\0`);
    put(136, "00000000000\0");
    put(148, "        ");
    put(156, "0");
    put(257, "ustar\0");
    put(263, "00");
    // The checksum: the sum of the header's bytes, its own field counted as spaces.
    const sum = header.reduce((total, byte) => total + byte, 0);
    put(148, `${sum.toString(8).padStart(6, "0")}\0 `);
    push(header);
    push(body);
    push(new Uint8Array((512 - (body.length % 512)) % 512));
  }
  push(new Uint8Array(1024));
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Save `data` (text or bytes) as a file named `name`, from a blob: URL. */
export function download(name, data, type = "application/octet-stream") {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = name;
  anchor.click();
  URL.revokeObjectURL(url);
}

/** Put `text` on the clipboard (the browser may ask the user first). */
export function copy(text) {
  navigator.clipboard?.writeText(text).catch(() => {});
}

/** Download every [name, text] file as one archive. */
export function downloadAll(files) {
  download("bulkhead-files.tar", tar(files), "application/x-tar");
}
