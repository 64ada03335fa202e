/*
 * The header search's web worker: speaks Material's search worker protocol (SETUP 0, READY 1,
 * QUERY 2, RESULT 3) and answers from our prebuilt index instead of building one in the browser.
 *
 * Material fetches search/search_index.json and sends it with SETUP; that file only names the
 * build, and everything else is loaded on demand by engine.js. lunr.js is fetched with its
 * Subresource Integrity hash (the same as the script tag's in theme/main.html).
 */
"use strict";

var LUNR_URL = "../vendor/lunr/lunr.min.js";
var LUNR_INTEGRITY = "sha384-203J0SNzyqHby3iU6hzvzltrWi/M41wOP5Gu+BiJMz5nwKykbkUx8Kp7iti0Lpli";
var SITE_ROOT = new URL("../../", self.location.href); // this file is assets/search/worker.js
var MAX_RESULTS = 10; // Material shows ten at first; fewer results, fewer document files

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;

importScripts("engine.js");

var engine = null;
var latest = 0;

function loadLunr() {
  return fetch(new URL(LUNR_URL, self.location.href), { integrity: LUNR_INTEGRITY })
    .then(function (response) {
      if (!response.ok) throw new Error("search: lunr.js: HTTP " + response.status);
      return response.text();
    })
    .then(function (source) {
      // The integrity-checked text runs as lunr's own script would: it defines self.lunr.
      new Function(source).call(self);
    });
}

/*
 * One result as Material renders it: title and text are HTML, built from escaped text. The tags
 * go into the text as links, not into Material's `tags`, which it renders as plain text in one
 * <nav> landmark a result.
 */
function toItem(result, words) {
  var doc = result.doc, escape = PaperSearch.escapeHtml;
  var terms = {};
  words.forEach(function (word) {
    var term = PaperSearch.termOf(word);
    if (term) terms[word] = Object.keys(result.matched).some(function (m) { return m.indexOf(term) === 0 || term.indexOf(m) === 0; });
  });
  var tags = PaperSearch.tagLinks(doc, SITE_ROOT);
  return [{
    location: doc.url,
    score: result.score,
    terms: terms,
    title: PaperSearch.highlight(doc.title, result.matched),
    text: '<p class="pd-search-date">' + escape(PaperSearch.dates(doc)) + "</p><p>" + PaperSearch.snippet(doc.abstract, result.matched) + "</p>" +
      (tags ? '<p class="md-tags">' + tags + "</p>" : ""),
  }];
}

self.addEventListener("message", function (event) {
  var message = event.data;
  if (message.type === SETUP) {
    engine = loadLunr().then(function () { return PaperSearch.open(SITE_ROOT); });
    engine.catch(function (error) { console.error(error); });
    // Ready at once: queries typed meanwhile wait for the engine rather than being refused.
    self.postMessage({ type: READY });
  } else if (message.type === QUERY && engine) {
    var seq = ++latest;
    var query = String(message.data || "");
    engine
      .then(function (search) {
        if (!query.trim()) return { results: [], words: [], total: 0 };
        return search.search(query, { limit: MAX_RESULTS, isCurrent: function () { return seq === latest; } });
      })
      .then(function (found) {
        if (!found || seq !== latest) return; // a newer query is on its way: drop this answer
        // `total`, `exact` and `mode` are ours: Material reads only `items`; dialog.js shows them.
        self.postMessage({ type: RESULT, data: {
          items: found.results.map(function (r) { return toItem(r, found.words); }),
          query: query, total: found.total, exact: found.exact, mode: found.mode,
        } });
      })
      .catch(function (error) { console.error(error); });
  }
});
