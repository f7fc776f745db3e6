// A static server for the built playground (dist/) on the loopback interface: what
// `./x serve` runs, and what the browser tests load the page from. Run as a script it
// serves until stopped and prints "ready" only once it is listening:
//
//   node tools/serve-dist.mjs [--port N] [--dir DIST]
import { createServer } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

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

/**
 * Serve `dist` on 127.0.0.1:`port` (0: any free port). Resolves to { origin, port, close }.
 */
export async function serveDist(dist, port = 0) {
  if (!existsSync(join(dist, "index.html"))) {
    throw new Error(`${join(dist, "index.html")} is missing: build the page first (./x build)`);
  }
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
    if (!existsSync(file)) {
      response.writeHead(404).end("not found");
      return;
    }
    response.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "cache-control": "no-store",
    });
    response.end(readFileSync(file));
  });
  await new Promise((ready, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", ready);
  });
  const address = server.address();
  return {
    origin: `http://127.0.0.1:${address.port}`,
    port: address.port,
    close: () => new Promise((done) => server.close(done)),
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
