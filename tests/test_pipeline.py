"""The pipeline's second process: a large digest is built on two cores, to the same bytes.

The seeds are far below the size where a build starts a second process, so these tests lower
`parallel_min_papers` (a setting, and a plugin option) to send the seeds through that path.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator import schedule
from generator.config import Settings

from .conftest import ROOT, SEEDS, copy_project


def seed_settings(**overrides: object) -> Settings:
    settings = Settings(dumps_dir=SEEDS, taxonomy=ROOT / "site_src" / "tags.yml", progress=False)
    return replace(settings, **overrides)  # type: ignore[arg-type]


def test_two_processes_make_the_same_site_as_one() -> None:
    one = schedule.build_site_files(seed_settings())
    two = schedule.build_site_files(seed_settings(parallel_min_papers=1))
    assert one.catalog == two.catalog
    assert one.home == two.home
    assert one.files.keys() == two.files.keys() and one.files == two.files
    assert any(path.startswith("search/") for path in two.files), "the search index is among the files"


def test_site_build_hands_over_the_search_index_last() -> None:
    with schedule.site_build(seed_settings(parallel_min_papers=1)) as build:
        assert not any(path.startswith("search/") for path in build.files)
        late = build.search_files.result(timeout=120)
    assert "search/search_index.json" in late
    assert all(path.startswith("search/") for path in late)


def two_process_project(workdir: Path) -> Path:
    """The seed project, with the plugin told to use a second process from one entry on."""
    copy_project(workdir)
    config_file = workdir / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "paper-digest" in plugin:
            plugin["paper-digest"]["parallel_min_papers"] = 1
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return config_file


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[ProcessPoolExecutor]:
    """Every process pool the schedule starts (the real pool, recorded)."""
    started: list[ProcessPoolExecutor] = []

    class RecordedPool(ProcessPoolExecutor):
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(schedule, "ProcessPoolExecutor", RecordedPool)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return started


@pytest.mark.slow
def test_a_mkdocs_build_through_the_second_process_makes_the_seed_site(
        tmp_path: Path, seed_site: Path, pools: list[ProcessPoolExecutor]) -> None:
    config = load_config(str(two_process_project(tmp_path)), site_dir=str(tmp_path / "site"))
    build(config)
    assert len(pools) == 1, "the build went through the second process"
    expected = sorted(path.relative_to(seed_site) for path in seed_site.rglob("*") if path.is_file())
    built = sorted(path.relative_to(tmp_path / "site") for path in (tmp_path / "site").rglob("*")
                   if path.is_file())
    assert built == expected
    for path in expected:
        assert (tmp_path / "site" / path).read_bytes() == (seed_site / path).read_bytes(), path


@pytest.mark.slow
def test_a_build_error_lets_the_second_process_go(
        tmp_path: Path, pools: list[ProcessPoolExecutor]) -> None:
    config_file = two_process_project(tmp_path)
    # A hand-written page whose template does not exist fails the build while MkDocs renders the
    # pages: the second process is still held for the search index then.
    (tmp_path / "site_src" / "broken.md").write_text("---\ntemplate: no-such-template.html\n---\n# Broken\n",
                                                     encoding="utf-8")
    config = load_config(str(config_file), site_dir=str(tmp_path / "site"))
    with pytest.raises(Exception, match="no-such-template.html"):
        build(config)
    assert len(pools) == 1, "the build went through the second process"
    with pytest.raises(RuntimeError, match="after shutdown"):
        pools[0].submit(os.getpid)  # on_build_error shut the pool down
    # As under `mkdocs serve`, the same plugin builds again once the page is fixed.
    (tmp_path / "site_src" / "broken.md").unlink()
    build(config)
    assert len(pools) == 2 and (tmp_path / "site" / "papers.json").is_file()
