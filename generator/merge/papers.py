"""Merge the entries of every dump into papers, one paper per real-world paper.

The same paper is pasted into many dumps: with metadata in one, without in another, as a bare
abstract in a third, sometimes retitled. Entries are joined when their normalised titles or their
normalised abstracts agree; the joined group becomes one Paper with the richest metadata, and
every disagreement is reported. A paper keeps the slug the record of published URLs gives it
(`urls.py`); a paper new to the record gets one from its first-seen title (`slugs.py`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from .. import text
from ..text import abstract_key, normalized_key, title_key
from ..model import Dump, Entry, Paper, Problem, PublishedUrl
from .slugs import SlugRegistry
from .urls import key_hash, keep_recorded_slugs, published_urls

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class _CapturedEntry:
    """An entry together with the capture date of the dump it came from, and its identity keys."""

    entry: Entry
    captured: date
    keys: tuple[str, ...]

    @property
    def order(self) -> tuple[date, str, int]:
        return (self.captured, self.entry.source, self.entry.line)


@dataclass(frozen=True, slots=True)
class Merged:
    """The merge's result: the papers, the conflicts, which paper each entry went into, and what
    every published URL shows now."""

    papers: tuple[Paper, ...]  # sorted by slug
    problems: tuple[Problem, ...]
    slug_by_entry: dict[tuple[str, int], str]  # (dump name, line) of each entry -> its paper's slug
    urls: tuple[PublishedUrl, ...] = ()  # every URL published, the papers' own ones too, by slug


def merge_papers(dumps: tuple[Dump, ...]) -> tuple[tuple[Paper, ...], tuple[Problem, ...]]:
    """Entries of all dumps -> papers sorted by slug, plus the conflicts found while merging."""
    merged = merge_entries(dumps)
    return merged.papers, merged.problems


def merge_entries(dumps: tuple[Dump, ...], recorded: tuple[PublishedUrl, ...] = (),
                  removed_on: date | None = None) -> Merged:
    """Entries of all dumps -> papers, conflicts, the paper each entry became part of, and the URLs.

    `recorded`: the record of published URLs; its slugs stay with their papers. `removed_on`: the
    date a recorded paper that no dump holds any more is said to be removed (None: not known).
    """
    captured = sorted((_CapturedEntry(entry, dump.captured, identity_keys(entry))
                       for dump in dumps for entry in dump.entries), key=lambda item: item.order)
    groups = _same_paper_groups(captured)
    hashes = [[tuple(map(key_hash, item.keys)) for item in group] for group in groups]
    kept = keep_recorded_slugs(hashes, recorded)
    problems: list[Problem] = []
    papers = []
    slug_by_entry: dict[tuple[str, int], str] = {}
    slugs = SlugRegistry(url.slug for url in recorded)
    # Groups come in first-seen order, which is the order in which new slugs are handed out.
    for group, kept_slug in zip(groups, kept.slugs):
        paper = _merge_group(group, kept_slug, slugs)
        papers.append(paper)
        problems.extend(_conflicts(group, paper))
        slug_by_entry.update(((item.entry.source, item.entry.line), paper.slug) for item in group)
    live = tuple(PublishedUrl(paper.slug, "live", tuple(sorted(set().union(*keys))), paper.title)
                 for paper, keys in zip(papers, hashes))
    redirected = {slug: papers[index].slug for slug, index in kept.redirected.items()}
    return Merged(tuple(sorted(papers, key=lambda paper: paper.slug)), tuple(problems), slug_by_entry,
                  published_urls(recorded, live, redirected, removed_on))


def identity_keys(entry: Entry) -> tuple[str, ...]:
    """The keys entries are matched by: two entries that share one are the same paper.

    The normalised abstract, and the normalised title when the entry has one (empty ones match
    nothing).
    """
    keys = [abstract_key(entry.abstract)]
    if entry.title:
        keys.append(title_key(entry.title))
    return tuple(key for key in keys if key not in ("a:", "t:"))


def _same_paper_groups(captured: list[_CapturedEntry]) -> list[list[_CapturedEntry]]:
    """Union entries that share an identity key; groups in first-seen order."""
    parent = list(range(len(captured)))

    def find(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    first_with_key: dict[str, int] = {}
    for index, item in enumerate(captured):
        for key in item.keys:
            if key in first_with_key:
                # The earlier entry's root stays the root, so a group is led by its first entry.
                parent[find(index)] = find(first_with_key[key])
            else:
                first_with_key[key] = index
    members: dict[int, list[_CapturedEntry]] = defaultdict(list)
    for index, item in enumerate(captured):
        members[find(index)].append(item)
    return [members[root] for root in sorted(members, key=lambda root: captured[root].order)]


def _richness(item: _CapturedEntry) -> tuple[int, int]:
    entry = item.entry
    filled = sum(value is not None for value in
                 (entry.title, entry.authors_count or entry.organization, entry.published, entry.upvotes))
    return filled, len(entry.abstract)


def _merge_group(group: list[_CapturedEntry], kept_slug: str | None, slugs: SlugRegistry) -> Paper:
    """The group's paper, under the slug the record keeps for it or a new one."""
    first = group[0]  # groups are in capture order, so ties below go to the earliest entry
    if len(group) == 1:
        richest = first
        title_source = first if first.entry.title else None
    else:
        richest = max(group, key=_richness)
        titled = [item for item in group if item.entry.title]
        title_source = max(titled, key=_richness) if titled else None
    abstract = text.clean_abstract(max((item.entry.abstract for item in group), key=len))
    if title_source is not None:
        title, derived = text.clean_title(title_source.entry.title or ""), False
    else:
        title, derived = text.derive_title(abstract), True
    return Paper(
        slug=kept_slug or slugs.claim(_slug_title(group, title, derived), first.entry.abstract),
        title=title,
        title_derived=derived,
        abstract=abstract,
        authors_count=_pick(group, richest, lambda entry: entry.authors_count),
        organization=_pick(group, richest, lambda entry: entry.organization),
        published=_pick(group, richest, lambda entry: entry.published),
        upvotes=_pick(group, richest, lambda entry: entry.upvotes),
        links=text.extract_links(abstract),
        sources=tuple(sorted({item.entry.source for item in group})),
        added=min(item.captured for item in group),
    )


def _slug_title(group: list[_CapturedEntry], title: str, derived: bool) -> str:
    """The title a new paper's slug is made from: the one it was first seen under."""
    first = group[0].entry
    if first.title:
        return first.title
    if derived and len(group) == 1:
        return title  # the same derivation from the same abstract: do it once
    return text.derive_title(text.clean_abstract(first.abstract))


def _pick(group: list[_CapturedEntry], richest: _CapturedEntry, field: Callable[[Entry], T]) -> T | None:
    """The richest entry's value, else the first entry (in capture order) that has one."""
    value = field(richest.entry)
    if value is not None:
        return value
    return next((field(item.entry) for item in group if field(item.entry) is not None), None)


def _conflicts(group: list[_CapturedEntry], paper: Paper) -> list[Problem]:
    if len(group) == 1:
        return []
    problems = []
    # Upvotes grow between captures, so differing counts are not a conflict.
    compared: tuple[tuple[str, object, Callable[[Entry], object]], ...] = (
        ("authors_count", paper.authors_count, lambda entry: entry.authors_count),
        ("organization", paper.organization, lambda entry: entry.organization),
        ("published", paper.published, lambda entry: entry.published),
    )
    for name, kept, field in compared:
        for item in group:
            value = field(item.entry)
            if value is not None and value != kept:
                problems.append(Problem(item.entry.source, item.entry.line,
                                        f"{name} differs from another dump's ({value} here,"
                                        f" {kept} kept)", paper.title[:80], "warning"))
    titles = {normalized_key(item.entry.title) for item in group if item.entry.title}
    if len(titles) > 1:
        first_titled = next(item for item in group if item.entry.title)
        problems.append(Problem(first_titled.entry.source, first_titled.entry.line,
                                f"same abstract under {len(titles)} different titles; merged,"
                                f" showing {paper.title!r}", paper.title[:80], "warning"))
    return problems
