"""Safe HTML from untrusted dump text.

Every string that came from a dump passes through `escape_html()` or `abstract()` before it reaches a
page, so a title like `<script>` or `{{ config }}` shows as those characters and never runs,
renders, or reaches a template. Pages wrap this HTML in one raw block that Python-Markdown passes
through untouched, and front matter gets the escaped form because MkDocs templates print page
metadata without escaping it.
"""

from __future__ import annotations

import html
from urllib.parse import quote, quote_plus

import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

from ..text import url_spans, web_url

# `zero` has no HTML, emphasis, headings or escapes: text stays text. Linkify makes bare URLs
# clickable (only http, https and www: never javascript:), and dollarmath marks `$...$` spans
# for KaTeX, refusing `$200k ... $300k` (no digit after a closing `$`, no space inside).
_ABSTRACT = (
    MarkdownIt("zero", {"linkify": True, "typographer": False})
    .enable(["linkify", "newline"])
    .use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=False)
)


# libyaml's safe dumper when PyYAML has it (the same output as `yaml.safe_dump`, many times faster).
_SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def escape_html(value: object) -> str:
    """Escape for HTML text and attribute values alike.

    `{` becomes a character reference too: it reads the same, and a page can then never hold a
    template expression, should a Markdown-templating plugin ever be added to the build.
    """
    return html.escape(str(value), quote=True).replace("{", "&#123;")


def abstract(value: str) -> str:
    """An abstract as HTML: escaped text, clickable links, `$...$` marked up as math."""
    if "$" not in value and "\n" not in value:
        # The common case, without markdown-it (whose linkify takes a millisecond an abstract):
        # escaped text with its web addresses as links, found as the "Code and links" are.
        return f"<p>{_linked(value)}</p>"
    # No line breaks in the result: the page body must stay one raw HTML block.
    rendered = _ABSTRACT.render(value).strip().replace("{", "&#123;").replace("\n", " ")
    return rendered.replace("<a href=", '<a rel="nofollow noopener" href=')


def has_math(abstract_html: str) -> bool:
    """Whether an abstract rendered by `abstract` holds math for KaTeX to typeset."""
    return 'class="math' in abstract_html


def _linked(value: str) -> str:
    pieces, done = [], 0
    for start, end in url_spans(value):
        address = value[start:end]
        pieces += [escape_html(value[done:start]),
                   f'<a rel="nofollow noopener" href="{escape_html(web_url(address))}">{escape_html(address)}</a>']
        done = end
    pieces.append(escape_html(value[done:]))
    return "".join(pieces)


def url_path(slug: str) -> str:
    """A slug made safe for use inside an href (slugs are already ASCII; this is belt and braces)."""
    return quote(slug, safe="-._~")


def search_query(value: str) -> str:
    return quote_plus(value)


def front_matter(title: str, description: str, **extra: object) -> str:
    """YAML front matter; title and description pre-escaped for MkDocs' unescaped templates."""
    # One line each: YAML reads NEL and the Unicode line separators as line breaks.
    data = {"title": escape_html(" ".join(title.split())), "description": escape_html(" ".join(description.split())),
            **extra}
    return "---\n" + yaml.dump(data, Dumper=_SAFE_DUMPER, allow_unicode=True, sort_keys=False,
                               width=10_000) + "---\n\n"
