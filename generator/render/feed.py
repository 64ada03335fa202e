"""The Atom feeds, made with feedgen: the site's latest additions, and one per tag.

Dates come from the catalog (the day each paper was added), never from the clock, so the same
dumps give the same feeds byte for byte. A tag's feed is for following a topic: its
TAG_FEED_SIZE latest additions, each entry short (title, link, day added, the abstract's first
sentence), because a large digest has thousands of tags and every feed is part of the site's size.
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone

from feedgen.feed import FeedGenerator

from .entries import snippet
from ..config import Settings
from ..model import Catalog, Paper, Tag

FEED_TITLE = "paper-digest: latest additions"
TAG_FEED_SIZE = 20


def render_feed(catalog: Catalog, settings: Settings) -> bytes:
    """Atom XML of the `settings.feed_size` most recently added papers."""
    base = _base(settings)
    generator = _generator(base + "feed.xml" if base else "urn:paper-digest:feed", FEED_TITLE,
                           "Research papers added to the digest, newest first.",
                           base + "feed.xml" if base else "feed.xml", base or "./", catalog.papers)
    for paper in reversed(latest_added(catalog.papers, settings.feed_size)):  # feedgen prepends
        entry = _entry(generator, paper, base or "", paper.abstract)
        if paper.published:
            entry.published(_midnight(paper.published))
        for name in paper.tags:
            entry.category(term=name)
    return generator.atom_str(pretty=True)


def render_tag_feed(tag: Tag, papers: list[Paper], settings: Settings) -> bytes:
    """Atom XML of the tag's TAG_FEED_SIZE latest additions, for `tags/<slug>/feed.xml`."""
    base = _base(settings)
    # Without a site address, links are relative to the feed's own folder, two levels down.
    root = base or "../../"
    address = f"tags/{tag.slug}/"
    generator = _generator(base + address + "feed.xml" if base else f"urn:paper-digest:tag:{tag.slug}",
                           f"paper-digest: {tag.name}", f"Papers tagged “{tag.name}”, newest additions first.",
                           "feed.xml", root + address, papers)
    for paper in reversed(latest_added(papers, TAG_FEED_SIZE)):
        _entry(generator, paper, root, snippet(paper.abstract))
    return generator.atom_str(pretty=False)


def latest_added(papers: tuple[Paper, ...] | list[Paper], count: int) -> list[Paper]:
    """The `count` most recently added papers, newest first."""
    return sorted(papers, key=lambda p: (-p.added.toordinal(), p.title, p.slug))[:count]


def _base(settings: Settings) -> str:
    return settings.site_url.rstrip("/") + "/" if settings.site_url else ""


def _generator(feed_id: str, title: str, subtitle: str, self_link: str, home: str,
               papers: tuple[Paper, ...] | list[Paper]) -> FeedGenerator:
    generator = FeedGenerator()
    generator.id(feed_id)
    generator.title(title)
    generator.subtitle(subtitle)
    generator.link(href=self_link, rel="self")
    generator.link(href=home, rel="alternate")
    generator.generator("paper-digest")
    generator.updated(_midnight(max((p.added for p in papers), default=None)))
    return generator


def _entry(generator: FeedGenerator, paper: Paper, root: str, summary: str):  # type: ignore[no-untyped-def]
    entry = generator.add_entry()
    entry.id(root + paper.url if root.startswith("http") else f"urn:paper-digest:paper:{paper.slug}")
    entry.title(paper.title)
    entry.link(href=root + paper.url)
    entry.summary(summary)
    entry.updated(_midnight(paper.added))
    return entry


def _midnight(day: date | None) -> datetime:
    if day is None:
        return datetime(1970, 1, 1, tzinfo=timezone.utc)
    return datetime.combine(day, time(0, 0), tzinfo=timezone.utc)
