"""TF-IDF vectors of word uni- and bi-grams, counted with numpy.

The vectors are exactly scikit-learn's `TfidfVectorizer(ngram_range=(1, 2), stop_words="english",
sublinear_tf=True, ...)`: the same tokens, the same columns (terms in alphabetical order) and the
same weights (its `TfidfTransformer` does the weighting). Only the counting differs: scikit-learn
builds every n-gram as a string and counts it in a dictionary, most of a large digest's vectorising
time; here each word becomes a number once, a bi-gram a pair of numbers, and counting is sorting.
`tests/test_tfidf.py` checks the equality on the seeds and with Hypothesis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice
from typing import Iterable, Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfTransformer

TOKEN = re.compile(r"(?u)\b[a-zA-Z][\w\-]+\b")  # a word starts with a letter: no bare numbers
CHUNK_DOCUMENTS = 2048  # documents tokenised at once: only a chunk's words are held as strings


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The terms a corpus was counted by, and how to count other documents by them."""

    terms: np.ndarray  # the term of each column, alphabetical (object array of str)
    words: dict[str, int]  # word -> number in term codes
    codes: np.ndarray  # the term codes of the columns, sorted by code
    columns: np.ndarray  # the column of each code in `codes`


def tokens(text: str) -> list[str]:
    """The words a document is counted by: lower-case, English stop words left out."""
    return [token for token in TOKEN.findall(text.lower()) if token not in ENGLISH_STOP_WORDS]


def fit_counts(documents: Sequence[str], min_df: int = 1,
               max_df: float = 1.0) -> tuple[sparse.csr_matrix, Vocabulary]:
    """Counts (documents x terms, float32) of every uni- and bi-gram found in at least `min_df`
    documents and in at most a `max_df` share of them.

    As in scikit-learn, a bi-gram joins two neighbouring words once stop words are gone.
    """
    words: dict[str, int] = {}
    document, ids = _numbered(documents, words, grow=True)
    document, code, uses = _uses(*_grams(document, ids, len(words) + 1))
    term_codes, frequency = _runs(np.sort(code))
    kept_codes = term_codes[(frequency >= min_df) & (frequency <= max_df * len(documents))]
    names = _names(kept_codes, words)
    alphabetical = np.array(sorted(range(len(names)), key=names.__getitem__), np.int64)
    terms = np.empty(len(names), dtype=object)
    terms[:] = [names[index] for index in alphabetical]
    columns = np.empty(len(names), np.int64)
    columns[alphabetical] = np.arange(len(names))
    vocabulary = Vocabulary(terms, words, kept_codes, columns)
    return _matrix(document, code, uses, vocabulary, len(documents)), vocabulary


def count(documents: Sequence[str], vocabulary: Vocabulary) -> sparse.csr_matrix:
    """Counts of a fitted vocabulary's terms in other documents; terms it lacks are left out."""
    document, ids = _numbered(documents, vocabulary.words, grow=False)
    document, code, uses = _uses(*_grams(document, ids, len(vocabulary.words) + 1))
    return _matrix(document, code, uses, vocabulary, len(documents))


def weigh(counts: sparse.csr_matrix, *others: sparse.csr_matrix) -> tuple[sparse.csr_matrix, ...]:
    """TF-IDF rows (sublinear term frequency, smoothed idf, unit length) of `counts`, and of `others`
    by the idf of `counts`: what scikit-learn's vectoriser gives for what it fits and transforms."""
    if counts.shape[1] == 0:  # no term left (scikit-learn refuses this): nothing is similar
        return tuple(sparse.csr_matrix(matrix.shape, dtype=np.float32) for matrix in (counts, *others))
    transformer = TfidfTransformer(sublinear_tf=True).fit(counts)
    return tuple(sparse.csr_matrix(transformer.transform(matrix)) for matrix in (counts, *others))


def idf(counts: sparse.csr_matrix) -> np.ndarray:
    """Each term's smoothed inverse document frequency, as `weigh` uses it."""
    if counts.shape[1] == 0:
        return np.zeros(0, np.float32)
    return TfidfTransformer(sublinear_tf=True).fit(counts).idf_


def _numbered(documents: Iterable[str], words: dict[str, int], grow: bool) -> tuple[np.ndarray, np.ndarray]:
    """Every document's words as numbers, one after the other, with the document of each.

    `grow`: number new words as they come; otherwise they all get the number `len(words)`, which
    no term uses, so that they still separate the words around them as they do in a bi-gram.
    """
    unknown = len(words)
    documents, lengths, chunks = iter(documents), [], []
    while chunk := list(islice(documents, CHUNK_DOCUMENTS)):
        tokenized = [tokens(text) for text in chunk]
        flat = [token for document_tokens in tokenized for token in document_tokens]
        if grow:
            for word in dict.fromkeys(flat):
                words.setdefault(word, len(words))
        lookup = words.__getitem__ if grow else (lambda word: words.get(word, unknown))
        chunks.append(np.fromiter(map(lookup, flat), np.int64, len(flat)))
        lengths += map(len, tokenized)
    ids = np.concatenate(chunks) if chunks else np.zeros(0, np.int64)
    return np.repeat(np.arange(len(lengths), dtype=np.int64), lengths), ids


def _grams(document: np.ndarray, ids: np.ndarray, base: int) -> tuple[np.ndarray, np.ndarray, int]:
    """Every uni-gram (code: the word's number) and bi-gram (code: base + first * base + second),
    with the document of each and the number of codes there can be."""
    same = document[1:] == document[:-1]
    pairs = base + ids[:-1][same] * base + ids[1:][same]
    return np.concatenate([document, document[:-1][same]]), np.concatenate([ids, pairs]), base * (base + 1)


def _uses(document: np.ndarray, code: np.ndarray, codes: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each (document, code) that occurs, sorted, and how many times."""
    if len(document) and int(document[-1] + 1) * codes < np.iinfo(np.int64).max:
        keys, uses = _runs(np.sort(document * codes + code))  # one number a pair: one plain sort
        return keys // codes, keys % codes, uses
    order = np.lexsort((code, document))
    keys, uses = _runs(np.stack([document[order], code[order]]), axis=1)
    return keys[0], keys[1], uses


def _runs(values: np.ndarray, axis: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of a sorted array (or sorted columns) and how often each occurs."""
    size = values.shape[axis]
    if size == 0:
        return values, np.zeros(0, np.int64)
    changes = values[..., 1:] != values[..., :-1]
    is_new = np.r_[True, changes if values.ndim == 1 else changes.any(axis=0)]
    starts = np.flatnonzero(is_new)
    return values[..., starts], np.diff(np.r_[starts, size])


def _names(codes: np.ndarray, words: dict[str, int]) -> list[str]:
    """The term each code stands for."""
    base = len(words) + 1
    by_number = list(words)  # numbered in insertion order
    names = []
    for code in codes.tolist():
        if code < base:
            names.append(by_number[code])
        else:
            first, second = divmod(code - base, base)
            names.append(f"{by_number[first]} {by_number[second]}")
    return names


def _matrix(document: np.ndarray, code: np.ndarray, uses: np.ndarray, vocabulary: Vocabulary,
            documents: int) -> sparse.csr_matrix:
    """The count matrix over the vocabulary's columns, from (document, code) uses sorted by document."""
    place = np.minimum(np.searchsorted(vocabulary.codes, code), max(len(vocabulary.codes) - 1, 0))
    is_term = vocabulary.codes[place] == code if len(vocabulary.codes) else np.zeros(len(code), bool)
    indptr = np.r_[0, np.cumsum(np.bincount(document[is_term], minlength=documents))]
    matrix = sparse.csr_matrix((uses[is_term].astype(np.float32), vocabulary.columns[place[is_term]], indptr),
                               shape=(documents, len(vocabulary.terms)))
    matrix.sort_indices()  # columns are alphabetical, codes are not
    return matrix
