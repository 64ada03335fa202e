"""The home page's generated sections: what is new, the size of the digest, the most used tags.

"What's new" is what a reader of a daily listing comes back for: the papers of the latest days
papers were added on, each day with the dumps they came from, best first (most upvoted, then the
most recently published), so the day's notable papers lead rather than the alphabet.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from . import markup
from .entries import paper_list
from .listings import source_slug
from ..model import Catalog, Dump, Paper

HOME_DAYS = 2  # the latest days papers were added on
HOME_PER_DAY = 8  # papers shown of each
HOME_TAGS = 30


def home_sections(catalog: Catalog) -> str:
    """HTML for the home page: size of the digest, what's new and the most used tags."""
    counts = Counter(name for paper in catalog.papers for name in paper.tags)
    slugs = {tag.name: tag.slug for tag in catalog.tags}
    top = sorted(counts, key=lambda name: (-counts[name], name))[:HOME_TAGS]
    tag_links = "".join(f'<a href="tags/{slugs[name]}/">{markup.escape_html(name)}'
                        f' <span class="pd-count">{counts[name]}</span></a>' for name in top if name in slugs)
    return (
        f'<div class="pd-home"><p class="pd-stats"><strong>{len(catalog.papers):,}</strong> papers'
        f" from <strong>{len(catalog.dumps):,}</strong> source dumps, with"
        f" <strong>{len(catalog.tags):,}</strong> tags.</p>"
        f'<h2 id="latest">What’s new</h2>{_whats_new(catalog)}'
        f'<p><a href="archive/">Browse the archive</a> · <a href="feed.xml">Atom feed</a></p>'
        f'<h2 id="tags">Most used tags</h2><p class="pd-tags">{tag_links}</p>'
        f'<p><a href="tags/">All tags</a></p></div>'
    ).replace("\n", " ")


def best_first(papers: list[Paper]) -> list[Paper]:
    """Most upvoted first (papers without upvotes after), then the most recently published."""
    return sorted(papers, key=lambda p: (p.upvotes is None, -(p.upvotes or 0),
                                         -(p.published or date.min).toordinal(), p.title, p.slug))


def _whats_new(catalog: Catalog) -> str:
    by_day: dict[date, list[Paper]] = defaultdict(list)
    for paper in catalog.papers:
        by_day[paper.added].append(paper)
    sections = []
    for day in sorted(by_day, reverse=True)[:HOME_DAYS]:
        papers = best_first(by_day[day])
        dumps = [dump for dump in catalog.dumps if dump.captured == day
                 and any(dump.name in paper.sources for paper in papers)]
        shown = papers[:HOME_PER_DAY]
        more = (f'<p class="pd-more">{len(papers) - len(shown)} more: see {_dump_links(dumps)}.</p>'
                if len(papers) > len(shown) else "")
        sections.append(
            f'<h3 class="pd-day">Added <time datetime="{day.isoformat()}">{day.isoformat()}</time>: '
            f'{len(papers)} paper{"s" if len(papers) != 1 else ""} from {_dump_links(dumps)}</h3>'
            f"{paper_list(shown, '')}{more}")
    return "".join(sections)


def _dump_links(dumps: list[Dump]) -> str:
    return ", ".join(f'<a href="sources/{markup.url_path(source_slug(dump.name))}/">{markup.escape_html(dump.name)}</a>'
                     for dump in dumps) or "the dumps"
