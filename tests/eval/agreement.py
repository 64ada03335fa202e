"""How closely two blind judges agree: the ceiling a method's link figures should be read against.

A second judge, given the same packets and rubric and never the first grades, graded again every
judged candidate of 40 query papers of the tuning half (`judged_hf2k_links_second.yml`). This
prints how often the two agree, and the nDCG@5 one judge's grades earn as a *ranking* when scored
by the other's: what a method that ranks exactly as a careful reader does could expect, given
that readers themselves differ. A method's nDCG is computed on the same pools, so the two compare.

    python tests/eval/agreement.py

Ties within a judge's grade are broken in every order at once: the expected nDCG over all of them,
so the figure is exact and the same on every run.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.eval import judgments  # noqa: E402
from tests.eval.metrics import dcg  # noqa: E402
from tests.eval.methods import K  # noqa: E402

SECOND = judgments.FOLDER / "judged_hf2k_links_second.yml"
GRADES = (0, 1, 2)


@dataclass(frozen=True, slots=True)
class Agreement:
    queries: int  # query papers both judges graded
    pairs: int
    confusion: tuple[tuple[int, ...], ...]  # [first grade][second grade] -> pairs
    exact: float  # share of pairs given the same grade
    second_by_first: float  # mean nDCG@k of the second judge's ranking, scored by the first
    first_by_second: float  # and the other way round

    def lines(self) -> list[str]:
        rows = [f"  first {grade}: " + "  ".join(f"{count:4d}" for count in row)
                for grade, row in zip(GRADES, self.confusion)]
        return [f"{self.pairs} pairs of {self.queries} query papers graded by both judges",
                "  second judge:  0     1     2", *rows,
                f"same grade: {self.exact:.1%}",
                f"nDCG@{K} of the second judge's ranking, scored by the first: {self.second_by_first:.3f}",
                f"nDCG@{K} of the first judge's ranking, scored by the second: {self.first_by_second:.3f}"]


def agreement(first: judgments.LinkJudgments, second: judgments.LinkJudgments, k: int = K) -> Agreement:
    """Compare two judges on the pairs they both graded, query by query of the second."""
    confusion = [[0] * len(GRADES) for _ in GRADES]
    by_first, by_second = [], []
    for query in sorted(second.pairs):
        theirs = second.grades(query)
        ours = {candidate: grade for candidate in theirs if (grade := first.grade(query, candidate)) is not None}
        theirs = {candidate: theirs[candidate] for candidate in ours}
        for candidate, grade in ours.items():
            confusion[grade][theirs[candidate]] += 1
        if any(ours.values()):
            by_first.append(expected_ndcg(theirs, ours, k))
        if any(theirs.values()):
            by_second.append(expected_ndcg(ours, theirs, k))
    pairs = sum(map(sum, confusion))
    return Agreement(len(second.pairs), pairs, tuple(map(tuple, confusion)),
                     sum(confusion[grade][grade] for grade in GRADES) / pairs if pairs else 0.0,
                     _mean(by_first), _mean(by_second))


def expected_ndcg(ranking: dict[str, int], truth: dict[str, int], k: int = K) -> float:
    """nDCG@k of the candidates ordered by their `ranking` grade, scored by their `truth` grade
    (ideal from `truth`), in expectation over every order of the candidates `ranking` ties."""
    ideal = dcg(sorted(truth.values(), reverse=True)[:k])
    if not ideal:
        return 0.0
    gained, position = 0.0, 0
    for grade in sorted(set(ranking.values()), reverse=True):
        tied = [candidate for candidate, given in ranking.items() if given == grade]
        mean_gain = sum(2 ** truth[candidate] - 1 for candidate in tied) / len(tied)
        for place in range(position, min(position + len(tied), k)):
            gained += mean_gain / math.log2(place + 2)
        position += len(tied)
    return gained / ideal


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def main() -> int:
    first = judgments.load_links(judgments.path_of("hf2k", "links"))
    second = judgments.load_links(SECOND)
    if not second.pairs:
        print(f"error: no second judgments in {SECOND.name}", file=sys.stderr)
        return 2
    print("\n".join(agreement(first, second).lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
