{#-
  The site's navigation for paper pages, rendered once for the whole site (a static template, see
  `static_templates` in mkdocs.yml) instead of into each of tens of thousands of pages: the tabs
  (Material's partials/tabs.html) and the navigation drawer a phone opens from the menu button
  (partials/nav.html). paper-frame.html loads this file once, in the navigation sidebar's block:
  it writes the drawer where it stands and the tabs before the page's <main>, where Material's
  page has them, so both are in place before Material's bundle wires them up (one script tag a
  page instead of two). MkDocs writes the links relative to this file; they are made absolute
  from its address.
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
