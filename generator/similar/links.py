"""Link each paper to the papers most similar to it, and say what they share.

The baseline is the one arxiv-sanity made standard: TF-IDF over word uni- and bi-grams with
sublinear term frequency and a document-frequency cap, compared by cosine. On top of it, a title's
words count more than the abstract's (a title names the topic); each paper's nearest papers by that
cosine are then scored again with their latent cosine (the learned term model, `terms.py`: papers
that name one topic in other words) and their shared tags. `tests/eval/` measures that each part
helps, blind, on papers the model never saw. Neighbours are exact (`neighbours.py`). A link must
score what judged related pairs score (`MIN_LINK_SCORE`), so a paper with no related paper gets
fewer links or none instead of filler; with each link, the telling terms the two share
(`reasons.py`).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..config import Settings
from ..model import Paper, SimilarLink
from .neighbours import TAG_WEIGHT, rerank, top_neighbours
from .reasons import SHARED_TERMS, shared_terms
from .vectors import Vectors, vectorize

# Weights tuned on the judged tuning half of tests/eval (BENCHMARKS.md has the figures).
TITLE_WEIGHT = 0.1  # weight of the title's own TF-IDF vector added to the title+abstract vector
LATENT_WEIGHT = 0.2  # weight of the latent cosine added to the TF-IDF cosine
CANDIDATES = 30  # nearest papers by TF-IDF cosine scored again with the latent cosine and tags
# A link must score at least this (TF-IDF cosine + weighted latent cosine and tag overlap): of the
# judged pairs among the tuning half's and the seeds' 8 best candidates, none below it is related.
# (The contrastive latent cosines run lower than LSA's did, so the floor is lower than LSA's 0.12.)
MIN_LINK_SCORE = 0.075
SHARED_TAGS = 1  # the rarest tag both papers carry, shown before the shared terms


def link_vectors(papers: tuple[Paper, ...]) -> Vectors:
    """The vectors `link_similar` compares the papers by: made from titles and abstracts alone,
    so that they can be made while the papers are being tagged."""
    return vectorize(_by_slug(papers), title_weight=TITLE_WEIGHT)


def link_similar(papers: tuple[Paper, ...], settings: Settings, *, vectors: Vectors | None = None,
                 not_reasons: frozenset[str] = frozenset(),
                 title_weight: float = TITLE_WEIGHT, tag_weight: float = TAG_WEIGHT,
                 latent_weight: float = LATENT_WEIGHT, min_score: float | None = MIN_LINK_SCORE,
                 ) -> tuple[Paper, ...]:
    """Papers with `similar` filled: best first, above the threshold, never themselves.

    `vectors`: `link_vectors(papers)`, when made ahead. `not_reasons`: tags too wide to tell why
    two papers are linked (they still count in the score, never in the reason shown). The other
    keyword arguments exist for the evaluation's ablations (`min_score=None`: no threshold); the
    build uses the defaults.
    """
    if settings.similar_count == 0 or len(papers) < 2:
        return papers
    ordered = _by_slug(papers)
    vectors = vectorize(ordered, title_weight=title_weight) if vectors is None else vectors
    if vectors.matrix.nnz == 0:  # every word a stop word or in most papers: nothing to compare by
        return papers
    candidates, cosines = top_neighbours(vectors.matrix, CANDIDATES, show_progress=settings.progress)
    neighbours, scores = rerank(candidates, cosines, vectors.latent, latent_weight,
                                [paper.tags for paper in ordered], tag_weight, settings.similar_count + 5)
    kept = _kept(neighbours, scores, -np.inf if min_score is None else min_score, settings.similar_count, ordered)
    # What two papers share is worked out for the links shown only, not every candidate.
    shown = np.full((len(kept), settings.similar_count), -1, dtype=np.int64)
    for index, row in enumerate(kept):
        shown[index, : len(row)] = [other for other, _ in row]
    shared = shared_terms(vectors, [f"{paper.title}. {paper.abstract}" for paper in ordered], shown)
    frequency = _tag_frequency(ordered)
    linked = {}
    for index, paper in enumerate(ordered):
        links = tuple(_link(paper, ordered[other], score, shared[index][rank], frequency, not_reasons)
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
    """The score as shown: the weighted mean of the similarities, so within [0, 1], 3 places."""
    return round(float(min(max(score / (1 + LATENT_WEIGHT + TAG_WEIGHT), 0.0), 1.0)), 3)


def _by_slug(papers: tuple[Paper, ...]) -> tuple[Paper, ...]:
    # Work in slug order so that the links never depend on the order the papers came in.
    return tuple(sorted(papers, key=lambda paper: paper.slug))


def _tag_frequency(papers: tuple[Paper, ...]) -> dict[str, int]:
    frequency: dict[str, int] = {}
    for paper in papers:
        for tag in paper.tags:
            frequency[tag] = frequency.get(tag, 0) + 1
    return frequency


def _link(paper: Paper, other: Paper, score: float, terms: tuple[str, ...],
          frequency: dict[str, int], not_reasons: frozenset[str]) -> SimilarLink:
    """A link to `other`, with the rarest tag both papers carry first (the most specific topic they
    share; never one of `not_reasons`), then their telling shared terms."""
    common = sorted((tag for tag in paper.tags if tag in other.tags and tag not in not_reasons),
                    key=lambda tag: (frequency[tag], tag))
    common = common[:SHARED_TAGS]
    tag_words = {_singular(word) for tag in common for word in tag.lower().split(" ")}
    terms = tuple(term for term in terms if not {_singular(word) for word in term.split(" ")} <= tag_words)
    return SimilarLink(other.slug, _score_as_shown(score), (*common, *terms)[:SHARED_TERMS + SHARED_TAGS])


def _singular(word: str) -> str:
    """A word without a plural "s", so that a tag's "scaling laws" covers the term "scaling law"."""
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word
