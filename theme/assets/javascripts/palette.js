{#-
  Material's light/dark toggle and the script that applies the reader's saved choice, rendered
  once for the whole site (a static template, see `static_templates` in mkdocs.yml) instead of into
  every page. The header loads this file synchronously where the toggle belongs, so the toggle is
  in place and the saved colours are applied before the page is shown, as with the inline markup.
-#}
{%- import "partials/language.html" as lang with context -%}
{%- set features = config.theme.features or [] -%}
{%- set toggle -%}{% include "partials/palette.html" %}{%- endset -%}
{%- set apply -%}{% include "partials/javascripts/palette.html" %}{%- endset -%}
document.currentScript.insertAdjacentHTML("afterend", {{ toggle | tojson }});
{{ apply | replace("<script>", "") | replace("</script>", "") | trim }}
