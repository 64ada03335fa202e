"""End to end: the real CLI and the real MkDocs build on real dumps; assertions on the built HTML."""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from jinja2 import pass_context
from markupsafe import Markup
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from generator.site import templates

from .conftest import DATA, SEEDS, build_site, copy_project, with_shared_chrome

ATOM = "{http://www.w3.org/2005/Atom}"
pytestmark = pytest.mark.slow


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src"):
            if values.get(name) and not (tag == "link" and values.get("rel") == "canonical"):
                self.links.append(values[name] or "")
        if values.get("id"):
            self.ids.add(values["id"] or "")


def internal_targets(site: Path, page: Path, links: list[str]) -> list[tuple[str, Path]]:
    targets = []
    for link in links:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or link.startswith(("#", "mailto:", "data:")):
            continue
        base = site if parts.path.startswith("/") else page.parent  # 404.html links from the root
        target = (base / unquote(parts.path).lstrip("/")).resolve()
        if link.endswith("/") or target.is_dir():
            target = target / "index.html"
        targets.append((link, target))
    return targets


def test_every_paper_has_a_page_with_its_title_tags_and_abstract(seed_site: Path) -> None:
    catalog = json.loads((seed_site / "papers.json").read_text(encoding="utf-8"))
    assert len(catalog["papers"]) == 374
    for paper in catalog["papers"][:50]:
        html = (seed_site / paper["url"] / "index.html").read_text(encoding="utf-8")
        assert "<h1>" in html and "pd-abstract" in html
        for tag in paper["tags"]:
            assert f">{tag.replace('&', '&amp;')}</a>" in html


def test_similar_papers_link_to_existing_pages_with_reasons_in_words(seed_site: Path) -> None:
    catalog = json.loads((seed_site / "papers.json").read_text(encoding="utf-8"))
    paper = next(p for p in catalog["papers"] if len(p["similar"]) >= 3)
    html = (seed_site / paper["url"] / "index.html").read_text(encoding="utf-8")
    assert 'id="similar"' in html
    reasons = re.findall(r'</a> <small>([^<]*)</small></li>', html)
    assert len(reasons) == len(paper["similar"])
    for link, reason in zip(paper["similar"], reasons):
        assert f'href="../{link["slug"]}/"' in html and f'{link["score"]:.2f}' not in reason
        assert reason.split(":")[0] in ("very close", "close", "related")
    lonely = [p for p in catalog["papers"] if not p["similar"]]
    for paper in lonely[:5]:
        assert 'id="similar"' not in (seed_site / paper["url"] / "index.html").read_text(encoding="utf-8")


def test_tag_index_tag_pages_archive_and_sources(seed_site: Path) -> None:
    catalog = json.loads((seed_site / "papers.json").read_text(encoding="utf-8"))
    index = (seed_site / "tags" / "index.html").read_text(encoding="utf-8")
    for tag in catalog["tags"]:
        assert f'href="{tag["slug"]}/"' in index
        page = (seed_site / "tags" / tag["slug"] / "index.html").read_text(encoding="utf-8")
        assert f"{tag['count']} paper" in page
    archive = (seed_site / "archive" / "index.html").read_text(encoding="utf-8")
    assert "Undated" in archive and (seed_site / "archive" / "undated" / "index.html").exists()
    assert (seed_site / "archive" / "2025-08" / "index.html").exists()
    sources = (seed_site / "sources" / "index.html").read_text(encoding="utf-8")
    assert "001_880b245b1be9c6ad.txt" in sources


def test_tag_pages_list_newest_first(seed_site: Path) -> None:
    page = (seed_site / "tags" / "code-generation" / "index.html").read_text(encoding="utf-8")
    dates = re.findall(r"<small>(published \d{4}-\d{2}-\d{2}|added)", page)
    dated = [d for d in dates if d != "added"]
    assert dated and dated == sorted(dated, reverse=True)
    assert dates.index("added") >= len(dated) if "added" in dates else True


def test_feed_is_valid_atom_of_latest_additions(seed_site: Path) -> None:
    root = ElementTree.parse(seed_site / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert 0 < len(entries) <= 50
    for entry in entries:
        for child in ("id", "title", "updated", "link", "summary"):
            assert entry.find(f"{ATOM}{child}") is not None, child
    updated = [entry.findtext(f"{ATOM}updated") for entry in entries]
    assert updated == sorted(updated, reverse=True)


def test_papers_json_is_the_catalog(seed_site: Path) -> None:
    document = json.loads((seed_site / "papers.json").read_text(encoding="utf-8"))
    assert document["schema"] == 1 and len(document["papers"]) == 374


def test_every_internal_link_resolves(seed_site: Path) -> None:
    broken = []
    for page in seed_site.rglob("*.html"):
        parser = _Links()
        parser.feed(with_shared_chrome(page, page.read_text(encoding="utf-8")))
        for link, target in internal_targets(seed_site, page, parser.links):
            if not target.exists():
                broken.append(f"{page.relative_to(seed_site)} -> {link}")
    assert not broken, "\n".join(broken[:20])


def test_no_request_to_third_party_hosts(seed_site: Path) -> None:
    for page in list(seed_site.rglob("*.html"))[:100]:
        html = page.read_text(encoding="utf-8")
        for match in re.finditer(r'<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="(https?:)?//', html):
            assert "rel=\"alternate\"" in match.group(0), f"{page}: {match.group(0)}"
    css = "".join(p.read_text(encoding="utf-8") for p in seed_site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "@import url(http" not in css


def test_paper_pages_stay_small(seed_site: Path) -> None:
    sizes = [page.stat().st_size for page in (seed_site / "papers").rglob("index.html")]
    assert sum(sizes) / len(sizes) < 10_000  # 9.1 KB on the seeds


def test_two_builds_are_byte_identical(seed_site: Path, tmp_path: Path) -> None:
    again = build_site(tmp_path / "again")
    first = {p.relative_to(seed_site): p.read_bytes() for p in seed_site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_hostile_text_renders_as_literal_text(tmp_path: Path) -> None:
    site = build_site(tmp_path, dumps=[DATA / "dumps" / "hostile.txt"])
    pages = {p.parent.name: p.read_text(encoding="utf-8") for p in (site / "papers").rglob("index.html")}
    everything = "\n".join(pages.values())
    assert "<script>alert" not in everything and "<img src=x" not in everything
    assert "<iframe" not in everything and 'onmouseover="alert' not in everything
    assert 'href="javascript:' not in everything
    assert "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; Attention Is All You Need Again" in everything
    # What the reader sees (entities decoded): the template syntax, printed as written.
    assert '{{ config.site_name }} and {% include "main.html" %}' in html.unescape(everything)
    assert "&lt;!-- material/tags --&gt;" in everything and "**bold**" in everything
    assert "<strong>bold</strong>" not in everything and "<em>emphasis</em>" not in everything
    assert '<a rel="nofollow noopener" href="https://example.org/a_b">' in everything
    math = re.findall(r'<span class="math inline">([^<]*)</span>', everything)
    assert "\\mathcal{O}(n^2)" in [html.unescape(tex) for tex in math]
    assert "$200k and $300k" in everything
    three_dashes = next(source for source in pages.values() if "YAML document marker" in source)
    assert "<h1>---</h1>" in three_dashes
    for source in pages.values():  # the head's title and description stay escaped too
        head = source.split("</head>")[0]
        assert "<script>alert" not in head and 'onmouseover="' not in head


def test_framed_paper_pages_equal_fully_rendered_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Paper pages are filled into a frame rendered once; rendering each in full gives the same."""
    copy_project(tmp_path, sorted(SEEDS.glob("*.txt")) + [DATA / "dumps" / "hostile.txt"])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")

    def build_into(site: Path) -> dict[str, bytes]:
        # With a site address, pages get canonical links: one more value pages differ by.
        config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(site), site_url="https://example.org/digest/")
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
        return {page.parent.name: page.read_bytes() for page in (site / "papers").rglob("index.html")}

    def rendered_in_full():  # what `frame` stands for: the page template rendered for this page
        @pass_context
        def frame(context, name):
            page_html = context.environment.get_template(name).render(context.get_all())
            return Markup(templates.collapse_whitespace(page_html, join_tags=True))
        return frame

    framed = build_into(tmp_path / "framed")
    monkeypatch.setattr(templates, "render_framed", rendered_in_full)
    in_full = build_into(tmp_path / "in-full")
    assert len(framed) > 100 and framed.keys() == in_full.keys()
    assert any(b'class="math' in page for page in framed.values())  # both frames: with KaTeX, without
    assert [slug for slug in framed if framed[slug] != in_full[slug]] == []


def test_chrome_written_by_shared_scripts_equals_chrome_rendered_in_the_page(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The header, tabs and navigation of generated pages come from shared scripts; written into
    the page, they are what rendering them in each page gives, for pages of every kind and depth."""
    copy_project(tmp_path, sorted(SEEDS.glob("*.txt")) + [DATA / "dumps" / "hostile.txt"])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")

    def build_into(site: Path) -> dict[Path, str]:
        config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
        return {page.relative_to(site): page.read_text(encoding="utf-8") for page in site.rglob("*.html")}

    def in_the_page(files):  # what `shared` stands for: the block's markup, in the page
        @pass_context
        def shared(context, name, render, title=""):
            parts = templates._split(templates.collapse_whitespace(str(render()), join_tags=True))
            return Markup(templates._filled(parts, {"title": title}))
        return shared

    shared = build_into(tmp_path / "shared")
    monkeypatch.setattr(templates, "render_shared", in_the_page)
    in_page = build_into(tmp_path / "in-page")
    assert shared.keys() == in_page.keys()
    written = {path for path, text in shared.items() if "assets/shared/" in text}
    assert {"papers", "tags", "archive", "sources"} <= {path.parts[0] for path in written}
    assert any(len(path.parts) == 4 for path in written)  # page-2/ of a listing: one more level
    assert [str(path) for path in written
            if with_shared_chrome(tmp_path / "shared" / path, shared[path]) != in_page[path]] == []


def test_vendored_assets_match_their_pinned_checksums() -> None:
    vendor = Path(__file__).resolve().parents[1] / "theme" / "assets" / "vendor"
    pinned = {}
    for line in (vendor / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        pinned[name.removeprefix("./")] = digest
    present = {path.relative_to(vendor).as_posix() for path in vendor.rglob("*") if path.is_file()}
    assert present - {"SHA256SUMS", "README.md"} == set(pinned), "unpinned or missing vendored files"
    for name, digest in pinned.items():
        assert hashlib.sha256((vendor / name).read_bytes()).hexdigest() == digest, name


def test_mkdocs_serve_picks_up_a_new_dump(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    shutil.copy(root / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(root / "theme", tmp_path / "theme")
    shutil.copytree(root / "site_src", tmp_path / "site_src", ignore=shutil.ignore_patterns("dumps"))
    dumps = tmp_path / "site_src" / "dumps"
    dumps.mkdir()
    shutil.copy(root / "site_src" / "dumps" / "001_880b245b1be9c6ad.txt", dumps)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "SOURCE_DATE_EPOCH": "0", "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        assert _wait_for(base + "sources/", "001_880b245b1be9c6ad.txt")
        (dumps / "2025-10-29-late.txt").write_text(
            "Serving Fresh Dumps Without Restarting\n\nAn abstract long enough to be an abstract: "
            "the live preview rebuilds when a contributor drops a new dump into the folder.\n",
            encoding="utf-8")
        assert _wait_for(base + "sources/", "2025-10-29-late.txt")
        assert "Serving Fresh Dumps Without Restarting" in _read(base + "papers.json")
    finally:
        server.terminate()
        server.wait(timeout=30)


def _read(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(url: str, text: str, seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if text in _read(url):
                return True
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.5)
    return False
