{#-
  Material's header search dialog, rendered once for the whole site (a static template, see
  `static_templates` in mkdocs.yml) instead of into every page: about 1.5 KB a page, which on
  tens of thousands of paper pages is most of the margin to the page-size budget. The header loads
  this file synchronously, so the dialog is in place before Material's bundle wires it up; the
  search needs JavaScript anyway.

  It also connects Material's search to ours (worker.js): the search worker Material starts is
  ours, whose answers carry the true count, which goes into the result's heading with a link to
  every result on the search page; and the arrow keys and Enter step through the results only
  (not through the tags a result links).
-#}
{%- import "partials/language.html" as lang with context -%}
{%- set features = config.theme.features or [] -%}
{%- set dialog -%}{% include "partials/search.html" %}{%- endset -%}
{%- set dialog = dialog
      | replace('role="dialog"', 'role="dialog" aria-label="' ~ lang.t("search") ~ '"', 1)
      | replace('role="search"', 'role="search" aria-label="' ~ lang.t("search.placeholder") ~ '"', 1) -%}
document.currentScript.insertAdjacentHTML("afterend", {{ dialog | tojson }});
(function (script) {
  "use strict";
  var siteRoot = new URL("../../", script.src);
  var ourWorker = new URL("worker.js", script.src).href;
  var NativeWorker = window.Worker;
  if (!NativeWorker) return;

  /* Material starts its search worker from the configured URL: start ours instead, and listen. */
  function SearchWorker(url, options) {
    var isSearch = /(^|\/)workers\/search\.[^/]*\.js$/.test(new URL(url, location.href).pathname);
    var worker = new NativeWorker(isSearch ? ourWorker : url, options);
    if (isSearch) worker.addEventListener("message", showCount);
    return worker;
  }
  SearchWorker.prototype = NativeWorker.prototype;
  window.Worker = SearchWorker;

  /* After Material has written its count of the results on screen, write the true one. */
  function showCount(event) {
    var message = event.data || {}, data = message.data || {};
    if (message.type !== 3 || typeof data.total !== "number" || !data.query.trim()) return;
    setTimeout(function () {
      var meta = document.querySelector(".md-search-result__meta");
      if (!meta) return;
      var count = data.total + (data.exact ? "" : "+");
      meta.textContent = data.total === 0 ? "No matching paper" :
        data.mode === "any" ? "No paper has every word; " + count + " have some" :
        count + (data.total === 1 ? " matching paper" : " matching papers");
      if (data.total === 0) return;
      var link = document.createElement("a");
      link.className = "pd-search-all";
      link.href = new URL("search/?query=" + encodeURIComponent(data.query.trim()), siteRoot).href;
      link.textContent = data.total === 1 ? "open on the search page" : "all " + count + " results";
      meta.append(" · ", link);
    }, 0);
  }

  /* Up and down move from the query to the results and back; Enter opens the first result. */
  window.addEventListener("keydown", function (event) {
    var toggle = document.getElementById("__search");
    if (!toggle || !toggle.checked || event.metaKey || event.ctrlKey) return;
    var query = document.querySelector(".md-search__input");
    var active = document.activeElement;
    var results = document.querySelectorAll(".md-search-result__list > li > .md-search-result__link");
    var stops = [query].concat(Array.prototype.slice.call(document.querySelectorAll(".pd-search-all")),
                               Array.prototype.slice.call(results));
    if (event.key === "Enter" && active === query) {
      if (results.length) results[0].click();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var at = Math.max(0, stops.indexOf(active));
      stops[(at + stops.length + (event.key === "ArrowUp" ? -1 : 1)) % stops.length].focus();
    } else {
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
  }, true);
})(document.currentScript);
