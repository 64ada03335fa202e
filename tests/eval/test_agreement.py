"""The agreement of two blind judges: exact on small cases, and the committed second judgments whole."""

from __future__ import annotations

import math

import pytest

from tests.eval import judgments
from tests.eval.agreement import SECOND, agreement, expected_ndcg
from tests.eval.judgments import LinkJudgments, PairJudgment


def _judged(grades: dict[str, dict[str, int]]) -> LinkJudgments:
    return LinkJudgments({query: {candidate: PairJudgment(grade, "", 1) for candidate, grade in row.items()}
                          for query, row in grades.items()})


def test_a_ranking_that_agrees_with_the_truth_scores_one() -> None:
    assert expected_ndcg({"a": 2, "b": 1, "c": 0}, {"a": 2, "b": 1, "c": 0}) == pytest.approx(1.0)


def test_ties_count_as_every_order_at_once() -> None:
    # a and b tied first: each place holds, on average, half of a's gain (3) and half of b's (0).
    expected = (1.5 / math.log2(2) + 1.5 / math.log2(3)) / (3 / math.log2(2))
    assert expected_ndcg({"a": 1, "b": 1}, {"a": 2, "b": 0}) == pytest.approx(expected)


def test_the_truths_ideal_is_cut_at_k() -> None:
    truth = {name: 2 for name in "abcdefg"}
    ranking = {name: 0 for name in "abcdefg"}
    assert expected_ndcg(ranking, truth, k=5) == pytest.approx(1.0)  # every candidate is as good


def test_agreement_counts_pairs_either_way_round() -> None:
    first = _judged({"q": {"a": 2, "b": 1}, "c": {"q": 0}})
    second = _judged({"q": {"a": 1, "b": 1, "c": 0, "unjudged": 2}})
    found = agreement(first, second)
    assert found.pairs == 3  # the pair nobody judged first is left out
    assert found.confusion == ((1, 0, 0), (0, 1, 0), (0, 1, 0))
    assert found.exact == pytest.approx(2 / 3)
    assert found.second_by_first < 1.0 == found.first_by_second


def test_the_committed_second_judgments_grade_pairs_the_first_judged() -> None:
    second = judgments.load_links(SECOND)
    first = judgments.load_links(judgments.path_of("hf2k", "links"))
    found = agreement(first, second)
    assert found.queries == 40
    assert found.pairs == sum(map(len, second.pairs.values()))  # every second grade has a first one
    assert 0.5 < found.exact <= 1.0
