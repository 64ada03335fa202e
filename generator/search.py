"""The search index: built ahead of time, served in small pieces, answered in the reader's browser.

Material's own search ships every page's text and builds a lunr index in the browser on every
visit, which takes seconds at a few thousand papers. Here the index is built once, at site build
time, in lunr's own serialized format (what `lunr.Index.serialize()` writes and `lunr.Index.load`
reads in lunr.js 2.3.9), and split by term: each shard is a complete lunr index over the terms
that begin with a few given letters, holding those terms' postings and the matching slices of
every document's field vectors. lunr.js scores a document by the dot product of the query vector
with the document's field vector divided by the query vector's magnitude, so only the entries for
the query's own terms ever matter: a browser that loads the shards of the words being typed gets
exactly the scores of the whole index while downloading a sliver of it. The one liberty taken:
a term found in very many papers keeps only its best-scored ones (`prune`), so that a query of
common words stays quick at 75,000 papers.

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
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lunr.pipeline import Pipeline
from lunr.stemmer import stemmer
from lunr.stop_word_filter import stop_word_filter
from lunr.token import Token
from lunr.trimmer import trimmer

from .config import Settings
from .model import Catalog, Paper

SEARCH_DIR = "search"
LUNR_VERSION = "2.3.9"
FIELDS = (("t", 10), ("g", 3), ("a", 1))
"""Indexed fields and their boosts: title, tags, abstract; a title word counts ten times an
abstract word. One-letter names, because every field vector of every shard repeats its field's
name (at 75,000 papers, "abstract/" instead of "a/" would add about 40 MB to the site)."""
FIELD_MEANINGS = ("title", "tags", "abstract")  # what each of FIELDS holds
K1 = 1.2  # lunr's BM25 defaults
B = 0.75
DOCS_PER_FILE = 20
"""Papers per result file: a page of results fetches a few small files, not the whole digest."""
SHARD_POSTINGS = 12_000
"""Postings in one term shard before its prefix is split by a further letter (~250 KB of JSON)."""
MAX_PREFIX = 6
MAX_DOCUMENTS_PER_TERM = 5_000
"""A term found in more papers keeps only its best-scored 5,000 (see `prune`)."""
SEPARATOR = re.compile(r"[ \t\n\r\f\v\xa0-]+")  # lunr.py's tokenizer splits on exactly these


@dataclass(frozen=True, slots=True, eq=False)
class TermIndex:
    """Every posting with lunr's BM25 score, in columns sorted by term, then document, then field.

    Columns, not a tuple a posting: 75,000 papers make over eight million postings.
    """

    refs: tuple[str, ...]  # document refs, by document number
    terms: tuple[str, ...]  # by term number (lunr's `_index`: order of first appearance)
    term: np.ndarray  # per posting: term number (int32)
    doc: np.ndarray  # document number (int32)
    field: np.ndarray  # field number (int8)
    score: np.ndarray  # BM25 score, rounded to 3 places as lunr.py does (float64)

    def starts(self) -> np.ndarray:
        """Where each term's postings start, and one past the last posting."""
        return np.concatenate(([0], np.cumsum(self.sizes())))

    def sizes(self) -> np.ndarray:
        """Postings per term."""
        return np.bincount(self.term, minlength=len(self.terms))


def build_search_files(catalog: Catalog, settings: Settings) -> dict[str, str | bytes]:
    """Every file of the search index, by path relative to the site root."""
    papers = catalog.papers
    index = prune(index_papers(papers), MAX_DOCUMENTS_PER_TERM)
    shards, manifest = split_index(index)
    docs = [_document(paper) for paper in papers]
    doc_files = [_json(docs[start:start + DOCS_PER_FILE]) for start in range(0, len(docs), DOCS_PER_FILE)]
    starts = index.starts()
    shard_files = [index_json(index, terms, starts) for terms in shards]
    facets = _json(_facets(papers))
    manifest_json = _json({
        "version": 1, "papers": len(papers), "docs_per_file": DOCS_PER_FILE,
        "fields": list(FIELD_MEANINGS), "shards": manifest,
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
    term_numbers: dict[str, int] = {}
    columns = {name: array("i") for name in ("term", "doc", "field", "frequency")}
    lengths = array("i")  # terms in each (document, field), document by document
    cache: dict[str, str | None] = {}
    for doc, paper in enumerate(papers):
        for field, text in enumerate(_field_texts(paper)):
            found = [term_numbers.setdefault(term, len(term_numbers)) for term in _terms(text, cache)]
            counts = Counter(found)
            lengths.append(len(found))
            columns["term"].extend(counts.keys())
            columns["frequency"].extend(counts.values())
            columns["doc"].extend([doc] * len(counts))
            columns["field"].extend([field] * len(counts))
    term, doc, field, frequency = (np.frombuffer(columns[name], dtype=np.int32)
                                   for name in ("term", "doc", "field", "frequency"))
    scores = _bm25(term, doc, field, frequency, np.frombuffer(lengths, dtype=np.int32), len(papers))
    order = np.argsort(term, kind="stable")  # by term; within one, in document and field order
    return TermIndex(
        refs=tuple(_ref(number) for number in range(len(papers))), terms=tuple(term_numbers),
        term=term[order], doc=doc[order], field=field[order].astype(np.int8), score=scores[order])


def _bm25(term: np.ndarray, doc: np.ndarray, field: np.ndarray, frequency: np.ndarray,
          lengths: np.ndarray, documents: int) -> np.ndarray:
    """lunr.py's scores, to the last bit: the same operations in the same order."""
    fields = len(FIELDS)
    by_field = lengths.reshape(-1, fields) if documents else np.zeros((0, fields), dtype=np.int32)
    averages = [int(total) / documents if documents else 0.0 for total in by_field.sum(axis=0)]
    # lunr counts a document once per field that holds the term; so do we, to match its scores.
    idf = np.array([_idf(int(count), documents) for count in np.bincount(term)])
    length = by_field[doc, field]
    average = np.array(averages)[field]
    with np.errstate(divide="ignore", invalid="ignore"):
        norm = np.where(average > 0, K1 * (1 - B + B * (length / average)), K1)
    boost = np.array([boost for _, boost in FIELDS], dtype=np.float64)[field]
    raw = idf[term] * (K1 + 1) * frequency / (norm + frequency) * boost
    # Python's round, not numpy's: they differ on some halfway cases, and lunr.py uses Python's.
    return np.array([round(value, 3) for value in raw.tolist()], dtype=np.float64)


def prune(index: TermIndex, keep: int) -> TermIndex:
    """Keep, of each term found in more than `keep` papers, only its `keep` best-scored papers.

    Static index pruning: a query's terms are alternatives (lunr ORs them), so a paper that a
    word as common as "model" or "learn" (in most of 75,000 papers, a fifth of all postings)
    matches weakly only ever ranks below the papers that match it strongly or match the rarer
    words of the query. Dropping those postings cuts the index by a third at 75,000 papers and
    makes a query of common words load a few hundred kilobytes instead of megabytes. Scores are
    unchanged (idf still counts every paper); a paper's score for a term is the sum over fields.
    """
    groups = np.flatnonzero(np.diff(index.term.astype(np.int64) * len(index.refs) + index.doc, prepend=-1))
    group_term = index.term[groups]
    group_score = np.add.reduceat(index.score, groups) if len(groups) else np.zeros(0)
    group_doc = index.doc[groups]
    kept = np.ones(len(groups), dtype=bool)
    bounds = np.concatenate(([0], np.cumsum(np.bincount(group_term, minlength=len(index.terms)))))
    for term in np.flatnonzero(np.diff(bounds) > keep):
        first, last = bounds[term], bounds[term + 1]
        best_first = np.lexsort((group_doc[first:last], -group_score[first:last]))  # ties: older paper
        kept[first + best_first[keep:]] = False
    mask = np.repeat(kept, np.diff(np.append(groups, len(index.term))))
    return TermIndex(index.refs, index.terms, index.term[mask], index.doc[mask], index.field[mask],
                     index.score[mask])


def serialize_index(index: TermIndex, terms: Sequence[int] | None = None) -> dict[str, object]:
    """A lunr serialized index over `terms` (every term when None), as lunr.Index.load reads it."""
    return json.loads(index_json(index, terms))


def index_json(index: TermIndex, terms: Sequence[int] | None = None,
               starts: np.ndarray | None = None) -> str:
    """`serialize_index` as compact JSON text, written directly: a large digest has thousands
    of shards and millions of postings, too many to go through dictionaries first."""
    whole = terms is None
    starts = index.starts() if starts is None else starts
    chosen = sorted(range(len(index.terms)) if terms is None else terms, key=index.terms.__getitem__)
    inverted = ",".join(_posting_json(index, number, starts) for number in chosen)
    vectors = ",".join(_vectors_json(index, chosen, starts, whole))
    fields = _json([name for name, _ in FIELDS])
    return (f'{{"version":"{LUNR_VERSION}","fields":{fields},"fieldVectors":[{vectors}],'
            f'"invertedIndex":[{inverted}],"pipeline":["stemmer"]}}')


def _posting_json(index: TermIndex, number: int, starts: np.ndarray) -> str:
    """One term of lunr's inverted index: its documents by field (lunr keeps no positions here)."""
    first, last = starts[number], starts[number + 1]
    by_field: list[list[str]] = [[] for _ in FIELDS]
    refs = index.refs
    for doc, field in zip(index.doc[first:last].tolist(), index.field[first:last].tolist()):
        by_field[field].append(f'"{refs[doc]}":{{}}')
    fields = ",".join(f'"{name}":{{{",".join(docs)}}}' for (name, _), docs in zip(FIELDS, by_field))
    return f'[{_json(index.terms[number])},{{{fields},"_index":{number}}}]'


def _vectors_json(index: TermIndex, chosen: list[int], starts: np.ndarray, whole: bool) -> list[str]:
    """lunr's field vectors restricted to `chosen` terms: (term number, score) pairs, by term,
    for each document field holding one of them, in document then field order."""
    ranges = [np.arange(starts[n], starts[n + 1]) for n in chosen]
    postings = np.concatenate(ranges) if ranges else np.zeros(0, dtype=np.int64)
    term, doc, field = index.term[postings], index.doc[postings], index.field[postings]
    order = np.lexsort((term, field, doc))
    term, doc, field = term[order], doc[order], field[order]
    pairs = [f"{t},{s!r}" for t, s in zip(term.tolist(), index.score[postings][order].tolist())]
    key = doc.astype(np.int64) * len(FIELDS) + field
    cuts = np.flatnonzero(np.diff(key, prepend=-1)).tolist() + [len(key)]
    found = {key: ",".join(pairs[a:b]) for key, a, b in zip(key[cuts[:-1]].tolist(), cuts, cuts[1:])}
    # lunr.py lists every field of every document in the whole index, even an empty one.
    keys = range(len(index.refs) * len(FIELDS)) if whole else found
    names = [name for name, _ in FIELDS]
    return [f'["{names[k % len(FIELDS)]}/{index.refs[k // len(FIELDS)]}",[{found.get(k, "")}]]' for k in keys]


def split_index(index: TermIndex) -> tuple[list[tuple[int, ...]], dict[str, int]]:
    """Group terms by prefix into shards of bounded size.

    Returns the shards (term numbers each) and the manifest: prefix -> shard number. A prefix
    owns the terms that start with it and with no longer prefix of the manifest; the browser
    finds a term's shard by its longest prefix in the manifest.
    """
    sizes = index.sizes().tolist()
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
