/*
 * Rathaus: starts the ALTCHA widget under our strict CSP (script-src 'self',
 * no inline script, no blob: workers). Loaded as <script type="module">:
 *
 * - altcha.min.js is ALTCHA's "external" build. It is written as an ES module
 *   (hundreds of top-level const/function declarations, no exports); as a
 *   classic script those would land in the page's global scope. Importing it
 *   here keeps them private. It creates the global `$altcha` registry and
 *   defines <altcha-widget>; unlike the main build it registers no proof-of-
 *   work algorithm, so the widget fails with "Unsupported algorithm" until
 *   one is set in `$altcha.algorithms` (algorithm name -> worker factory).
 * - The PBKDF2 worker is ALTCHA's prebuilt dist/workers/pbkdf2.js, served as a
 *   same-origin file (worker-src falls back to script-src 'self').
 * - Texts: each widget carries our translated strings in data-strings; they
 *   are registered as the widget's language. This module body runs right
 *   after altcha.min.js has been evaluated and before the widget's first
 *   render (a microtask later), so no English text flashes up.
 */
import './altcha.min.js';

var registry = globalThis.$altcha;
var workerUrl = new URL('pbkdf2.js', import.meta.url);

['PBKDF2/SHA-256', 'PBKDF2/SHA-384', 'PBKDF2/SHA-512'].forEach(function (algorithm) {
  registry.algorithms.set(algorithm, function () {
    return new Worker(workerUrl);
  });
});

document.querySelectorAll('altcha-widget[data-strings]').forEach(function (widget) {
  var language = widget.getAttribute('language') || document.documentElement.lang || 'de';
  try {
    // The built-in English texts fill any key we do not translate (e.g. the code challenge, unused here).
    var strings = JSON.parse(widget.getAttribute('data-strings'));
    registry.i18n.set(language, Object.assign({}, registry.i18n.get('en'), strings));
  } catch (error) {
    // Unreadable texts must not stop the widget: it falls back to its English texts.
  }
});
