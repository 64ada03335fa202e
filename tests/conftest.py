"""Shared fixtures: the repository's paths, settings for small dumps, golden-file comparison."""

from __future__ import annotations

import difflib
import html
import json
import os
import re
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
                _diff_lines(expected), _diff_lines(actual), fromfile=f"golden/{name}", tofile="actual"))
            pytest.fail(f"output differs from golden/{name} (refresh with `make golden`):\n{diff}")

    return compare


def _diff_lines(text: str) -> list[str]:
    """Lines to show a difference by: a page's tags each on a line of their own (the pages are
    compared exactly; this only keeps a diff of a page collapsed into a few lines readable)."""
    return text.replace("><", ">\n<").splitlines(keepends=True)


def build_site(workdir: Path, dumps: list[Path] | None = None) -> Path:
    """Build the real site with the real CLI and MkDocs in a copy of the project's site sources.

    `dumps` replaces the seed dumps when given. Returns the built site folder.
    """
    import os
    import subprocess
    import sys

    copy_project(workdir, dumps)
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    result = subprocess.run([sys.executable, "-m", "generator.cli", "build", "-d", "site"],
                            cwd=workdir, capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return workdir / "site"


def copy_project(workdir: Path, dumps: list[Path] | None = None) -> None:
    """The project's mkdocs.yml, theme and site sources in `workdir`, with the seed dumps (and
    their record of published URLs) or `dumps`."""
    import shutil

    workdir.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", workdir / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", workdir / "theme", dirs_exist_ok=True)
    # The record of published URLs belongs to the seeds: other dumps start with nothing published.
    ignored = ("dumps",) if dumps is None else ("dumps", "urls.txt")
    shutil.copytree(ROOT / "site_src", workdir / "site_src", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(*ignored))
    (workdir / "site_src" / "dumps").mkdir(exist_ok=True)
    for dump in dumps if dumps is not None else sorted(SEEDS.glob("*.txt")):
        shutil.copy(dump, workdir / "site_src" / "dumps" / dump.name)
    if dumps is None:
        _commit_on(workdir, TODAY)


def _commit_on(workdir: Path, day: date) -> None:
    """Commit the copy on a fixed day: a seed whose own text dates nothing is dated by its first
    commit, as in the repository; without one it would take the day the tests run."""
    import subprocess

    stamp = f"{day.isoformat()}T12:00:00+00:00"
    env = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": os.environ.get("PATH", "")}
    for args in (["init", "-q"], ["add", "site_src/dumps"], ["commit", "-q", "-m", "seeds"]):
        subprocess.run(["git", *args], cwd=workdir, check=True, env=env, capture_output=True)


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed dumps built into a real site, once per test session."""
    return build_site(tmp_path_factory.mktemp("seed-site"))


_SHARED_TAG = re.compile(r'<script src="([^"]*assets/shared/[^"]+\.js)"></script>')
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;", "{": "&#123;"}


def with_shared_chrome(page: Path, html_text: str) -> str:
    """A built page with each script of shared chrome (generator/site/templates.py, `shared`)
    replaced by the markup it writes, the page's title put in as the script puts it: from the
    document's title, without the site's name."""
    document_title = html.unescape(re.search(r"<title>(.*?)</title>", html_text, re.DOTALL).group(1))

    def written(match: re.Match[str]) -> str:
        script = (page.parent / match.group(1)).read_text(encoding="utf-8")
        whole = re.match(r"document\.write\((.*)\);\n$", script, re.DOTALL)
        if whole:
            return json.loads(whole.group(1))
        parts = json.loads(re.search(r"var parts = (.*);\n", script).group(1))
        suffix = json.loads(re.search(r"var suffix = (.*), title = document.title;\n", script).group(1))
        title = document_title.removesuffix(suffix)
        return "".join("".join(_ESCAPES.get(c, c) for c in title) if index % 2 else part
                       for index, part in enumerate(parts))

    return _SHARED_TAG.sub(written, html_text)
