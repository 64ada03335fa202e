"""What a researcher meets in the first ten minutes, in a real Chromium: dates that say what they
are, what's new, listings to choose from and to sort, a tag's feed and chart, similar papers in
words, tags that link. (Search semantics: test_search.py; accessibility: test_accessibility.py.)
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ATOM = "{http://www.w3.org/2005/Atom}"


def catalog(seed_site: Path) -> dict:
    return json.loads((seed_site / "papers.json").read_text(encoding="utf-8"))


def busiest_tag(seed_site: Path) -> dict:
    return max(catalog(seed_site)["tags"], key=lambda tag: (tag["count"], tag["slug"]))


def test_year_filter_means_the_year_of_publication(page, site_url, seed_site) -> None:  # type: ignore[no-untyped-def]
    papers = catalog(seed_site)["papers"]
    years = {p["published"][:4] for p in papers if p["published"]}
    assert "2026" not in years and any(p["added"].startswith("2026") for p in papers)
    page.goto(site_url + "search/")
    page.wait_for_function("document.body.classList.contains('pd-search-ready')")
    options = page.locator("select[name=year] option").all_inner_texts()
    assert "2026" not in options and "No publication date" in options
    page.goto(site_url + "search/?year=2026")
    page.wait_for_selector(".pd-search__status:has-text('No paper')")
    undated = sum(1 for p in papers if not p["published"])
    page.goto(site_url + "search/?year=none")
    page.wait_for_selector(".pd-search__result")
    assert page.locator(".pd-search__status").inner_text().startswith(f"{undated} papers")
    assert page.locator("select[name=year]").input_value() == "none"
    for text in page.locator(".pd-search__result .pd-meta").all_inner_texts():
        assert text.startswith("added ") and "publication date unknown" in text


def test_search_results_label_their_dates_and_link_their_tags(page, site_url, seed_site) -> None:  # type: ignore[no-untyped-def]
    paper = next(p for p in catalog(seed_site)["papers"] if p["slug"] == "corrective-machine-unlearning")
    page.goto(site_url)
    page.keyboard.press("/")
    page.keyboard.type("corrective machine unlearning")
    first = page.locator(".md-search-result__item").first
    first.locator(".pd-search-date").wait_for()
    date_line = first.locator(".pd-search-date").inner_text()
    assert f"added {paper['added']}" in date_line
    assert (f"published {paper['published']}" if paper["published"] else "publication date unknown") in date_line
    tag = first.locator("a.md-tag").first
    assert tag.inner_text() == paper["tags"][0]
    tag.click()
    page.wait_for_url("**/tags/**")
    assert page.locator("h1").inner_text() == paper["tags"][0]


def test_whats_new_lists_the_latest_additions_best_first_with_their_dump(page, site_url, seed_site) -> None:  # type: ignore[no-untyped-def]
    papers = catalog(seed_site)["papers"]
    newest = max(p["added"] for p in papers)
    page.goto(site_url)
    day = page.locator("h3.pd-day").first
    assert day.inner_text().startswith(f"Added {newest}")
    day.locator("a").first.click()
    page.wait_for_url("**/sources/**")
    page.go_back()
    second_day = page.locator("h3.pd-day").nth(1).inner_text()[6:16]
    listed = page.locator("h3.pd-day").nth(1).locator("xpath=following-sibling::ul[1]/li")
    upvotes = [int(v) if v else -1 for v in listed.evaluate_all("rows => rows.map(r => r.dataset.u || '')")]
    assert upvotes == sorted(upvotes, reverse=True)
    slugs = {p["slug"] for p in papers if p["added"] == second_day}
    for href in listed.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert href.split("/")[1] in slugs


def test_a_listing_shows_snippets_without_javascript_and_sorts_with_it(browser, site_url, seed_site) -> None:  # type: ignore[no-untyped-def]
    tag = busiest_tag(seed_site)
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + f"tags/{tag['slug']}/")
    rows = tab.locator(".pd-list li")
    assert rows.count() == min(tag["count"], 200)
    assert all(text.strip() for text in tab.locator(".pd-list li > p").all_inner_texts())
    assert not tab.locator(".pd-sort").is_visible()
    context.close()

    context = browser.new_context()
    tab = context.new_page()
    tab.goto(site_url + f"tags/{tag['slug']}/")
    papers = {paper["slug"]: paper for paper in catalog(seed_site)["papers"]}

    def listed() -> list[dict]:
        hrefs = tab.locator(".pd-list li > a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        return [papers[href.rstrip("/").rsplit("/", 1)[1]] for href in hrefs]

    tab.select_option(".pd-sort select", "u")
    upvotes = [paper["upvotes"] if paper["upvotes"] is not None else -1 for paper in listed()]
    assert upvotes == sorted(upvotes, reverse=True) and upvotes[0] > 0
    tab.select_option(".pd-sort select", "a")
    added = [paper["added"] for paper in listed()]
    assert added == sorted(added, reverse=True) and len(set(added)) > 1
    context.close()


def test_a_tag_page_offers_its_own_valid_feed(page, site_url, seed_site) -> None:  # type: ignore[no-untyped-def]
    tag = busiest_tag(seed_site)
    page.goto(site_url + f"tags/{tag['slug']}/")
    link = page.locator('head link[type="application/atom+xml"][rel~="alternate"][href="feed.xml"]')
    assert link.count() == 1
    assert page.locator("a.pd-feed").is_visible()  # the subscribe link
    assert page.locator("a.pd-feed").get_attribute("href") == "feed.xml"
    feed_url = site_url + f"tags/{tag['slug']}/feed.xml"
    response = page.request.get(feed_url)
    assert response.ok
    root = ElementTree.fromstring(response.body())
    entries = root.findall(f"{ATOM}entry")
    tagged = {p["url"] for p in catalog(seed_site)["papers"] if tag["name"] in p["tags"]}
    assert 0 < len(entries) <= 20
    for entry in entries:
        href = entry.find(f"{ATOM}link").get("href")
        assert href.removeprefix("../../") in tagged
        assert page.request.get(feed_url.rsplit("/", 1)[0] + "/" + href).ok
        assert entry.findtext(f"{ATOM}title") and entry.findtext(f"{ATOM}summary")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_chart_of_papers_per_month_renders_in_both_schemes(browser, site_url, seed_site, scheme: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(color_scheme=scheme)
    tab = context.new_page()
    for path in (f"tags/{busiest_tag(seed_site)['slug']}/", "archive/"):
        tab.goto(site_url + path)
        chart = tab.locator("figure.pd-chart svg")
        box = chart.bounding_box()
        assert box["width"] > 300 and box["height"] > 30
        assert "by month of publication" in chart.locator("desc").text_content()
        colors = chart.evaluate("""svg => [getComputedStyle(svg.querySelector('path')).fill,
                                          getComputedStyle(document.body).backgroundColor]""")
        assert colors[0] != colors[1] and colors[0] != "rgba(0, 0, 0, 0)"
    context.close()


def test_similar_papers_say_why_in_words(page, site_url, seed_site) -> None:  # type: ignore[no-untyped-def]
    paper = next(p for p in catalog(seed_site)["papers"] if len(p["similar"]) >= 3)
    page.goto(site_url + paper["url"])
    reasons = page.locator(".pd-similar li > small").all_inner_texts()
    assert len(reasons) == len(paper["similar"])
    for reason in reasons:
        assert reason.split(":")[0] in ("very close", "close", "related")
        assert not any(character.isdigit() for character in reason.split(":")[0])
    assert any("both on" in reason or "both mention" in reason for reason in reasons)
