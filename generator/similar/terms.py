"""The learned term model: what a digest's own words cannot tell about them.

Learned offline from ~64,000 real papers by `learn.py` and shipped as `terms.npz`: for the most
frequent terms, a latent vector (papers that say the same thing in other words come out close), a
topicality (whether the papers using the term share a topic, which "kv cache" does and "open
source" does not) and a closing share (how often abstracts use it in their last sentence, where
they say where the code is). Terms are the digest's own TF-IDF columns (`tfidf.py` counts both), so a
digest's vectors map onto the model by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from pathlib import Path

import numpy as np
from scipy import sparse

MODEL_PATH = Path(__file__).resolve().parent / "terms.npz"


@dataclass(frozen=True, slots=True)
class TermModel:
    """Terms (alphabetical), each with a latent vector and a topicality."""

    terms: np.ndarray  # str
    vectors: np.ndarray  # (terms, dimensions), float16
    topicality: np.ndarray  # (terms,), float16; about 0 for words of every topic, up to 1
    closing: np.ndarray  # (terms,), float16: share of its papers that use it in the abstract's last sentence
    papers: int  # how many papers it was learned from


def save_term_model(model: TermModel, path: Path) -> None:
    """Write the model as a compressed .npz (plain arrays, no pickles)."""
    with path.open("wb") as file:
        np.savez_compressed(file, terms=model.terms.astype(str), vectors=model.vectors,
                            topicality=model.topicality, closing=model.closing, papers=np.array(model.papers))


@lru_cache(maxsize=2)
def load_term_model(path: Path = MODEL_PATH) -> TermModel:
    """The model shipped with the package (read once a process)."""
    with np.load(path, allow_pickle=False) as stored:
        return TermModel(terms=stored["terms"], vectors=stored["vectors"], topicality=stored["topicality"],
                         closing=stored["closing"], papers=int(stored["papers"]))


def model_rows(model: TermModel, terms: np.ndarray) -> np.ndarray:
    """The model's row of each term, -1 for the terms it does not know."""
    return np.fromiter(map(_row_by_term(model).get, terms, repeat(-1)), np.int64, len(terms))


def _row_by_term(model: TermModel) -> dict[str, int]:
    return dict(zip(model.terms.tolist(), range(len(model.terms))))


def latent_rows(matrix: sparse.csr_matrix, rows: np.ndarray, model: TermModel) -> np.ndarray:
    """Each paper's latent direction (unit rows, float32): its TF-IDF weights times the vectors of
    the terms the model knows. A paper with none of them gets a zero row."""
    known = np.flatnonzero(rows >= 0)
    projected = np.asarray(matrix.tocsc()[:, known] @ model.vectors[rows[known]].astype(np.float32))
    lengths = np.linalg.norm(projected, axis=1, keepdims=True)
    return np.divide(projected, lengths, out=np.zeros_like(projected), where=lengths > 0)
