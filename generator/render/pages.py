"""Render the catalog into the site's generated files: one page per paper, the listings, the feed
and `papers.json`.

Every generated page is Markdown only in name: YAML front matter (written by the YAML library,
with the title and description HTML-escaped because MkDocs templates print them as they are) and
one raw HTML block built from escaped text. Python-Markdown passes that block through untouched,
so nothing a dump contains can turn into markup, a template expression or a page directive.
"""

from __future__ import annotations

from datetime import date

from . import feed, listings, markup, retired
from .catalog import catalog_to_json_bytes
from ..config import Settings
from ..model import Catalog, Paper, SimilarLink, Tag

DESCRIPTION_CHARS = 160
SHARED_SHOWN = 3  # shared terms shown per similar paper: enough to say why, short enough to scan
STRENGTHS = ((0.25, "very close"), (0.20, "close"), (0.0, "related"))
"""Words for a similar paper's score, from the highest bar it clears: a reader weighs "very
close" at a glance, where "0.27" means nothing without knowing how the digest scores. The bars
come from the blind judgments of the tuning half and the seeds: of the links scoring 0.25 or more,
97 % were judged related and 59 % highly related; from 0.20, 95 % and 44 % (the learned term model
of tools/train_similar.py; 7 % and 27 % of the links shown)."""


def render_site(catalog: Catalog, settings: Settings,
                without_links: dict[str, str] | None = None) -> dict[str, str | bytes]:
    """Every generated file of the site, by path relative to the docs folder.

    `without_links`: each paper page up to its similar papers (`paper_pages_without_links`), when
    already rendered (the pipeline renders them in a second process while the links are made).
    """
    without_links = paper_pages_without_links(catalog) if without_links is None else without_links
    titles = {paper.slug: paper.title for paper in catalog.papers}
    files: dict[str, str | bytes] = {
        f"papers/{paper.slug}.md": add_similar_links(without_links[paper.slug], paper, titles)
        for paper in catalog.papers
    }
    files.update(retired.render_retired(catalog, settings))
    files.update(listings.render_listings(catalog, settings))
    files["feed.xml"] = feed.render_feed(catalog, settings)
    files["papers.json"] = catalog_to_json_bytes(catalog)
    return files


def paper_pages_without_links(catalog: Catalog) -> dict[str, str]:
    """Each paper page up to its similar papers, by slug: all of it that needs no similar links."""
    tags_by_name = {tag.name: tag for tag in catalog.tags}
    return {paper.slug: paper_page_without_links(paper, tags_by_name) for paper in catalog.papers}


def paper_page_without_links(paper: Paper, tags_by_name: dict[str, Tag]) -> str:
    """Front matter and the page body up to the similar papers."""
    description = paper.abstract[:DESCRIPTION_CHARS].rsplit(" ", 1)[0] + "…" \
        if len(paper.abstract) > DESCRIPTION_CHARS else paper.abstract
    abstract = markup.abstract(paper.abstract)
    # `math`: the page loads KaTeX (paper-frame.html). Nothing else goes into the front matter: a
    # paper page's frame is shared by the pages whose front matter agrees (site/templates.py), so
    # a per-paper key such as the tags (which no template prints) would give every page a frame.
    extra = {"math": True} if markup.has_math(abstract) else {}
    head = markup.front_matter(paper.title, description, template="paper.html", **extra)
    parts = [
        _breadcrumb(paper),
        f"<h1>{markup.escape_html(paper.title)}</h1>",
        _derived_note(paper),
        f'<p class="pd-meta">{_metadata_line(paper)}</p>',
        _tag_links(paper, tags_by_name),
        '<h2 id="abstract">Abstract</h2>',
        f'<div class="pd-abstract">{abstract}</div>',
        _link_list(paper),
        _find_links(paper),
    ]
    # No wrapper of its own: Material's <article class="md-content__inner"> holds the page.
    return f"{head}{_one_line(parts)}"


def add_similar_links(without_links: str, paper: Paper, titles: dict[str, str]) -> str:
    """A paper page made whole: its similar papers and the end of the page added."""
    return f"{without_links}{_one_line([_similar_list(paper, titles)])}\n"


def _one_line(parts: list[str]) -> str:
    # One line: a blank line would end the raw HTML block and hand the rest to Markdown.
    return "".join(part for part in parts if part).replace("\n", " ")


def _breadcrumb(paper: Paper) -> str:
    """Home, then the paper's month in the archive: where the paper sits in the site."""
    month = paper.published.strftime("%Y-%m") if paper.published else "undated"
    name = paper.published.strftime("%B %Y") if paper.published else "Undated"
    return (f'<nav class="pd-crumbs" aria-label="Breadcrumb"><a href="../../">Home</a> › '
            f'<a href="../../archive/">Archive</a> › <a href="../../archive/{month}/">{name}</a></nav>')


def _derived_note(paper: Paper) -> str:
    if not paper.title_derived:
        return ""
    return ('<p class="pd-derived">This title was derived from the abstract: the dump gave the'
            " abstract without its title.</p>")


def _metadata_line(paper: Paper) -> str:
    items = []
    if paper.organization:
        items.append(f'<span title="submitted by">{markup.escape_html(paper.organization.name)}</span>')
    if paper.authors_count:
        noun = "author" if paper.authors_count == 1 else "authors"
        items.append(f"{paper.authors_count} {noun}")
    items.append(f"Published {_date(paper.published)}" if paper.published else "Publication date unknown")
    if paper.upvotes is not None:
        items.append(f"{paper.upvotes} upvote{'s' if paper.upvotes != 1 else ''}")
    items.append(f"Added {_date(paper.added)}")
    sources = ", ".join(f'<a href="../../sources/{markup.url_path(listings.source_slug(name))}/">'
                        f"{markup.escape_html(name)}</a>" for name in paper.sources)
    items.append(f"From {sources}")
    return " · ".join(items)


def _date(value: date) -> str:
    """A `<time>` whose text is the ISO date: machines read it without a `datetime` attribute."""
    return f"<time>{value.isoformat()}</time>"


def _tag_links(paper: Paper, tags_by_name: dict[str, Tag]) -> str:
    if not paper.tags:
        return ""
    links = "".join(
        f'<a href="../../tags/{markup.url_path(tags_by_name[name].slug)}/">'
        f"{markup.escape_html(name)}</a>" for name in paper.tags if name in tags_by_name)
    return f'<p class="pd-tags" aria-label="Tags">{links}</p>'


def _link_list(paper: Paper) -> str:
    # Only web links become hrefs: a `javascript:` or `data:` URL must never be clickable.
    links = [link for link in paper.links if link.url.lower().startswith(("https://", "http://"))]
    if not links:
        return ""
    labels = {"code": "Code", "data": "Data", "project": "Project page"}
    items = "".join(
        f'<li>{labels.get(link.kind, "Link")}: <a rel="nofollow noopener" href="{markup.escape_html(link.url)}">'
        f"{markup.escape_html(link.url)}</a></li>" for link in links)
    return f'<h2 id="links">Code and links</h2><ul class="pd-links">{items}</ul>'


def _find_links(paper: Paper) -> str:
    """Where to find the full paper: Google Scholar's search for the exact title, a plain link.

    arXiv's, Hugging Face's and Semantic Scholar's searches for the same title are put before it
    by theme/assets/javascripts/paper.js, from the page's heading: four URL-encoded copies of the
    title were 700 bytes of every page; without JavaScript, Google Scholar's search remains.
    """
    exact = markup.search_query(f'"{paper.title}"')
    scholar = markup.escape_html(f"https://scholar.google.com/scholar?q={exact}")
    return (f'<h2 id="find">Find the full paper</h2>'
            f'<ul class="pd-find"><li><a href="{scholar}">Google Scholar</a></li></ul>')


def _similar_list(paper: Paper, titles: dict[str, str]) -> str:
    """Each similar paper, with why in words in a bare `<small>` (digest.css styles it inside
    `.pd-similar`): a class on it would cost 70 bytes a page."""
    links = [link for link in paper.similar if link.slug in titles]
    if not links:
        return ""
    items = "".join(
        f'<li><a href="../{markup.url_path(link.slug)}/">{markup.escape_html(titles[link.slug])}</a>'
        f' <small>{markup.escape_html(similarity_in_words(link, paper.tags))}</small></li>'
        for link in links)
    return f'<h2 id="similar">Similar papers</h2><ol class="pd-similar">{items}</ol>'


def similarity_in_words(link: SimilarLink, tags: tuple[str, ...]) -> str:
    """Why a similar paper is linked, as a reader would say it: how close it is, the tags the two
    share and the words both use ("close: both on Model merging; both mention “task vectors”")."""
    strength = next(word for bar, word in STRENGTHS if link.score >= bar)
    shown = link.shared[:SHARED_SHOWN]
    topics = [name for name in shown if name in tags]
    words = [f"“{term}”" for term in shown if term not in tags]
    reasons = ([f"both on {_and(topics)}"] if topics else []) + ([f"both mention {_and(words)}"] if words else [])
    return f"{strength}: {'; '.join(reasons)}" if reasons else strength


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
