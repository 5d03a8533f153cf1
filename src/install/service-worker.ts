/** Where a navigation lands when the network is gone. */
export const OFFLINE_PATH = "/offline";
/** What the offline page needs, fetched when the worker installs; nothing else is ever cached. */
export const OFFLINE_FILES = [OFFLINE_PATH, "/static/styles.css", "/static/favicon.svg"];
/** Bump when OFFLINE_FILES or the offline page changes: the new worker replaces the old cache. */
const CACHE_NAME = "grocer-offline-1";

/**
 * The service worker, served at /sw.js so its scope is the whole store. It caches only the offline
 * page and its two files: pages (carts, prices, stock) always come from the network, and only a
 * navigation that fails because the network is down gets the offline page.
 */
export const SERVICE_WORKER = `"use strict";
const CACHE = ${JSON.stringify(CACHE_NAME)};
const OFFLINE = ${JSON.stringify(OFFLINE_PATH)};
const FILES = ${JSON.stringify(OFFLINE_FILES)};
self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});
self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE)));
  } else if (FILES.includes(url.pathname)) {
    event.respondWith(fetch(request).catch(() => caches.match(url.pathname)));
  }
});
`;
