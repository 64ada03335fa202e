"""A change of the digest, before and after: what `paper-digest check` reviews and `record` writes.

Before the change, the digest is a git revision's dumps and record of published URLs, read from
git's object store (a pull request's base branch; for `record`, the last commit); for dump files
checked on their own, it is the dumps folder without them. After the change, it is the working
tree. Both sides go through the read and merge stages of a build, so the review sees exactly the
URLs the site would publish on each side, and the record written is the one the next build reads.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from . import git, merge, pipeline, read, review
from .config import Settings
from .errors import DumpErrors
from .model import Catalog, Dump, Problem, PublishedUrl

DEFAULT_RECORD_BASE = "HEAD"  # `record` compares with the last commit unless told otherwise


@dataclass(frozen=True, slots=True)
class Digest:
    """The digest on one side of a change: its dumps, its record as written, and their merge."""

    dumps: tuple[Dump, ...]
    recorded: tuple[PublishedUrl, ...]
    record_problems: tuple[Problem, ...]
    merged: merge.Merged


@dataclass(frozen=True, slots=True)
class RecordUpdate:
    """What `paper-digest record` writes, and what changed since the record it read."""

    text: str
    before: tuple[PublishedUrl, ...]
    after: tuple[PublishedUrl, ...]
    base: str | None  # the revision the former state was read from; None without git
    without_similar: tuple[str, ...]  # removed just now, but not found at the base to link


def digest_now(settings: Settings, dumps: tuple[Dump, ...] | None = None) -> Digest:
    """The working tree's digest (or `dumps` with the working tree's record)."""
    dumps = pipeline.read_dumps(settings) if dumps is None else dumps
    recorded, problems = pipeline.read_record(settings)
    return Digest(dumps, recorded, problems, merge.merge_entries(dumps, recorded))


def digest_at(revision: str, settings: Settings) -> Digest:
    """The digest as it was at a git revision: its dumps and its record of published URLs."""
    dumps = read.read_dumps_at(revision, settings.dumps_dir, settings)
    recorded, problems = _record_at(revision, settings.url_record)
    return Digest(dumps, recorded, problems, merge.merge_entries(dumps, recorded))


def _record_at(revision: str, path: Path) -> tuple[tuple[PublishedUrl, ...], tuple[Problem, ...]]:
    """The record of published URLs as a revision had it (none: nothing was published yet)."""
    top = git.top_folder(path)
    content = git.content_if_any(top, git.commit_of(top, revision), git.relative_path(top, path))
    if content is None:
        return (), ()
    source = f"{revision}:{pipeline.shown_path(path)}"
    return merge.parse_record(content.decode("utf-8", errors="replace"), source)


def recorded_after(base: Digest | None, head: Digest, removed_on: date | None) -> tuple[PublishedUrl, ...]:
    """Every published URL after the change, as `paper-digest record` writes them.

    The head's record first takes in the URLs the base published without recording them (a
    record left stale before), so those keep their papers too; then the head's papers are
    merged against it.
    """
    recorded = {url.slug: url for url in head.recorded}
    for url in base.merged.urls if base is not None else ():
        recorded.setdefault(url.slug, url)
    caught_up = tuple(recorded[slug] for slug in sorted(recorded))
    return merge.merge_entries(head.dumps, caught_up, removed_on).urls


def update_record(settings: Settings, revision: str | None, removed_on: date) -> RecordUpdate:
    """The record of published URLs brought up to date with the working tree's dumps.

    `revision`: where the former digest is read from (default: the last commit), for the URLs it
    published and the similar papers of those removed now.
    """
    settings = settings.validated()
    head = digest_now(settings)
    if any(problem.severity == "error" for problem in head.record_problems):
        raise DumpErrors(head.record_problems)
    base, shown_base = _former_digest(revision, settings)
    urls = recorded_after(base, head, removed_on)
    was_removed = {url.slug for url in head.recorded if url.state == "removed"}
    removed_now = {url.slug for url in urls if url.state == "removed" and url.slug not in was_removed}
    urls, unlinked = _with_former_similar(urls, removed_now, base, settings)
    return RecordUpdate(merge.format_record(urls), head.recorded, urls, shown_base, unlinked)


def _former_digest(revision: str | None, settings: Settings) -> tuple[Digest | None, str | None]:
    """The base digest: the revision asked for, else the last commit when there is one."""
    if revision is not None:
        return digest_at(revision, settings), revision
    try:
        return digest_at(DEFAULT_RECORD_BASE, settings), DEFAULT_RECORD_BASE
    except git.RevisionError:
        return None, None  # not in git, or no commit yet: nothing published to compare with


def _with_former_similar(urls: tuple[PublishedUrl, ...], removed_now: set[str], base: Digest | None,
                         settings: Settings) -> tuple[tuple[PublishedUrl, ...], tuple[str, ...]]:
    """The URLs with the similar papers that each paper removed now had when it was last there.

    Looked up at the base, then, for papers the base no longer has (the removal was committed
    before the record was run), at the last commit that changed the record: the record was
    written there, so every paper it held live was in that commit's dumps.
    """
    similar: dict[str, tuple[str, ...]] = {}
    for former in (lambda: base, lambda: _digest_when_last_recorded(settings)):
        missing = removed_now - set(similar)
        if missing and (digest := former()) is not None and _holds_any(digest, missing):
            similar = {**_similar_slugs(digest, settings), **similar}
    linked = tuple(replace(url, similar=similar[url.slug]) if url.slug in removed_now and url.slug in similar
                   else url for url in urls)
    return linked, tuple(sorted(removed_now - set(similar)))


def _holds_any(digest: Digest, slugs: set[str]) -> bool:
    """Whether the digest has a paper at one of the slugs (else linking it is wasted work)."""
    return any(paper.slug in slugs for paper in digest.merged.papers)


def _digest_when_last_recorded(settings: Settings) -> Digest | None:
    """The digest at the last commit that changed the record (None outside git)."""
    try:
        top = git.top_folder(settings.url_record)
        commit = git.last_commit_changing(top, git.relative_path(top, settings.url_record))
        return digest_at(commit, settings) if commit else None
    except git.RevisionError:
        return None


def _similar_slugs(digest: Digest, settings: Settings) -> dict[str, tuple[str, ...]]:
    """Each paper's similar papers in a digest, as its build linked them."""
    catalog = pipeline.link_similar(pipeline.tag_papers(Catalog(papers=digest.merged.papers), settings),
                                    settings)
    return {paper.slug: tuple(link.slug for link in paper.similar) for paper in catalog.papers}


def review_change(settings: Settings, revision: str) -> review.CheckReport:
    """`paper-digest check --base REVISION`: the working tree's change against that revision."""
    settings = settings.validated()
    return _review(digest_at(revision, settings), digest_now(settings), settings, revision, True)


def review_files(settings: Settings, files: tuple[Path, ...]) -> review.CheckReport:
    """`paper-digest check FILE...`: the files as a pull request would add them to the folder."""
    settings = settings.validated()
    checked = {path.resolve() for path in files}
    others = tuple(path for path in read.dump_paths(settings.dumps_dir) if path.resolve() not in checked)
    base_dumps = read.read_dump_files(others, settings)
    added = read.read_dump_files(read.dump_paths(None, files), settings)
    base = digest_now(settings, base_dumps)
    head = digest_now(settings, tuple(sorted(base_dumps + added, key=lambda dump: dump.name)))
    return _review(base, head, settings, f"the other dumps of {pipeline.shown_path(settings.dumps_dir)}",
                   False)


def _review(base: Digest, head: Digest, settings: Settings, against: str,
            is_stale_an_error: bool) -> review.CheckReport:
    tagged = pipeline.tag_papers(Catalog(papers=head.merged.papers), settings)
    linked = pipeline.link_similar(tagged, settings)
    problems = tuple(problem for dump in head.dumps for problem in dump.problems)
    record = review.RecordCheck(pipeline.shown_path(settings.url_record), head.recorded,
                                recorded_after(base, head, None), is_stale_an_error)
    return review.make_report(review.Change(
        against=against,
        base=review.Side(base.dumps, base.merged.papers, base.merged.urls),
        head=review.Side(head.dumps, linked.papers, head.merged.urls),
        problems=problems + head.merged.problems + head.record_problems,
        slug_by_entry=head.merged.slug_by_entry,
        record=record,
    ))
