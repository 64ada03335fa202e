"""Published URLs in a real browser: an old address of a merged paper lands on its page, and the
address of a removed paper says so, leads to the search, and reads well for everyone (axe-core)."""

from __future__ import annotations

import functools
import threading
from pathlib import Path
from typing import Iterator

import pytest

from ..test_retired import MERGED, REMOVED, TARGET, build_site_with_retired_urls
from .conftest import _QuietHandler, _QuietServer
from .test_accessibility import SCHEMES, axe_source, violations  # noqa: F401 - axe_source is a fixture

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seeds without their first dump, with a redirect in the record, served on localhost."""
    site = build_site_with_retired_urls(tmp_path_factory.mktemp("retired-site"))
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = _QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_the_old_address_of_a_merged_paper_lands_on_its_page_keeping_the_part(page, site_url) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{site_url}papers/{MERGED}/#similar")
    page.wait_for_url(f"**/papers/{TARGET}/#similar")
    assert page.locator("article h1").first.inner_text() == "Deep Regression Unlearning"


def test_a_removed_paper_says_so_and_its_search_link_finds_its_topic(page, site_url) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{site_url}papers/{REMOVED}/")
    assert page.locator("h1").first.inner_text() == "XFT: a simple yet powerful training scheme"
    assert "Removed from the digest" in page.locator(".pd-removed").inner_text()
    page.get_by_role("link", name="Search the digest").click()
    page.wait_for_url("**/search/?query=XFT*")
    page.wait_for_selector(".pd-search__result")
    assert page.locator(".pd-search__result").count() >= 1


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_a_removed_paper_page_has_no_serious_accessibility_violation(browser, site_url, axe_source,  # type: ignore[no-untyped-def]
                                                                    scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(f"{site_url}papers/{REMOVED}/")
    assert violations(tab, axe_source) == []
    context.close()
