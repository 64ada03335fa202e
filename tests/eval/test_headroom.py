"""The link diagnostics: headroom among the candidates and how each similarity orders judged pairs."""

from __future__ import annotations

import numpy as np
import pytest

from tests.eval.headroom import Candidates, headroom, ordering
from tests.eval.judgments import LinkJudgments, PairJudgment


def _found() -> Candidates:
    # One query "q" (row 0) with candidates a, b, c in the digest's order; rows 1-3 are the candidates.
    keys = ["q", "a", "b", "c"]
    columns = np.array([[1, 2, 3], [0, 2, 3], [0, 1, 3], [0, 1, 2]])
    scores = {"right": np.array([[0.1, 0.2, 0.3]] * 4), "wrong": np.array([[0.3, 0.2, 0.1]] * 4),
              "flat": np.zeros((4, 3))}
    return Candidates(keys, {key: row for row, key in enumerate(keys)}, columns, scores)


def _judged() -> LinkJudgments:
    grades = {"a": 0, "b": 1, "c": 2}
    return LinkJudgments({"q": {key: PairJudgment(grade, "", 1) for key, grade in grades.items()}})


def test_headroom_picks_the_best_judged_candidates_within_the_depth() -> None:
    found, judged = _found(), _judged()
    assert headroom(found, ("q",), judged, depth=3, k=1) == pytest.approx(1.0)  # c is within the first 3
    assert headroom(found, ("q",), judged, depth=1, k=1) == pytest.approx(0.0)  # only a, unrelated


def test_ordering_counts_pairs_put_the_right_way_round() -> None:
    shares = ordering(_found(), ("q",), _judged())
    assert shares == {"right": 1.0, "wrong": 0.0, "flat": 0.5}
