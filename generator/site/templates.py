"""Template shortcuts for tens of thousands of generated pages, each giving what a full render gives.

Material's page template is rich: for one small paper page, rendering it costs more than all the
rest of the page's build. Yet paper pages differ only in a few values. So:

- `once` renders a block that depends on nothing but the page's depth once a build, then repeats
  it (styles, scripts, the configuration script); a block that also prints a page value (the
  header prints the title) is rendered with a `marker` in its place and filled in per page;
- `frame` renders a whole page template once with markers in place of the values pages differ by
  (title, description, canonical address, content), collapses its whitespace, and from then on
  fills the markers in: a join of strings per page. A frame is rendered again for every other
  combination of the front matter it does not mark (a template may branch on any of it, as
  paper-frame.html does on `math`).

Both use one marker scheme: a name between NUL characters, which no template or value makes, and
values go in after the split, so a value can never be read as a marker.

`tests/test_build.py` checks that framed paper pages equal fully rendered ones.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any, Callable

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from mkdocs.utils import get_relative_url

_ASCII_SPACE = " \t\r\f\v"  # not NBSP and its kin: those are text a reader sees
_MARKER = "\x00{}\x00"
_MARKED = re.compile("\x00([\\w.]+)\x00")


def marker(name: str) -> str:
    """A template function: the marker that stands for the value `name` until it is filled in."""
    return _MARKER.format(name)


def render_once() -> Callable[..., Markup]:
    """A template function: `{{ once("name", super) }}` renders a block once per template and
    depth, then repeats it. For blocks that read nothing of the page but its depth (`base_url`):
    Material's configuration script alone costs a millisecond a page, seconds on a large digest.
    `{{ once("name", render, title=page.meta.title) }}`: the block prints `marker("title")` where
    the page's title goes, and each page gets its own title filled in.
    """
    rendered: dict[tuple[str, str, str], list[str]] = {}

    @pass_context
    def once(context: Context, name: str, render: Callable[[], Markup], **values: Any) -> Markup:
        key = (context.name or "", name, str(context.get("base_url", "")))
        if key not in rendered:
            rendered[key] = _split(str(render()))
        return Markup(_filled(rendered[key], values))

    return once


SHARED_DIR = "assets/shared"
"""Where the scripts that write shared chrome (`shared`) go, relative to the site root."""


def render_shared(files: dict[str, str]) -> Callable[..., Markup]:
    """A template function: `{{ shared("name", super) }}` renders a block once per template, depth
    and set of links to the navigation's pages, as `once` does, but into a script of its own (added
    to `files`, by path from the site root) that writes the block where a page loads it: each page
    carries the script's tag instead of the block, and a browser fetches the block once.

    For chrome that reads nothing of the page but its depth (the header, the tabs, the navigation),
    on pages the navigation does not list. The HTML parser reads what `document.write` gives as it
    would read the markup in the page, before going on, so the document is the same and Material's
    scripts find the same elements. Without JavaScript that chrome is not shown (nor does Material's
    header work without it); pages keep plain links in their footer.

    `{{ shared("name", render, title=page.meta.title) }}`: the block prints `marker("title")` where
    the page's title goes, and the script takes it from the document's title (Material's
    `<title>` is the page's title, " - ", the site's name), escaped as the page escapes it.
    """
    scripts: dict[tuple[Any, ...], str] = {}

    @pass_context
    def shared(context: Context, name: str, render: Callable[[], Markup], title: str = "") -> Markup:
        base = str(context.get("base_url", ""))
        if _is_in_navigation(context):  # its navigation marks where it is: not the same for all
            return Markup(_filled(_split(str(render())), {"title": title}))
        key = (context.name or "", name, base, _links_to_navigation(context))
        if key not in scripts:
            parts = _split(collapse_whitespace(str(render()), join_tags=True))
            if set(parts[1::2]) - {"title"}:
                raise ValueError(f"shared block {name!r} marks a value other than the title")
            script = _writing_script(parts, f" - {context['config'].site_name}")
            scripts[key] = f"{SHARED_DIR}/{name}.{hashlib.sha256(script.encode()).hexdigest()[:12]}.js"
            files[scripts[key]] = script
        return Markup(f'<script src="{base}/{scripts[key]}"></script>')

    return shared


def _is_in_navigation(context: Context) -> bool:
    page, navigation = context.get("page"), context.get("nav")
    if page is None or navigation is None or page.file is None:
        return False
    return any(item.file.src_uri == page.file.src_uri for item in navigation.pages)


def _links_to_navigation(context: Context) -> tuple[str, ...]:
    """The page's links to the pages of the navigation. MkDocs writes the shortest relative link,
    so they differ between pages of one depth in different folders (`../` to tags/ from a tag,
    `../../tags/` from a month): pages whose chrome may be shared agree on all of them."""
    page, navigation = context.get("page"), context.get("nav")
    if page is None or navigation is None:
        return ()
    return tuple(get_relative_url(item.url, page.url) for item in navigation.pages)


def _filled(parts: list[str], values: dict[str, Any]) -> str:
    """Split parts (text, name, text, ...) with each name's value put in."""
    return "".join(str(values[part]) if index % 2 else part for index, part in enumerate(parts))


def _writing_script(parts: list[str], title_suffix: str) -> str:
    """JavaScript that writes `parts` into the page, with the page's title (the document's title
    without `title_suffix`) escaped as `markup.escape_html` escapes it where the title is marked."""
    if len(parts) == 1:
        return f"document.write({json.dumps(parts[0], ensure_ascii=False)});\n"
    return (
        "(function () {\n"
        f"  var parts = {json.dumps(parts, ensure_ascii=False)};\n"
        f"  var suffix = {json.dumps(title_suffix, ensure_ascii=False)}, title = document.title;\n"
        "  if (title.slice(-suffix.length) === suffix) title = title.slice(0, -suffix.length);\n"
        "  var escapes = {\"&\": \"&amp;\", \"<\": \"&lt;\", \">\": \"&gt;\", '\"': \"&quot;\", \"'\": \"&#x27;\", \"{\": \"&#123;\"};\n"
        "  title = title.replace(/[&<>\"'{]/g, function (c) { return escapes[c]; });\n"
        "  document.write(parts.map(function (part, index) { return index % 2 ? title : part; }).join(\"\"));\n"
        "})();\n"
    )


def render_framed() -> Callable[..., Markup]:
    """A template function: `{{ frame("page-template.html") }}` renders the current page with that
    template, from a frame rendered once per depth and per set of present values."""
    frames: dict[tuple[Any, ...], list[str]] = {}

    @pass_context
    def frame(context: Context, name: str) -> Markup:
        page = context["page"]
        values = _values(page)
        key = (name, str(context.get("base_url", "")), _unmarked_front_matter(page, values),
               tuple(bool(value) for value in values.values()))
        if key not in frames:
            stand_in = _MarkedPage(page, {field: _MARKER.format(field) if value else value
                                          for field, value in values.items()})
            rendered = context.environment.get_template(name).render({**context.get_all(), "page": stand_in})
            frames[key] = _split(collapse_whitespace(rendered, join_tags=True))
        return Markup(_fill(frames[key], values))

    return frame


def collapse_whitespace(html: str, join_tags: bool = False) -> str:
    """The theme's indentation and blank lines dropped: most of a small page's bytes, and
    meaningless in HTML (pages with <pre> or <textarea> are left as they are).

    `join_tags`: also drop a line break between two tags, which in a page made of blocks and
    flex items is no space a reader sees.
    """
    if "<pre" in html or "<textarea" in html:
        return html
    # Line by line with str methods: a regular expression over every page costs seconds.
    lines = (line.strip(_ASCII_SPACE) for line in html.split("\n"))
    html = "\n".join(line for line in lines if line)
    return html.replace(">\n<", "><") if join_tags else html


def _values(page: Any) -> dict[str, Any]:
    """What paper pages differ by, as the templates print it: page attributes, and front matter
    keys as `meta.<key>`. The frame marks exactly these (`_MarkedPage`)."""
    return {"meta.title": page.meta.get("title"), "meta.description": page.meta.get("description"),
            "canonical_url": page.canonical_url, "content": page.content}


def _unmarked_front_matter(page: Any, values: dict[str, Any]) -> str:
    """All of the page's front matter but the values the frame marks: a frame made for one page
    serves another only when these agree, whatever key a template branches on."""
    marked = {name.removeprefix("meta.") for name in values if name.startswith("meta.")}
    return repr(sorted((str(key), value) for key, value in page.meta.items() if key not in marked))


def _fill(parts: list[str], values: dict[str, Any]) -> str:
    """The frame's parts with the values put in, whitespace collapsed as over a whole page."""
    filled = [parts[0]]
    for index in range(1, len(parts), 2):
        value = collapse_whitespace(str(values[parts[index]]), join_tags=True).strip(_ASCII_SPACE + "\n")
        after = parts[index + 1]
        if value.startswith("<") and filled[-1].endswith(">\n"):
            filled[-1] = filled[-1][:-1]
        if value.endswith(">") and after.startswith("\n<"):
            after = after[1:]
        filled += (value, after)
    return "".join(filled)


def _split(rendered: str) -> list[str]:
    """Text and marker names, alternating: a marker name at every odd index."""
    parts = _MARKED.split(rendered)
    if any("\x00" in part for index, part in enumerate(parts) if index % 2 == 0):
        raise ValueError("a page template changed a marker of its frame (filtered a page value?)")
    return parts


class _MarkedPage:
    """A page whose differing values are markers; everything else is the real page's."""

    def __init__(self, page: Any, marked: dict[str, Any]) -> None:
        self._page = page
        self.meta = {**page.meta, **{name.removeprefix("meta."): value
                                      for name, value in marked.items() if name.startswith("meta.")}}
        for name, value in marked.items():
            if not name.startswith("meta."):
                setattr(self, name, value)
        self.title = self.meta.get("title")  # MkDocs' `page.title` is the front matter's title

    def __getattr__(self, name: str) -> Any:
        return getattr(self._page, name)
