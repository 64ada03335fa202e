"""Which papers are judged: 256 hf2k query papers in two halves, and 60 seed papers.

Choices are made by hashing each paper's key, never by position, so they do not depend on the
order of the corpus and a later, larger set keeps every paper the smaller one chose (in the same
half). Tune on `tune`; read `heldout` only to confirm.
"""

from __future__ import annotations

import hashlib

from tests.eval.digests import HF2K, SEED, Digest
from tests.eval.heldout import bucket

HALF_SIZE = 128
SEED_SIZE = 60
TUNE, HELDOUT, SEEDS = "hf2k-tune", "hf2k-heldout", "seeds"
SET_NAMES = (TUNE, HELDOUT, SEEDS)
DIGEST_OF = {TUNE: HF2K, HELDOUT: HF2K, SEEDS: SEED}


def judged_sets(hf2k: Digest | None, seed: Digest) -> dict[str, tuple[str, ...]]:
    """The keys of the papers of each judged set (the hf2k halves only when that digest is given)."""
    sets = {SEEDS: seed_papers(seed)}
    if hf2k is not None:
        sets = {**hf2k_halves(hf2k), **sets}
    return sets


def papers_of(chosen: dict[str, tuple[str, ...]], digest_name: str) -> list[str]:
    """The judged papers of one digest (both hf2k halves together), in the order of their hash."""
    return sorted({key for name, keys in chosen.items() if DIGEST_OF[name] == digest_name for key in keys}, key=_rank)


def hf2k_halves(digest: Digest, size: int = HALF_SIZE) -> dict[str, tuple[str, ...]]:
    """`size` tune and `size` held-out papers: the first of each half in the order of their hash."""
    halves: dict[str, list[str]] = {TUNE: [], HELDOUT: []}
    for key in sorted(digest.key_by_slug.values(), key=_rank):
        half = halves[TUNE if bucket("half:" + key, 2) == 0 else HELDOUT]
        if len(half) < size:
            half.append(key)
    return {name: tuple(keys) for name, keys in halves.items()}


def seed_papers(digest: Digest, size: int = SEED_SIZE) -> tuple[str, ...]:
    """The first `size` seed papers in the order of their hash."""
    return tuple(sorted(digest.key_by_slug.values(), key=_rank)[:size])


def _rank(key: str) -> str:
    return hashlib.sha256(("query:" + key).encode("utf-8")).hexdigest()
