"""Exact nearest neighbours by cosine (plus tag overlap), then each one's latent cosine added.

The similarity matrix is computed in sparse row blocks and only each row's best few are kept, so
memory stays bounded at any size; those few are scored again with the latent vectors and tags.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
from scipy import sparse

from ..progress import progress

TAG_WEIGHT = 0.05  # score added per unit of tag Jaccard overlap
BLOCK_ROWS = 512  # rows of the similarity matrix computed at once


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
        results = list(progress(pool.map(solve, blocks), "similar papers", enabled=show_progress,
                                total=len(blocks), unit="block"))
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


def rerank(candidates: np.ndarray, cosines: np.ndarray, latent: np.ndarray, latent_weight: float,
           tags: list[tuple[str, ...]] | None, tag_weight: float, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's best `count` candidates by cosine + latent_weight x latent cosine + tag_weight x
    tag overlap, best first (ties: the lower column); -1 pads short rows.

    `candidates` and `cosines`: each row's nearest papers by TF-IDF cosine (`top_neighbours`), -1
    padded. Only they are scored: the latent cosine of every pair would be a dense product of the
    whole digest with itself, and a paper with nothing in common in words is rarely a useful link.
    """
    rows, width = candidates.shape
    scores = np.where(candidates >= 0, cosines, -np.inf).astype(np.float32)
    other = np.maximum(candidates, 0)
    for start in range(0, rows, BLOCK_ROWS):  # (block rows, width, dimensions) at a time
        stop = min(start + BLOCK_ROWS, rows)
        scores[start:stop] += latent_weight * np.einsum("rd,rcd->rc", latent[start:stop], latent[other[start:stop]])
    if tags and tag_weight:
        left = np.repeat(np.arange(rows), width)
        scores += tag_weight * _jaccard(_tag_ids(tags), left, other.ravel()).reshape(rows, width)
    scores[candidates < 0] = -np.inf
    order = np.lexsort((np.where(candidates >= 0, candidates, rows), -scores), axis=1)[:, :count]
    best = np.take_along_axis(scores, order, axis=1)
    return np.where(np.isfinite(best), np.take_along_axis(candidates, order, axis=1), -1), best
