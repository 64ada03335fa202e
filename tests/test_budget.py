"""The site's size budget: the build reports its parts, warns near the budget and fails past it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.site import budget

from .conftest import copy_project


def test_every_file_of_a_site_belongs_to_its_part() -> None:
    assert budget.part_of("papers/some-paper/index.html") == "paper pages"
    assert budget.part_of("papers/index.html") == "the rest"
    assert budget.part_of("search/0a1b2c/t/3.json") == "search files"
    assert budget.part_of("papers.json") == "papers.json"
    assert budget.part_of("tags/model-merging/page-2/index.html") == "tag listings"
    assert budget.part_of("tags/model-merging/feed.xml") == "feeds"
    assert budget.part_of("feed.xml") == "feeds"
    assert budget.part_of("archive/2025-01/index.html") == "archive listings"
    assert budget.part_of("sources/2025-01-02-x/index.html") == "source listings"
    assert budget.part_of("assets/stylesheets/digest.css") == "the rest"
    assert budget.part_of("sitemap.xml") == "the rest"


def test_measure_sums_every_file_by_part(tmp_path: Path) -> None:
    for path, size in (("papers/a/index.html", 100), ("papers/b/index.html", 50), ("papers.json", 7),
                       ("search/x/t/0.json", 30), ("index.html", 5)):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(b"x" * size)
    size = budget.measure_site(tmp_path, papers=2)
    parts = {part.name: (part.bytes, part.files) for part in size.parts}
    assert parts["paper pages"] == (150, 2) and parts["papers.json"] == (7, 1)
    assert parts["search files"] == (30, 1) and parts["the rest"] == (5, 1)
    assert size.total == 192 and [part.name for part in size.parts] == list(budget.PARTS)
    report = budget.size_report(size, 200)
    assert "96% of its 0.0 MB budget" in report and "75 bytes a paper" in report
    assert budget.is_near(size, 200) and not budget.is_over(size, 200)
    assert budget.is_over(size, 191) and not budget.is_near(size, 300)


def build_with_budget(workdir: Path, size_budget: int) -> subprocess.CompletedProcess[str]:
    """The seed site built strictly by the real CLI, with `size_budget` set in mkdocs.yml."""
    copy_project(workdir)
    config_path = workdir / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "paper-digest" in entry:
            entry["paper-digest"]["size_budget"] = size_budget
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "generator.cli", "build", "-d", "site"], cwd=workdir,
                          capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_a_site_over_its_budget_fails_the_build_with_its_parts(tmp_path: Path) -> None:
    result = build_with_budget(tmp_path, 100_000)
    assert result.returncode == 1, result.stderr
    assert "over its size budget" in result.stderr
    for part in budget.PARTS:
        assert f"  {part} " in result.stderr, part


@pytest.mark.slow
def test_a_site_near_its_budget_warns_and_a_strict_build_still_succeeds(seed_site: Path, tmp_path: Path) -> None:
    total = budget.measure_site(seed_site, papers=1).total  # builds are byte-identical
    result = build_with_budget(tmp_path, int(total / 0.95))
    assert result.returncode == 0, result.stderr
    assert "WARNING" in result.stderr and "past 90% of its size budget" in result.stderr
    assert "95% of its" in result.stderr and "  paper pages " in result.stderr


@pytest.mark.slow
def test_a_site_well_within_its_budget_reports_its_size(tmp_path: Path) -> None:
    result = build_with_budget(tmp_path, 1_000_000_000)
    assert result.returncode == 0, result.stderr
    assert "paper-digest: the site is" in result.stderr and "WARNING" not in result.stderr
    assert "  search files " in result.stderr
