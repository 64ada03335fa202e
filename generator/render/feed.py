"""The Atom feed of the latest additions, made with feedgen.

Dates come from the catalog (the day each paper was added), never from the clock, so the same
dumps give the same feed byte for byte.
"""

from __future__ import annotations

from datetime import datetime, time, timezone

from feedgen.feed import FeedGenerator

from ..config import Settings
from ..model import Catalog

FEED_TITLE = "paper-digest: latest additions"


def render_feed(catalog: Catalog, settings: Settings) -> bytes:
    """Atom XML of the `settings.feed_size` most recently added papers."""
    base = settings.site_url.rstrip("/") + "/" if settings.site_url else ""
    latest = sorted(catalog.papers, key=lambda p: (-p.added.toordinal(), p.title, p.slug))
    latest = latest[: settings.feed_size]
    generator = FeedGenerator()
    generator.id(base + "feed.xml" if base else "urn:paper-digest:feed")
    generator.title(FEED_TITLE)
    generator.subtitle("Research papers added to the digest, newest first.")
    generator.link(href=base + "feed.xml" if base else "feed.xml", rel="self")
    generator.link(href=base or "./", rel="alternate")
    generator.generator("paper-digest")
    generator.updated(_midnight(max((p.added for p in catalog.papers), default=None)))
    for paper in reversed(latest):  # feedgen prepends: add oldest first to list newest first
        entry = generator.add_entry()
        entry.id(base + paper.url if base else f"urn:paper-digest:paper:{paper.slug}")
        entry.title(paper.title)
        entry.link(href=base + paper.url if base else paper.url)
        entry.summary(paper.abstract)
        entry.updated(_midnight(paper.added))
        if paper.published:
            entry.published(_midnight(paper.published))
        for name in paper.tags:
            entry.category(term=name)
    return generator.atom_str(pretty=True)


def _midnight(day) -> datetime:  # type: ignore[no-untyped-def]
    if day is None:
        return datetime(1970, 1, 1, tzinfo=timezone.utc)
    return datetime.combine(day, time(0, 0), tzinfo=timezone.utc)
