/**
 * Sono's service worker. The build writes the list of the app's files into
 * `self.__WB_MANIFEST` (never kept by hand); those are served from the cache, and
 * every page the app routes to opens its cached shell. Nothing else is touched:
 * `/api` and `/peerjs` always go to the network, so no answer of the server and no
 * broker connection is ever stored or replayed.
 */
import {
  cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope;

/** Paths that belong to the server, not the app; a navigation there is never answered here. */
const SERVER_PATHS = [/^\/api(?:\/|$)/, /^\/peerjs(?:\/|$)/];

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), {
  denylist: SERVER_PATHS,
}));

// The first visit is controlled at once, so it already opens offline next time and the
// files it loads later (peerjs, on the first stream) come from the cache.
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

// A new version waits until the page asks (after the user agreed): taking over on its
// own would swap the files under a page that may be streaming.
self.addEventListener('message', (event) => {
  if (isRecord(event.data) && event.data.type === 'SKIP_WAITING') void self.skipWaiting();
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
