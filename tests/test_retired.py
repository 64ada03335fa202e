"""The pages of URLs no paper lives at any more: redirects and removal notes, rendered and built."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from generator.config import Settings
from generator.model import Catalog, PublishedUrl
from generator.render import retired

from .conftest import SEEDS, copy_project
from .test_build import _Links, internal_targets
from .test_pages import make_catalog, make_paper, split_page

HOSTILE = '<script>alert("gone")</script> {{ config }} | --- **bold**'


def retired_catalog(site_url: str = "") -> tuple[Catalog, Settings]:
    catalog = make_catalog([make_paper("kept-paper"), make_paper("other-paper")])
    urls = (PublishedUrl("kept-paper", "live", (), "Kept Paper"),
            PublishedUrl("old-title-of-kept-paper", "redirect", (), "Old", target="kept-paper"),
            PublishedUrl("older", "redirect", (), "Older", target="gone-paper"),
            PublishedUrl("gone-paper", "removed", (), HOSTILE, removed=date(2026, 11, 20),
                         similar=("older", "old-title-of-kept-paper", "never-was", "other-paper")),
            PublishedUrl("quietly-gone", "removed", (), "Quietly Gone"))
    return Catalog(papers=catalog.papers, urls=urls), Settings(site_url=site_url)


def test_a_redirected_url_gets_a_small_html_redirect_page() -> None:
    files = retired.render_retired(*retired_catalog())
    page = files["papers/old-title-of-kept-paper/index.html"]
    assert '<meta http-equiv="refresh" content="0; url=../kept-paper/">' in page
    assert '<link rel="canonical" href="../kept-paper/">' in page
    assert '<a href="../kept-paper/">Kept Paper</a>' in page
    assert len(page.encode()) < 600
    # A redirect to a removed paper leads to its removal page, which says what became of it.
    assert "url=../gone-paper/" in files["papers/older/index.html"]
    assert "&lt;script&gt;" in files["papers/older/index.html"]


def test_a_redirect_is_canonical_at_the_published_address() -> None:
    page = retired.render_retired(*retired_catalog("https://example.org/digest/"))[
        "papers/old-title-of-kept-paper/index.html"]
    assert '<link rel="canonical" href="https://example.org/digest/papers/kept-paper/">' in page


def test_a_removed_url_says_so_with_date_search_and_the_similar_papers_still_here() -> None:
    files = retired.render_retired(*retired_catalog())
    meta, body = split_page(files["papers/gone-paper.md"])
    assert meta["template"] == "paper.html" and html.unescape(meta["title"]) == HOSTILE
    assert "<script>" not in body and "&lt;script&gt;alert(&quot;gone&quot;)&lt;/script&gt;" in body
    assert 'Removed from the digest on <time datetime="2026-11-20">2026-11-20</time>' in body
    assert 'href="../../search/?query=%3Cscript%3Ealert' in body
    # Former similar papers: followed through redirects, once each, only those with a page.
    assert re.findall(r'<li><a href="\.\./([\w-]+)/">', body) == ["kept-paper", "other-paper"]
    assert "\n" not in body.strip()


def test_a_removal_without_a_recorded_date_says_so() -> None:
    _, body = split_page(retired.render_retired(*retired_catalog())["papers/quietly-gone.md"])
    assert "the date was not recorded" in body and 'id="similar"' not in body


def test_live_urls_get_no_retired_page() -> None:
    files = retired.render_retired(*retired_catalog())
    assert not any("kept-paper" in path and "old" not in path for path in files)


MERGED, TARGET = "detecting-failures-in-deep-regression-models", "deep-regression-unlearning"
REMOVED = "xft-a-simple-yet-powerful-training-scheme"


def build_site_with_retired_urls(workdir: Path) -> Path:
    """The seeds built without their first dump (11 papers only it held), whose record says that
    one of those papers, MERGED, had been merged into TARGET before. Returns the site folder."""
    copy_project(workdir, sorted(SEEDS.glob("*.txt"))[1:])
    record = (SEEDS.parent / "urls.txt").read_text(encoding="utf-8").replace(
        f"\n{MERGED} live", f"\n{MERGED} redirect {TARGET}")
    (workdir / "site_src" / "urls.txt").write_text(record, encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    result = subprocess.run([sys.executable, "-m", "generator.cli", "build", "-d", "site"], cwd=workdir,
                            capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return workdir / "site"


@pytest.mark.slow
def test_the_built_site_resolves_every_recorded_url(tmp_path: Path) -> None:
    site = build_site_with_retired_urls(tmp_path)
    record = (tmp_path / "site_src" / "urls.txt").read_text(encoding="utf-8")
    slugs = [line.split()[0] for line in record.splitlines() if line and not line.startswith("#")]
    assert all((site / "papers" / slug / "index.html").is_file() for slug in slugs)
    removed = [slug for slug in slugs if "Removed from the digest" in
               (site / "papers" / slug / "index.html").read_text(encoding="utf-8")]
    assert len(removed) == 10 and REMOVED in removed  # the other papers only the first dump held
    redirect = (site / "papers" / MERGED / "index.html").read_text(encoding="utf-8")
    assert f'http-equiv="refresh" content="0; url=../{TARGET}/"' in redirect
    broken = []
    for page in [site / "papers" / slug / "index.html" for slug in removed + [MERGED]]:
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        broken += [link for link, target in internal_targets(site, page, parser.links) if not target.exists()]
    assert broken == []
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"papers/{MERGED}/" not in sitemap  # a redirect is no page of its own
