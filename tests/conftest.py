"""Shared fixtures: the repository's paths, settings for small dumps, golden-file comparison."""

from __future__ import annotations

import difflib
from datetime import date
from pathlib import Path

import pytest

from generator.config import Settings

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "site_src" / "dumps"
DATA = Path(__file__).resolve().parent / "data"
GOLDEN = Path(__file__).resolve().parent / "golden"
TODAY = date(2026, 11, 22)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite golden files from the current output instead of comparing")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings reading dumps from an empty tmp folder, with a fixed 'today'."""
    folder = tmp_path / "dumps"
    folder.mkdir()
    return Settings(dumps_dir=folder, taxonomy=ROOT / "site_src" / "tags.yml", today=TODAY,
                    progress=False)


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare text with a golden file under tests/golden/, or rewrite it with --update-golden."""

    def compare(name: str, actual: str) -> None:
        path = GOLDEN / name
        if request.config.getoption("--update-golden"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        assert path.exists(), f"missing golden file {name}; run `make golden`"
        expected = path.read_text(encoding="utf-8")
        if actual != expected:
            diff = "".join(difflib.unified_diff(
                expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                fromfile=f"golden/{name}", tofile="actual"))
            pytest.fail(f"output differs from golden/{name} (refresh with `make golden`):\n{diff}")

    return compare
