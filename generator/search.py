"""The search index: built ahead of time, served in small pieces, answered in the reader's browser.

Material's own search ships every page's text and builds a lunr index in the browser on every
visit, which takes seconds at a few thousand papers. Here the index is built once, at site build
time, in lunr's own serialized format (what `lunr.Index.serialize()` writes and `lunr.Index.load`
reads in lunr.js 2.3.9), and split by term: each shard is a complete lunr index over the terms
that begin with a few given letters, holding those terms' postings and the matching slices of
every document's field vectors. lunr.js scores a document by the dot product of the query vector
with the document's field vector divided by the query vector's magnitude, so only the entries for
the query's own terms ever matter: a browser that loads the shards of the words being typed gets
exactly the scores of the whole index while downloading a sliver of it.

Files (relative to the site root):

- `search/search_index.json`: the tiny document Material's header search fetches on every page;
  it names the build folder below (so every deploy gets fresh URLs and caches never mix builds);
- `search/<build>/manifest.json`: which shard holds the terms of each prefix;
- `search/<build>/t/<n>.json`: the term shards (lunr serialized indexes);
- `search/<build>/d/<n>.json`: what a result shows (slug, title, date, tags, abstract), a few
  papers per file, fetched only for the results on screen;
- `search/<build>/facets.json`: each paper's year and tags, for the search page's filters.

Terms are made exactly as lunr.py makes them (its trimmer, stop word filter and English stemmer);
`tests/test_search.py` checks that the unsplit index equals lunr.py's own output.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from dataclasses import dataclass

from lunr.pipeline import Pipeline
from lunr.stemmer import stemmer
from lunr.stop_word_filter import stop_word_filter
from lunr.token import Token
from lunr.trimmer import trimmer

from .config import Settings
from .model import Catalog, Paper

SEARCH_DIR = "search"
LUNR_VERSION = "2.3.9"
FIELDS = (("title", 10), ("tags", 3), ("abstract", 1))
"""Indexed fields and their boosts: a title word counts ten times an abstract word."""
K1 = 1.2  # lunr's BM25 defaults
B = 0.75
DOCS_PER_FILE = 20
"""Papers per result file: a page of results fetches a few small files, not the whole digest."""
SHARD_POSTINGS = 12_000
"""Postings in one term shard before its prefix is split by a further letter (~250 KB of JSON)."""
MAX_PREFIX = 6
SEPARATOR = re.compile(r"[ \t\n\r\f\v\xa0-]+")  # lunr.py's tokenizer splits on exactly these


@dataclass(frozen=True, slots=True)
class TermIndex:
    """Every term's postings with lunr's BM25 scores, ready to be written whole or in shards."""

    refs: tuple[str, ...]  # document refs, by document number
    terms: tuple[str, ...]  # by term index (lunr's `_index`: order of first appearance)
    postings: tuple[tuple[tuple[int, int, float], ...], ...]  # by term: (field, doc, score)
    empty_fields: tuple[tuple[int, int], ...] = ()  # (doc, field) pairs with no terms at all


def build_search_files(catalog: Catalog, settings: Settings) -> dict[str, str | bytes]:
    """Every file of the search index, by path relative to the site root."""
    papers = catalog.papers
    index = index_papers(papers)
    shards, manifest = split_index(index)
    docs = [_document(paper) for paper in papers]
    doc_files = [_json(docs[start:start + DOCS_PER_FILE]) for start in range(0, len(docs), DOCS_PER_FILE)]
    shard_files = [_json(serialize_index(index, terms)) for terms in shards]
    facets = _json(_facets(papers))
    manifest_json = _json({
        "version": 1, "papers": len(papers), "docs_per_file": DOCS_PER_FILE,
        "fields": [name for name, _ in FIELDS], "shards": manifest,
    })
    build = _build_id([manifest_json, facets, *shard_files, *doc_files])
    folder = f"{SEARCH_DIR}/{build}"
    files: dict[str, str | bytes] = {
        f"{SEARCH_DIR}/search_index.json": _json({
            # Material's header search fetches this file; our worker ignores `docs`.
            "config": {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": ["stemmer"],
                       "build": build},
            "docs": [],
        }),
        f"{folder}/manifest.json": manifest_json,
        f"{folder}/facets.json": facets,
    }
    files.update({f"{folder}/t/{number}.json": text for number, text in enumerate(shard_files)})
    files.update({f"{folder}/d/{number}.json": text for number, text in enumerate(doc_files)})
    return files


def index_papers(papers: tuple[Paper, ...]) -> TermIndex:
    """Score every term of every paper the way lunr.py's Builder does (BM25, field boosts)."""
    refs = tuple(_ref(number) for number in range(len(papers)))
    term_numbers: dict[str, int] = {}
    field_terms: list[tuple[int, int, int, Counter[int]]] = []  # (doc, field, length, tf)
    documents_with_term: Counter[int] = Counter()
    cache: dict[str, str | None] = {}
    for doc, paper in enumerate(papers):
        for field, text in enumerate(_field_texts(paper)):
            found = [term_numbers.setdefault(term, len(term_numbers)) for term in _terms(text, cache)]
            counts = Counter(found)
            documents_with_term.update(counts.keys())
            field_terms.append((doc, field, len(found), counts))
    averages = _average_lengths(field_terms, len(FIELDS), len(papers))
    idf = {number: _idf(count, len(papers)) for number, count in documents_with_term.items()}
    postings: list[list[tuple[int, int, float]]] = [[] for _ in term_numbers]
    empty = []
    for doc, field, length, counts in field_terms:
        if not counts:
            empty.append((doc, field))
        boost = FIELDS[field][1]
        norm = K1 * (1 - B + B * (length / averages[field])) if averages[field] else K1
        for number, frequency in counts.items():
            score = idf[number] * (K1 + 1) * frequency / (norm + frequency) * boost
            postings[number].append((field, doc, round(score, 3)))
    return TermIndex(refs, tuple(term_numbers), tuple(tuple(p) for p in postings), tuple(empty))


def serialize_index(index: TermIndex, terms: tuple[int, ...] | None = None) -> dict[str, object]:
    """A lunr serialized index over `terms` (every term when None), as lunr.Index.load reads it."""
    whole = terms is None
    chosen = range(len(index.terms)) if terms is None else terms
    field_names = [name for name, _ in FIELDS]
    vectors: dict[tuple[int, int], list[float]] = {}
    if whole:
        # lunr.py lists every field of every document, in document order, even an empty one.
        for doc in range(len(index.refs)):
            for field in range(len(FIELDS)):
                vectors[(doc, field)] = []
    inverted = []
    for number in sorted(chosen, key=lambda n: index.terms[n]):
        posting: dict[str, object] = {name: {} for name in field_names}
        posting["_index"] = number
        for field, doc, score in index.postings[number]:
            posting[field_names[field]][index.refs[doc]] = {}  # type: ignore[index]
            vectors.setdefault((doc, field), []).append((number, score))  # type: ignore[arg-type]
        inverted.append([index.terms[number], posting])
    field_vectors = []
    for (doc, field), entries in (vectors.items() if whole else sorted(vectors.items())):
        flat = [value for entry in sorted(entries) for value in entry]  # type: ignore[arg-type]
        field_vectors.append([f"{field_names[field]}/{index.refs[doc]}", flat])
    return {"version": LUNR_VERSION, "fields": field_names, "fieldVectors": field_vectors,
            "invertedIndex": inverted, "pipeline": ["stemmer"]}


def split_index(index: TermIndex) -> tuple[list[tuple[int, ...]], dict[str, int]]:
    """Group terms by prefix into shards of bounded size.

    Returns the shards (term numbers each) and the manifest: prefix -> shard number. A prefix
    owns the terms that start with it and with no longer prefix of the manifest; the browser
    finds a term's shard by its longest prefix in the manifest.
    """
    sizes = [len(posting) for posting in index.postings]
    groups: dict[str, list[int]] = {}
    _group(sorted(range(len(index.terms)), key=lambda n: index.terms[n]), index.terms, sizes, 2, groups)
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


def _group(numbers: list[int], terms: tuple[str, ...], sizes: list[int], length: int,
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
        _group([n for n in members if len(terms[n]) > length], terms, sizes, length + 1, groups)


def _field_texts(paper: Paper) -> tuple[str, str, str]:
    # A list would be one token per tag in lunr; joined, every word of a tag is searchable.
    return paper.title, ", ".join(paper.tags), paper.abstract


_PIPELINE = Pipeline()
_PIPELINE.add(trimmer, stop_word_filter, stemmer)


def _terms(text: str, cache: dict[str, str | None]) -> list[str]:
    """lunr.py's tokenizer and pipeline (trimmer, stop words, stemmer), memoised per word."""
    found = []
    for word in SEPARATOR.split(text.lower()):
        if not word:
            continue
        if word not in cache:
            tokens = _PIPELINE.run([Token(word)])
            cache[word] = str(tokens[0]) if tokens else None
        term = cache[word]
        if term is not None:
            found.append(term)
    return found


def _average_lengths(field_terms: list[tuple[int, int, int, Counter[int]]], fields: int,
                     documents: int) -> list[float]:
    totals = [0] * fields
    for _, field, length, _ in field_terms:
        totals[field] += length
    return [total / documents if documents else 0.0 for total in totals]


def _idf(documents_with_term: int, document_count: int) -> float:
    # lunr counts a document once per field that holds the term; so do we, to match its scores.
    ratio = (document_count - documents_with_term + 0.5) / (documents_with_term + 0.5)
    return math.log(1 + abs(ratio))


def _ref(number: int) -> str:
    """A short document ref: base 36 of the paper's number in the catalog."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if not number:
            return text


def _document(paper: Paper) -> list[object]:
    day = paper.published or paper.added
    return [paper.slug, paper.title, day.isoformat(), list(paper.tags), paper.abstract]


def _facets(papers: tuple[Paper, ...]) -> dict[str, object]:
    """Each paper's year and tags as small numbers, so the search page can filter any result."""
    tags = sorted({tag for paper in papers for tag in paper.tags})
    tag_numbers = {tag: number for number, tag in enumerate(tags)}
    docs = [[(paper.published or paper.added).year, *sorted(tag_numbers[tag] for tag in paper.tags)]
            for paper in papers]
    return {"tags": tags, "docs": docs}


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _build_id(parts: list[str]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:12]
