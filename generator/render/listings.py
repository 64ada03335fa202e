"""Browse pages: tags, the month archive and the source dumps, split into pages of bounded size.
Each tag also gets an Atom feed, and each tag and the archive a chart of papers per month.

A listing of tens of thousands of papers on one page is unusable and heavy, so every listing is
cut into pages of `settings.page_size` papers with links between them. Pages are keyed by paths
that never depend on the order of other listings, so their URLs stay put as the digest grows.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date

from slugify import slugify

from . import markup
from .chart import months_chart
from .entries import paper_list, sort_control
from .feed import render_tag_feed
from ..config import Settings
from ..model import Catalog, Paper, Tag

PAGER_RADIUS = 2  # page links shown on each side of the current page
LISTING_TEMPLATE = "generated.html"  # the theme template of the generated listings


def render_listings(catalog: Catalog, settings: Settings) -> dict[str, str | bytes]:
    """tags/ (with a feed per tag), archive/, sources/ and papers/ pages, by path relative to the
    docs folder."""
    files: dict[str, str | bytes] = {}
    files.update(_tag_pages(catalog, settings))
    files.update(_archive_pages(catalog, settings))
    files.update(_source_pages(catalog, settings))
    files["papers/index.md"] = _papers_index(catalog)
    return files


def source_slug(dump_name: str) -> str:
    return slugify(dump_name.removesuffix(".txt")) or "dump"


def newest_first(papers: list[Paper]) -> list[Paper]:
    return sorted(papers, key=lambda p: (-(p.published or date.min).toordinal(),
                                         -p.added.toordinal(), p.title, p.slug))


def _tag_pages(catalog: Catalog, settings: Settings) -> dict[str, str | bytes]:
    by_tag: dict[str, list[Paper]] = defaultdict(list)
    for paper in catalog.papers:
        for name in paper.tags:
            by_tag[name].append(paper)
    tags = sorted(catalog.tags, key=lambda tag: tag.name.casefold())
    rows = "".join(
        f'<tr><td><a href="{tag.slug}/">{markup.escape_html(tag.name)}</a></td>'
        f'<td class="pd-count">{len(by_tag[tag.name])}</td><td>{markup.escape_html(tag.description)}</td></tr>'
        for tag in tags)
    files: dict[str, str | bytes] = {"tags/index.md": _page(
        "Tags", f"All {len(tags)} tags of the digest, with the number of papers for each.",
        f"<p>{len(tags)} tags. Curated tags come from the digest's tag vocabulary, each with a"
        f" description; the others are key phrases shared by several papers. Every tag has an"
        f" Atom feed of its newest papers.</p>"
        f'<table class="pd-table"><thead><tr><th>Tag</th><th>Papers</th><th>About</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>")}
    for tag in tags:
        papers = newest_first(by_tag[tag.name])
        intro = _tag_intro(tag) + months_chart(papers, f"tagged “{tag.name}”")
        files.update(_paginated(f"tags/{tag.slug}", tag.name, intro, papers, settings, feed=True))
        files[f"tags/{tag.slug}/feed.xml"] = render_tag_feed(tag, papers, settings)
    return files


def _tag_intro(tag: Tag) -> str:
    kind = "" if tag.curated else " (derived from key phrases)"
    about = f"{markup.escape_html(tag.description)}{kind} " if tag.description else ""
    return (f'<p>{about}<a class="pd-feed" href="feed.xml" type="application/atom+xml">'
            f"Subscribe to this tag (Atom feed)</a></p>")


def _archive_pages(catalog: Catalog, settings: Settings) -> dict[str, str | bytes]:
    by_month: dict[str, list[Paper]] = defaultdict(list)
    for paper in catalog.papers:
        by_month[paper.published.strftime("%Y-%m") if paper.published else "undated"].append(paper)
    months = sorted((key for key in by_month if key != "undated"), reverse=True)
    rows = "".join(f'<li><a href="{key}/">{_month_name(key)}</a> <span class="pd-count">'
                   f"{len(by_month[key])}</span></li>" for key in months)
    if "undated" in by_month:
        rows += (f'<li><a href="undated/">Undated</a> <span class="pd-count">'
                 f"{len(by_month['undated'])}</span></li>")
    files: dict[str, str | bytes] = {"archive/index.md": _page(
        "Archive", "Papers by month of publication.",
        f'<p>Papers by month of publication; papers whose dumps gave no date are under “Undated”.</p>'
        + months_chart(list(catalog.papers), "in the digest") + f'<ul class="pd-months">{rows}</ul>')}
    for key, papers in by_month.items():
        title = "Undated papers" if key == "undated" else _month_name(key)
        files.update(_paginated(f"archive/{key}", title, "", newest_first(papers), settings))
    return files


def _month_name(key: str) -> str:
    year, month = key.split("-")
    return f"{calendar.month_name[int(month)]} {year}"


def _source_pages(catalog: Catalog, settings: Settings) -> dict[str, str | bytes]:
    by_source: dict[str, list[Paper]] = defaultdict(list)
    for paper in catalog.papers:
        for name in paper.sources:
            by_source[name].append(paper)
    rows = "".join(
        f'<tr><td><a href="{source_slug(dump.name)}/">{markup.escape_html(dump.name)}</a></td>'
        f"<td>{dump.captured.isoformat()}</td><td>{dump.shape}</td>"
        f'<td class="pd-count">{len(by_source[dump.name])}</td></tr>' for dump in catalog.dumps)
    files: dict[str, str | bytes] = {"sources/index.md": _page(
        "Sources", "The source dumps the digest is made from.",
        '<p>Each source is the text of one listing page, captured on the day shown.</p>'
        '<table class="pd-table"><thead><tr><th>Dump</th><th>Captured</th><th>Shape</th>'
        f"<th>Papers</th></tr></thead><tbody>{rows}</tbody></table>")}
    for dump in catalog.dumps:
        intro = f"<p>Captured {dump.captured.isoformat()} ({markup.escape_html(dump.captured_from)}); {dump.shape}.</p>"
        files.update(_paginated(f"sources/{source_slug(dump.name)}", dump.name, intro,
                                newest_first(by_source[dump.name]), settings, sentence=False))
    return files


def _paginated(folder: str, title: str, intro: str, papers: list[Paper], settings: Settings,
               feed: bool = False, sentence: bool = True) -> dict[str, str | bytes]:
    """`folder/index.md`, then `folder/page-2.md`, ... with links between them. `feed`: the folder
    has a `feed.xml`, which every page names as its alternate. `sentence`: entries end with the
    abstract's first sentence (`entries.paper_entry`)."""
    size = settings.page_size
    chunks = [papers[start: start + size] for start in range(0, len(papers), size)] or [[]]
    files: dict[str, str | bytes] = {}
    for number, chunk in enumerate(chunks, start=1):
        path = f"{folder}/index.md" if number == 1 else f"{folder}/page-{number}.md"
        depth = folder.count("/") + (1 if number == 1 else 2)
        prefix = "../" * depth
        heading = title if number == 1 else f"{title} (page {number})"
        count = f'<p class="pd-count-line">{len(papers)} paper{"s" if len(papers) != 1 else ""}, newest published first.</p>'
        body = (intro if number == 1 else "") + count + sort_control(prefix) + paper_list(chunk, prefix, sentence=sentence) + \
            _pager(number, len(chunks))
        extra = {"feed": "feed.xml" if number == 1 else "../feed.xml"} if feed else {}
        files[path] = _page(heading, f"{title}: {len(papers)} papers.", body, **extra)
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


def _papers_index(catalog: Catalog) -> str:
    """`papers/`: no listing of every paper (tens of thousands), but the ways to them."""
    return _page("Papers", "Every paper of the digest, by tag, by month, by source or by search.",
                 f"<p>The digest holds {len(catalog.papers):,} papers, each on a page of its own. Find them"
                 ' <a href="../search/">by searching</a>, <a href="../tags/">by tag</a>,'
                 ' <a href="../archive/">by month of publication</a> or <a href="../sources/">by source'
                 ' dump</a>; <a href="../papers.json">papers.json</a> lists them all.</p>')


def _page(title: str, description: str, html: str, **extra: object) -> str:
    # One line: a blank line would end the raw HTML block and hand the rest to Markdown.
    body = html.replace("\n", " ")
    head = markup.front_matter(title, description, template=LISTING_TEMPLATE, **extra)
    return f"{head}<div class=\"pd-listing\">{body}</div>\n"
