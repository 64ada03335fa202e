"""A reader's path through the built seed site, in a real Chromium."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def catalog(seed_site: Path) -> dict:
    return json.loads((seed_site / "papers.json").read_text(encoding="utf-8"))


def test_paper_page_shows_title_abstract_tags_and_similar_papers(page, site_url, seed_site) -> None:
    paper = next(p for p in catalog(seed_site)["papers"]
                 if p["title"].startswith("Model soups") and p["similar"])
    page.goto(site_url + paper["url"])
    assert page.locator(".md-content h1").inner_text() == paper["title"]
    assert paper["abstract"][:60] in page.locator(".pd-abstract").inner_text()
    assert page.locator(".pd-tags a").all_inner_texts() == paper["tags"]
    similar = page.locator(".pd-similar li a")
    assert similar.count() == len(paper["similar"])
    similar.first.click()
    page.wait_for_load_state()
    assert page.url == site_url + f"papers/{paper['similar'][0]['slug']}/"


def test_tag_link_leads_to_the_tag_page_listing_the_paper(page, site_url, seed_site) -> None:
    paper = next(p for p in catalog(seed_site)["papers"] if p["tags"])
    page.goto(site_url + paper["url"])
    page.locator(".pd-tags a").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == paper["tags"][0]
    assert page.locator(f'.pd-list a[href$="papers/{paper["slug"]}/"]').count() == 1


def test_archive_lists_months_and_undated(page, site_url) -> None:
    page.goto(site_url + "archive/")
    months = page.locator(".pd-months a")
    assert months.count() > 10
    assert "Undated" in months.all_inner_texts()
    months.first.click()
    page.wait_for_load_state()
    assert page.locator(".pd-list li").count() >= 1


def test_home_shows_counts_whats_new_and_tags(page, site_url) -> None:
    page.goto(site_url)
    assert "374" in page.locator(".pd-stats").inner_text()
    assert page.locator(".pd-home .pd-list li").count() >= 10
    assert page.locator(".pd-home .pd-tags a").count() > 10


def test_math_is_typeset_by_the_vendored_katex(page, site_url, seed_site) -> None:
    paper = next(p for p in catalog(seed_site)["papers"] if "$" in p["abstract"])
    page.goto(site_url + paper["url"])
    page.wait_for_selector(".pd-abstract .katex")


def test_keyboard_reaches_the_first_tag(page, site_url, seed_site) -> None:
    paper = next(p for p in catalog(seed_site)["papers"] if p["tags"])
    page.goto(site_url + paper["url"])
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.pd-tags a')"):
            break
    assert page.evaluate("document.activeElement.textContent") == paper["tags"][0]


def test_paper_pages_take_the_sites_palette_from_materials_scripts(page, site_url, seed_site) -> None:
    """Generated pages' <body> leaves out Material's default palette (its stylesheet's :root);
    once the page is read, Material sets it, and the header has the colours of every page."""
    page.goto(site_url + "about/")
    header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    page.goto(site_url + catalog(seed_site)["papers"][0]["url"])
    assert page.evaluate("document.body.getAttribute('data-md-color-primary')") == "indigo"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor") == header


def test_dark_mode_toggle_switches_the_scheme(page, site_url) -> None:
    page.goto(site_url + "tags/")
    page.locator("label[for='__palette_1']").click()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    # The choice is remembered: the next page opens dark too.
    page.locator(".pd-list a, table a").first.click()
    page.wait_for_load_state()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert page.locator("label[for='__palette_0']").count() == 1


def test_readable_on_a_phone(browser, site_url, seed_site) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    tab = context.new_page()
    paper = catalog(seed_site)["papers"][0]
    tab.goto(site_url + paper["url"])
    assert tab.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_paper_page_on_a_phone_has_the_site_menu(browser, site_url, seed_site) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    tab = context.new_page()
    tab.goto(site_url + catalog(seed_site)["papers"][0]["url"])
    tab.locator("label.md-header__button[for='__drawer']").click()
    browse = tab.locator(".md-sidebar--primary .md-nav__link", has_text="Search")
    browse.wait_for(state="visible")
    browse.click()
    tab.wait_for_url(site_url + "search/")
    context.close()


def test_paper_page_has_the_tabs_and_a_breadcrumb_to_its_month(page, site_url, seed_site) -> None:
    paper = next(p for p in catalog(seed_site)["papers"] if p["published"])
    page.goto(site_url + paper["url"])
    tabs = page.locator(".md-tabs__link")
    assert [text.strip() for text in tabs.all_inner_texts()] == ["Home", "Browse", "About", "Contribute", "Search"]
    crumbs = page.locator("nav.pd-crumbs a")
    assert crumbs.all_inner_texts()[:2] == ["Home", "Archive"]
    crumbs.nth(2).click()
    page.wait_for_url(site_url + f"archive/{paper['published'][:7]}/")
    assert page.locator(f'.pd-list a[href$="papers/{paper["slug"]}/"]').count() == 1


def test_papers_folder_leads_to_the_ways_in(page, site_url) -> None:
    response = page.goto(site_url + "papers/")
    assert response.status == 200
    page.locator(".md-content a[href$='search/']").first.click()
    page.wait_for_url(site_url + "search/")


def test_home_links_to_search(page, site_url) -> None:
    page.goto(site_url)
    page.locator(".md-content a[href='search/']").first.click()
    page.wait_for_load_state()
    assert page.url == site_url + "search/"


def test_the_shared_shell_scripts_configure_material_as_its_inline_markup_did(browser, site_url, seed_site) -> None:
    """Material's configuration and head script come from shared files (assets/javascripts/), and
    the header's icons from digest.css: the same configuration, a working search, visible icons."""
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    tab = context.new_page()
    tab.goto(site_url + catalog(seed_site)["papers"][0]["url"])
    config = tab.evaluate("JSON.parse(document.getElementById('__config').textContent)")
    assert config["base"] == site_url and config["features"] == ["navigation.tabs", "content.code.copy"]
    assert config["search"].startswith(site_url + "assets/javascripts/workers/search.")
    assert tab.evaluate("__md_scope.href") == site_url
    icon = tab.evaluate("""() => {
      const style = getComputedStyle(document.querySelector("label.md-header__button[for='__search']"), "::before");
      return {width: parseFloat(style.width), mask: style.maskImage || style.webkitMaskImage};
    }""")
    assert icon["width"] > 10 and icon["mask"].startswith('url("data:image/svg+xml')
    tab.locator("label.md-header__button[for='__search']").click()
    tab.keyboard.type("unlearning")
    tab.wait_for_selector(".md-search-result__item")
    context.close()


def test_shared_chrome_shows_the_pages_title_and_navigation(browser, site_url) -> None:
    """The header, tabs and navigation that shared scripts write: the page's own title in the
    header (as text), and on a phone a menu that opens on the site's pages."""
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    tab = context.new_page()
    tab.goto(site_url + "papers/improving-fim-code-completions-via-context-curriculum-based-learning/")
    topic = tab.locator("[data-md-component='header-topic'] .md-ellipsis")
    assert topic.inner_text() == "Improving FIM Code Completions via Context & Curriculum Based Learning"
    tab.goto(site_url + "tags/ai-safety/")
    tab.locator("label.md-header__button[for='__drawer']").click()
    drawer = tab.locator(".md-sidebar--primary .md-nav__link", has_text="About")
    drawer.first.wait_for(state="visible")
    drawer.first.click()
    tab.wait_for_load_state()
    assert tab.url == site_url + "about/"
    context.close()


def test_a_paper_page_offers_four_searches_for_the_full_paper(page, site_url, seed_site) -> None:
    """Google Scholar's search is in the page; paper.js puts arXiv's, Hugging Face's and Semantic
    Scholar's for the same title before it."""
    paper = next(p for p in catalog(seed_site)["papers"] if p["slug"] == "improving-fim-code-completions-via-context-curriculum-based-learning")
    page.goto(site_url + paper["url"])
    links = page.locator(".pd-find a")
    assert links.all_inner_texts() == ["arXiv", "Hugging Face papers", "Semantic Scholar", "Google Scholar"]
    query = "Improving+FIM+Code+Completions+via+Context+%26+Curriculum+Based+Learning"
    assert [links.nth(n).get_attribute("href") for n in range(4)] == [
        f"https://arxiv.org/search/?searchtype=title&query={query}", f"https://huggingface.co/papers?q={query}",
        f"https://www.semanticscholar.org/search?q={query}", f"https://scholar.google.com/scholar?q=%22{query}%22"]
