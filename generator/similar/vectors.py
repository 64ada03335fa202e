"""The vectors similar papers are compared by: TF-IDF rows and latent directions, one per paper.

Title and abstract together, plus a share of the title's own vector (a title names the topic). The
latent direction is the TF-IDF row seen through the learned term model (`terms.py`), so that two
papers naming one topic in different words still meet. Which columns may tell a reader what two
papers share (naming something, rare in the digest) and how topical the model finds each is noted
here too, for the reasons shown under a link (`reasons.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from . import tfidf
from ..model import Paper
from ..words import is_content
from .neighbours import BLOCK_ROWS
from .terms import TermModel, latent_rows, load_term_model, model_rows

TELLING_SHARE = 0.25
# Words too common to name a topic alone that do name one next to a content word.
FIELD_WORDS = frozenset({"model", "models", "task", "tasks", "language", "image", "images", "data", "learning",
                         "network", "networks", "training"})
# In a large digest each paper keeps its heaviest terms only: the light ones are words many papers
# share, which barely move a score but make nearly every pair of papers overlap, and so the exact
# search dense (BENCHMARKS.md: 100x faster at 75,000 papers). Small digests keep every term: it is
# cheap there, and tests/eval shows the light terms still help a little.
TERMS_PER_PAPER = 60
PRUNE_ABOVE = 10_000  # papers
MAX_SHARE = 0.5  # terms in more than half of the papers are dropped


@dataclass(frozen=True, slots=True)
class Vectors:
    """TF-IDF rows (L2-normalised, one per paper) and the names of their columns."""

    matrix: sparse.csr_matrix
    terms: np.ndarray
    is_telling: np.ndarray  # per column: names something, and few papers of the digest use it
    is_phrase: np.ndarray  # per column: a two-word term
    topicality: np.ndarray  # per column (float32): the model's topicality, NaN for terms it does not know
    closing: np.ndarray  # per column (float32): the model's closing share, NaN for terms it does not know
    latent: np.ndarray  # (papers, dimensions) unit rows, float32; zero rows for papers the model cannot place


def vectorize(papers: tuple[Paper, ...], title_weight: float = 0.0,
              terms_per_paper: int | None = TERMS_PER_PAPER, model: TermModel | None = None) -> Vectors:
    """TF-IDF of title + abstract, plus `title_weight` times the title's own vector, and the latent
    directions of those rows under `model` (default: the shipped term model).

    In a digest of more than PRUNE_ABOVE papers, each keeps only its `terms_per_paper` heaviest
    terms (None: all of them).
    """
    model = load_term_model() if model is None else model
    counts, vocabulary = tfidf.fit_counts([f"{paper.title}. {paper.abstract}" for paper in papers],
                                          min_df=2 if len(papers) >= 1000 else 1, max_df=MAX_SHARE)
    idf = tfidf.idf(counts)
    matrix = tfidf.weigh(counts, idf)
    if title_weight:
        matrix = matrix + title_weight * tfidf.weigh(tfidf.count([paper.title for paper in papers], vocabulary), idf)
    # A term in more than a tenth of the papers ("propose", "results") explains nothing.
    terms = vocabulary.terms
    telling = idf >= np.log((1 + len(papers)) / (1 + TELLING_SHARE * len(papers))) + 1
    # ... and a shared term must name something: "future directions" or "significantly" do not.
    telling &= np.fromiter((_names_something(term) for term in terms), bool, len(terms))
    rows = model_rows(model, terms)
    known = np.maximum(rows, 0)
    topicality = np.where(rows >= 0, model.topicality[known].astype(np.float32), np.nan)
    closing = np.where(rows >= 0, model.closing[known].astype(np.float32), np.nan)
    if terms_per_paper and len(papers) > PRUNE_ABOVE:
        matrix = _keep_heaviest(matrix.tocsr(), terms_per_paper)
    matrix = tfidf.unit_rows(matrix)
    is_phrase = np.fromiter((" " in term for term in terms), bool, len(terms))
    return Vectors(matrix, terms, telling, is_phrase, topicality, closing, latent_rows(matrix, rows, model))


def _names_something(term: str) -> bool:
    """A word must be a content word; a phrase must be made of content words, or of one and a word
    of the field that names a topic next to it ("model merging", "diffusion models", "image
    generation"), never of a filler ("reasoning capabilities", "existing benchmarks")."""
    words = term.split(" ")
    return any(map(is_content, words)) and all(is_content(word) or word in FIELD_WORDS for word in words)


def _keep_heaviest(matrix: sparse.csr_matrix, count: int) -> sparse.csr_matrix:
    """Each row's `count` largest entries (ties: lower column first); the rest set to zero."""
    matrix = matrix.copy()
    matrix.sort_indices()
    row = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    least = np.concatenate([_count_th_largest(matrix[start:start + BLOCK_ROWS], count)
                            for start in range(0, matrix.shape[0], BLOCK_ROWS)] or [np.zeros(0)])
    above, tied = matrix.data > least[row], matrix.data == least[row]
    # Of the entries equal to it, those in the lowest columns fill the row's remaining places.
    ties_before = np.r_[0, np.cumsum(tied)]  # at each entry, and at each row's start
    tie_rank = ties_before[:-1] - ties_before[matrix.indptr[:-1]][row]
    keep = above | (tied & (tie_rank < count - np.bincount(row[above], minlength=matrix.shape[0])[row]))
    return sparse.csr_matrix((matrix.data[keep], matrix.indices[keep],
                              np.r_[0, np.cumsum(np.bincount(row[keep], minlength=matrix.shape[0]))]),
                             shape=matrix.shape)


def _count_th_largest(block: sparse.csr_matrix, count: int) -> np.ndarray:
    """Each row's `count`-th largest value (-inf when it has fewer), from the rows laid out side by
    side; in blocks of rows, so that one very long abstract cannot make the layout huge."""
    lengths = np.diff(block.indptr)
    row = np.repeat(np.arange(block.shape[0]), lengths)
    padded = np.full((block.shape[0], max(int(lengths.max(initial=0)), count)), -np.inf, block.dtype)
    padded[row, np.arange(len(row)) - block.indptr[:-1][row]] = block.data
    return -np.partition(-padded, count - 1, axis=1)[:, count - 1]
