"""Domain tags learned from labelled papers: a linear model over a paper's words, applied with numpy.

Whether a paper is computer vision or language processing shows in all its words at once rather
than in any one phrase, and arXiv's categories label tens of thousands of papers with exactly
that. `tools/train_tags.py` fits a logistic regression per domain on those papers (the digest's
evaluation papers left out) and writes the words and weights it keeps to `domains.json` beside
this module; a build only reads that file and multiplies. The features are made here, by the
same function for training and for tagging, so the two can never disagree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from .keyphrases import Corpus

MODEL_FILE = Path(__file__).with_name("domains.json")
SCHEMA = 1


@dataclass(frozen=True, slots=True)
class Domain:
    """One learned tag: its name in the vocabulary and the probability a paper needs for it."""

    tag: str
    threshold: float
    intercept: float


@dataclass(frozen=True, slots=True)
class DomainModel:
    terms: tuple[str, ...]  # words and two-word phrases, as `keyphrases.words` splits them
    domains: tuple[Domain, ...]
    weights: np.ndarray  # terms x domains


def load_model(path: Path = MODEL_FILE) -> DomainModel:
    """Read the model file `tools/train_tags.py` writes (`to_json` is its inverse)."""
    document = json.loads(path.read_text(encoding="utf-8"))
    if document.get("schema") != SCHEMA:
        raise ValueError(f"{path}: expected a domain model of schema {SCHEMA}")
    domains = tuple(Domain(item["tag"], float(item["threshold"]), float(item["intercept"]))
                    for item in document["domains"])
    terms = tuple(document["weights"])
    weights = np.array(list(document["weights"].values()), np.float64).reshape(len(terms), len(domains))
    return DomainModel(terms, domains, weights)


def to_json(model: DomainModel, made_by: str) -> str:
    """The model file: JSON with one term and its weights a line, so a retrained model diffs readably."""
    head = json.dumps({"schema": SCHEMA, "made_by": made_by,
                       "domains": [{"tag": d.tag, "threshold": d.threshold, "intercept": d.intercept}
                                   for d in model.domains]}, ensure_ascii=False)
    lines = [f"{json.dumps(term, ensure_ascii=False)}: {json.dumps([float(w) for w in row])}"
             for term, row in zip(model.terms, model.weights)]
    return head[:-1] + ',\n"weights": {\n' + ",\n".join(lines) + "\n}}\n"


def predict(corpus: Corpus, model: DomainModel) -> np.ndarray:
    """papers x domains: the probability that each paper belongs to each domain."""
    logits = term_matrix(corpus, model.terms) @ model.weights
    logits += np.array([domain.intercept for domain in model.domains])
    return 1 / (1 + np.exp(-logits))


def term_matrix(corpus: Corpus, terms: tuple[str, ...]) -> sparse.csr_matrix:
    """papers x terms: log(1 + weighted uses) of each word or two-word term, rows of unit length.

    A use weighs what its sentence weighs (roles.py), so the title and the contribution count
    more than background; a two-word term never spans two sentences.
    """
    columns, rows, values = _unigram_uses(corpus, terms)
    more_columns, more_rows, more_values = _bigram_uses(corpus, terms)
    matrix = sparse.csr_matrix(
        (np.concatenate([values, more_values]).astype(np.float64),
         (np.concatenate([rows, more_rows]), np.concatenate([columns, more_columns]))),
        shape=(corpus.papers, len(terms)))
    matrix.sum_duplicates()
    matrix.data = np.log1p(matrix.data)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1 / norms) @ matrix)


def _unigram_uses(corpus: Corpus, terms: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    column_of_word = np.full(len(corpus.vocabulary), -1, np.int64)
    position_of = {word: number for number, word in enumerate(corpus.vocabulary)}
    for column, term in enumerate(terms):
        if " " not in term and term in position_of:
            column_of_word[position_of[term]] = column
    column = column_of_word[corpus.ids]
    kept = column >= 0  # most words are no term: drop them before anything else is copied
    return column[kept], corpus.paper[kept], corpus.weight[kept]


def _bigram_uses(corpus: Corpus, terms: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    size = len(corpus.vocabulary)
    position_of = {word: number for number, word in enumerate(corpus.vocabulary)}
    wanted: dict[int, int] = {}
    for column, term in enumerate(terms):
        first, _, second = term.partition(" ")
        if second and first in position_of and second in position_of:
            wanted[position_of[first] * size + position_of[second]] = column
    start = np.flatnonzero((corpus.ids[:-1] > 0) & (corpus.ids[1:] > 0))
    if not wanted or not len(start):
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    key = corpus.ids[start] * size + corpus.ids[start + 1]
    wanted_keys = np.array(sorted(wanted), np.int64)
    slot = np.minimum(np.searchsorted(wanted_keys, key), len(wanted_keys) - 1)
    column_of_slot = np.array([wanted[k] for k in wanted_keys.tolist()], np.int64)
    kept = wanted_keys[slot] == key
    return column_of_slot[slot[kept]], corpus.paper[start[kept]], corpus.weight[start[kept]]
