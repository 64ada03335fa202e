"""The generator's pipeline: the stage sequence, written once.

dumps -> entries (read/) -> papers (merge/) -> tags (tag/) -> similar links (similar/)
-> site files: pages, listings, feed, papers.json (render/) and the search index (search/).

Each stage function here takes what the stage before it gave and returns a new value. The
`catalog` command (`build_catalog`), the site build (`build_site`, run by schedule.py) and the
stage benchmark all call these functions, never a stage's internals; `check_dumps` is the
pull-request check, which reads and merges the digest with and without the checked dumps.
"""

from __future__ import annotations

from concurrent.futures import Executor, Future
from dataclasses import dataclass, replace
from pathlib import Path

from . import merge, read, render, review, search, similar, tag
from .config import Settings
from .errors import DumpErrors
from .model import Catalog, Dump
from .review import CheckReport


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
    """Merge: one paper per real paper, with slugs that later dumps cannot change."""
    papers, merge_problems = merge.merge_papers(dumps)
    problems = tuple(problem for dump in dumps for problem in dump.problems) + merge_problems
    if settings.strict and any(problem.severity == "error" for problem in problems):
        raise DumpErrors(problems)
    return Catalog(papers=papers, dumps=dumps, problems=problems)


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
    """Link: the most similar papers of each paper, above a threshold."""
    return replace(catalog, papers=similar.link_similar(catalog.papers, settings, vectors=vectors))


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


def check_dumps(settings: Settings, files: tuple[Path, ...]) -> CheckReport:
    """Read `files` as a pull request would add them to the digest and report what changes."""
    settings = settings.validated()
    checked_paths = {path.resolve() for path in files}
    base_paths = tuple(path for path in read.dump_paths(settings.dumps_dir)
                       if path.resolve() not in checked_paths)
    # The digest as published, then the digest with the pull request's dumps added.
    base_dumps = read.read_dump_files(base_paths, settings)
    checked = read.read_dump_files(read.dump_paths(None, files), settings)
    base_papers, _ = merge.merge_papers(base_dumps)
    merged = merge.merge_entries(base_dumps + checked)
    problems = tuple(problem for dump in checked for problem in dump.problems) + merged.problems
    return review.make_report(checked, base_papers, merged.papers, problems, merged.slug_by_entry)
