"""Searching the built seed site in a real Chromium: the header search, the search page, filters."""

from __future__ import annotations

import json
import re
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
    total = len(list((seed_site / "search" / build / "t").glob("*.json.gz")))
    assert 1 <= len(set(shards)) <= max(4, total // 2)


UNPACK_EVERY_SHARD = """async (whole) => {
  const search = await PaperSearch.open(new URL("../", location.href));
  await Promise.all([...new Set(Object.values(search.manifest.shards))].map(n => search.loadShard(n)));
  const vectors = index => Object.fromEntries(Object.entries(index.fieldVectors).map(([ref, v]) => [ref, v.elements]));
  const lunrs = lunr.Index.load(whole);
  return {ours: {inverted: search.invertedIndex, vectors: vectors(search)},
          lunrs: {inverted: lunrs.invertedIndex, vectors: vectors(lunrs)}};
}"""


def test_the_engine_unpacks_the_served_shards_into_what_lunr_loads_from_its_own_format(page, site_url) -> None:  # type: ignore[no-untyped-def]
    """engine.js's `unpack` of every compact shard, merged, against lunr.js's own `Index.load` of
    the whole index in lunr's serialized format: the same inverted index and field vectors."""
    from generator import search
    from generator.config import Settings
    from generator.pipeline import build_catalog

    from ..conftest import ROOT, SEEDS

    catalog = build_catalog(Settings(dumps_dir=SEEDS, taxonomy=ROOT / "site_src" / "tags.yml", progress=False))
    index = search.prune(search.index_papers(catalog.papers), search.index.MAX_DOCUMENTS_PER_TERM)
    page.goto(site_url + "search/")  # a page with lunr.js and engine.js loaded
    loaded = page.evaluate(UNPACK_EVERY_SHARD, search.serialize_index(index))
    assert loaded["ours"]["inverted"] == loaded["lunrs"]["inverted"]
    assert loaded["ours"]["vectors"] == {ref: pairs for ref, pairs in loaded["lunrs"]["vectors"].items() if pairs}
    assert len(loaded["ours"]["inverted"]) == len(index.terms)


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
    year = next(text[10:14] for text in page.locator(".pd-search__result .pd-meta").all_inner_texts()
                if text.startswith("published "))
    page.select_option("select[name=year]", year)
    page.wait_for_function(
        "year => [...document.querySelectorAll('.pd-search__result .pd-meta')].every(e => e.textContent.startsWith('published ' + year))",
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


def _terms(text: str) -> set[str]:
    """The index terms of a text, as the build makes them (lunr's trimmer, stop words, stemmer)."""
    from lunr.pipeline import Pipeline
    from lunr.stemmer import stemmer
    from lunr.stop_word_filter import stop_word_filter
    from lunr.token import Token
    from lunr.trimmer import trimmer

    pipeline = Pipeline()
    pipeline.add(trimmer, stop_word_filter, stemmer)
    return {str(token) for word in re.split(r"[ \t\n\r\f\v\xa0-]+", text.lower()) if word
            for token in pipeline.run([Token(word)])}


def _words(text: str) -> list[str]:
    return [match for word in re.split(r"[ \t\n\r\f\v\xa0-]+", text.lower())
            if (match := re.sub(r"^\W+|\W+$", "", word))]


def _papers(seed_site: Path) -> list[dict]:
    return json.loads((seed_site / "papers.json").read_text(encoding="utf-8"))["papers"]


def _holding(seed_site: Path, *words: str) -> list[dict]:
    """The papers whose title, tags or abstract hold every word (by its stem)."""
    wanted = {term for word in words for term in _terms(word)}
    return [p for p in _papers(seed_site)
            if wanted <= _terms(" ".join([p["title"], ", ".join(p["tags"]), p["abstract"]]))]


def _count_in_status(text: str) -> int:
    return int(re.search(r"\d+", text).group())


def test_header_search_requires_every_word_and_shows_the_true_count(page, site_url, seed_site) -> None:  # type: ignore[no-untyped-def]
    expected = {p["url"] for p in _holding(seed_site, "model", "merging")}
    assert 10 < len(expected) < len(_papers(seed_site)) / 4
    page.goto(site_url)
    header_search(page, "model merging ")
    page.wait_for_selector(".md-search-result__meta .pd-search-all")
    meta = page.locator(".md-search-result__meta")
    assert meta.inner_text().startswith(f"{len(expected)} matching papers")
    shown = page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.getAttribute('href'))")
    assert len(shown) == 10
    assert {href.split("papers/", 1)[1] for href in shown} <= {url.split("papers/", 1)[1] for url in expected}


def test_header_search_links_to_all_its_results_on_the_search_page(page, site_url, seed_site) -> None:  # type: ignore[no-untyped-def]
    total = len(_holding(seed_site, "model", "merging"))
    page.goto(site_url + "tags/")
    header_search(page, "model merging")
    # The answers to "model mer..." come first while the words are typed: wait for the last one.
    page.wait_for_function("text => document.querySelector('.md-search-result__meta .pd-search-all')"
                           "?.textContent === text", arg=f"all {total} results")
    link = page.locator(".md-search-result__meta .pd-search-all")
    link.click()
    page.wait_for_selector(".pd-search__result")
    assert urlparse(page.url).path.endswith("/search/")
    assert parse_qs(urlparse(page.url).query) == {"query": ["model merging"]}
    assert _count_in_status(page.locator(".pd-search__status").inner_text()) == total
    assert page.locator(".pd-search__result").count() == total


def test_search_page_pages_through_every_result(page, site_url, seed_site) -> None:  # type: ignore[no-untyped-def]
    total = len(_holding(seed_site, "model"))
    assert total > 100
    page.goto(site_url + "search/?query=model")
    page.wait_for_selector(".pd-search__result")
    assert page.locator(".pd-search__status").inner_text().startswith(f"{total} papers, 1–50 shown")
    seen: list[str] = []
    for number in range(1, (total + 49) // 50 + 1):
        page.wait_for_function("n => document.querySelector('.pd-search__page').textContent.startsWith('Page ' + n)", arg=number)
        seen += page.eval_on_selector_all(".pd-search__result > a", "links => links.map(a => a.href)")
        if number > 1:
            assert parse_qs(urlparse(page.url).query)["page"] == [str(number)]
        if not page.locator(".pd-search__next").is_disabled():
            page.locator(".pd-search__next").click()
    assert page.locator(".pd-search__next").is_disabled()
    assert len(seen) == len(set(seen)) == total


def test_a_quoted_phrase_requires_its_words_in_order(page, site_url, seed_site) -> None:  # type: ignore[no-untyped-def]
    def holds(paper: dict) -> bool:
        return any(" weight averaging " in " " + " ".join(_words(text)) + " " for text in (paper["title"], paper["abstract"]))

    phrase = {p["url"] for p in _papers(seed_site) if holds(p)}
    loose = _holding(seed_site, "weight", "averaging")
    assert 0 < len(phrase) < len(loose)
    page.goto(site_url + 'search/?query="weight averaging"')
    page.wait_for_selector(".pd-search__result")
    assert _count_in_status(page.locator(".pd-search__status").inner_text()) == len(phrase)
    shown = page.eval_on_selector_all(".pd-search__result > a", "links => links.map(a => a.href)")
    assert {href.split(site_url, 1)[1] for href in shown} == phrase


def test_no_paper_with_every_word_falls_back_to_any_word(page, site_url, seed_site) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_url + "search/?query=merging+zzyzxq")
    page.wait_for_selector(".pd-search__result")
    status = page.locator(".pd-search__status").inner_text()
    assert status.startswith("No paper has every word;")
    assert page.locator(".pd-search__result").count() == len(_holding(seed_site, "merging"))


def test_arrow_keys_move_from_the_query_into_the_results_and_back(page, site_url) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_url + "search/?query=unlearning")
    page.wait_for_selector(".pd-search__result")
    page.locator("form.pd-search input[name=q]").focus()
    links = page.locator(".pd-search__result > a")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.href") == links.nth(0).evaluate("a => a.href")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.href") == links.nth(1).evaluate("a => a.href")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.name") == "q"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/papers/**")


def test_results_have_no_landmark_of_their_own(page, site_url) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_url + "search/?query=unlearning")
    page.wait_for_selector(".pd-search__result")
    assert page.locator(".pd-search__results nav, .pd-search__results [role=navigation]").count() == 0
    header_search(page, "unlearning")
    assert page.locator(".md-search-result nav").count() == 0
