/*
 * Offline reading for the member area (an enhancement: nothing needs it).
 * - Member pages (/verwaltung/mandat/…): network first; the last copy when
 *   offline, else the offline page.
 * - Documents (/ratsinfo/dokumente/…): the copy kept when first opened,
 *   refreshed in the background; dropped when the server no longer serves it.
 * - Stylesheets, scripts and fonts: network first, the kept copy offline.
 * - Everything else passes through untouched.
 * Signing out (the logout POST, or a member page answering with a redirect
 * to the login or 403) deletes every cache of this worker: non-public
 * documents must not stay on a shared tablet.
 */
'use strict';

var VERSION = 'v1';
var PAGES = 'rathaus-mandat-pages-' + VERSION;
var DOCUMENTS = 'rathaus-mandat-documents-' + VERSION;
var ASSETS = 'rathaus-mandat-assets-' + VERSION;
var CURRENT = [PAGES, DOCUMENTS, ASSETS];
var MEMBER = '/verwaltung/mandat';
var OFFLINE = MEMBER + '/offline';
var LOGOUT = '/verwaltung/abmelden';
var PRECACHE_ASSETS = ['/assets/kern/kern.min.css', '/assets/kern/fonts/fira-sans.css', '/assets/ui/rathaus.css', '/assets/ui/app.js', '/branding.css', MEMBER + '/assets/member.css', MEMBER + '/assets/member.js'];

function clearAll() {
  return caches.keys().then(function (keys) {
    return Promise.all(
      keys
        .filter(function (key) {
          return key.indexOf('rathaus-mandat-') === 0;
        })
        .map(function (key) {
          return caches.delete(key);
        }),
    );
  });
}

function put(cacheName, request, response) {
  return caches.open(cacheName).then(function (cache) {
    return cache.put(request, response);
  });
}

self.addEventListener('install', function (event) {
  event.waitUntil(
    Promise.all([
      caches.open(PAGES).then(function (cache) {
        return cache.add(OFFLINE).catch(function () {});
      }),
      caches.open(ASSETS).then(function (cache) {
        return Promise.all(
          PRECACHE_ASSETS.map(function (url) {
            return cache.add(url).catch(function () {});
          }),
        );
      }),
    ]).then(function () {
      return self.skipWaiting();
    }),
  );
});

self.addEventListener('activate', function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (keys) {
        return Promise.all(
          keys
            .filter(function (key) {
              return key.indexOf('rathaus-mandat-') === 0 && CURRENT.indexOf(key) === -1;
            })
            .map(function (key) {
              return caches.delete(key);
            }),
        );
      })
      .then(function () {
        return self.clients.claim();
      }),
  );
});

self.addEventListener('message', function (event) {
  if (event.data && event.data.type === 'clear') event.waitUntil(clearAll());
});

/** A member page: the network first; a redirect (signed out) or 403 (no longer a member) clears everything. */
function memberPage(event) {
  var request = event.request;
  return fetch(request)
    .then(function (response) {
      if (response.type === 'opaqueredirect' || response.redirected || response.status === 401 || response.status === 403) {
        event.waitUntil(clearAll());
        return response;
      }
      if (response.ok && response.type === 'basic') event.waitUntil(put(PAGES, request, response.clone()));
      return response;
    })
    .catch(function () {
      return caches.match(request, { cacheName: PAGES }).then(function (copy) {
        return copy || caches.match(OFFLINE, { cacheName: PAGES }).then(function (offline) {
          return offline || Response.error();
        });
      });
    });
}

/** A document: the kept copy at once, refreshed (or dropped) in the background; the network when there is none. */
function councilDocument(event) {
  var request = event.request;
  var network = fetch(request).then(function (response) {
    if (response.ok && response.type === 'basic' && !response.redirected) {
      return put(DOCUMENTS, request, response.clone()).then(function () {
        return response;
      });
    }
    if (response.status === 403 || response.status === 404 || response.status === 410) {
      return caches.open(DOCUMENTS).then(function (cache) {
        return cache.delete(request).then(function () {
          return response;
        });
      });
    }
    return response;
  });
  return caches.match(request, { cacheName: DOCUMENTS }).then(function (copy) {
    if (copy) {
      event.waitUntil(network.catch(function () {}));
      return copy;
    }
    return network.catch(function () {
      return request.mode === 'navigate'
        ? caches.match(OFFLINE, { cacheName: PAGES }).then(function (offline) {
            return offline || Response.error();
          })
        : Response.error();
    });
  });
}

/** Stylesheets, scripts, fonts: the network first, the kept copy offline. */
function asset(event) {
  var request = event.request;
  return fetch(request)
    .then(function (response) {
      if (response.ok && response.type === 'basic') event.waitUntil(put(ASSETS, request, response.clone()));
      return response;
    })
    .catch(function () {
      return caches.match(request, { cacheName: ASSETS }).then(function (copy) {
        return copy || Response.error();
      });
    });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === 'POST' && url.pathname === LOGOUT) {
    // Not answered here: the browser sends the logout itself; the copies go meanwhile.
    event.waitUntil(clearAll());
    return;
  }
  if (request.method !== 'GET' || request.headers.has('range')) return;
  if (url.pathname === MEMBER || url.pathname.indexOf(MEMBER + '/') === 0) {
    if (url.pathname.indexOf(MEMBER + '/assets/') === 0) event.respondWith(asset(event));
    else if (url.pathname !== MEMBER + '/offline-sw.js') event.respondWith(memberPage(event));
    return;
  }
  if (/^\/ratsinfo\/dokumente\/[0-9a-f-]{36}(\/download)?$/.test(url.pathname)) {
    event.respondWith(councilDocument(event));
    return;
  }
  if (url.pathname.indexOf('/assets/') === 0 || url.pathname === '/branding.css') event.respondWith(asset(event));
});
