/*
 * The search page: a query box with tag and year filters over the prebuilt index (engine.js),
 * every result a page of PAGE_SIZE at a time. The query, the filters and the page are kept in the
 * address, so a search can be bookmarked and shared. The arrow keys move from the query into the
 * results and between them.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 50;
  var form = document.querySelector("form.pd-search");
  if (!form) return;
  var status = document.querySelector(".pd-search__status");
  var list = document.querySelector(".pd-search__results");
  var pager = document.querySelector(".pd-search__pager");
  var config = JSON.parse(document.getElementById("__config").textContent);
  var root = new URL(config.base, location.href);
  var escape = PaperSearch.escapeHtml;
  var latest = 0;
  var timer = null;
  var page = 1;

  function state() {
    // "query", not "q": Material opens its header search on any page whose address has a "q".
    return { query: form.q.value, tag: form.tag.value, year: form.year.value, page: page > 1 ? String(page) : "" };
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

  function plural(count, one, many) {
    return count + " " + (count === 1 ? one : many);
  }

  function describe(found, first) {
    var count = found.exact ? plural(found.total, "paper", "papers") : "at least " + plural(found.total, "paper", "papers");
    var shown = found.total > PAGE_SIZE ? ", " + (first + 1) + "–" + (first + found.results.length) + " shown" : "";
    if (found.total === 0) return "No paper matches.";
    if (found.mode === "any") return "No paper has every word; " + count + " have some of them" + shown + ".";
    return count + shown + ".";
  }

  function renderResult(result) {
    var doc = result.doc;
    var tags = PaperSearch.tagLinks(doc, root);
    return '<li class="pd-search__result">' +
      '<a href="' + escape(new URL(doc.url, root).href) + '">' + PaperSearch.highlight(doc.title, result.matched) + "</a>" +
      '<div class="pd-meta">' + escape(PaperSearch.dates(doc)) + "</div>" +
      "<p>" + PaperSearch.snippet(doc.abstract, result.matched) + "</p>" +
      (tags ? '<p class="md-tags">' + tags + "</p>" : "") + "</li>";
  }

  function renderPager(found, first) {
    var pages = Math.ceil(found.total / PAGE_SIZE);
    pager.hidden = pages <= 1 && found.exact;
    if (pager.hidden) return;
    var more = found.exact ? pages > page : found.total > first + found.results.length;
    pager.querySelector(".pd-search__previous").disabled = page <= 1;
    pager.querySelector(".pd-search__next").disabled = !more;
    pager.querySelector(".pd-search__page").textContent = "Page " + page + (found.exact ? " of " + pages : "");
  }

  function render(found, current) {
    if (!current.query.trim() && !current.tag && !current.year) {
      status.textContent = "Type to search.";
      list.innerHTML = "";
      pager.hidden = true;
      return;
    }
    var first = (page - 1) * PAGE_SIZE;
    status.textContent = describe(found, first);
    list.innerHTML = found.results.map(renderResult).join("");
    renderPager(found, first);
  }

  function run(engine) {
    var current = state(), seq = ++latest;
    keepInAddress(current);
    var isCurrent = function () { return seq === latest; };
    var options = { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE, tag: current.tag, year: current.year, isCurrent: isCurrent };
    return engine.search(current.query, options).then(function (found) {
      if (!found || !isCurrent()) return;
      if (found.results.length === 0 && page > 1 && found.total > 0) {
        page = Math.max(1, Math.ceil(found.total / PAGE_SIZE)); // a shared address past the last page
        return run(engine);
      }
      render(found, current);
    }).catch(function (error) {
      status.textContent = "Search failed: " + error.message;
    });
  }

  function resultLinks() {
    return Array.prototype.slice.call(list.querySelectorAll(".pd-search__result > a"));
  }

  /* Down from the query into the results, up and down between them, up from the first back. */
  function onArrow(event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var links = resultLinks(), at = links.indexOf(document.activeElement);
    var isQuery = document.activeElement === form.q;
    if (!isQuery && at < 0) return;
    var next = isQuery ? (event.key === "ArrowDown" ? 0 : -1) : at + (event.key === "ArrowDown" ? 1 : -1);
    if (next < 0 && !isQuery) form.q.focus();
    else if (next >= 0 && next < links.length) links[next].focus();
    else return;
    event.preventDefault();
  }

  function turnPage(engine, step) {
    page = Math.max(1, page + step);
    run(engine).then(function () { status.scrollIntoView({ block: "nearest" }); });
  }

  function wire(engine) {
    var restart = function () { page = 1; run(engine); };
    form.q.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(restart, 80);
    });
    form.tag.addEventListener("change", restart);
    form.year.addEventListener("change", restart);
    document.addEventListener("keydown", onArrow);
    pager.querySelector(".pd-search__previous").addEventListener("click", function () { turnPage(engine, -1); });
    pager.querySelector(".pd-search__next").addEventListener("click", function () { turnPage(engine, 1); });
  }

  status.textContent = "Loading the index…";
  PaperSearch.open(root).then(function (engine) {
    return engine.loadFacets().then(function (facets) {
      var years = {};
      facets.docs.forEach(function (doc) { if (doc[0]) years[doc[0]] = true; });
      addOptions(form.tag, engine.tags.names);
      addOptions(form.year, Object.keys(years).sort().reverse());
      var none = document.createElement("option");
      none.value = "none";
      none.textContent = "No publication date";
      form.year.appendChild(none);
      var params = new URLSearchParams(location.search);
      form.q.value = params.get("query") || "";
      // A tag or year the address names but no paper has (a shared link, an older build) is kept
      // as a choice, so the page says that nothing matches instead of dropping the filter.
      [[form.tag, "tag"], [form.year, "year"]].forEach(function (pair) {
        var value = params.get(pair[1]) || "";
        pair[0].value = value;
        if (pair[0].value !== value) {
          addOptions(pair[0], [value]);
          pair[0].value = value;
        }
      });
      page = Math.max(1, parseInt(params.get("page"), 10) || 1);
      wire(engine);
      document.body.classList.add("pd-search-ready");
      run(engine);
    });
  }).catch(function (error) {
    status.textContent = "Search is unavailable: " + error.message;
  });
})();
