"""A contributor's pull request, end to end: a scratch copy of the repository gets a new dump, and
the pull-request workflow's own check step and the deploy workflow's build run on it.

The dump holds new papers (one of them pasted twice), a paper the digest already has and one
malformed entry (a title with no abstract). The check must fail with a report naming all of them;
once the entry is fixed, the check passes and the strict build publishes the new papers.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from .conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow

DUMP = "2026-11-20-sparse-models.txt"
CHROME = ("new", "Get trending papers in your email inbox!", "Subscribe", "Daily Papers",
          "byAK and the research community", "Nov 20")
NEW = (
    ("Routing Sparse Experts by Token Difficulty",
     "Mixture-of-experts language models route every token to a fixed number of experts, spending"
     " as much computation on easy tokens as on hard ones. We propose difficulty-aware routing,"
     " which predicts from the router's own confidence how many experts a token needs and skips"
     " the rest. On four language-modelling benchmarks it matches a dense-routing baseline while"
     " using 38% fewer expert calls, and the savings grow with model size.",
     "  • 4 authors\n·\nNov 18 12"),
    ("Pruned Adapters Keep Their Accuracy Under Quantisation",
     "Parameter-efficient adapters are usually pruned and quantised separately, and the two"
     " compressions interact badly. We study why pruning masks chosen at full precision stop being"
     " optimal after 4-bit quantisation and derive a joint criterion that selects weights robust to"
     " both. Across vision and language tasks, adapters compressed with the joint criterion lose"
     " under one point of accuracy at a tenth of their original size.",
     "Example Lab examplelab\n·\nOct 30, 2025 3"),
)
MALFORMED_TITLE = "A Title Without An Abstract"


def _entry(title: str, abstract: str, metadata: str = "") -> list[str]:
    return [title, abstract] + ([metadata] if metadata else [])


def _seed_paper() -> tuple[str, str]:
    """Title and abstract of the first paper of the seed listing, as that dump gives them."""
    lines = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8").splitlines()
    return lines[12], lines[14]


def _contributed_dump(with_malformed_entry: bool) -> str:
    seed_title, seed_abstract = _seed_paper()
    blocks = [*CHROME, *_entry(*NEW[0]), *_entry(seed_title, seed_abstract, "  • 2 authors\n·\nOct 10, 2017")]
    if with_malformed_entry:
        blocks.append(MALFORMED_TITLE)
    blocks += [*_entry(*NEW[1]), *_entry(*NEW[0])]  # the first new paper, pasted again
    return "\n\n".join(blocks) + "\n"


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Contributor", "-c", "user.email=c@example.org",
                           *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """The repository's tracked files in a fresh git repository, sharing this test run's venv."""
    venv = Path(sys.prefix)
    if not (venv / "bin" / "paper-digest").exists():
        pytest.skip("run the tests from the project's venv (`make test`)")
    repo = tmp_path / "repo"
    names = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True,
                           text=True).stdout.split("\0")
    for name in filter(None, names):
        if (ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)
    # The venv is shared, never reinstalled (that would point its editable install here), and
    # PYTHONPATH makes it run this copy's generator.
    (repo / ".venv").symlink_to(venv, target_is_directory=True)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "base")
    return repo


def _add_dump(repo: Path, text: str) -> None:
    """Commit the dump on top of the base, as the merge commit a pull request is checked at."""
    (repo / "site_src" / "dumps" / DUMP).write_text(text, encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "Add a dump")


def _env(repo: Path, runner: Path) -> dict[str, str]:
    runner.mkdir(exist_ok=True)
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    return {**env, "PYTHONPATH": str(repo),
            "RUNNER_TEMP": str(runner), "GITHUB_STEP_SUMMARY": str(runner / "summary.md")}


def _run_check_step(repo: Path, runner: Path) -> subprocess.CompletedProcess[str]:
    """The pull-request workflow's check step, run by the shell GitHub runs it with."""
    workflow = yaml.safe_load((repo / ".github" / "workflows" / "pr.yml").read_text(encoding="utf-8"))
    step = next(step for step in workflow["jobs"]["dumps"]["steps"] if step.get("id") == "check")
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                          cwd=repo, env=_env(repo, runner), capture_output=True, text=True,
                          timeout=300)


def _run_site_build(repo: Path, runner: Path) -> subprocess.CompletedProcess[str]:
    """The workflows' `make site`, minus its install prerequisite (the venv is already there)."""
    return subprocess.run(["make", "-o", "install", "site"], cwd=repo, env=_env(repo, runner),
                          capture_output=True, text=True, timeout=600)


def _seen_by_reviewer(summary: str) -> str:
    """The job summary as GitHub shows it: Markdown rendered, then read as text."""
    html = MarkdownIt("gfm-like").render(summary)
    return " ".join(html.replace("&amp;", "&").split())


def test_check_fails_and_reports_new_papers_duplicates_and_the_malformed_entry(
        scratch: Path, tmp_path: Path) -> None:
    _add_dump(scratch, _contributed_dump(with_malformed_entry=True))
    malformed_line = _contributed_dump(True).splitlines().index(MALFORMED_TITLE) + 1

    result = _run_check_step(scratch, tmp_path / "runner")

    assert result.returncode == 1, result.stdout + result.stderr
    report = result.stdout
    assert f"Checked 1 dump(s): {DUMP}" in report
    assert "4 entries -> 2 new paper(s), 1 already in the digest, 1 given more than once" in report
    for title, _, _ in NEW:
        assert f"+ {title}" in report
    assert f"Already in the digest:\n  + {_seed_paper()[0]}" in report
    assert f"{DUMP}:{malformed_line}: error: title with no abstract" in report
    assert "FAILED" in report

    shown = _seen_by_reviewer((tmp_path / "runner" / "summary.md").read_text(encoding="utf-8"))
    assert "Dump check: ❌ 1 error(s)" in shown
    assert "<strong>2 new</strong>, 1 already in the digest, 1 given more than once" in shown
    for title, _, _ in NEW:
        assert title in shown
    assert _seed_paper()[0] in shown
    assert f"{DUMP}:{malformed_line}</code>" in shown.replace("\\", "")  # see the test below
    assert MALFORMED_TITLE in shown

    build = _run_site_build(scratch, tmp_path / "runner")
    assert build.returncode != 0, "a strict build must refuse a dump with errors"
    assert f"{DUMP}:{malformed_line}" in build.stderr


def test_summary_shows_problem_locations_exactly_as_written(scratch: Path, tmp_path: Path) -> None:
    _add_dump(scratch, _contributed_dump(with_malformed_entry=True))
    malformed_line = _contributed_dump(True).splitlines().index(MALFORMED_TITLE) + 1

    _run_check_step(scratch, tmp_path / "runner")

    shown = _seen_by_reviewer((tmp_path / "runner" / "summary.md").read_text(encoding="utf-8"))
    assert f"<code>{DUMP}:{malformed_line}</code>" in shown


def test_fixed_dump_passes_the_check_and_the_deploy_build_publishes_it(
        scratch: Path, tmp_path: Path) -> None:
    _add_dump(scratch, _contributed_dump(with_malformed_entry=False))

    result = _run_check_step(scratch, tmp_path / "runner")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 entries -> 2 new paper(s), 1 already in the digest" in result.stdout
    assert "OK: no errors" in result.stdout
    shown = _seen_by_reviewer((tmp_path / "runner" / "summary.md").read_text(encoding="utf-8"))
    assert "Dump check: ✅ No errors" in shown

    build = _run_site_build(scratch, tmp_path / "runner")
    assert build.returncode == 0, build.stdout + build.stderr
    site = scratch / "site"
    catalog = json.loads((site / "papers.json").read_text(encoding="utf-8"))
    by_title = {paper["title"]: paper for paper in catalog["papers"]}
    for title, _, _ in NEW:
        paper = by_title[title]
        assert paper["sources"] == [DUMP]
        assert title in (site / paper["url"] / "index.html").read_text(encoding="utf-8")
    seed = by_title[_seed_paper()[0]]
    assert DUMP in seed["sources"] and len(seed["sources"]) > 1
    assert (site / seed["url"] / "index.html").is_file()


def test_check_passes_and_says_so_when_no_dump_changed(scratch: Path, tmp_path: Path) -> None:
    (scratch / "README.md").write_text("A pull request without dumps.\n", encoding="utf-8")
    _git(scratch, "commit", "-q", "-am", "Edit the README")

    result = _run_check_step(scratch, tmp_path / "runner")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "No dumps added or changed." in (tmp_path / "runner" / "summary.md").read_text(encoding="utf-8")
