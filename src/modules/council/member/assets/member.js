/*
 * Member area enhancement (the pages work without it): registers the offline
 * service worker, and removes the offline copies before signing out.
 */
(function () {
  'use strict';
  var PREFIX = 'rathaus-mandat-';
  var script = document.currentScript;
  var workerUrl = script && script.getAttribute('data-service-worker');

  if ('serviceWorker' in navigator && workerUrl) {
    // Scope '/': documents open from the portal's file route, outside /verwaltung/mandat (the server allows it).
    navigator.serviceWorker.register(workerUrl, { scope: '/' }).catch(function () {
      /* offline reading is an enhancement only */
    });
  }

  function clearOfflineCopies() {
    if (!window.caches) return Promise.resolve();
    return caches
      .keys()
      .then(function (keys) {
        return Promise.all(
          keys
            .filter(function (key) {
              return key.indexOf(PREFIX) === 0;
            })
            .map(function (key) {
              return caches.delete(key);
            }),
        );
      })
      .catch(function () {
        /* the service worker clears them as well when it sees the logout */
      });
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.getAttribute('data-cleared') === 'yes') return;
    if (new URL(form.action, location.href).pathname !== '/verwaltung/abmelden') return;
    event.preventDefault();
    form.setAttribute('data-cleared', 'yes');
    clearOfflineCopies().then(function () {
      form.submit();
    });
  });
})();
