{#-
  Material's header search dialog, rendered once for the whole site (a static template, see
  `static_templates` in mkdocs.yml) instead of into every page: about 1.5 KB a page, which on
  tens of thousands of paper pages is most of the margin to the page-size budget. The header loads
  this file synchronously, so the dialog is in place before Material's bundle wires it up; the
  search needs JavaScript anyway.
-#}
{%- import "partials/language.html" as lang with context -%}
{%- set features = config.theme.features or [] -%}
{%- set dialog -%}{% include "partials/search.html" %}{%- endset -%}
document.currentScript.insertAdjacentHTML("afterend", {{ dialog | tojson }});
