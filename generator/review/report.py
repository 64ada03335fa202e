"""What `paper-digest check` tells a contributor and a reviewer about a change of the digest.

The check compares the digest before a change with the digest after it, each merged as a build
merges it: which dumps were added, changed or removed; which papers are new (with the tags and
similar papers that place them in the digest), which changed and how, field by field, which were
merged into another paper and which were removed; what becomes of every published URL; and every
problem with its `file:line`. Errors are what would break the build or a published URL, or leave
the record of published URLs stale; the rest is for information.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from ..model import Dump, Paper, Problem, PublishedUrl
from .fields import FieldChange, field_changes
from .record import RecordCheck, stale_record


@dataclass(frozen=True, slots=True)
class Side:
    """The digest on one side of the change."""

    dumps: tuple[Dump, ...]
    papers: tuple[Paper, ...]  # after the change: with their tags and similar papers
    urls: tuple[PublishedUrl, ...]  # what every published URL shows


@dataclass(frozen=True, slots=True)
class Change:
    """Everything the review compares."""

    against: str  # what the change is compared with, as the contributor names it
    base: Side
    head: Side
    problems: tuple[Problem, ...]  # every problem after the change: dumps, merge, record
    slug_by_entry: Mapping[tuple[str, int], str]  # the merge's own answer, after the change
    record: RecordCheck


@dataclass(frozen=True, slots=True)
class ChangedPaper:
    """A paper at the same URL before and after, with what changed about it."""

    paper: Paper  # as it is after the change
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class GonePaper:
    """A published paper without a page of its own any more: merged into another, or removed."""

    slug: str
    title: str
    target: str = ""  # merged: the slug its URL now redirects to
    target_title: str = ""


@dataclass(frozen=True, slots=True)
class CheckReport:
    against: str
    dumps_added: tuple[str, ...]
    dumps_changed: tuple[str, ...]
    dumps_removed: tuple[str, ...]
    entries: int  # entries read from the added and changed dumps
    added: tuple[Paper, ...]  # papers new to the digest, with tags and similar papers
    changed: tuple[ChangedPaper, ...]  # papers at the same URL whose title or metadata changed
    merged: tuple[GonePaper, ...]  # papers merged into another: their URL redirects
    removed: tuple[GonePaper, ...]  # papers no dump holds any more: their URL says so
    duplicates: tuple[Paper, ...]  # papers given more than once within the checked dumps
    urls_created: tuple[str, ...]  # slugs published for the first time
    urls_broken: tuple[str, ...]  # published slugs the change would break (always an error)
    titles: Mapping[str, str]  # every paper's title after the change, by slug
    problems: tuple[Problem, ...]

    @property
    def files(self) -> tuple[str, ...]:
        """The dumps the change adds or changes: the ones whose entries were checked."""
        return tuple(sorted(self.dumps_added + self.dumps_changed))

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(problem for problem in self.problems if problem.severity == "error")

    @property
    def is_clean(self) -> bool:
        return not self.errors


def make_report(change: Change) -> CheckReport:
    """Compare the digest before and after the change."""
    before = {dump.name: dump for dump in change.base.dumps}
    after = {dump.name: dump for dump in change.head.dumps}
    added = tuple(sorted(set(after) - set(before)))
    changed = tuple(sorted(name for name in after if name in before and after[name] != before[name]))
    checked = set(added) | set(changed)
    papers = {paper.slug: paper for paper in change.head.papers}
    per_paper = Counter(change.slug_by_entry[(entry.source, entry.line)]
                        for name in checked for entry in after[name].entries)
    merged, removed = _gone(change)
    broken = _broken_urls(change)
    published = {url.slug for url in change.base.urls}
    was_a_paper = {paper.slug for paper in change.base.papers}
    new_papers = tuple(paper for paper in change.head.papers if paper.slug not in was_a_paper)
    return CheckReport(
        against=change.against, dumps_added=added, dumps_changed=changed,
        dumps_removed=tuple(sorted(set(before) - set(after))),
        entries=sum(len(after[name].entries) for name in checked),
        added=new_papers,
        changed=_changed(change),
        merged=merged, removed=removed,
        duplicates=tuple(papers[slug] for slug in sorted(per_paper) if per_paper[slug] > 1),
        urls_created=tuple(paper.slug for paper in new_papers if paper.slug not in published),
        titles={slug: paper.title for slug, paper in papers.items()},
        urls_broken=tuple(slug for slug, _ in broken),
        problems=_located(change, checked) + tuple(problem for _, problem in broken)
        + stale_record(change.record),
    )


def _changed(change: Change) -> tuple[ChangedPaper, ...]:
    before = {paper.slug: paper for paper in change.base.papers}
    found = []
    for paper in change.head.papers:
        if paper.slug in before and (changes := field_changes(before[paper.slug], paper)):
            found.append(ChangedPaper(paper, changes))
    return tuple(found)


def _gone(change: Change) -> tuple[tuple[GonePaper, ...], tuple[GonePaper, ...]]:
    """Published papers whose URL now redirects, and those whose URL says they were removed."""
    now = {url.slug: url for url in change.head.urls}
    titles = {paper.slug: paper.title for paper in change.head.papers}
    merged, removed = [], []
    for paper in change.base.papers:
        url = now.get(paper.slug)
        if url is not None and url.state == "redirect":
            merged.append(GonePaper(paper.slug, paper.title, url.target, titles.get(url.target, "")))
        elif url is None or url.state == "removed":
            removed.append(GonePaper(paper.slug, paper.title))
    return tuple(merged), tuple(removed)


def _located(change: Change, checked: set[str]) -> tuple[Problem, ...]:
    """Problems of the checked dumps (sidecars included) and of the record, in file order."""
    def concerns_change(problem: Problem) -> bool:
        return (problem.source in checked or problem.source == change.record.path
                or problem.source.removesuffix(".yml") + ".txt" in checked)

    return tuple(sorted((problem for problem in change.problems if concerns_change(problem)),
                        key=lambda problem: (problem.source, problem.line, problem.message)))


def _broken_urls(change: Change) -> tuple[tuple[str, Problem], ...]:
    """Published URLs the change would break (gone altogether, or showing another paper), each
    with its problem."""
    now = {url.slug: url for url in change.head.urls}
    fix = f"run `make record` and commit {change.record.path}"
    problems = []
    for url in change.base.urls:
        after = now.get(url.slug)
        if after is None:
            problems.append((url.slug, Problem(change.record.path, 0, f"published URL papers/{url.slug}/"
                                               f" would be a 404 (page not found): {fix}", url.title[:80])))
        elif url.state == after.state == "live" and not set(url.keys) & set(after.keys):
            problems.append((url.slug, Problem(change.record.path, 0, f"published URL papers/{url.slug}/"
                                               f" would show another paper, {after.title!r}: {fix}",
                                               url.title[:80])))
    return tuple(problems)
