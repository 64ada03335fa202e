"""Pages for the published URLs no paper lives at any more: a redirect, or a note of removal.

A published URL never breaks (`merge/urls.py`). A paper that turned out to be another one leaves
a redirect page at its old address: plain HTML as mkdocs-redirects writes it (a meta refresh, a
canonical link, a link to follow, and a line of script that keeps the `#part`), a few hundred
bytes without the theme. A paper whose dumps are gone leaves a page in the paper pages' own frame
saying that it was removed, and when, with the site search and its former similar papers that
are still in the digest.
"""

from __future__ import annotations

from datetime import date

from . import markup
from ..config import Settings
from ..model import Catalog, PublishedUrl

PAPER_TEMPLATE = "paper.html"  # removed pages share the paper pages' slim frame

REDIRECT_PAGE = (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
    "<title>Moved: {title}</title>"
    '<link rel="canonical" href="{canonical}"><meta name="robots" content="noindex">'
    '<meta http-equiv="refresh" content="0; url={target}">'
    '<script>location.replace("{target}"+location.hash)</script></head>\n'
    '<body><p>This paper is now at <a href="{target}">{title}</a>.</p></body></html>\n'
)


def render_retired(catalog: Catalog, settings: Settings) -> dict[str, str]:
    """A redirect page for each redirected slug and a page for each removed one, by path."""
    titles = {paper.slug: paper.title for paper in catalog.papers}  # the pages of papers
    redirects = {url.slug: url.target for url in catalog.urls if url.state == "redirect"}
    removed_titles = {url.slug: url.title for url in catalog.urls if url.state == "removed"}
    files = {}
    for url in catalog.urls:
        if url.state == "redirect":
            target_title = titles.get(url.target) or removed_titles.get(url.target, url.target)
            files[f"papers/{url.slug}/index.html"] = redirect_page(url, target_title, settings.site_url)
        elif url.state == "removed":
            files[f"papers/{url.slug}.md"] = removed_page(url, _still_here(url, redirects, titles), titles)
    return files


def redirect_page(url: PublishedUrl, target_title: str, site_url: str) -> str:
    """The HTML page at a redirected slug's address (the record lets slugs be [a-z0-9-] only)."""
    target = f"../{markup.url_path(url.target)}/"
    canonical = f"{site_url.rstrip('/')}/papers/{markup.url_path(url.target)}/" if site_url else target
    return REDIRECT_PAGE.format(title=markup.escape_html(target_title), target=target,
                                canonical=markup.escape_html(canonical))


def removed_page(url: PublishedUrl, similar: tuple[str, ...], titles: dict[str, str]) -> str:
    """The page of a removed paper: front matter and one raw HTML block, as a paper page."""
    title = url.title or url.slug
    head = markup.front_matter(title, f"Removed from the digest: {title}", template=PAPER_TEMPLATE)
    search = f"../../search/?query={markup.search_query(title)}"
    parts = [
        f"<h1>{markup.escape_html(title)}</h1>",
        f'<p class="pd-meta">{_when(url.removed)}</p>',
        "<p>The source dumps of the digest no longer hold this paper, so it has no page of its own"
        " any more; this address stays so that links to it keep working."
        f' <a href="{markup.escape_html(search)}">Search the digest</a> for it or its topic.</p>',
        _similar(similar, titles),
    ]
    return f'{head}<article class="pd-paper pd-removed">{"".join(filter(None, parts))}</article>\n'


def _when(removed: date | None) -> str:
    if removed is None:
        return "Removed from the digest (the date was not recorded)"
    return f'Removed from the digest on <time datetime="{removed.isoformat()}">{removed.isoformat()}</time>'


def _still_here(url: PublishedUrl, redirects: dict[str, str], titles: dict[str, str]) -> tuple[str, ...]:
    """Its former similar papers that still have a page, followed through redirects, once each."""
    found: list[str] = []
    for slug in url.similar:
        slug = redirects.get(slug, slug)
        if slug in titles and slug not in found:
            found.append(slug)
    return tuple(found)


def _similar(slugs: tuple[str, ...], titles: dict[str, str]) -> str:
    if not slugs:
        return ""
    items = "".join(f'<li><a href="../{markup.url_path(slug)}/">{markup.escape_html(titles[slug])}</a></li>'
                    for slug in slugs)
    return (f'<h2 id="similar">Similar papers still in the digest</h2>'
            f'<ol class="pd-similar">{items}</ol>')
