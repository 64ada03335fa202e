"""axe-core on every kind of page of the built seed site, in light and dark mode, in Chromium.

axe-core comes from npm (`make install-test` installs the version tests/browser/package-lock.json
pins into .venv/axe); AXE_CORE names another copy of `axe.min.js`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(os.environ.get("AXE_CORE") or ROOT / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js")
FAILING_IMPACTS = {"serious", "critical"}
ALSO_FAILING = {"landmark-unique"}  # moderate for axe, but a landmark per search result drowns the real ones
SCHEMES = {"light": "default", "dark": "slate"}


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"axe-core not found at {AXE}: run `make install-test` (or set AXE_CORE)")
    return AXE.read_text(encoding="utf-8")


def catalog(seed_site: Path) -> dict:
    return json.loads((seed_site / "papers.json").read_text(encoding="utf-8"))


def page_paths(seed_site: Path) -> dict[str, str]:
    """One page of each kind, by what it is."""
    papers = catalog(seed_site)["papers"]
    with_math = next(p for p in papers if "$" in p["abstract"])
    without = next(p for p in papers if "$" not in p["abstract"] and p["similar"])
    tag = catalog(seed_site)["tags"][0]
    month = sorted(path.parent.name for path in (seed_site / "archive").glob("20*/index.html"))[-1]
    return {
        "home": "", "paper with math": with_math["url"], "paper without math": without["url"],
        "tags index": "tags/", "tag": f"tags/{tag['slug']}/", "archive": "archive/",
        "month": f"archive/{month}/", "search page": "search/?query=model+merging",
    }


def violations(tab, axe_source: str) -> list[str]:  # type: ignore[no-untyped-def]
    tab.add_script_tag(content=axe_source)
    found = tab.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)}))""")
    return [f"{v['id']} ({v['impact']}): {v['nodes'][:3]}" for v in found
            if v["impact"] in FAILING_IMPACTS or v["id"] in ALSO_FAILING]


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_no_serious_accessibility_violation_on_any_kind_of_page(browser, site_url, seed_site, axe_source,
                                                               scheme: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    problems = {}
    for kind, path in page_paths(seed_site).items():
        tab.goto(site_url + path)
        assert tab.evaluate("document.body.getAttribute('data-md-color-scheme')") == SCHEMES[scheme]
        if kind == "search page":
            tab.wait_for_selector(".pd-search__result")
        if kind == "paper with math":
            tab.wait_for_selector(".pd-abstract .katex")
        problems[kind] = violations(tab, axe_source)
    context.close()
    assert {kind: found for kind, found in problems.items() if found} == {}


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_no_serious_accessibility_violation_in_the_open_header_search(browser, site_url, axe_source,
                                                                      scheme: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(site_url)
    tab.keyboard.press("/")
    tab.keyboard.type("model merging")
    tab.wait_for_selector(".md-search-result__item mark")
    assert violations(tab, axe_source) == []
    context.close()


def test_search_page_filters_are_at_least_24_pixels_tall(page, site_url) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_url + "search/")
    page.wait_for_function("document.body.classList.contains('pd-search-ready')")
    for selector in ("input[name=q]", "select[name=tag]", "select[name=year]"):
        box = page.locator(f"form.pd-search {selector}").bounding_box()
        assert box["height"] >= 24 and box["width"] >= 24, (selector, box)


def test_inline_math_does_not_overlap_the_abstract_at_desktop_width(browser, site_url, seed_site) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    papers = catalog(seed_site)["papers"]
    paper = next(p for p in papers if p["slug"] == "scaling-law-with-learning-rate-annealing")
    tab.goto(site_url + paper["url"])
    tab.wait_for_selector(".pd-abstract .katex")
    overlaps = tab.evaluate("""() => {
        const boxes = el => [...el.getClientRects()].filter(r => r.width > 0 && r.height > 0);
        const meets = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
        const maths = [...document.querySelectorAll('.pd-abstract .math')];
        const walker = document.createTreeWalker(document.querySelector('.pd-abstract'), NodeFilter.SHOW_TEXT);
        const found = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (node.parentElement.closest('.math') || !node.textContent.trim()) continue;
          const range = document.createRange();
          range.selectNodeContents(node);
          for (const text of boxes(range)) for (const math of maths) for (const box of [math, ...math.querySelectorAll('.katex-html')].flatMap(boxes))
            if (meets(text, box)) found.push(node.textContent.slice(0, 40));
        }
        return found;
    }""")
    context.close()
    assert overlaps == []
