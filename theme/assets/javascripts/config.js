{#-
  Material's configuration (its `config` block: features, translations, where its search worker
  is), rendered once for the whole site (a static template, see `static_templates` in mkdocs.yml)
  instead of into every page: about 700 bytes a page. Pages load this file where the block was, so
  the configuration element is in place before Material's bundle reads it. The addresses in it are
  made absolute from this file's own (it is assets/javascripts/config.js), as they would be read
  from the page's. tests/test_shell.py holds the block below to Material's.
-#}
{%- import "partials/language.html" as lang with context -%}
{%- set features = config.theme.features or [] -%}
{%- set element -%}
{% set _ = namespace() %}
{% set _.annotate = config.extra.annotate %}
{% set _.tags = config.extra.tags %}
{%- if config.extra.version -%}
  {%- set mike = config.plugins.mike -%}
  {%- if not mike or mike.config.version_selector -%}
    {%- set _.version = config.extra.version -%}
  {%- endif -%}
{%- endif -%}
<script id="__config" type="application/json">
  {{- {
    "base": base_url,
    "features": features,
    "translations": {
      "clipboard.copy": lang.t("clipboard.copy"),
      "clipboard.copied": lang.t("clipboard.copied"),
      "search.result.placeholder": lang.t("search.result.placeholder"),
      "search.result.none": lang.t("search.result.none"),
      "search.result.one": lang.t("search.result.one"),
      "search.result.other": lang.t("search.result.other"),
      "search.result.more.one": lang.t("search.result.more.one"),
      "search.result.more.other": lang.t("search.result.more.other"),
      "search.result.term.missing": lang.t("search.result.term.missing"),
      "select.version": lang.t("select.version")
    },
    "search": "assets/javascripts/workers/search.a7633da7.min.js" | url,
    "annotate": _.annotate or none,
    "tags": _.tags or none,
    "version": _.version or none
  } | tojson -}}
</script>
{%- endset -%}
(function (script) {
  "use strict";
  var template = document.createElement("template");
  template.innerHTML = {{ element | trim | tojson }};
  var element = template.content.firstElementChild;
  var data = JSON.parse(element.textContent);
  data.base = new URL(data.base, script.src).href;
  data.search = new URL(data.search, script.src).href;
  element.textContent = JSON.stringify(data);
  script.after(element);
})(document.currentScript);
