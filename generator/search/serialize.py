"""The search index written in lunr's serialized format, and in the compact form the site serves.

lunr.js scores a document by the dot product of the query vector with the document's field vector
divided by the query vector's magnitude, so only the entries for the query's own terms ever
matter: an index restricted to some terms (a shard) answers those terms with the scores of the
whole. The JSON is written directly, not through dictionaries: a large digest has thousands of
shards and millions of postings.

lunr's own format (`index_json`) names every posting twice, once in the inverted index and once
in the field vectors, with the document's ref and field spelled out each time: about 28 bytes a
posting. The site serves shards in a compact form (`shard_json`, about 9 bytes a posting before
compression) that the browser's loader (`unpack` in theme/assets/search/engine.js) turns back
into exactly the inverted index and field vectors `lunr.Index.load` would make of `index_json`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import numpy as np

from .index import FIELDS, TermIndex

LUNR_VERSION = "2.3.9"


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
    fields = compact_json([name for name, _ in FIELDS])
    return (f'{{"version":"{LUNR_VERSION}","fields":{fields},"fieldVectors":[{vectors}],'
            f'"invertedIndex":[{inverted}],"pipeline":["stemmer"]}}')


def shard_json(index: TermIndex, terms: Sequence[int], starts: np.ndarray | None = None) -> str:
    """A shard of the index over `terms` in the compact form the browser unpacks.

    A JSON list with, for each term in the order of its number: `[term, number, keys, scores]`;
    `keys` are the term's postings as `document * len(FIELDS) + field`, each given as the
    difference from the one before (postings are in document then field order, so they are
    small positive numbers), and `scores` are lunr's scores (rounded to 3 places) in thousandths.
    A document's ref is its number in base 36 (`index._ref`); a field's name, `FIELDS`.
    """
    starts = index.starts() if starts is None else starts
    entries = []
    for number in sorted(terms):
        first, last = starts[number], starts[number + 1]
        keys = index.doc[first:last].astype(np.int64) * len(FIELDS) + index.field[first:last]
        gaps = np.diff(keys, prepend=0).tolist()
        thousandths = np.rint(index.score[first:last] * 1000).astype(np.int64).tolist()
        entries.append(f"[{compact_json(index.terms[number])},{number},"
                       f"[{','.join(map(str, gaps))}],[{','.join(map(str, thousandths))}]]")
    return f"[{','.join(entries)}]"


def _posting_json(index: TermIndex, number: int, starts: np.ndarray) -> str:
    """One term of lunr's inverted index: its documents by field (lunr keeps no positions here)."""
    first, last = starts[number], starts[number + 1]
    by_field: list[list[str]] = [[] for _ in FIELDS]
    refs = index.refs
    for doc, field in zip(index.doc[first:last].tolist(), index.field[first:last].tolist()):
        by_field[field].append(f'"{refs[doc]}":{{}}')
    fields = ",".join(f'"{name}":{{{",".join(docs)}}}' for (name, _), docs in zip(FIELDS, by_field))
    return f'[{compact_json(index.terms[number])},{{{fields},"_index":{number}}}]'


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


def compact_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
