"""The generator's pipeline: the stage sequence, written once.

dumps -> entries (read/) -> papers (merge/) -> tags (tag/) -> similar links (similar/)
-> site files: pages, listings, feed, papers.json (render/) and the search index (search/).

Each stage function here takes what the stage before it gave and returns a new value. The
`catalog` command (`build_catalog`), the site build (`build_site`, run by schedule.py) and the
stage benchmark all call these functions, never a stage's internals; so do the pull-request
check and the record of published URLs (change.py), which compare the digest before and after
a change.
"""

from __future__ import annotations

from concurrent.futures import Executor, Future
from dataclasses import dataclass, replace
from pathlib import Path

from . import merge, read, render, search, similar, tag
from .config import Settings
from .errors import DumpErrors
from .model import Catalog, Dump, Problem, PublishedUrl


@dataclass(frozen=True, slots=True)
class SiteBuild:
    """What the MkDocs plugin adds to a build."""

    catalog: Catalog
    files: dict[str, str | bytes]  # generated files, by path relative to the docs folder
    home: str  # HTML for the home page's generated sections
    search_files: Future[dict[str, str | bytes]]  # the search index: no page refers to it, so it may come last


def build_catalog(settings: Settings) -> Catalog:
    """Read every dump and return the tagged, linked catalog."""
    settings = settings.validated()
    merged = merge_papers(read_dumps(settings), settings)
    return link_similar(tag_papers(merged, settings), settings)


def build_site(dumps: tuple[Dump, ...], settings: Settings, background: Executor) -> SiteBuild:
    """The catalog and the site's files from the read dumps, with the search index still coming.

    `background` runs the steps submitted to it beside the others (schedule.py gives a second
    process on a large digest): it tags the papers while the vectors that similar papers are
    compared by are made (they need no tags); it renders every paper page up to its similar papers
    while those are linked; and it builds the search index while MkDocs renders the pages.
    """
    merged = merge_papers(dumps, settings)
    tagging = background.submit(tag_papers, without_dumps(merged), settings)
    vectors = similar_vectors(merged)
    tags_done = tagging.result()
    tagged = replace(merged, papers=tags_done.papers, tags=tags_done.tags)
    # Only papers and tags travel to the other process, not every dump's entries.
    papers_and_tags = without_dumps(tagged)
    without_links = background.submit(paper_pages_without_links, papers_and_tags)
    index = background.submit(build_search, papers_and_tags, settings)
    catalog = link_similar(tagged, settings, vectors)
    files = render_site(catalog, settings, without_links.result())
    return SiteBuild(catalog, files, render.home_sections(catalog), index)


def read_dumps(settings: Settings) -> tuple[Dump, ...]:
    """Read: every dump file on its own, problems collected rather than raised."""
    return read.read_dump_files(read.dump_paths(settings.dumps_dir), settings)


def merge_papers(dumps: tuple[Dump, ...], settings: Settings) -> Catalog:
    """Merge: one paper per real paper, each at the URL the record of published URLs gives it."""
    recorded, record_problems = read_record(settings)
    merged = merge.merge_entries(dumps, recorded)
    problems = tuple(problem for dump in dumps for problem in dump.problems) + merged.problems
    problems += record_problems
    if settings.strict and any(problem.severity == "error" for problem in problems):
        raise DumpErrors(problems)
    return Catalog(papers=merged.papers, dumps=dumps, problems=problems, urls=merged.urls)


def read_record(settings: Settings) -> tuple[tuple[PublishedUrl, ...], tuple[Problem, ...]]:
    """The record of published URLs, and its mistakes (named as a contributor finds the file)."""
    return merge.load_record(settings.url_record, shown_path(settings.url_record))


def shown_path(path: Path) -> str:
    """A path as a contributor types it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def tag_papers(catalog: Catalog, settings: Settings) -> Catalog:
    """Tag: curated vocabulary first, key phrases for what it misses."""
    vocabulary = tag.load_vocabulary(settings.taxonomy)
    papers, used_tags = tag.tag_papers(catalog.papers, vocabulary, settings)
    return replace(catalog, papers=papers, tags=used_tags)


def similar_vectors(catalog: Catalog) -> similar.Vectors:
    """The vectors similar papers are compared by: titles and abstracts alone, no tags."""
    return similar.link_vectors(catalog.papers)


def link_similar(catalog: Catalog, settings: Settings,
                 vectors: similar.Vectors | None = None) -> Catalog:
    """Link: the most similar papers of each paper, above a threshold, each with what the two share."""
    not_reasons = frozenset(topic.tag.name for topic in tag.load_vocabulary(settings.taxonomy) if not topic.is_reason)
    return replace(catalog, papers=similar.link_similar(catalog.papers, settings, vectors=vectors,
                                                        not_reasons=not_reasons))


def paper_pages_without_links(catalog: Catalog) -> dict[str, str]:
    """Every paper page up to its similar papers, which need the links (render/pages.py)."""
    return render.paper_pages_without_links(catalog)


def render_site(catalog: Catalog, settings: Settings,
                without_links: dict[str, str]) -> dict[str, str | bytes]:
    """Render: paper pages, listings, feed and papers.json."""
    return render.render_site(catalog, settings, without_links)


def build_search(catalog: Catalog, settings: Settings) -> dict[str, str | bytes]:
    """Search: the prebuilt index and its shards."""
    return search.build_search_files(catalog, settings)


def without_dumps(catalog: Catalog) -> Catalog:
    """The catalog without every dump's entries and problems: what the later stages need."""
    return replace(catalog, dumps=(), problems=())
