"""The generator's pipeline: the one place that calls every stage, in order.

dumps -> entries (dumps.py) -> papers (merge.py) -> tags (tags.py) -> similar links (similar.py)
-> site files: pages, listings, feed, catalog (pages.py) and the search index (search.py).
"""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from multiprocessing import get_context
from pathlib import Path
from typing import Iterable, Iterator, TypeVar

from tqdm import tqdm

from . import dumps, listings, merge, pages, report, search, similar, tags
from .config import Settings
from .errors import DumpErrors
from .model import Catalog, Dump, Problem
from .report import CheckReport

T = TypeVar("T")
# Below this many papers (entries, when deciding before merging), a second process costs more to
# start than it saves.
PARALLEL_MIN_PAPERS = 2_000


def build_catalog(settings: Settings) -> Catalog:
    """Read every dump and return the tagged, linked catalog."""
    settings = settings.validated()
    tagged = _tag(_merge(_read(settings), settings), settings)
    # Link: the most similar papers of each paper, above a threshold.
    return replace(tagged, papers=similar.link_similar(tagged.papers, settings))


def _read(settings: Settings) -> tuple[Dump, ...]:
    """Read: every dump file on its own, problems collected rather than raised."""
    return read_dumps(dump_paths(settings.dumps_dir), settings)


def _merge(read: tuple[Dump, ...], settings: Settings) -> Catalog:
    """Merge: one paper per real paper, with slugs that later dumps cannot change."""
    papers, merge_problems = merge.merge_papers(read)
    problems = tuple(problem for dump in read for problem in dump.problems) + merge_problems
    if settings.strict and any(problem.severity == "error" for problem in problems):
        raise DumpErrors(problems)
    return Catalog(papers=papers, dumps=read, problems=problems)


def _tag(catalog: Catalog, settings: Settings) -> Catalog:
    """Tag: curated vocabulary first, key phrases for what it misses."""
    vocabulary = tags.load_vocabulary(settings.taxonomy)
    papers, used_tags = tags.tag_papers(catalog.papers, vocabulary, settings)
    return replace(catalog, papers=papers, tags=used_tags)


@dataclass(frozen=True, slots=True)
class SiteBuild:
    """What the MkDocs plugin adds to a build."""

    catalog: Catalog
    files: dict[str, str | bytes]  # generated files, by path relative to the docs folder
    home: str  # HTML for the home page's generated sections
    late_files: Future[dict[str, str | bytes]]  # files no page refers to (the search index), coming


def build_site_files(settings: Settings) -> SiteBuild:
    """The catalog and every generated file of the site, the late ones included."""
    with site_build(settings) as build:
        build.files.update(build.late_files.result())
        return build


@contextmanager
def site_build(settings: Settings) -> Iterator[SiteBuild]:
    """The catalog and the site's files, with the search index still being built until the end.

    On a large digest the work is shared by two cores. The other process starts while this one
    merges the dumps; it tags the papers while this one makes the vectors that similar papers are
    compared by (they need no tags); then this one links similar papers while the other renders
    every paper page up to its similar papers; then the other builds the search index while MkDocs
    renders the pages (the index is `late_files`: the plugin writes it when the pages are done).
    """
    settings = settings.validated()
    read = _read(settings)
    with _background(sum(len(dump.entries) for dump in read) >= PARALLEL_MIN_PAPERS) as pool:
        pool.submit(_ready)  # the other process starts (imports every stage) while this one merges
        merged = _merge(read, settings)
        tagging = pool.submit(_tag, replace(merged, dumps=(), problems=()), settings)
        vectors = similar.link_vectors(merged.papers)
        tags_done = tagging.result()
        tagged = replace(merged, papers=tags_done.papers, tags=tags_done.tags)
        # Only papers and tags travel to the other process, not every dump's entries.
        slim = replace(tagged, dumps=(), problems=())
        starts = pool.submit(pages.paper_starts, slim)
        index = pool.submit(search.build_search_files, slim, settings)
        linked = similar.link_similar(tagged.papers, settings, vectors=vectors)
        catalog = replace(tagged, papers=linked)
        # Render: paper pages, listings, feed and papers.json.
        files = pages.render_site(catalog, settings, starts.result())
        yield SiteBuild(catalog, files, listings.home_sections(catalog), index)


def _ready() -> None:
    """Nothing: a first job, so that the other process is up before real work arrives."""


@contextmanager
def _background(is_worth_it: bool) -> Iterator[Executor]:
    """A second process for a large digest's jobs; the calling thread, at once, otherwise."""
    if not is_worth_it:
        yield _Inline()
        return
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("forkserver")) as pool:
        yield pool


class _Inline(Executor):
    """Runs a submitted call at once: the same interface as a pool, without the process."""

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        future: Future = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def dump_paths(folder: Path | None, extra: tuple[Path, ...] = ()) -> tuple[Path, ...]:
    """The dumps to read: `*.txt` in the folder plus extra files, each once, sorted by name."""
    found = {}
    if folder is not None and folder.is_dir():
        found = {path.resolve(): path for path in sorted(folder.glob("*.txt"))}
    for path in extra:
        found.setdefault(path.resolve(), path)
    return tuple(sorted(found.values(), key=lambda path: (path.name, str(path))))


def read_dumps(paths: tuple[Path, ...], settings: Settings) -> tuple[Dump, ...]:
    """Read every dump, in the order of `paths`."""
    committed = first_commit_dates(paths)
    jobs = [(path, settings.today, committed.get(path.resolve())) for path in paths]
    return tuple(progress(map(_read_one, jobs), settings, "reading dumps", len(jobs)))


def _read_one(job: tuple[Path, date | None, date | None]) -> Dump:
    path, today, first_committed = job
    try:
        return dumps.read_dump(path, today, first_committed)
    except OSError as error:
        problem = Problem(path.name, 0, f"cannot read the file: {error.strerror or error}")
        return Dump(path.name, today or date.today(), "today", "empty", (), (problem,))


def first_commit_dates(paths: tuple[Path, ...]) -> dict[Path, date]:
    """The day each file was first committed, from one `git log` per folder (none outside git)."""
    dates: dict[Path, date] = {}
    for folder in sorted({path.resolve().parent for path in paths}):
        try:
            log = subprocess.run(
                ["git", "log", "--diff-filter=A", "--format=@%as", "--name-only", "--", "."],
                cwd=folder, capture_output=True, text=True, check=True, timeout=60,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        dates.update(_parse_git_log(log, folder))
    return dates


def _parse_git_log(log: str, folder: Path) -> dict[Path, date]:
    top = _git_top(folder)
    found: dict[Path, date] = {}
    current: date | None = None
    for line in log.splitlines():
        if line.startswith("@"):
            current = date.fromisoformat(line[1:])
        elif line and current and top:
            # Newest commits come first, so the last date seen for a file is its first commit.
            found[(top / line).resolve()] = current
    return found


def _git_top(folder: Path) -> Path | None:
    try:
        out = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=folder,
                             capture_output=True, text=True, check=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(out.strip())


def progress(items: Iterable[T], settings: Settings, label: str, total: int | None = None) -> Iterator[T]:
    """A progress bar on a terminal; silent in CI, in tests and when piped."""
    enabled = settings.progress and sys.stderr.isatty()
    yield from tqdm(items, desc=label, unit="file", total=total, disable=not enabled, leave=False)



def check_dumps(settings: Settings, files: tuple[Path, ...]) -> CheckReport:
    """Read `files` as a pull request would add them to the digest and report what changes."""
    settings = settings.validated()
    checked_paths = {path.resolve() for path in files}
    base_paths = tuple(path for path in dump_paths(settings.dumps_dir)
                       if path.resolve() not in checked_paths)
    # The digest as published, then the digest with the pull request's dumps added.
    base_dumps = read_dumps(base_paths, settings)
    checked = read_dumps(dump_paths(None, files), settings)
    base_papers, _ = merge.merge_papers(base_dumps)
    papers, merge_problems = merge.merge_papers(base_dumps + checked)
    problems = tuple(problem for dump in checked for problem in dump.problems) + merge_problems
    return report.make_report(checked, base_papers, papers, problems)
