"""Published URLs follow the paper, not its title: which recorded slug each merged paper keeps.

The record (`record.py`) lists every slug the digest has published with short hashes of the
identity keys of the paper it named. A merged paper keeps the recorded slug whose keys it shares,
so a fixed title keeps its URL through the abstract, and a fixed abstract through the title. Two
published papers later found to be one keep the first slug, and the second redirects to it; a
recorded paper that no dump holds any more keeps a page saying it was removed. Only papers the
record does not know get a new slug, by the rule of `slugs.py`, never one the record holds.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from ..model import PublishedUrl

KEY_HASH_CHARS = 12  # 48 bits: no collision to expect among the keys of a million papers
# A live slug is kept before a redirected one, and that before a removed one, when a paper
# matches several equally well.
STATE_ORDER = {"live": 0, "redirect": 1, "removed": 2}


def key_hash(key: str) -> str:
    """An identity key (`t:normalised title`, `a:normalised abstract`) as the record keeps it."""
    return key[:2] + hashlib.sha256(key[2:].encode("utf-8")).hexdigest()[:KEY_HASH_CHARS]


@dataclass(frozen=True, slots=True)
class KeptSlugs:
    """What the record decides for the merged papers, before new papers get slugs."""

    slugs: tuple[str | None, ...]  # per paper: the recorded slug it keeps, None for a new paper
    redirected: Mapping[str, int]  # recorded slug -> the paper (its index) it now redirects to


@dataclass(frozen=True, slots=True)
class _Match:
    """A recorded slug whose keys a paper shares, and how well: the better, the smaller."""

    rank: tuple[float, int, int, int, str]
    paper: int
    slug: str


def keep_recorded_slugs(papers: Sequence[Sequence[tuple[str, ...]]],
                        recorded: tuple[PublishedUrl, ...]) -> KeptSlugs:
    """The recorded slug each paper keeps, and the recorded slugs that now redirect.

    `papers`: for each paper in first-seen order, its entries' key hashes in capture order.
    Matches are taken best first: the larger the share of a slug's keys a paper holds, the
    better (a paper split in two gives each part the slug most its own); then live before
    redirected before removed slugs; then the paper, and the entry in it, seen first.
    """
    matches = sorted(_matches(papers, recorded), key=lambda match: match.rank)
    slug_of_paper: dict[int, str] = {}
    paper_of_slug: dict[str, int] = {}
    for match in matches:
        if match.paper not in slug_of_paper and match.slug not in paper_of_slug:
            slug_of_paper[match.paper], paper_of_slug[match.slug] = match.slug, match.paper
    redirected: dict[str, int] = {}
    for match in matches:
        if match.slug not in paper_of_slug:
            redirected.setdefault(match.slug, match.paper)
    return KeptSlugs(tuple(slug_of_paper.get(index) for index in range(len(papers))), redirected)


def _matches(papers: Sequence[Sequence[tuple[str, ...]]],
             recorded: tuple[PublishedUrl, ...]) -> list[_Match]:
    urls_by_key: dict[str, list[PublishedUrl]] = defaultdict(list)
    for url in recorded:
        for key in url.keys:
            urls_by_key[key].append(url)
    matches = []
    for index, entries in enumerate(papers):
        held = {key for keys in entries for key in keys}
        first_entry: dict[str, tuple[int, PublishedUrl]] = {}
        for position, keys in enumerate(entries):
            for key in keys:
                for url in urls_by_key.get(key, ()):
                    first_entry.setdefault(url.slug, (position, url))
        for slug, (position, url) in first_entry.items():
            share = len(held.intersection(url.keys)) / len(url.keys)
            matches.append(_Match((-share, STATE_ORDER[url.state], index, position, slug), index, slug))
    return matches


def published_urls(recorded: tuple[PublishedUrl, ...], live: tuple[PublishedUrl, ...],
                   redirected: Mapping[str, str], removed_on: date | None) -> tuple[PublishedUrl, ...]:
    """Every URL after the merge, by slug: the papers' own, then what became of the recorded rest.

    `live`: a URL per merged paper; `redirected`: recorded slug -> the slug it now sends readers
    to. A recorded live slug that no paper kept is removed (`removed_on`, None when unknown);
    recorded redirects and removals stay as they are, no URL is ever dropped.
    """
    urls = {url.slug: url for url in live}
    for url in recorded:
        if url.slug in urls:
            continue
        if url.slug in redirected:
            urls[url.slug] = replace(url, state="redirect", target=redirected[url.slug],
                                     removed=None, similar=())
        elif url.state == "live":
            urls[url.slug] = replace(url, state="removed", removed=removed_on)
        else:
            urls[url.slug] = url
    resolved = _without_chains(urls)
    return tuple(resolved[slug] for slug in sorted(resolved))


def _without_chains(urls: dict[str, PublishedUrl]) -> dict[str, PublishedUrl]:
    """Redirects that point straight at a page: a reader follows one redirect, never a chain."""
    resolved = dict(urls)
    for slug, url in urls.items():
        target, seen = url.target, {slug}
        while url.state == "redirect" and target in urls and urls[target].state == "redirect" \
                and target not in seen:
            seen.add(target)
            target = urls[target].target
        if url.state == "redirect" and target in urls and urls[target].state != "redirect":
            resolved[slug] = replace(url, target=target)
    return resolved
