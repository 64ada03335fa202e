"""Browse pages: tags, the month archive and the source dumps, split into pages of bounded size.

A listing of tens of thousands of papers on one page is unusable and heavy, so every listing is
cut into pages of `settings.page_size` papers with links between them. Pages are keyed by paths
that never depend on the order of other listings, so their URLs stay put as the digest grows.
"""

from __future__ import annotations

import calendar
from collections import Counter, defaultdict
from datetime import date

from slugify import slugify

from . import markup
from ..config import Settings
from ..model import Catalog, Paper, Tag

HOME_LATEST = 15
PAGER_RADIUS = 2  # page links shown on each side of the current page
HOME_TAGS = 30
LISTING_TEMPLATE = "generated.html"  # the theme template of the generated listings


def render_listings(catalog: Catalog, settings: Settings) -> dict[str, str]:
    """tags/, archive/ and sources/ pages, by path relative to the docs folder."""
    files: dict[str, str] = {}
    files.update(_tag_pages(catalog, settings))
    files.update(_archive_pages(catalog, settings))
    files.update(_source_pages(catalog, settings))
    return files


def source_slug(dump_name: str) -> str:
    return slugify(dump_name.removesuffix(".txt")) or "dump"


def newest_first(papers: list[Paper]) -> list[Paper]:
    return sorted(papers, key=lambda p: (-(p.published or date.min).toordinal(),
                                         -p.added.toordinal(), p.title, p.slug))


def home_sections(catalog: Catalog) -> str:
    """HTML for the home page: size of the digest, latest additions and the most used tags."""
    latest = sorted(catalog.papers, key=lambda p: (-p.added.toordinal(), p.title, p.slug))[:HOME_LATEST]
    counts = Counter(name for paper in catalog.papers for name in paper.tags)
    slugs = {tag.name: tag.slug for tag in catalog.tags}
    top = sorted(counts, key=lambda name: (-counts[name], name))[:HOME_TAGS]
    tag_links = "".join(f'<a class="pd-tag" href="tags/{slugs[name]}/">{markup.escape_html(name)}'
                        f' <span class="pd-count">{counts[name]}</span></a>' for name in top if name in slugs)
    return (
        f'<div class="pd-home"><p class="pd-stats"><strong>{len(catalog.papers):,}</strong> papers'
        f" from <strong>{len(catalog.dumps):,}</strong> source dumps, with"
        f" <strong>{len(catalog.tags):,}</strong> tags.</p>"
        f'<h2 id="latest">Latest additions</h2>{_paper_list(latest, "")}'
        f'<p><a href="archive/">Browse the archive</a> · <a href="feed.xml">Atom feed</a></p>'
        f'<h2 id="tags">Most used tags</h2><p class="pd-tags">{tag_links}</p>'
        f'<p><a href="tags/">All tags</a></p></div>'
    ).replace("\n", " ")


def _tag_pages(catalog: Catalog, settings: Settings) -> dict[str, str]:
    by_tag: dict[str, list[Paper]] = defaultdict(list)
    for paper in catalog.papers:
        for name in paper.tags:
            by_tag[name].append(paper)
    tags = sorted(catalog.tags, key=lambda tag: tag.name.casefold())
    rows = "".join(
        f'<tr><td><a href="{tag.slug}/">{markup.escape_html(tag.name)}</a></td>'
        f'<td class="pd-count">{len(by_tag[tag.name])}</td><td>{markup.escape_html(tag.description)}</td></tr>'
        for tag in tags)
    files = {"tags/index.md": _page(
        "Tags", f"All {len(tags)} tags of the digest, with the number of papers for each.",
        f'<p>{len(tags)} tags. Curated tags come from the vocabulary in <code>site_src/tags.yml</code>;'
        f" the others are key phrases shared by several papers.</p>"
        f'<table class="pd-table"><thead><tr><th>Tag</th><th>Papers</th><th>About</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>")}
    for tag in tags:
        files.update(_paginated(f"tags/{tag.slug}", tag.name, _tag_intro(tag),
                                newest_first(by_tag[tag.name]), settings))
    return files


def _tag_intro(tag: Tag) -> str:
    kind = "" if tag.curated else " (derived from key phrases)"
    return f"<p>{markup.escape_html(tag.description)}{kind}</p>" if tag.description else ""


def _archive_pages(catalog: Catalog, settings: Settings) -> dict[str, str]:
    by_month: dict[str, list[Paper]] = defaultdict(list)
    for paper in catalog.papers:
        by_month[paper.published.strftime("%Y-%m") if paper.published else "undated"].append(paper)
    months = sorted((key for key in by_month if key != "undated"), reverse=True)
    rows = "".join(f'<li><a href="{key}/">{_month_name(key)}</a> <span class="pd-count">'
                   f"{len(by_month[key])}</span></li>" for key in months)
    if "undated" in by_month:
        rows += (f'<li><a href="undated/">Undated</a> <span class="pd-count">'
                 f"{len(by_month['undated'])}</span></li>")
    files = {"archive/index.md": _page(
        "Archive", "Papers by month of publication.",
        f'<p>Papers by month of publication; papers whose dumps gave no date are under “Undated”.</p>'
        f'<ul class="pd-months">{rows}</ul>')}
    for key, papers in by_month.items():
        title = "Undated papers" if key == "undated" else _month_name(key)
        files.update(_paginated(f"archive/{key}", title, "", newest_first(papers), settings))
    return files


def _month_name(key: str) -> str:
    year, month = key.split("-")
    return f"{calendar.month_name[int(month)]} {year}"


def _source_pages(catalog: Catalog, settings: Settings) -> dict[str, str]:
    by_source: dict[str, list[Paper]] = defaultdict(list)
    for paper in catalog.papers:
        for name in paper.sources:
            by_source[name].append(paper)
    rows = "".join(
        f'<tr><td><a href="{source_slug(dump.name)}/">{markup.escape_html(dump.name)}</a></td>'
        f"<td>{dump.captured.isoformat()}</td><td>{dump.shape}</td>"
        f'<td class="pd-count">{len(by_source[dump.name])}</td></tr>' for dump in catalog.dumps)
    files = {"sources/index.md": _page(
        "Sources", "The source dumps the digest is made from.",
        '<p>Each source is the text of one listing page, captured on the day shown.</p>'
        '<table class="pd-table"><thead><tr><th>Dump</th><th>Captured</th><th>Shape</th>'
        f"<th>Papers</th></tr></thead><tbody>{rows}</tbody></table>")}
    for dump in catalog.dumps:
        intro = f"<p>Captured {dump.captured.isoformat()} ({markup.escape_html(dump.captured_from)}); {dump.shape}.</p>"
        files.update(_paginated(f"sources/{source_slug(dump.name)}", dump.name, intro,
                                newest_first(by_source[dump.name]), settings))
    return files


def _paginated(folder: str, title: str, intro: str, papers: list[Paper], settings: Settings) -> dict[str, str]:
    """`folder/index.md`, then `folder/page-2.md`, ... with links between them."""
    size = settings.page_size
    chunks = [papers[start: start + size] for start in range(0, len(papers), size)] or [[]]
    files = {}
    for number, chunk in enumerate(chunks, start=1):
        path = f"{folder}/index.md" if number == 1 else f"{folder}/page-{number}.md"
        depth = folder.count("/") + (1 if number == 1 else 2)
        prefix = "../" * depth
        heading = title if number == 1 else f"{title} (page {number})"
        count = f'<p class="pd-count-line">{len(papers)} paper{"s" if len(papers) != 1 else ""}, newest first.</p>'
        body = (intro if number == 1 else "") + count + _paper_list(chunk, prefix) + \
            _pager(number, len(chunks))
        files[path] = _page(heading, f"{title}: {len(papers)} papers.", body)
    return files


def _pager(number: int, total: int) -> str:
    if total == 1:
        return ""
    base = "../" if number > 1 else ""

    def href(page: int) -> str:
        return base if page == 1 else f"{base}page-{page}/"

    links = [f'<a href="{href(number - 1) or "./"}" rel="prev">Previous</a>'] if number > 1 else []
    previous = 0
    for page in _pages_shown(number, total):
        if page > previous + 1:
            links.append('<span aria-hidden="true">…</span>')
        links.append(f"<strong>{page}</strong>" if page == number
                     else f'<a href="{href(page) or "./"}">{page}</a>')
        previous = page
    if number < total:
        links.append(f'<a href="{href(number + 1)}" rel="next">Next</a>')
    return f'<nav class="pd-pager" aria-label="Pages">{" ".join(links)}</nav>'


def _pages_shown(number: int, total: int) -> list[int]:
    """First, last, and the pages around the current one: a short pager for any length."""
    near = range(max(1, number - PAGER_RADIUS), min(total, number + PAGER_RADIUS) + 1)
    return sorted({1, total, *near})


def _paper_list(papers: list[Paper], prefix: str) -> str:
    items = "".join(
        f'<li><a href="{prefix}papers/{markup.url_path(p.slug)}/">{markup.escape_html(p.title)}</a>'
        f' <span class="pd-when">{p.published.isoformat() if p.published else "undated"}</span>'
        + (f' <span class="pd-item-tags">{markup.escape_html(" · ".join(p.tags[:3]))}</span>' if p.tags else "")
        + "</li>" for p in papers)
    return f'<ul class="pd-list">{items}</ul>'


def _page(title: str, description: str, html: str) -> str:
    # One line: a blank line would end the raw HTML block and hand the rest to Markdown.
    body = html.replace("\n", " ")
    return f"{markup.front_matter(title, description, template=LISTING_TEMPLATE)}<div class=\"pd-listing\">{body}</div>\n"
