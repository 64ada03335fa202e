"""Link each paper to the papers most similar to it, and say what they share.

The baseline is the one arxiv-sanity made standard: TF-IDF over word uni- and bi-grams with
sublinear term frequency and a document-frequency cap, compared by cosine. On top of it, a title's
words count more than the abstract's (a title names the topic) and shared tags add a little (they
group synonyms the words alone miss); `tests/eval/` measures that both help. Neighbours are exact
(`neighbours.py`). A link must beat what unrelated papers score — a threshold read from random
pairs of the same digest — so a paper with no real neighbour gets fewer links or none instead of
filler.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..config import Settings
from ..model import Paper, SimilarLink
from .neighbours import CHANCE_SPREAD, TAG_WEIGHT, chance_threshold, top_neighbours
from .vectors import Vectors, vectorize

TITLE_WEIGHT = 0.3  # weight of the title's own TF-IDF vector added to the title+abstract vector
SHARED_TERMS = 3


def link_vectors(papers: tuple[Paper, ...]) -> Vectors:
    """The vectors `link_similar` compares the papers by: made from titles and abstracts alone,
    so that they can be made while the papers are being tagged."""
    return vectorize(_by_slug(papers), title_weight=TITLE_WEIGHT)


def link_similar(papers: tuple[Paper, ...], settings: Settings, *, vectors: Vectors | None = None,
                 title_weight: float = TITLE_WEIGHT, tag_weight: float = TAG_WEIGHT,
                 chance_spread: float | None = CHANCE_SPREAD) -> tuple[Paper, ...]:
    """Papers with `similar` filled: best first, above the chance threshold, never themselves.

    `vectors`: `link_vectors(papers)`, when made ahead. The other keyword arguments exist for
    the evaluation's ablations (`chance_spread=None`: no threshold); the build uses the defaults.
    """
    if settings.similar_count == 0 or len(papers) < 2:
        return papers
    ordered = _by_slug(papers)
    vectors = vectorize(ordered, title_weight=title_weight) if vectors is None else vectors
    if vectors.matrix.nnz == 0:  # every word a stop word or in most papers: nothing to compare by
        return papers
    neighbours, scores = top_neighbours(vectors.matrix, settings.similar_count + 5,
                                        tags=[paper.tags for paper in ordered], tag_weight=tag_weight,
                                        show_progress=settings.progress)
    threshold = -np.inf if chance_spread is None else chance_threshold(
        vectors.matrix, chance_spread, [paper.tags for paper in ordered], tag_weight)
    kept = _kept(neighbours, scores, threshold, settings.similar_count, ordered)
    # What two papers share is worked out for the links shown only, not every candidate.
    shown = np.full((len(kept), settings.similar_count), -1, dtype=np.int64)
    for index, row in enumerate(kept):
        shown[index, : len(row)] = [other for other, _ in row]
    shared = shared_terms(vectors, shown)
    linked = {}
    for index, paper in enumerate(ordered):
        links = tuple(_link(paper, ordered[other], score, shared[index][rank])
                      for rank, (other, score) in enumerate(kept[index]))
        linked[paper.slug] = replace(paper, similar=links)
    return tuple(linked[paper.slug] for paper in papers)


def _kept(neighbours: np.ndarray, scores: np.ndarray, threshold: float, count: int,
          ordered: tuple[Paper, ...]) -> list[list[tuple[int, float]]]:
    """Each paper's links to show: (neighbour, score) above the threshold, best first by the
    score as shown (3 places), then by slug; at most `count`."""
    kept = []
    for index, (row, row_scores) in enumerate(zip(neighbours.tolist(), scores.tolist())):
        candidates = [(other, score) for other, score in zip(row, row_scores)
                      if other >= 0 and other != index and score >= threshold]
        candidates.sort(key=lambda pair: (-_score_as_shown(pair[1]), ordered[pair[0]].slug))
        kept.append(candidates[:count])
    return kept


def _score_as_shown(score: float) -> float:
    return round(float(min(score, 1.0)), 3)


def _by_slug(papers: tuple[Paper, ...]) -> tuple[Paper, ...]:
    # Work in slug order so that the links never depend on the order the papers came in.
    return tuple(sorted(papers, key=lambda paper: paper.slug))


def _link(paper: Paper, other: Paper, score: float, terms: tuple[str, ...]) -> SimilarLink:
    """A link to `other`, with the tags both papers carry first, then their telling shared terms."""
    common = tuple(tag for tag in paper.tags if tag in other.tags)[:2]
    tag_words = {tag.lower() for tag in common}
    terms = tuple(term for term in terms if term.lower() not in tag_words)
    return SimilarLink(other.slug, _score_as_shown(score), (common + terms)[:SHARED_TERMS + 1])


def shared_terms(vectors: Vectors, neighbours: np.ndarray) -> list[list[tuple[str, ...]]]:
    """For each paper and neighbour, the few terms that contribute most to their similarity."""
    rows, count = neighbours.shape
    left = np.repeat(np.arange(rows), count)
    right = neighbours.ravel()
    valid = right >= 0
    products = vectors.matrix[left[valid]].multiply(vectors.matrix[right[valid]]).tocsr()
    # Every pair's telling terms at once, heaviest first (ties: lower column), a few per pair.
    pairs = products.shape[0]
    pair = np.repeat(np.arange(pairs), np.diff(products.indptr))
    telling = vectors.is_telling[products.indices]
    pair, columns, weights = pair[telling], products.indices[telling], products.data[telling]
    order = np.lexsort((columns, -weights, pair))
    pair, columns = pair[order], columns[order]
    rank = np.arange(len(pair)) - np.searchsorted(pair, pair)
    pair, columns = pair[rank < SHARED_TERMS * 2], columns[rank < SHARED_TERMS * 2]
    bounds = np.searchsorted(pair, np.arange(pairs + 1)).tolist()
    terms = vectors.terms[columns]
    per_pair = [_distinct_terms(terms[bounds[n]:bounds[n + 1]]) for n in range(pairs)]
    result: list[list[tuple[str, ...]]] = [[() for _ in range(count)] for _ in range(rows)]
    for pair, (row, column) in zip(per_pair, np.argwhere(valid.reshape(rows, count))):
        result[row][column] = pair
    return result


def _distinct_terms(terms: np.ndarray) -> tuple[str, ...]:
    """Drop a word when a kept phrase already contains it ("model merging" covers "merging")."""
    kept: list[str] = []
    for term in sorted(terms, key=lambda term: -term.count(" ")):
        if not any(term in other.split(" ") or term == other for other in kept):
            kept.append(str(term))
    order = {str(term): index for index, term in enumerate(terms)}
    return tuple(sorted(kept, key=order.__getitem__)[:SHARED_TERMS])
