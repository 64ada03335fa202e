"""Fine-tune the term model's latent vectors contrastively: two views of one paper come out close.

Latent semantic analysis (`learn.py`) places terms by which terms they occur with, which puts a
"benchmark" paper near every other benchmark paper. What a reader wants from a similar paper is the
same specific problem, and a paper's own parts name it: its title and its abstract, or the first and
the second half of its abstract. So the term vectors are trained, from the LSA start, to map each
paper's two views to nearby directions and other papers' views away (InfoNCE with in-batch
negatives, as CLIP and SimCSE train, here on a linear encoder: a view's direction is its TF-IDF row
times the term vectors, exactly how a digest's papers get theirs in `terms.py`). Plain numpy with
gradients written out; Adam; a fixed seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

EPOCHS = 16
BATCH = 512  # papers a step; the other 511 are each one's negatives
TEMPERATURE = 0.05
LEARNING_RATE = 2e-3
INITIAL_SCALE = 10.0  # LSA vectors are small; a larger start keeps Adam's early steps from swamping them
BETAS, EPSILON = (0.9, 0.999), 1e-8
SEED = 0


@dataclass(frozen=True, slots=True)
class Views:
    """Two views of the same papers, row for row: TF-IDF rows (unit length) over the model's terms."""

    left: sparse.csr_matrix
    right: sparse.csr_matrix


def fine_tune(vectors: np.ndarray, views: list[Views], epochs: int = EPOCHS, batch: int = BATCH,
              seed: int = SEED, report=None) -> np.ndarray:  # type: ignore[no-untyped-def]
    """The term vectors (terms x dimensions, float32) after `epochs` passes over the papers, each
    step summing the contrastive loss of every pair of views. `report(epoch, loss)` if given."""
    weights = vectors.astype(np.float32) * INITIAL_SCALE
    optimizer = _Adam(weights.shape)
    rng = np.random.default_rng(seed)
    papers = views[0].left.shape[0]
    batch = min(batch, papers)
    for epoch in range(epochs):
        order, losses = rng.permutation(papers), []
        for start in range(0, papers - batch + 1, batch):
            chosen = order[start:start + batch]
            gradient, loss = np.zeros_like(weights), 0.0
            for pair in views:
                pair_loss, pair_gradient = _contrastive(weights, pair.left[chosen], pair.right[chosen])
                loss, gradient = loss + pair_loss, gradient + pair_gradient
            optimizer.step(weights, gradient)
            losses.append(loss)
        if report:
            report(epoch, float(np.mean(losses)))
    return weights


def _contrastive(weights: np.ndarray, left: sparse.csr_matrix,
                 right: sparse.csr_matrix) -> tuple[float, np.ndarray]:
    """The symmetric InfoNCE loss of a batch (row i of `left` belongs with row i of `right`) and
    its gradient with respect to the term vectors."""
    left_length, left_unit = _encode(weights, left)
    right_length, right_unit = _encode(weights, right)
    logits = left_unit @ right_unit.T / TEMPERATURE
    forward, backward = _softmax(logits), _softmax(logits.T)
    rows = np.arange(len(logits))
    loss = -(np.log(forward[rows, rows] + 1e-9).mean() + np.log(backward[rows, rows] + 1e-9).mean()) / 2
    forward[rows, rows] -= 1.0
    backward[rows, rows] -= 1.0
    d_logits = (forward + backward.T) / (2 * len(logits) * TEMPERATURE)
    d_left = _through_unit(d_logits @ right_unit, left_unit, left_length)
    d_right = _through_unit(d_logits.T @ left_unit, right_unit, right_length)
    return float(loss), np.asarray(left.T @ d_left) + np.asarray(right.T @ d_right)


def _encode(weights: np.ndarray, rows: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    projected = np.asarray(rows @ weights)
    length = np.linalg.norm(projected, axis=1, keepdims=True) + 1e-6
    return length, projected / length


def _through_unit(d_unit: np.ndarray, unit: np.ndarray, length: np.ndarray) -> np.ndarray:
    """The gradient before a row was scaled to unit length, from the gradient after."""
    return (d_unit - unit * (d_unit * unit).sum(axis=1, keepdims=True)) / length


def _softmax(logits: np.ndarray) -> np.ndarray:
    exponent = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exponent / exponent.sum(axis=1, keepdims=True)


class _Adam:
    """Adam (Kingma and Ba 2015): steps scaled by running estimates of the gradient's moments."""

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.first, self.second, self.steps = np.zeros(shape, np.float32), np.zeros(shape, np.float32), 0

    def step(self, weights: np.ndarray, gradient: np.ndarray) -> None:
        beta1, beta2 = BETAS
        self.steps += 1
        self.first = beta1 * self.first + (1 - beta1) * gradient
        self.second = beta2 * self.second + (1 - beta2) * gradient * gradient
        corrected = self.first / (1 - beta1 ** self.steps)
        weights -= LEARNING_RATE * corrected / (np.sqrt(self.second / (1 - beta2 ** self.steps)) + EPSILON)
