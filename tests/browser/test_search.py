"""Searching the built seed site in a real Chromium: the header search, the search page, filters."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml

pytestmark = pytest.mark.browser

QUERIES = Path(__file__).resolve().parents[1] / "search_relevance" / "queries.yml"
KNOWN = [(item["query"], item["paper"]) for item in yaml.safe_load(QUERIES.read_text())["known_item"]][::5]


@pytest.fixture(autouse=True)
def _needs_search_files(seed_site: Path) -> None:
    if not (seed_site / "search" / "search_index.json").exists():
        pytest.skip("the built site has no search index: schedule.build_site_files must add "
                    "search.build_search_files(catalog, settings)")


def header_search(page, query: str) -> None:  # type: ignore[no-untyped-def]
    page.keyboard.press("/")
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item")


@pytest.mark.parametrize(("query", "slug"), KNOWN)
def test_header_search_puts_the_paper_meant_first(page, site_url, query: str, slug: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_url)
    header_search(page, query)
    page.wait_for_function(
        "slug => (document.querySelector('.md-search-result__item a') || {}).href?.endsWith('papers/' + slug + '/')",
        arg=slug, timeout=5000)


def test_a_result_shows_title_date_tags_and_highlighted_snippet_and_opens(page, site_url, seed_site) -> None:  # type: ignore[no-untyped-def]
    papers = json.loads((seed_site / "papers.json").read_text(encoding="utf-8"))["papers"]
    paper = next(p for p in papers if p["slug"] == "corrective-machine-unlearning")
    page.goto(site_url + "tags/")  # any page: the header search is everywhere
    header_search(page, "corrective machine unlearning")
    first = page.locator(".md-search-result__item").first
    assert first.locator("h1").inner_text() == paper["title"]
    assert first.locator("h1 mark").count() >= 2
    assert (paper["published"] or paper["added"]) in first.inner_text()
    assert first.locator(".md-tag").all_inner_texts() == paper["tags"]
    assert first.locator("p mark").count() >= 1
    first.locator("a").first.click()
    page.wait_for_load_state()
    assert page.url == site_url + paper["url"]


def test_the_header_search_downloads_a_few_shards_not_the_index(page, site_url, seed_site) -> None:  # type: ignore[no-untyped-def]
    shards: list[str] = []
    page.on("request", lambda request: "/t/" in request.url and shards.append(request.url))
    page.goto(site_url)
    header_search(page, "mixture of experts")
    build = json.loads((seed_site / "search" / "search_index.json").read_text())["config"]["build"]
    total = len(list((seed_site / "search" / build / "t").glob("*.json")))
    assert 1 <= len(set(shards)) <= max(4, total // 2)


def test_search_page_filters_by_tag_and_year_and_keeps_the_search_in_the_address(page, site_url) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_url + "search/?query=unlearning")
    page.wait_for_selector(".pd-search__result")
    everything = page.locator(".pd-search__result").count()
    page.select_option("select[name=tag]", "Machine unlearning")
    page.wait_for_function("n => document.querySelectorAll('.pd-search__result').length < n", arg=everything)
    results = page.locator(".pd-search__result")
    assert results.count() >= 5
    for index in range(results.count()):
        assert "Machine unlearning" in results.nth(index).locator(".md-tag").all_inner_texts()
    year = page.locator(".pd-search__result .pd-meta").first.inner_text()[:4]
    page.select_option("select[name=year]", year)
    page.wait_for_function(
        "year => [...document.querySelectorAll('.pd-search__result .pd-meta')].every(e => e.textContent.startsWith(year))",
        arg=year)
    params = parse_qs(urlparse(page.url).query)
    assert params == {"query": ["unlearning"], "tag": ["Machine unlearning"], "year": [year]}
    # The address alone brings the same search back.
    shared = page.url
    count = page.locator(".pd-search__result").count()
    page.goto(shared)
    page.wait_for_selector(".pd-search__result")
    assert page.locator(".pd-search__result").count() == count
    assert page.locator("select[name=tag]").input_value() == "Machine unlearning"
    page.locator(".pd-search__result a").first.click()
    page.wait_for_load_state()
    assert "/papers/" in page.url


def test_catalog_text_becomes_text_not_markup(page, site_url) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_url + "search/")
    page.wait_for_function("document.body.classList.contains('pd-search-ready')")
    html = page.evaluate("""() => PaperSearch.highlight('<img src=x onerror="window.owned=1"> model', {model: true})
                             + PaperSearch.snippet('<script>window.owned=1</script> model', {model: true})""")
    assert "<img" not in html and "<script" not in html and "&lt;img" in html
    assert "<mark>model</mark>" in html
