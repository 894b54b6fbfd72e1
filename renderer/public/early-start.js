/*
 * The Sessions page's first requests, sent while the HTML is parsed (issue 10.5). A classic script
 * at the end of the document's body (the built page asks for the bundle from its head, so the
 * bundle's request leaves first): it runs as soon as it arrives, while the 270 kB bundle is still
 * being fetched and compiled. Measured on the 1,000-session bench (Chromium trace), the
 * same fetches sent from the bundle's first module left ~450 ms after navigation, once the whole
 * bundle had been compiled; from here they leave during the parse (~130 ms), and the listing is
 * there before React has been evaluated.
 *
 * Plain JavaScript, not bundled: it runs before any module. It only starts the fetches and leaves
 * their responses in window.__myocueEarlyFetches; renderer/src/api/early-fetch.ts takes them (or
 * fetches itself when none was started) and reads them. It asks exactly when page-start.ts would:
 * served by the browser host (http/https, no Electron bridge), on #/sessions, not as a read-only
 * viewer (`token` or `viewer` in the URL). tests/unit/early-start-script.test.ts checks that these
 * rules and the commands stay those of route.ts, shared-api.ts, early-fetch.ts and page-start.ts.
 */
/* global window */
(function () {
  try {
    var w = window;
    if (w.myocue || typeof fetch !== 'function') return;
    var l = w.location;
    if (l.protocol !== 'http:' && l.protocol !== 'https:') return;
    var path = l.hash.replace(/^#/, '').split('?')[0].replace(/\/+$/, '');
    if (path !== '/sessions') return;
    var query = new URLSearchParams(l.search);
    var hashQuery = new URLSearchParams(l.hash.split('?')[1] || '');
    if (query.has('token') || query.has('viewer') || hashQuery.has('viewer')) return;
    var started = {};
    ['listLifters', 'listExercises', 'listSessions'].forEach(function (command) {
      var response = fetch('/api/early/' + command, { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } });
      // a failure nobody takes is no unhandled rejection: early-fetch.ts sees it when it takes it
      response.catch(function () {});
      started[command] = response;
    });
    w.__myocueEarlyFetches = started;
  } catch (e) {
    // the bundle asks itself
  }
})();
