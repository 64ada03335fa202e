"""The real `paper-digest` command line on real dumps: catalog, check, exit codes, docs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import _parser

from .conftest import DATA, ROOT, SEEDS

CATALOG_FIELDS = {"slug", "url", "title", "title_derived", "abstract", "authors_count", "organization",
                  "published", "upvotes", "links", "tags", "similar", "sources", "added"}


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def seed_catalog(tmp_path_factory: pytest.TempPathFactory) -> dict:
    output = tmp_path_factory.mktemp("catalog") / "catalog.json"
    result = run("catalog", "-o", str(output), "--quiet")
    assert result.returncode == 0, result.stderr
    return json.loads(output.read_text(encoding="utf-8"))


def test_catalog_lists_374_seed_papers_with_every_field(seed_catalog: dict) -> None:
    assert seed_catalog["schema"] == 1
    papers = seed_catalog["papers"]
    assert len(papers) == 374
    assert all(CATALOG_FIELDS <= set(paper) for paper in papers)
    assert all(paper["url"] == f"papers/{paper['slug']}/" for paper in papers)


def test_catalog_keeps_the_metadata_each_dump_gives(seed_catalog: dict) -> None:
    by_title = {paper["title"]: paper for paper in seed_catalog["papers"]}
    synthcoder = by_title["SynthCoder: A Synthetical Strategy to Tune LLMs for Code Completion"]
    assert (synthcoder["published"], synthcoder["authors_count"]) == ("2025-08-21", 9)
    editing = by_title["Fine-tuning Done Right in Model Editing"]
    assert editing["organization"] == {"name": "UCAS", "handle": "ucas"} and editing["upvotes"] == 2
    assert sum(paper["title_derived"] for paper in seed_catalog["papers"]) == 11
    assert sum(len(paper["sources"]) > 1 for paper in seed_catalog["papers"]) == 21
    assert any(link["kind"] == "code" for paper in seed_catalog["papers"] for link in paper["links"])


def test_catalog_is_byte_identical_across_runs(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert run("catalog", "-o", str(first), "--quiet").returncode == 0
    assert run("catalog", "-o", str(second), "--quiet").returncode == 0
    assert first.read_bytes() == second.read_bytes()


def test_check_clean_dump_exits_0(tmp_path: Path) -> None:
    dump = tmp_path / "2026-12-01-clean.txt"
    dump.write_text("A Fresh Paper About Bird Counting\n\n" + "We count birds in photos. " * 12 + "\n",
                    encoding="utf-8")
    result = run("check", str(dump))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 new paper" in result.stdout and "A Fresh Paper About Bird Counting" in result.stdout


def test_check_reports_new_existing_and_problems_with_location(tmp_path: Path) -> None:
    existing_source = "002_6556a06f5c71c20f.txt"
    existing = (SEEDS / existing_source).read_text(encoding="utf-8").split("\n\n")
    title, abstract = existing[5], existing[6]  # the first paper after the page chrome
    dump = tmp_path / "2026-12-01-mixed.txt"
    dump.write_text(f"{title}\n\n{abstract}\n\n" + (DATA / "dumps" / "malformed.txt").read_text(),
                    encoding="utf-8")
    result = run("check", str(dump))
    assert result.returncode == 1
    assert "1 changed" in result.stdout and f"~ {title}" in result.stdout
    assert f"sources: {existing_source} -> {existing_source}, 2026-12-01-mixed.txt" in result.stdout
    assert re.search(r"2026-12-01-mixed\.txt:\d+: error: malformed date", result.stdout)
    assert "> Febtember 31, 2024 x" in result.stdout


def test_check_markdown_summary_escapes_untrusted_text(tmp_path: Path) -> None:
    dump = tmp_path / "2026-12-01-x.txt"
    dump.write_text("<img src=x onerror=alert(1)> | Title\n\n" + "Words of an abstract. " * 15 + "\n")
    summary = tmp_path / "summary.md"
    result = run("check", str(dump), "--summary", str(summary))
    assert result.returncode == 0
    text = summary.read_text(encoding="utf-8")
    assert "<img" not in text and "&lt;img src=x onerror=alert\\(1\\)&gt; \\| Title" in text


@pytest.mark.parametrize("args", [("check",), ("check", "no-such-file.txt"), ("frobnicate",),
                                  ("catalog", "--dumps", "no-such-folder")])
def test_bad_usage_exits_2(args: tuple[str, ...]) -> None:
    assert run(*args).returncode == 2


def test_check_of_a_file_already_in_the_dumps_folder_treats_it_as_added(tmp_path: Path) -> None:
    folder = tmp_path / "dumps"
    shutil.copytree(SEEDS, folder)
    result = run("check", str(folder / "000_88a72936534b751e.txt"), "--dumps", str(folder))
    assert result.returncode == 0
    assert "11 new paper(s)" in result.stdout


def test_every_cli_option_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = _parser()
    subcommands = next(action for action in parser._actions if action.dest == "command")
    for name, command in subcommands.choices.items():
        assert f"paper-digest {name}" in readme, f"command {name} is not in the README"
        for action in command._actions:
            for option in action.option_strings:
                if option not in ("-h", "--help"):
                    assert option in readme, f"option {option} of `{name}` is not in the README"


def test_check_counts_a_bare_abstract_pasted_twice_as_a_duplicate(tmp_path: Path) -> None:
    # Cleaning completes the link at the abstract's end, so matching must compare cleaned text.
    abstract = "We count birds in aerial photographs with a new network. " * 8 + "Code: //github.com/x/birds."
    dump = tmp_path / "2026-12-01-twice.txt"
    dump.write_text(f"{abstract}\n{abstract}\n{abstract.replace('birds', 'fish')}\n", encoding="utf-8")
    result = run("check", str(dump))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 new paper(s)" in result.stdout and "1 given more than once" in result.stdout


def test_the_readme_plugin_option_table_is_the_settings() -> None:
    """Each plugin option is a setting: the README's table gives its default and help, no more."""
    from generator.config import Settings, settings_help
    from generator.site.plugin import PLUGIN_OPTIONS, PluginConfig

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("**Plugin options**", 1)[1].split("\n\n", 2)[1]
    rows = [re.findall(r"\| ([^|]+) ", line) for line in table.splitlines()[2:]]
    documented = {name.strip("` "): (default.strip("` "), meaning.strip()) for name, default, meaning in rows}
    defaults, help_text = Settings(), settings_help()
    assert documented == {name: (str(getattr(defaults, name)), help_text[name]) for name in PLUGIN_OPTIONS}
    as_written = {name: str(value) if isinstance(value, Path) else value
                  for name, value in ((name, getattr(defaults, name)) for name in PLUGIN_OPTIONS)}
    assert {name: option.default for name, option in PluginConfig._schema} == as_written


@pytest.fixture
def digest_repo(tmp_path: Path) -> Path:
    """A git repository holding the seed dumps, the vocabulary and the seeds' record of URLs."""
    repo = tmp_path / "digest"
    shutil.copytree(SEEDS, repo / "site_src" / "dumps")
    for name in ("tags.yml", "urls.txt"):
        shutil.copy(SEEDS.parent / name, repo / "site_src" / name)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "seeds"]):
        subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args], cwd=repo,
                       check=True, capture_output=True)
    return repo


def test_check_against_a_base_exits_0_clean_1_stale_or_breaking_2_for_bad_usage(digest_repo: Path) -> None:
    assert run("check", "--base", "HEAD", cwd=digest_repo).returncode == 0
    (digest_repo / "site_src" / "dumps" / "000_88a72936534b751e.txt").unlink()
    stale = run("check", "--base", "HEAD", cwd=digest_repo)
    assert stale.returncode == 1 and "run `make record` and commit site_src/urls.txt" in stale.stdout
    assert "11 removed" in stale.stdout and "every published URL still resolves" in stale.stdout
    assert run("record", cwd=digest_repo).returncode == 0
    assert run("check", "--base", "HEAD", cwd=digest_repo).returncode == 0
    # A record line deleted by hand: that paper's URL would be a 404.
    record = digest_repo / "site_src" / "urls.txt"
    record.write_text("".join(line for line in record.read_text(encoding="utf-8").splitlines(True)
                              if not line.startswith("xft-a-simple")), encoding="utf-8")
    broken = run("check", "--base", "HEAD", cwd=digest_repo)
    assert broken.returncode == 1
    assert "published URL papers/xft-a-simple-yet-powerful-training-scheme/ would be a 404" in broken.stdout
    for usage in (("--base", "no-such-branch"), ("--base", "--all"),
                  ("--base", "HEAD", "site_src/dumps/001_880b245b1be9c6ad.txt")):
        assert run("check", *usage, cwd=digest_repo).returncode == 2, usage


def test_record_dates_removals_once_and_a_second_run_changes_nothing(digest_repo: Path) -> None:
    (digest_repo / "site_src" / "dumps" / "000_88a72936534b751e.txt").unlink()
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1790000000"}  # 2026-09-21
    first = subprocess.run([sys.executable, "-m", "generator.cli", "record"], cwd=digest_repo, env=env,
                           capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    assert "363 live, 0 redirected, 11 removed; 0 new, 11 changed state" in first.stderr
    text = (digest_repo / "site_src" / "urls.txt").read_text(encoding="utf-8")
    assert text.count(" removed 2026-09-21 ") == 11
    assert "xft-a-simple-yet-powerful-training-scheme removed 2026-09-21 a:" in text
    second = run("record", cwd=digest_repo)  # another day: the dates stay
    assert second.returncode == 0 and "is up to date" in second.stderr
    assert (digest_repo / "site_src" / "urls.txt").read_text(encoding="utf-8") == text
