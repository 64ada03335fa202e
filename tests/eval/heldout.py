"""Which real papers are kept for evaluation: the one rule that training and evaluation share.

The judged "hf2k" digest is made of the `hf-daily` papers whose arXiv id falls in one hash bucket
of five. Anything learned from `../shared/data/` (a tag model, a threshold) must leave that bucket
out of its training data, or the judged figures would measure papers the method has already seen.

    from tests.eval.heldout import is_eval_paper
    training = [record for record in records if not is_eval_paper(record["arxiv"])]
"""

from __future__ import annotations

import hashlib

BUCKETS = 5  # one paper in five is kept for evaluation
EVAL_BUCKET = 0


def is_eval_paper(arxiv_id: str) -> bool:
    """True when the paper belongs to the evaluation digest (and so must stay out of training)."""
    return bucket(arxiv_id, BUCKETS) == EVAL_BUCKET


def bucket(key: str, buckets: int) -> int:
    """A stable bucket of `key` (SHA-256 of its UTF-8 bytes, as an integer, modulo `buckets`)."""
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest(), 16) % buckets
