"""A handful of the seed site's pages and its catalog, compared whole with golden files.

A whole page compared says more than any list of substrings: a changed attribute, a lost escape
or a moved block shows as a unified diff. After an intended change, `make golden` rewrites them
(review the diff before committing it). The pages are stored as `*.html.golden`: expected output,
not templates or code of the project.
"""

from __future__ import annotations

from pathlib import Path

import pytest

PAGES = {
    "paper-with-math.html.golden": "papers/scaling-law-with-learning-rate-annealing/index.html",
    "paper-with-derived-title.html.golden": "papers/detecting-failures-in-deep-regression-models/index.html",
    "tag.html.golden": "tags/ai-safety/index.html",
    "archive-month.html.golden": "archive/2020-06/index.html",
    "home.html.golden": "index.html",
    "papers.json": "papers.json",
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PAGES))
def test_rendered_seed_page_matches_golden(name: str, seed_site: Path, golden) -> None:  # type: ignore[no-untyped-def]
    golden(f"pages/{name}", (seed_site / PAGES[name]).read_text(encoding="utf-8"))


def test_the_golden_pages_are_what_they_say() -> None:
    """The pages chosen still show what they were chosen for."""
    pages = Path(__file__).resolve().parent / "golden" / "pages"
    assert 'class="math' in (pages / "paper-with-math.html.golden").read_text(encoding="utf-8")
    assert 'class="pd-derived"' in (pages / "paper-with-derived-title.html.golden").read_text(encoding="utf-8")
