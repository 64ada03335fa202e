"""The search index served in small pieces, to be answered in the reader's browser.

Material's own search ships every page's text and builds a lunr index in the browser on every
visit, which takes seconds at a few thousand papers. Here the prebuilt index (`index.py`) is split
by term: each shard is a complete lunr index over the terms that begin with a few given letters
(`serialize.py`), so a browser that loads the shards of the words being typed gets exactly the
scores of the whole index while downloading a sliver of it.

Files (relative to the site root):

- `search/search_index.json`: the tiny document Material's header search fetches on every page;
  it names the build folder below (so every deploy gets fresh URLs and caches never mix builds);
- `search/<build>/manifest.json`: which shard holds the terms of each prefix, and from how many
  papers on a term was pruned (`pruned_at`: the browser does not require such a word);
- `search/<build>/t/<n>.json.gz`: the term shards (`serialize.shard_json`, which the browser
  turns into lunr's inverted index and field vectors);
- `search/<build>/d/<n>.json.gz`: what a result shows (slug, title, publication date or "", the
  day added, tag numbers, abstract), a few papers per file, fetched only for the results on screen;
- `search/<build>/tags.json`: every tag's name and slug, which tag numbers stand for (a result
  links its tags to their pages);
- `search/<build>/facets.json`: each paper's year of publication (0 when unknown) and tag
  numbers, for the search page's filters.

Shards and result documents are stored gzip-compressed, and the browser decompresses them
(`DecompressionStream`): a site's size is what GitHub Pages limits (1 GB), and compressed they
take a third of their text. Pages serves them as they are, already small, so nothing is lost in
transfer either. They are written with a fixed header (no time, no name): the same dumps give the
same bytes.
"""

from __future__ import annotations

import gzip
import hashlib

from ..config import Settings
from ..model import Catalog, Paper
from .index import FIELD_MEANINGS, FIELDS, MAX_DOCUMENTS_PER_TERM, TermIndex, index_papers, prune
from .serialize import compact_json, shard_json

SEARCH_DIR = "search"
DOCS_PER_FILE = 20
"""Papers per result file: a page of results fetches a few small files, not the whole digest."""
SHARD_POSTINGS = 12_000
"""Postings in one term shard before its prefix is split by a further letter (~250 KB of JSON)."""
MAX_PREFIX = 6


def build_search_files(catalog: Catalog, settings: Settings) -> dict[str, str | bytes]:
    """Every file of the search index, by path relative to the site root."""
    papers = catalog.papers
    index = prune(index_papers(papers), MAX_DOCUMENTS_PER_TERM)
    shards, manifest = split_index(index)
    tag_numbers = {tag.name: number for number, tag in enumerate(catalog.tags)}
    docs = [_document(paper, tag_numbers) for paper in papers]
    doc_files = [compact_json(docs[start:start + DOCS_PER_FILE]) for start in range(0, len(docs), DOCS_PER_FILE)]
    starts = index.starts()
    shard_files = [shard_json(index, terms, starts) for terms in shards]
    facets = compact_json(_facets(papers, tag_numbers))
    tags = compact_json({"names": [tag.name for tag in catalog.tags], "slugs": [tag.slug for tag in catalog.tags]})
    manifest_json = compact_json({
        "version": 2, "papers": len(papers), "docs_per_file": DOCS_PER_FILE,
        "fields": list(FIELD_MEANINGS), "index_fields": [name for name, _ in FIELDS],
        "pruned_at": MAX_DOCUMENTS_PER_TERM, "shards": manifest,
    })
    build = _build_id([manifest_json, facets, tags, *shard_files, *doc_files])
    folder = f"{SEARCH_DIR}/{build}"
    files: dict[str, str | bytes] = {
        f"{SEARCH_DIR}/search_index.json": compact_json({
            # Material's header search fetches this file; our worker ignores `docs`.
            "config": {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": ["stemmer"],
                       "build": build},
            "docs": [],
        }),
        f"{folder}/manifest.json": manifest_json,
        f"{folder}/facets.json": facets,
        f"{folder}/tags.json": tags,
    }
    files.update({f"{folder}/t/{number}.json.gz": packed(text) for number, text in enumerate(shard_files)})
    files.update({f"{folder}/d/{number}.json.gz": packed(text) for number, text in enumerate(doc_files)})
    return files


def packed(text: str) -> bytes:
    """gzip with no time or file name in its header: the same text gives the same bytes. Level 6,
    zlib's default: level 9 takes twice as long for 0.4 % less."""
    return gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0)


def split_index(index: TermIndex) -> tuple[list[tuple[int, ...]], dict[str, int]]:
    """Group terms by prefix into shards of bounded size.

    Returns the shards (term numbers each) and the manifest: prefix -> shard number. A prefix
    owns the terms that start with it and with no longer prefix of the manifest; the browser
    finds a term's shard by its longest prefix in the manifest.
    """
    sizes = index.sizes().tolist()
    groups: dict[str, list[int]] = {}
    _group_by_prefix(sorted(range(len(index.terms)), key=lambda n: index.terms[n]), index.terms, sizes, 2, groups)
    shards: list[list[int]] = []
    manifest: dict[str, int] = {}
    current = 0
    for prefix in sorted(groups):
        weight = sum(sizes[number] for number in groups[prefix])
        if not shards or current + weight > SHARD_POSTINGS:
            shards.append([])
            current = 0
        shards[-1].extend(groups[prefix])
        current += weight
        manifest[prefix] = len(shards) - 1
    return [tuple(shard) for shard in shards], manifest


def _group_by_prefix(numbers: list[int], terms: tuple[str, ...], sizes: list[int], length: int,
           groups: dict[str, list[int]]) -> None:
    by_prefix: dict[str, list[int]] = {}
    for number in numbers:
        by_prefix.setdefault(terms[number][:length], []).append(number)
    for prefix, members in by_prefix.items():
        if sum(sizes[n] for n in members) <= SHARD_POSTINGS or length >= MAX_PREFIX:
            groups[prefix] = members
            continue
        # Too big: terms no longer than the prefix stay with it, the rest split by one more letter.
        groups[prefix] = [n for n in members if len(terms[n]) <= length]
        _group_by_prefix([n for n in members if len(terms[n]) > length], terms, sizes, length + 1, groups)


def _document(paper: Paper, tag_numbers: dict[str, int]) -> list[object]:
    published = paper.published.isoformat() if paper.published else ""
    return [paper.slug, paper.title, published, paper.added.isoformat(),
            [tag_numbers[name] for name in paper.tags if name in tag_numbers], paper.abstract]


def _facets(papers: tuple[Paper, ...], tag_numbers: dict[str, int]) -> dict[str, object]:
    """Each paper's year of publication (0: none known) and tag numbers, so the search page can
    filter any result."""
    docs = [[paper.published.year if paper.published else 0,
             *sorted(tag_numbers[name] for name in paper.tags if name in tag_numbers)] for paper in papers]
    return {"docs": docs}


def _build_id(parts: list[str]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:12]
