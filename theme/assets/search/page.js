/*
 * The search page: a query box with tag and year filters over the prebuilt index (engine.js).
 * The query and filters are kept in the address, so a search can be bookmarked and shared.
 */
(function () {
  "use strict";

  var LIMIT = 50;
  var form = document.querySelector("form.pd-search");
  if (!form) return;
  var status = document.querySelector(".pd-search__status");
  var list = document.querySelector(".pd-search__results");
  var config = JSON.parse(document.getElementById("__config").textContent);
  var root = new URL(config.base, location.href);
  var escape = PaperSearch.escapeHtml;
  var latest = 0;
  var timer = null;

  function state() {
    // "query", not "q": Material opens its header search on any page whose address has a "q".
    return { query: form.q.value, tag: form.tag.value, year: form.year.value };
  }

  function keepInAddress(current) {
    var params = new URLSearchParams();
    Object.keys(current).forEach(function (key) { if (current[key]) params.set(key, current[key]); });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }

  function addOptions(select, values) {
    values.forEach(function (value) {
      var option = document.createElement("option");
      option.value = String(value);
      option.textContent = String(value);
      select.appendChild(option);
    });
  }

  function render(found, current) {
    if (!current.query.trim() && !current.tag && !current.year) {
      status.textContent = "Type to search.";
      list.innerHTML = "";
      return;
    }
    var total = found.total;
    status.textContent = total === 0 ? "No paper matches." :
      (total === 1 ? "1 paper" : total + " papers") + (total > LIMIT ? ", the first " + LIMIT + " shown" : "");
    list.innerHTML = found.results.map(function (result) {
      var doc = result.doc;
      var tags = doc.tags.map(function (tag) { return '<span class="md-tag">' + escape(tag) + "</span>"; }).join("");
      return '<li class="pd-search__result">' +
        '<a href="' + escape(new URL(doc.url, root).href) + '">' + PaperSearch.highlight(doc.title, result.matched) + "</a>" +
        '<div class="pd-meta">' + escape(doc.date) + "</div>" +
        "<p>" + PaperSearch.snippet(doc.abstract, result.matched) + "</p>" +
        '<nav class="md-tags">' + tags + "</nav></li>";
    }).join("");
  }

  function run(engine) {
    var current = state(), seq = ++latest;
    keepInAddress(current);
    var isCurrent = function () { return seq === latest; };
    engine.search(current.query, { limit: LIMIT, tag: current.tag, year: current.year, isCurrent: isCurrent }).then(function (found) {
      if (found && isCurrent()) render(found, current);
    }).catch(function (error) {
      status.textContent = "Search failed: " + error.message;
    });
  }

  status.textContent = "Loading the index…";
  PaperSearch.open(root).then(function (engine) {
    return engine.loadFacets().then(function (facets) {
      var years = {};
      facets.docs.forEach(function (doc) { years[doc[0]] = true; });
      addOptions(form.tag, facets.tags);
      addOptions(form.year, Object.keys(years).sort().reverse());
      var params = new URLSearchParams(location.search);
      form.q.value = params.get("query") || "";
      form.tag.value = params.get("tag") || "";
      form.year.value = params.get("year") || "";
      form.q.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { run(engine); }, 80);
      });
      form.tag.addEventListener("change", function () { run(engine); });
      form.year.addEventListener("change", function () { run(engine); });
      document.body.classList.add("pd-search-ready");
      run(engine);
    });
  }).catch(function (error) {
    status.textContent = "Search is unavailable: " + error.message;
  });
})();
