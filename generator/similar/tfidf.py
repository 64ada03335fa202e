"""TF-IDF vectors of word uni- and bi-grams, counted with numpy.

The vectors are exactly scikit-learn's `TfidfVectorizer(ngram_range=(1, 2), stop_words="english",
sublinear_tf=True, ...)`: the same tokens, the same columns (terms in alphabetical order) and the
same weights (its `TfidfTransformer` does the weighting). Only the counting differs: scikit-learn
builds every n-gram as a string and counts it in a dictionary, most of a large digest's vectorising
time; here each word becomes a number once, a bi-gram a pair of numbers, and counting is sorting.
`tests/test_tfidf.py` checks the equality on the seeds and with Hypothesis. scikit-learn itself
is only needed by the tests: importing it would take most of a second of every build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice
from typing import Iterable, Sequence

import numpy as np
from scipy import sparse

TOKEN = re.compile(r"(?u)\b[a-zA-Z][\w\-]+\b")  # a word starts with a letter: no bare numbers
# scikit-learn's English stop words (`ENGLISH_STOP_WORDS`, from the Glasgow Information Retrieval
# Group's list); the tests check that the two stay equal.
STOP_WORDS = frozenset("""
a about above across after afterwards again against all almost alone along already also although
always am among amongst amoungst amount an and another any anyhow anyone anything anyway anywhere
are around as at back be became because become becomes becoming been before beforehand behind being
below beside besides between beyond bill both bottom but by call can cannot cant co con could
couldnt cry de describe detail do done down due during each eg eight either eleven else elsewhere
empty enough etc even ever every everyone everything everywhere except few fifteen fifty fill find
fire first five for former formerly forty found four from front full further get give go had has
hasnt have he hence her here hereafter hereby herein hereupon hers herself him himself his how
however hundred i ie if in inc indeed interest into is it its itself keep last latter latterly
least less ltd made many may me meanwhile might mill mine more moreover most mostly move much must
my myself name namely neither never nevertheless next nine no nobody none noone nor not nothing now
nowhere of off often on once one only onto or other others otherwise our ours ourselves out over
own part per perhaps please put rather re same see seem seemed seeming seems serious several she
should show side since sincere six sixty so some somehow someone something sometime sometimes
somewhere still such system take ten than that the their them themselves then thence there
thereafter thereby therefore therein thereupon these they thick thin third this those though three
through throughout thru thus to together too top toward towards twelve twenty two un under until up
upon us very via was we well were what whatever when whence whenever where whereafter whereas
whereby wherein whereupon wherever whether which while whither who whoever whole whom whose why
will with within without would yet you your yours yourself yourselves
""".split())
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
    return [token for token in TOKEN.findall(text.lower()) if token not in STOP_WORDS]


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


def weigh(counts: sparse.csr_matrix, idf_weights: np.ndarray) -> sparse.csr_matrix:
    """TF-IDF rows (sublinear term frequency, times `idf(fitted counts)`, unit length): what
    scikit-learn's vectoriser gives for the documents it fits and for those it transforms."""
    matrix = sparse.csr_matrix(counts, dtype=np.float32, copy=True)
    np.log(matrix.data, out=matrix.data)  # sublinear: 1 + ln(count)
    matrix.data += 1.0
    matrix.data *= idf_weights[matrix.indices]
    return unit_rows(matrix)


def idf(counts: sparse.csr_matrix) -> np.ndarray:
    """Each term's smoothed inverse document frequency: ln((1 + documents) / (1 + frequency)) + 1."""
    frequency = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float32)
    frequency += 1.0
    weights = np.full_like(frequency, counts.shape[0] + 1) / frequency
    np.log(weights, out=weights)
    weights += 1.0
    return weights


def unit_rows(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """Rows scaled to unit Euclidean length (empty rows stay empty), computed as scikit-learn's
    `normalize` does: float32 squares summed in float64 in stored order, then divided in float64."""
    matrix = sparse.csr_matrix(matrix, dtype=np.float32, copy=True)
    row = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    squares = (matrix.data * matrix.data).astype(np.float64)
    lengths = np.sqrt(np.bincount(row, weights=squares, minlength=matrix.shape[0]))
    lengths[lengths == 0] = 1.0
    matrix.data = (matrix.data.astype(np.float64) / lengths[row]).astype(np.float32)
    return matrix


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
