"""Link each paper to the papers most similar to it, and say what they share.

The baseline is the one arxiv-sanity made standard: TF-IDF over word uni- and bi-grams with
sublinear term frequency and a document-frequency cap, compared by cosine. On top of it, a title's
words count more than the abstract's (a title names the topic) and shared tags add a little (they
group synonyms the words alone miss); `tests/eval/` measures that both help. Neighbours are exact:
the similarity matrix is computed in sparse row blocks and only each row's best few are kept. A link
must beat what unrelated papers score — a threshold read from random pairs of the same digest —
so a paper with no real neighbour gets fewer links or none instead of filler.
"""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import numpy as np
from scipy import sparse
from tqdm import tqdm

from . import keyphrases, tfidf
from .config import Settings
from .model import Paper, SimilarLink

TITLE_WEIGHT = 0.3  # weight of the title's own TF-IDF vector added to the title+abstract vector
TAG_WEIGHT = 0.05  # score added per unit of tag Jaccard overlap
BLOCK_ROWS = 512  # rows of the similarity matrix computed at once
RANDOM_PAIRS = 20_000
# A link must beat random pairs by this many median absolute deviations (tuned on tests/eval).
# Median and deviation are robust: they describe unrelated pairs even when a digest is made of a
# few tight topics and many random pairs are in fact related.
CHANCE_SPREAD = 8.0
MIN_SCORE = 0.02  # never link below this, however tight the digest
SHARED_TERMS = 3
TELLING_SHARE = 0.1
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
    is_telling: np.ndarray  # per column: rare enough to tell a reader what two papers share


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
        candidates.sort(key=lambda pair: (-_shown(pair[1]), ordered[pair[0]].slug))
        kept.append(candidates[:count])
    return kept


def _shown(score: float) -> float:
    return round(float(min(score, 1.0)), 3)


def _by_slug(papers: tuple[Paper, ...]) -> tuple[Paper, ...]:
    # Work in slug order so that the links never depend on the order the papers came in.
    return tuple(sorted(papers, key=lambda paper: paper.slug))


def _link(paper: Paper, other: Paper, score: float, terms: tuple[str, ...]) -> SimilarLink:
    """A link to `other`, with the tags both papers carry first, then their telling shared terms."""
    common = tuple(tag for tag in paper.tags if tag in other.tags)[:2]
    tag_words = {tag.lower() for tag in common}
    terms = tuple(term for term in terms if term.lower() not in tag_words)
    return SimilarLink(other.slug, _shown(score), (common + terms)[:SHARED_TERMS + 1])


def vectorize(papers: tuple[Paper, ...], title_weight: float = 0.0,
              terms_per_paper: int | None = TERMS_PER_PAPER) -> Vectors:
    """TF-IDF of title + abstract, plus `title_weight` times the title's own vector.

    In a digest of more than PRUNE_ABOVE papers, each keeps only its `terms_per_paper` heaviest
    terms (None: all of them).
    """
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
    if terms_per_paper and len(papers) > PRUNE_ABOVE:
        matrix = _keep_heaviest(matrix.tocsr(), terms_per_paper)
    return Vectors(tfidf.unit_rows(matrix), terms, telling)


def _names_something(term: str) -> bool:
    words = term.split(" ")
    return keyphrases.is_content(words[0]) and keyphrases.is_content(words[-1])


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


def top_neighbours(
    matrix: sparse.csr_matrix, count: int, tags: list[tuple[str, ...]] | None = None,
    tag_weight: float = TAG_WEIGHT, show_progress: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Exact top-`count` neighbours of every row by cosine (+ tag overlap), self excluded.

    Only pairs with a positive cosine are candidates (tag overlap adds to their score). Returns
    (indices, scores), each of shape (rows, count), best first; -1 pads short rows.
    """
    rows = matrix.shape[0]
    count = min(count, rows - 1)
    transposed = matrix.T.tocsr()
    tag_ids = _tag_ids(tags) if tags and tag_weight else None
    blocks = [(start, min(start + BLOCK_ROWS, rows)) for start in range(0, rows, BLOCK_ROWS)]

    def solve(block: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
        start, stop = block
        product = (matrix[start:stop] @ transposed).tocsr()
        row, column = np.repeat(np.arange(stop - start), np.diff(product.indptr)), product.indices
        scores = product.data.astype(np.float32)
        scores[column == row + start] = -np.inf  # never itself
        if tag_ids is None:
            return _best(row, column, scores, stop - start, count)
        # Tag overlap adds at most tag_weight: a pair whose cosine is further than that below its
        # row's count-th best cosine cannot enter the row's top `count`, so only the others need
        # their tags compared (a few percent of the pairs).
        _, best = _best(row, column, scores, stop - start, count)
        floor = best[:, count - 1] - tag_weight - 1e-6
        near = scores >= floor[row]
        row, column, scores = row[near], column[near], scores[near]
        scores += tag_weight * _jaccard(tag_ids, row + start, column)
        return _best(row, column, scores, stop - start, count)

    # Sparse products release the GIL, so threads use both cores without copying the matrix.
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(tqdm(pool.map(solve, blocks), total=len(blocks), desc="similar papers", unit="block",
                            disable=not (show_progress and sys.stderr.isatty()), leave=False))
    return np.vstack([r[0] for r in results]), np.vstack([r[1] for r in results])


def _best(row: np.ndarray, column: np.ndarray, scores: np.ndarray, rows: int,
          count: int) -> tuple[np.ndarray, np.ndarray]:
    """Top `count` columns of each row of a sparse block, best first; ties to the lower column.

    The block's entries are laid out in a (rows, widest row) array, so that one `argpartition`
    over the entries that exist (a few percent of all pairs) picks every row's best.
    """
    per_row = np.bincount(row, minlength=rows)
    width = max(int(per_row.max(initial=0)), count)
    starts = np.r_[0, np.cumsum(per_row)[:-1]]
    negated = np.full((rows, width), np.inf, np.float32)  # negated: argpartition picks the smallest
    negated[row, np.arange(len(row)) - starts[row]] = -scores
    places = np.argpartition(negated, count - 1, axis=1)[:, :count] if width > count else \
        np.broadcast_to(np.arange(width), (rows, width))
    picked = -np.take_along_axis(negated, places, axis=1)
    exists = places < per_row[:, None]
    picked_columns = np.where(exists, column[np.minimum(starts[:, None] + places, max(len(column) - 1, 0))]
                              if len(column) else -1, -1)
    order = np.lexsort((picked_columns, -picked), axis=1)
    indices = np.take_along_axis(picked_columns, order, axis=1)
    best = np.take_along_axis(picked, order, axis=1)
    indices[~np.isfinite(best)] = -1
    return indices, best


def _tag_ids(tags: list[tuple[str, ...]]) -> np.ndarray:
    """Each paper's tags as numbers, one row a paper, padded with -1."""
    number = {name: index for index, name in enumerate(sorted({name for names in tags for name in names}))}
    ids = np.full((len(tags), max(1, max(map(len, tags), default=1))), -1, np.int64)
    for paper, names in enumerate(tags):
        ids[paper, : len(names)] = [number[name] for name in names]
    return ids


def _jaccard(tag_ids: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Jaccard overlap of the tags of each pair (left[i], right[i])."""
    first, second = tag_ids[left], tag_ids[right]
    common = ((first[:, :, None] == second[:, None, :]) & (first[:, :, None] >= 0)).sum(axis=(1, 2))
    sizes = (tag_ids >= 0).sum(axis=1)
    union = sizes[left] + sizes[right] - common
    return np.divide(common, union, out=np.zeros(len(left), np.float32), where=union > 0)


def chance_threshold(matrix: sparse.csr_matrix, spread: float = CHANCE_SPREAD,
                     tags: list[tuple[str, ...]] | None = None, tag_weight: float = TAG_WEIGHT) -> float:
    """The score (cosine + tag overlap) that random pairs of papers rarely reach: links must beat it."""
    rows = matrix.shape[0]
    rng = np.random.default_rng(0)  # fixed: the same dumps always give the same links
    left = rng.integers(0, rows, RANDOM_PAIRS)
    right = rng.integers(0, rows, RANDOM_PAIRS)
    keep = left != right
    left, right = left[keep], right[keep]
    scores = np.asarray(matrix[left].multiply(matrix[right]).sum(axis=1)).ravel()
    if tags and tag_weight:
        scores += tag_weight * _jaccard(_tag_ids(tags), left, right)
    median = float(np.median(scores))
    return max(MIN_SCORE, median + spread * float(np.median(np.abs(scores - median))))


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
