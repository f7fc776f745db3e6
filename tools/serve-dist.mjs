// A static server for the built playground (dist/) on the loopback interface: what
// `./x serve` runs, and what the browser tests load the page from. Run as a script it
// serves until stopped and prints "ready" only once it is listening:
//
//   node tools/serve-dist.mjs [--port N] [--dir DIST]
import { createServer } from "node:http";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { HASHED } from "./hash-dist.mjs";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".wasm": "application/wasm",
};

/** The encoding to send: brotli, then gzip, if the client takes it and a copy was built. */
function encoding(request, file) {
  const accepted = String(request.headers["accept-encoding"] ?? "")
    .split(",")
    .map((part) => part.trim().split(";"))
    .filter(([, q]) => !q || Number(q.split("=")[1]) > 0)
    .map(([name]) => name.toLowerCase());
  if (accepted.includes("br") && existsSync(`${file}.br`)) return ["br", `${file}.br`];
  if (accepted.includes("gzip") && existsSync(`${file}.gz`)) return ["gzip", `${file}.gz`];
  return [null, file];
}

/**
 * Serve `dist` on 127.0.0.1:`port` (0: any free port). Resolves to
 * { origin, port, close, sent }: `sent()` is the bytes written to clients so far
 * (headers and bodies, as they went on the wire), and `log` lists each request as
 * { path, status, bytes, encoding }.
 *
 * Files with a content-hashed name (tools/hash-dist.mjs) are sent with a year's
 * immutable caching; index.html and sw.js are revalidated (ETag, 304). Each goes out
 * precompressed (the .br or .gz built beside it) when the client accepts that.
 */
export async function serveDist(dist, port = 0) {
  if (!existsSync(join(dist, "index.html"))) {
    throw new Error(`${join(dist, "index.html")} is missing: build the page first (./x build)`);
  }
  const log = [];
  const server = createServer((request, response) => {
    let path;
    try {
      path = decodeURIComponent(new URL(request.url, "http://x").pathname);
    } catch {
      response.writeHead(400).end("bad request");
      return;
    }
    let file = normalize(join(dist, path));
    if (!file.startsWith(dist)) {
      response.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file) || /\.(br|gz)$/.test(file)) {
      response.writeHead(404).end("not found");
      return;
    }
    const [coding, sent] = encoding(request, file);
    const body = readFileSync(sent);
    const headers = {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "x-content-type-options": "nosniff",
      vary: "Accept-Encoding",
    };
    if (coding) headers["content-encoding"] = coding;
    let status = 200;
    if (HASHED.test(file)) {
      headers["cache-control"] = "public, max-age=31536000, immutable";
    } else {
      const tag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}${coding ? `-${coding}` : ""}"`;
      headers["cache-control"] = "no-cache";
      headers.etag = tag;
      if (String(request.headers["if-none-match"] ?? "").split(/,\s*/).includes(tag)) status = 304;
    }
    const before = request.socket.bytesWritten;
    response.once("finish", () => {
      log.push({ path, status, encoding: coding, bytes: request.socket.bytesWritten - before });
    });
    response.writeHead(status, headers);
    response.end(status === 304 || request.method === "HEAD" ? undefined : body);
  });
  // Bytes written, over every connection the server has had.
  const sockets = new Set();
  let closedBytes = 0;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => {
      closedBytes += socket.bytesWritten;
      sockets.delete(socket);
    });
  });
  await new Promise((ready, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", ready);
  });
  const address = server.address();
  return {
    origin: `http://127.0.0.1:${address.port}`,
    port: address.port,
    log,
    sent: () => closedBytes + [...sockets].reduce((sum, socket) => sum + socket.bytesWritten, 0),
    close: () =>
      new Promise((done) => {
        server.close(done);
        server.closeAllConnections?.();
      }),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  let port = 8080;
  let dist = resolve(fileURLToPath(new URL("../dist", import.meta.url)));
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--port") port = Number(args[++i]);
    else if (args[i] === "--dir") dist = resolve(args[++i]);
    else {
      console.error(`serve-dist: unknown argument ${args[i]}`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error("serve-dist: --port needs a number from 0 to 65535");
    process.exit(2);
  }
  try {
    const server = await serveDist(dist, port);
    console.error(`x: ready: the playground answers at ${server.origin}/ (Ctrl-C stops)`);
    const stop = () => server.close(() => process.exit(0));
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  } catch (error) {
    const why = error.code === "EADDRINUSE" ? `port ${port} is in use (choose another with --port)` : error.message;
    console.error(`serve-dist: ${why}`);
    process.exit(1);
  }
}
