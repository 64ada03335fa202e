"""Stable slugs: a paper's URL is chosen once, from the title it was first seen under."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from slugify import slugify

from ..text import abstract_key

SLUG_MAX_LENGTH = 45
"""A new paper's slug is at most this long. A slug is written about 17 times a paper across the
site (its page's address, papers.json, the similar papers of other pages, listings, search), so at
100,000 papers every character is 1.7 MB of GitHub Pages' 1 GB; 45 characters keep a title's first
five to seven words, enough to tell the paper by. Slugs already published keep their length: the
record of published URLs holds them."""


def _truncate(slug: str) -> str:
    """Cut a slug to SLUG_MAX_LENGTH at a word boundary: a true prefix of the full slug (slugify's
    own `word_boundary` may skip a long word and keep a later short one)."""
    if len(slug) <= SLUG_MAX_LENGTH:
        return slug
    cut = slug.rfind("-", 0, SLUG_MAX_LENGTH + 1)
    return slug[:cut] if cut > 0 else slug[:SLUG_MAX_LENGTH]


class SlugRegistry:
    """Hands out readable slugs that later dumps cannot take away.

    A slug depends only on the paper's first-seen title. Papers claim slugs in first-seen order;
    when titles collide, the paper seen first keeps the plain slug and the others get a suffix
    from a hash of their own first-seen abstract, so adding a dump never renames a paper that was
    already published.
    """

    def __init__(self, taken: Iterable[str] = ()) -> None:
        """`taken`: slugs no new paper may have (every slug the record of published URLs holds)."""
        self._taken: set[str] = set(taken)

    def claim(self, title: str, abstract: str) -> str:
        base = _truncate(slugify(title)) or "paper"
        slug, length = base, 6
        while slug in self._taken:
            identity = hashlib.sha256(abstract_key(abstract).encode()).hexdigest()
            slug, length = f"{base}-{identity[:length]}", length + 2
        self._taken.add(slug)
        return slug
