"""The search index: every term of every paper scored as lunr scores it, in columns.

The index is built once, at site build time, in lunr's own terms: lunr.py's trimmer, stop word
filter and English stemmer make the terms, and BM25 with lunr's defaults and field boosts scores
them (`tests/test_search.py` checks the unsplit index equals lunr.py's own output). The one
liberty taken: a term found in very many papers keeps only its best-scored ones (`prune`), so
that a query of common words stays quick at 75,000 papers. How the index reaches the reader's
browser is `files.py`'s business.
"""

from __future__ import annotations

import math
import re
from array import array
from collections import Counter
from dataclasses import dataclass

import numpy as np

from lunr.pipeline import Pipeline
from lunr.stemmer import stemmer
from lunr.stop_word_filter import stop_word_filter
from lunr.token import Token
from lunr.trimmer import trimmer

from ..model import Paper

FIELDS = (("t", 10), ("g", 3), ("a", 1))
"""Indexed fields and their boosts: title, tags, abstract; a title word counts ten times an
abstract word. One-letter names, because every field vector of every shard repeats its field's
name (at 75,000 papers, "abstract/" instead of "a/" would add about 40 MB to the site)."""
FIELD_MEANINGS = ("title", "tags", "abstract")  # what each of FIELDS holds
K1 = 1.2  # lunr's BM25 defaults
B = 0.75
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

    Static index pruning: a paper that a word as common as "model" or "learn" (in most of 75,000
    papers, a fifth of all postings) matches weakly ranks below the papers that match it strongly
    or match the rarer words of the query. The browser requires every word of a query except a
    pruned one (the manifest's `pruned_at`), so a paper that lost such a posting is still found
    by the query's other words. Dropping those postings cuts the index by a third at 75,000 papers and
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
