// The playground's service worker: a visited page reopens offline, and a repeat visit
// downloads nothing but a revalidated index.html.
//
// Every file but index.html and this one has a content-hashed name (tools/hash-dist.mjs
// fills in the lists below at build time), so a cached copy is always right: those are
// served cache-first and fetched at most once. The precache list is what the first visit
// loads; the browser's HTTP cache already holds it (the server marks hashed files
// immutable), so installing downloads nothing again. Files loaded on demand (the rule
// docs, the examples, the explanations, the lessons, the second wasm module) are cached
// the first time they are used. index.html is network first (a new build is seen at
// once), the cached copy when the network is not there. Only this origin's own files are
// ever cached or served; the cache keeps this build's files and drops older builds'.
const CACHE = "bulkhead";
const BUILD = "__BUILD__";
const PRECACHE = ["__PRECACHE__"];
const BUILD_FILES = new Set(["__BUILD_FILES__"].map((path) => new URL(path, self.location).pathname));
const PAGE = ["./", "./index.html"];
const HASHED = /\.[0-9a-f]{12}\.[a-z0-9]+$/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then(async (cache) => {
        // Only what the cache lacks: a new build shares most of its files with the last.
        const missing = [];
        for (const path of PRECACHE) if (!(await cache.match(path))) missing.push(path);
        await cache.addAll([...PAGE, ...missing]);
      })
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      const cache = await caches.open(CACHE);
      for (const request of await cache.keys()) {
        const path = new URL(request.url).pathname;
        if (HASHED.test(path) && !BUILD_FILES.has(path)) await cache.delete(request);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (HASHED.test(url.pathname)) {
    event.respondWith(
      caches.open(CACHE).then(async (cache) => {
        const cached = await cache.match(event.request, { ignoreSearch: true });
        if (cached) return cached;
        const response = await fetch(event.request);
        if (response.ok) await cache.put(event.request, response.clone());
        return response;
      }),
    );
    return;
  }
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(event.request, copy));
        }
        return response;
      })
      .catch(() => caches.match(event.request, { ignoreSearch: true })),
  );
});

// Which build this worker serves (for the tests and for anyone asking).
self.addEventListener("message", (event) => {
  if (event.data === "bulkhead:build") event.source?.postMessage({ build: BUILD });
});
