// Static scripts of the kiosk page, kept here as text (they run in the browser, not in Node).

/** Bump to drop every cached kiosk asset on the tablets at their next visit (a new widget build does too). */
export const KIOSK_CACHE = 'touchpoint-kiosk-v2';

/**
 * The kiosk's service worker (for a list of files to cache at install and the widget build's version):
 * once the page has loaded, it keeps working offline. Pages and the
 * site config are fetched network-first (fresh when online, cached when not); the widget's hashed
 * chunks cache-first. Posts are never touched: the widget keeps
 * answers in IndexedDB and sends them itself when the network is back.
 */
export const kioskServiceWorker = (precache: string[], version: string): string => `'use strict';
const CACHE = '${KIOSK_CACHE}-${version}';
const PRECACHE = ${JSON.stringify(precache)};
// The kiosk's scripts are cached at install, so the first offline reload already works.
self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(PRECACHE)).catch(() => {}).then(() => self.skipWaiting()));
});
self.addEventListener('activate', (e) => {
  e.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});
const put = (req, res) => { if (res && res.ok) { const copy = res.clone(); caches.open(CACHE).then((c) => c.put(req, copy)); } return res; };
const networkFirst = (req) => fetch(req).then((res) => put(req, res)).catch(() => caches.match(req, { ignoreVary: true }).then((hit) => hit || Response.error()));
const cacheFirst = (req) => caches.match(req).then((hit) => hit || fetch(req).then((res) => put(req, res)));
self.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/widget/')) e.respondWith(cacheFirst(req));
  else if (url.pathname.startsWith('/k/') || url.pathname.startsWith('/v1/sites/')) e.respondWith(networkFirst(req));
});
`;

/** Registers the service worker; loaded by the kiosk page as a file, since the page allows no inline script. */
export const KIOSK_REGISTER = `'use strict';
if ('serviceWorker' in navigator) navigator.serviceWorker.register('/k/sw.js', { scope: '/k/' }).catch(function () {});
`;
