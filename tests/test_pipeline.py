"""The pipeline's second process: a large digest is built on two cores, to the same bytes."""

from __future__ import annotations

import pytest

from generator import schedule
from generator.config import Settings

from .conftest import ROOT, SEEDS


def seed_settings() -> Settings:
    return Settings(dumps_dir=SEEDS, taxonomy=ROOT / "site_src" / "tags.yml", progress=False)


def test_two_processes_make_the_same_site_as_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schedule, "PARALLEL_MIN_PAPERS", 10**9)
    one = schedule.build_site_files(seed_settings())
    monkeypatch.setattr(schedule, "PARALLEL_MIN_PAPERS", 1)
    two = schedule.build_site_files(seed_settings())
    assert one.catalog == two.catalog
    assert one.home == two.home
    assert one.files.keys() == two.files.keys() and one.files == two.files
    assert any(path.startswith("search/") for path in two.files), "the search index is among the files"


def test_site_build_hands_over_the_search_index_last(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schedule, "PARALLEL_MIN_PAPERS", 1)
    with schedule.site_build(seed_settings()) as build:
        assert not any(path.startswith("search/") for path in build.files)
        late = build.late_files.result(timeout=120)
    assert "search/search_index.json" in late
    assert all(path.startswith("search/") for path in late)
