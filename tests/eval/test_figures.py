"""The digest's judged figures hold: never below the last recorded ones, never further behind TF-IDF.

The figures and the recording are `tests/eval/figures.py`'s; the hf2k sets need ../shared/data
(present in CI) and are skipped, saying so, without it.
"""

from __future__ import annotations

import pytest

from tests.eval import figures, sets


@pytest.fixture(scope="module")
def report() -> figures.Report:
    return figures.evaluate()


def failures_of(report: figures.Report, set_names: tuple[str, ...]) -> list[str]:
    return [line for line in figures.falling_behind(report, figures.load_recorded()) if line.split()[0] in set_names]


def test_seed_figures_hold(report: figures.Report):
    assert failures_of(report, (sets.SEEDS,)) == []


def test_hf2k_figures_hold(report: figures.Report):
    if report.skipped:
        pytest.skip(f"hf2k evaluation skipped: {report.skipped}")
    assert set(report.links) >= {sets.TUNE, sets.HELDOUT}
    assert failures_of(report, (sets.TUNE, sets.HELDOUT)) == []


def test_every_recorded_set_is_evaluated(report: figures.Report):
    expected = set(figures.load_recorded().get("links", {})) - ({sets.TUNE, sets.HELDOUT} if report.skipped else set())
    assert expected <= set(report.links)
