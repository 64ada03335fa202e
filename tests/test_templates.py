"""Template shortcuts: a frame or a once-rendered block is reused only where pages cannot differ."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import DictLoader, Environment

from generator.site import templates

from .conftest import ROOT


class Page:
    """The page attributes the frame reads or marks, as MkDocs' Page has them."""

    def __init__(self, title: str, content: str, **front_matter: Any) -> None:
        self.meta = {"title": title, "description": f"About {title}", **front_matter}
        self.content = content
        self.canonical_url = None


def environment(page_template: str) -> Environment:
    env = Environment(loader=DictLoader({"page.html": page_template, "paper.html": '{{ frame("page.html") }}'}))
    env.globals.update(frame=templates.render_framed(), once=templates.render_once(), marker=templates.marker)
    return env


def test_a_front_matter_flag_the_template_branches_on_gets_its_own_frame() -> None:
    # A flag the frame does not mark, added later to the front matter and read by the template:
    # a page with it must not be filled into the frame made for a page without it, nor the reverse.
    env = environment("<h1>{{ page.meta.title }}</h1>"
                      "{% if page.meta.starred %}<p>starred</p>{% endif %}{{ page.content }}")
    paper = env.get_template("paper.html")
    plain = paper.render(page=Page("Plain", "<p>one</p>"), base_url=".")
    starred = paper.render(page=Page("Starred", "<p>two</p>", starred=True), base_url=".")
    plain_again = paper.render(page=Page("Plain again", "<p>three</p>", starred=False), base_url=".")
    assert plain == "<h1>Plain</h1><p>one</p>"
    assert starred == "<h1>Starred</h1><p>starred</p><p>two</p>"
    assert plain_again == "<h1>Plain again</h1><p>three</p>"


def test_pages_that_agree_on_their_front_matter_share_one_frame() -> None:
    renders = []
    env = environment("{{ count() }}<h1>{{ page.meta.title }}</h1>{{ page.content }}")
    env.globals["count"] = lambda: renders.append(1) or ""
    paper = env.get_template("paper.html")
    pages = [paper.render(page=Page(f"Paper {n}", f"<p>{n}</p>", math=True), base_url=".") for n in range(3)]
    assert pages == [f"<h1>Paper {n}</h1><p>{n}</p>" for n in range(3)]
    assert len(renders) == 1


def test_a_block_rendered_once_gets_each_pages_own_value() -> None:
    env = environment("")
    env.loader.mapping["header.html"] = (  # type: ignore[union-attr]
        '{% macro header() %}<header>{{ count() }}{{ marker("title") }}</header>{% endmacro %}'
        '{{ once("header", header, title=page.meta.title) }}')
    renders = []
    env.globals["count"] = lambda: renders.append(1) or ""
    header = env.get_template("header.html")
    shown = [header.render(page=Page(title, ""), base_url=".") for title in ("One &amp; two", "Three")]
    assert shown == ["<header>One &amp; two</header>", "<header>Three</header>"]
    assert len(renders) == 1


def test_the_theme_marks_page_values_with_the_one_marker_scheme() -> None:
    for template in (ROOT / "theme").glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "\\u0000" not in text and "\x00" not in text, f"{template.name} writes a marker of its own"
