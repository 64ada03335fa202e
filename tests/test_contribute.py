"""A contributor's pull request, end to end: a scratch copy of the repository gets a new dump, an
edited dump or a deleted one, and the pull-request workflow's own check step, the README's
`make record` and the deploy workflow's build run on it.

The added dump holds new papers (one of them pasted twice), a paper the digest already has and one
malformed entry (a title with no abstract). The check must fail with a report naming all of them;
once the entry is fixed, the check passes and the strict build publishes the new papers. A fixed
title and a deleted seed dump keep every URL of the build before them.
"""

from __future__ import annotations

import json
import os
import re
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


def _add_dump(repo: Path, text: str, runner: Path, record: bool = True) -> None:
    """Add the dump as the README says (`make record` included, unless not), and commit it on top
    of the base, as the merge commit a pull request is checked at."""
    (repo / "site_src" / "dumps" / DUMP).write_text(text, encoding="utf-8")
    if record:
        _make_record(repo, runner)
    _commit(repo, "Add a dump")


def _commit(repo: Path, message: str) -> None:
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", message)


def _make_record(repo: Path, runner: Path) -> str:
    """The README's `make record`, minus its install prerequisite (the venv is already there)."""
    result = subprocess.run(["make", "-o", "install", "record"], cwd=repo, env=_env(repo, runner),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stderr


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
    _add_dump(scratch, _contributed_dump(with_malformed_entry=True), tmp_path / "runner")
    malformed_line = _contributed_dump(True).splitlines().index(MALFORMED_TITLE) + 1

    result = _run_check_step(scratch, tmp_path / "runner")

    assert result.returncode == 1, result.stdout + result.stderr
    report = result.stdout
    assert f"Checked 1 dump(s): {DUMP} (against HEAD^1)" in report
    assert ("4 entries -> 2 new paper(s), 1 changed, 0 merged into another, 0 removed,"
            " 1 given more than once") in report
    for title, _, _ in NEW:
        assert f"+ {title}" in report
    assert f"Papers changed (already in the digest):\n  ~ {_seed_paper()[0]}" in report
    assert f"sources: 001_880b245b1be9c6ad.txt -> 001_880b245b1be9c6ad.txt, {DUMP}" in report
    assert f"{DUMP}:{malformed_line}: error: title with no abstract" in report
    assert "FAILED" in report

    shown = _seen_by_reviewer((tmp_path / "runner" / "summary.md").read_text(encoding="utf-8"))
    assert "Dump check: ❌ 1 error(s)" in shown
    assert "<strong>2 new</strong>, 1 changed, 0 merged into another, 0 removed, 1 given more than once" in shown
    for title, _, _ in NEW:
        assert title in shown
    assert _seed_paper()[0] in shown
    assert f"{DUMP}:{malformed_line}</code>" in shown.replace("\\", "")  # see the test below
    assert MALFORMED_TITLE in shown

    build = _run_site_build(scratch, tmp_path / "runner")
    assert build.returncode != 0, "a strict build must refuse a dump with errors"
    assert f"{DUMP}:{malformed_line}" in build.stderr


def test_summary_shows_problem_locations_exactly_as_written(scratch: Path, tmp_path: Path) -> None:
    _add_dump(scratch, _contributed_dump(with_malformed_entry=True), tmp_path / "runner")
    malformed_line = _contributed_dump(True).splitlines().index(MALFORMED_TITLE) + 1

    _run_check_step(scratch, tmp_path / "runner")

    shown = _seen_by_reviewer((tmp_path / "runner" / "summary.md").read_text(encoding="utf-8"))
    assert f"<code>{DUMP}:{malformed_line}</code>" in shown


def test_fixed_dump_passes_the_check_and_the_deploy_build_publishes_it(
        scratch: Path, tmp_path: Path) -> None:
    _add_dump(scratch, _contributed_dump(with_malformed_entry=False), tmp_path / "runner")

    result = _run_check_step(scratch, tmp_path / "runner")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 entries -> 2 new paper(s), 1 changed" in result.stdout
    assert "URLs: 2 created, 0 redirected, 0 retired; every published URL still resolves" in result.stdout
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
    summary = (tmp_path / "runner" / "summary.md").read_text(encoding="utf-8")
    assert "Dump check: ✅ No errors" in summary and "Dumps unchanged." in summary


def test_a_dump_added_without_make_record_fails_the_check_until_it_is_run(
        scratch: Path, tmp_path: Path) -> None:
    runner = tmp_path / "runner"
    _add_dump(scratch, _contributed_dump(with_malformed_entry=False), runner, record=False)

    result = _run_check_step(scratch, runner)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "site_src/urls.txt: error: the record of published URLs is not up to date" in result.stdout
    assert "is not recorded" in result.stdout
    assert "run `make record` and commit site_src/urls.txt" in result.stdout

    assert "2 new, 0 changed state" in _make_record(scratch, runner)
    # The pull request's merge commit then holds both; its first parent is still the base.
    _git(scratch, "commit", "-q", "--amend", "-a", "--no-edit")
    result = _run_check_step(scratch, runner)
    assert result.returncode == 0, result.stdout
    assert "URLs: 2 created, 0 redirected, 0 retired; every published URL still resolves" in result.stdout


def _published_urls(site: Path) -> dict[str, str]:
    """Every paper URL of a built site and the page it serves."""
    return {page.parent.name: page.read_text(encoding="utf-8")
            for page in (site / "papers").glob("*/index.html")}


def _resolves(slug: str, urls: dict[str, str]) -> str:
    """What a reader finds at papers/<slug>/: the paper, a redirect to a page, or a removal note."""
    page = urls.get(slug)
    assert page is not None, f"papers/{slug}/ is a 404"
    if moved := re.search(r'http-equiv="refresh" content="0; url=\.\./([\w-]+)/"', page):
        assert moved.group(1) in urls, f"papers/{slug}/ redirects to a 404"
        return "redirect"
    return "removed" if "Removed from the digest" in page else "paper"


def test_a_fixed_title_and_a_deleted_seed_dump_keep_every_url_of_the_previous_build(
        scratch: Path, tmp_path: Path) -> None:
    runner = tmp_path / "runner"
    assert _run_site_build(scratch, runner).returncode == 0
    before = _published_urls(scratch / "site")
    seeds = scratch / "site_src" / "dumps"
    listing = seeds / "001_880b245b1be9c6ad.txt"
    listing.write_text(listing.read_text(encoding="utf-8").replace(
        "SynthCoder: A Synthetical Strategy", "SynthCoder: A Synthetic Strategy"), encoding="utf-8")
    (seeds / "000_88a72936534b751e.txt").unlink()
    _commit(scratch, "Fix a title, delete a dump")  # without `make record`: the record is stale

    build = _run_site_build(scratch, runner)
    assert build.returncode == 0, build.stdout + build.stderr
    after = _published_urls(scratch / "site")
    found = {slug: _resolves(slug, after) for slug in before}
    assert list(found.values()).count("removed") == 11  # the papers only the deleted dump held
    assert list(found.values()).count("paper") == len(before) - 11
    retitled = after["synthcoder-a-synthetical-strategy-to-tune-llms-for-code-completion"]
    assert "<h1>SynthCoder: A Synthetic Strategy to Tune LLMs for Code Completion</h1>" in retitled
    assert "the date was not recorded" in after["xft-a-simple-yet-powerful-training-scheme"]

    check = _run_check_step(scratch, runner)
    assert check.returncode == 1, "the record is stale"
    report = check.stdout
    assert "Checked 1 dump(s): 001_880b245b1be9c6ad.txt (against HEAD^1)" in report
    assert "Removed 1 dump(s): 000_88a72936534b751e.txt" in report
    assert ("80 entries -> 0 new paper(s), 1 changed, 0 merged into another, 11 removed,"
            " 0 given more than once") in report
    assert ("      title: SynthCoder: A Synthetical Strategy to Tune LLMs for Code Completion"
            " -> SynthCoder: A Synthetic Strategy to Tune LLMs for Code Completion") in report
    assert "  - XFT: a simple yet powerful training scheme  (papers/xft-a-simple-yet-powerful-training-scheme/)" in report
    assert "URLs: 0 created, 0 redirected, 11 retired; every published URL still resolves" in report
    assert "run `make record` and commit site_src/urls.txt" in report
    shown = _seen_by_reviewer((runner / "summary.md").read_text(encoding="utf-8"))
    assert "removed: <code>000_88a72936534b751e.txt</code>" in shown
    assert "title: SynthCoder: A Synthetical Strategy to Tune LLMs for Code Completion → SynthCoder" in shown

    assert "11 changed state, 1 with a new title" in _make_record(scratch, runner)
    _git(scratch, "commit", "-q", "--amend", "-a", "--no-edit")
    check = _run_check_step(scratch, runner)
    assert check.returncode == 0, check.stdout
    assert _run_site_build(scratch, runner).returncode == 0
    xft = _published_urls(scratch / "site")["xft-a-simple-yet-powerful-training-scheme"]
    assert re.search(r'Removed from the digest on <time datetime="\d{4}-\d{2}-\d{2}">', xft)
    assert 'id="similar"' in xft  # its former similar papers that are still in the digest
