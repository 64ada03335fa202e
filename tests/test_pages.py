"""Rendering the catalog into site files: paper pages, listings, feed, papers.json.

These tests work on the Markdown sources the plugin hands to MkDocs; tests/test_build.py checks the
HTML MkDocs makes of them.
"""

from __future__ import annotations

import html
import re

import json
import xml.etree.ElementTree as ElementTree
from dataclasses import replace
from datetime import date

import pytest
import yaml
from hypothesis import given, settings as hypothesis_settings, strategies as st

from generator.render import home_sections, listings, markup, pages
from generator.render.catalog import catalog_from_json
from generator.config import Settings
from generator.model import Catalog, Dump, Link, Organization, Paper, SimilarLink, Tag
from generator.text import extract_links

ATOM = "{http://www.w3.org/2005/Atom}"


def make_paper(slug: str, **fields: object) -> Paper:
    values: dict[str, object] = dict(
        slug=slug, title=slug.replace("-", " ").title(), title_derived=False,
        abstract=f"The abstract of {slug}.", authors_count=3, organization=None,
        published=date(2025, 3, 12), upvotes=7, links=(), sources=("2025-03-13-daily.txt",),
        added=date(2025, 3, 13), tags=(), similar=())
    values.update(fields)
    return Paper(**values)  # type: ignore[arg-type]


def make_catalog(papers: list[Paper], tag_names: tuple[str, ...] = ()) -> Catalog:
    tags = tuple(Tag(name, name.lower().replace(" ", "-"), f"About {name}.") for name in sorted(tag_names))
    dump = Dump("2025-03-13-daily.txt", date(2025, 3, 13), "file name", "listing", (), ())
    return Catalog(papers=tuple(sorted(papers, key=lambda p: p.slug)), tags=tags, dumps=(dump,))


@pytest.fixture
def catalog() -> Catalog:
    first = make_paper(
        "mixture-of-experts-routing", tags=("Mixture of experts", "Language models"),
        organization=Organization("UCAS", "ucas"),
        links=(Link("https://github.com/example/moe", "code"), Link("javascript:alert(1)", "other")),
        similar=(SimilarLink("sparse-upcycling", 0.4321, ("routing", "experts")),))
    second = make_paper("sparse-upcycling", tags=("Mixture of experts",), published=None,
                        added=date(2025, 3, 14), upvotes=None, authors_count=None,
                        similar=(SimilarLink("mixture-of-experts-routing", 0.4321),))
    derived = make_paper("we-study-bare-abstracts", title_derived=True, tags=())
    return make_catalog([first, second, derived], ("Language models", "Mixture of experts"))


def split_page(source: str) -> tuple[dict, str]:
    assert source.startswith("---\n")
    head, body = source[4:].split("\n---\n", 1)
    return yaml.safe_load(head), body


def test_every_paper_gets_a_page_with_the_slim_template(catalog: Catalog) -> None:
    files = pages.render_site(catalog, Settings())
    for paper in catalog.papers:
        meta, body = split_page(files[f"papers/{paper.slug}.md"])
        assert meta["template"] == "paper.html"
        assert meta["title"] == paper.title
        assert body.strip().startswith('<nav class="pd-crumbs"')


def test_paper_page_body_is_one_raw_html_block_without_blank_lines(catalog: Catalog) -> None:
    _, body = split_page(pages.render_site(catalog, Settings())["papers/mixture-of-experts-routing.md"])
    assert "\n" not in body.strip()


def test_paper_page_shows_metadata_tags_links_and_similar_papers(catalog: Catalog) -> None:
    _, body = split_page(pages.render_site(catalog, Settings())["papers/mixture-of-experts-routing.md"])
    assert "UCAS" in body and "3 authors" in body and "7 upvotes" in body
    assert "Published <time>2025-03-12</time>" in body and "Added <time>" in body
    assert 'href="../../sources/2025-03-13-daily/"' in body
    assert 'href="../../tags/mixture-of-experts/"' in body
    assert 'href="https://github.com/example/moe"' in body
    assert 'href="../sparse-upcycling/"' in body and "very close: both mention “routing” and “experts”" in body
    # Google Scholar's search, a plain link; paper.js adds the others from the heading (browser tests).
    assert 'href="https://scholar.google.com/scholar?q=%22Mixture+Of+Experts+Routing%22' in body
    assert "arxiv.org" not in body and "semanticscholar.org" not in body


def test_non_web_links_are_never_clickable(catalog: Catalog) -> None:
    _, body = split_page(pages.render_site(catalog, Settings())["papers/mixture-of-experts-routing.md"])
    assert "javascript:" not in body


def test_similar_section_is_absent_without_links(catalog: Catalog) -> None:
    _, body = split_page(pages.render_site(catalog, Settings())["papers/we-study-bare-abstracts.md"])
    assert "Similar papers" not in body


def test_derived_title_says_so(catalog: Catalog) -> None:
    files = pages.render_site(catalog, Settings())
    assert "derived from the abstract" in files["papers/we-study-bare-abstracts.md"]
    assert "derived from the abstract" not in files["papers/sparse-upcycling.md"]


def test_missing_metadata_is_said_plainly(catalog: Catalog) -> None:
    _, body = split_page(pages.render_site(catalog, Settings())["papers/sparse-upcycling.md"])
    assert "Publication date unknown" in body
    assert "upvote" not in body and "author" not in body


HOSTILE = [
    '<script>alert("x")</script>',
    '<img src=x onerror=alert(1)>',
    "[click](javascript:alert(1))",
    "{{ config.site_name }} {% include 'base.html' %}",
    "---\ntitle: overridden\n---",
    "<!-- material/tags -->",
    "**bold** _em_ `code` # heading",
    '" onmouseover="alert(1)',
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_stays_text_in_the_page_source(hostile: str) -> None:
    paper = make_paper("hostile", title=f"Title {hostile}", abstract=f"Abstract {hostile} end.",
                       tags=(f"Tag {hostile}",))
    catalog = Catalog(papers=(paper,), tags=(Tag(f"Tag {hostile}", "tag-hostile"),))
    meta, body = split_page(pages.render_site(catalog, Settings())["papers/hostile.md"])
    assert markup.escape_html(" ".join(f"Title {hostile}".split())) in body
    assert markup.escape_html(" ".join(f"Abstract {hostile} end.".split())) in body
    for raw in ("<script", "<img", "<!--", "{{", "{%", 'href="javascript', "<strong", "<em", "<code"):
        assert raw not in body
    assert meta["title"] == markup.escape_html(" ".join(f"Title {hostile}".split()))
    assert "\n" not in body.strip()
    assert set(meta) == {"title", "description", "template"}  # nothing per paper but what the frame marks


@given(st.text(min_size=1, max_size=200))
@hypothesis_settings(max_examples=200, deadline=None)
def test_front_matter_round_trips_any_title(title: str) -> None:
    meta, _ = split_page(markup.front_matter(title, title))
    assert meta["title"] == markup.escape_html(" ".join(title.split()))


@given(st.text(max_size=300))
@hypothesis_settings(max_examples=200, deadline=None)
def test_abstract_html_never_contains_raw_markup_from_text(value: str) -> None:
    rendered = markup.abstract(value)
    stripped = rendered.replace("<p>", "").replace("</p>", "").replace("<br />", "")
    for tag in ("<script", "<img", "<iframe", "<svg", "<!--"):
        assert tag not in stripped.lower()


def test_tex_spans_become_math_and_money_does_not() -> None:
    assert r'<span class="math inline">\mathcal&#123;O}(n^2)</span>' in markup.abstract(r"costs $\mathcal{O}(n^2)$ time")
    money = markup.abstract("it costs $200k to train, compared with $300k for baselines")
    assert "math" not in money and "$200k" in money and "$300k" in money


def test_bare_urls_become_links_and_javascript_does_not() -> None:
    rendered = markup.abstract("code at https://github.com/a/b and javascript:alert(1) too")
    assert '<a rel="nofollow noopener" href="https://github.com/a/b">' in rendered
    assert 'href="javascript' not in rendered


URLISH = st.lists(st.sampled_from(["see ", "https://github.com/a/b", "www.example.org/x", "http://", "(", ")",
                                    ".", ", ", "<b>", "&amp;", '"', "'", "{x}", "javascript:alert(1)", "\u00e9",
                                    "https://a.io/p?q=1&r=2", "model.In", "\\url", " "]),
                  max_size=12).map("".join)


@given(URLISH)
@hypothesis_settings(max_examples=300, deadline=None)
def test_abstract_links_keep_every_character_and_only_link_the_web(value: str) -> None:
    rendered = markup.abstract(value)
    assert rendered.startswith("<p>") and rendered.endswith("</p>")
    shown = html.unescape(re.sub(r"<[^>]+>", "", rendered[3:-4]))
    assert shown == value  # a reader sees the abstract's own text, nothing lost or added
    for href in re.findall(r'href="([^"]*)"', rendered):
        assert html.unescape(href).startswith(("https://", "http://")), href


def test_abstract_links_are_the_papers_code_and_links() -> None:
    value = r"Code: https://github.com/x/EQ-Net.git{https://github.com/x/EQ-Net} and www.site.org/p. Done (see https://a.io/x)."
    links = re.findall(r'href="([^"]*)"', markup.abstract(value))
    assert links == [link.url for link in extract_links(value)]
    assert links == ["https://github.com/x/EQ-Net.git", "https://github.com/x/EQ-Net", "https://www.site.org/p",
                     "https://a.io/x"]


def test_listings_paginate_at_page_size() -> None:
    papers = [make_paper(f"paper-{number:03d}", tags=("Big",), published=date(2025, 1 + number % 12, 1))
              for number in range(25)]
    files = listings.render_listings(make_catalog(papers, ("Big",)), Settings(page_size=10))
    assert {"tags/big/index.md", "tags/big/page-2.md", "tags/big/page-3.md"} <= set(files)
    assert "tags/big/page-4.md" not in files
    assert files["tags/big/index.md"].count("<li ") == 10
    assert 'href="page-2/" rel="next"' in files["tags/big/index.md"]
    assert 'href="../" rel="prev"' in files["tags/big/page-2.md"]
    assert files["tags/big/page-3.md"].count('href="../../../papers/') == 5


def test_pager_of_a_long_listing_stays_short() -> None:
    papers = [make_paper(f"paper-{number:04d}", tags=("Big",)) for number in range(940)]
    files = listings.render_listings(make_catalog(papers, ("Big",)), Settings(page_size=10))
    middle = files["tags/big/page-50.md"]
    pager = middle[middle.index('<nav class="pd-pager"'):]
    shown = [int(n) for n in re.findall(r">(\d+)</(?:a|strong)>", pager)]
    assert shown == [1, 48, 49, 50, 51, 52, 94] and pager.count("…") == 2
    assert '<a href="../page-94/">94</a>' in pager and '<a href="../">1</a>' in pager


def test_tag_listing_is_newest_first(catalog: Catalog) -> None:
    files = listings.render_listings(catalog, Settings())
    page = files["tags/mixture-of-experts/index.md"]
    assert page.index("mixture-of-experts-routing") < page.index("sparse-upcycling")  # undated last


def test_archive_has_months_and_an_undated_section(catalog: Catalog) -> None:
    files = listings.render_listings(catalog, Settings())
    assert "archive/2025-03/index.md" in files and "archive/undated/index.md" in files
    index = files["archive/index.md"]
    assert "March 2025" in index and "Undated" in index
    assert "sparse-upcycling" in files["archive/undated/index.md"]


def test_tag_index_counts_papers(catalog: Catalog) -> None:
    index = listings.render_listings(catalog, Settings())["tags/index.md"]
    assert '<a href="mixture-of-experts/">Mixture of experts</a></td><td class="pd-count">2</td>' in index


def test_source_pages_list_each_dump(catalog: Catalog) -> None:
    files = listings.render_listings(catalog, Settings())
    assert "sources/2025-03-13-daily/index.md" in files
    assert files["sources/2025-03-13-daily/index.md"].count('href="../../papers/') == 3


def test_feed_is_atom_of_latest_additions_without_clock_time(catalog: Catalog) -> None:
    feed = pages.render_site(catalog, Settings(feed_size=2))["feed.xml"]
    root = ElementTree.fromstring(feed)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries][0] == "Sparse Upcycling"
    assert len(entries) == 2
    assert root.findtext(f"{ATOM}updated") == "2025-03-14T00:00:00+00:00"


def test_feed_uses_absolute_links_with_a_site_url(catalog: Catalog) -> None:
    feed = pages.render_site(catalog, Settings(site_url="https://example.org/digest/"))["feed.xml"]
    assert b'href="https://example.org/digest/papers/sparse-upcycling/"' in feed


def test_papers_json_is_the_catalog(catalog: Catalog) -> None:
    text = pages.render_site(catalog, Settings())["papers.json"]
    assert json.loads(text)["schema"] == 1
    assert catalog_from_json(text).papers == catalog.papers


def test_rendering_is_deterministic(catalog: Catalog) -> None:
    reordered = replace(catalog, papers=tuple(reversed(catalog.papers)))
    assert pages.render_site(catalog, Settings()) == pages.render_site(catalog, Settings())
    assert listings.render_listings(reordered, Settings()) == listings.render_listings(catalog, Settings())


def test_home_sections_count_papers_and_link_tags(catalog: Catalog) -> None:
    home = home_sections(catalog)
    assert "<strong>3</strong> papers" in home
    assert 'href="tags/mixture-of-experts/"' in home
    assert 'href="papers/sparse-upcycling/"' in home
