// The playground's service worker: a visited page reopens offline. Network first (so a
// new build is picked up at once), the cached copy when the network is not there.
// Only this origin's own files are ever cached or served. The rule docs, the examples
// but the first, the explanations, the lessons and the second wasm module are not
// fetched up front (they load when first needed) and are cached once they have been.
const CACHE = "bulkhead-v1";
const FILES = [
  "./",
  "./index.html",
  "./boot.js",
  "./editor.js",
  "./worker.js",
  "./bulkhead-web.js",
  "./bulkhead-web_bg.wasm.js",
  "./style.css",
  "./icon.svg",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(FILES))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
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
