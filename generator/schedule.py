"""Where the site build's work runs: on a large digest, part of it in a second process.

The stage sequence is `pipeline.build_site`; this module only decides whether the steps it hands
to `background` run in another process (a large digest, two cores) or at once in this one, and
keeps that process alive until the build is done (the search index is still being built while
MkDocs renders the pages).
"""

from __future__ import annotations

from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from multiprocessing import get_context
from typing import Iterator

from . import pipeline
from .config import Settings
from .pipeline import SiteBuild

def build_site_files(settings: Settings) -> SiteBuild:
    """The catalog and every generated file of the site, the late ones included."""
    with site_build(settings) as build:
        return replace(build, files={**build.files, **build.search_files.result()})


@contextmanager
def site_build(settings: Settings) -> Iterator[SiteBuild]:
    """The catalog and the site's files, with the search index still being built until the end."""
    settings = settings.validated()
    dumps = pipeline.read_dumps(settings)
    # Below `parallel_min_papers` (entries: the papers are not merged yet) a second process costs
    # more to start than it saves.
    is_large = sum(len(dump.entries) for dump in dumps) >= settings.parallel_min_papers
    with _background(is_large) as pool:
        pool.submit(_ready)  # the other process starts (imports every stage) while this one merges
        build = [pipeline.build_site(dumps, settings, pool)]
        # The queue's feeder thread keeps the last job it sent, pickled, until it sends another:
        # the search index's, the whole catalog (200 MB at 100,000 papers). A last empty job.
        pool.submit(_ready)
        del dumps  # this frame lives as long as the build; the build's holder decides what it keeps
        yield build.pop()


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
