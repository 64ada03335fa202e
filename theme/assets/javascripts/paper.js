{#-
  A paper page's one script, rendered once for the whole site (a static template, see
  `static_templates` in mkdocs.yml) instead of written into each of tens of thousands of pages:

  - the site's navigation: the tabs (Material's partials/tabs.html) and the drawer a phone opens
    from the menu button (partials/nav.html). paper-frame.html loads this file in the navigation
    sidebar's block: it writes the drawer where it stands and the tabs before the page's <main>,
    where Material's page has them, so both are in place before Material's bundle wires them up.
    MkDocs writes the links relative to this file; they are made absolute from its address.
  - "Find the full paper": the page holds Google Scholar's search for the exact title, a plain
    link that works without JavaScript; arXiv's, Hugging Face's and Semantic Scholar's searches
    for the same title are put before it once the page is read, from its heading, so a page does
    not carry its URL-encoded title four times (generator/render/pages.py, _find_links).
-#}
{%- import "partials/language.html" as lang with context -%}
{%- set features = config.theme.features or [] -%}
{%- set tabs -%}{% include "partials/tabs.html" %}{%- endset -%}
{%- set drawer -%}
<div class="md-sidebar md-sidebar--primary" data-md-component="sidebar" data-md-type="navigation" hidden>
<div class="md-sidebar__scrollwrap"><div class="md-sidebar__inner">{% include "partials/nav.html" %}</div></div></div>
{%- endset -%}
(function (script) {
  "use strict";
  function fragment(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    holder.content.querySelectorAll("a[href]").forEach(function (link) {
      link.href = new URL(link.getAttribute("href"), script.src).href;
    });
    return holder.content;
  }
  script.after(fragment({{ drawer | tojson }}));
  script.closest(".md-main").before(fragment({{ tabs | tojson }}));
})(document.currentScript);

document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var list = document.querySelector(".md-content .pd-find");
  var heading = document.querySelector(".md-content h1");
  if (!list || !heading) return;
  var query = encodeURIComponent(heading.textContent.trim()).replace(/%20/g, "+");
  var searches = [
    ["arXiv", "https://arxiv.org/search/?searchtype=title&query=" + query],
    ["Hugging Face papers", "https://huggingface.co/papers?q=" + query],
    ["Semantic Scholar", "https://www.semanticscholar.org/search?q=" + query],
  ];
  searches.forEach(function (search) {
    var item = document.createElement("li"), link = document.createElement("a");
    link.href = search[1];
    link.textContent = search[0];
    item.append(link);
    list.lastElementChild.before(item);
  });
});
