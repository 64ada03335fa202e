"""The GitHub workflows, checked here since no runner is available: schema, security audit, the
promises the README makes about them, and that they run the README's own commands."""

from __future__ import annotations

import fnmatch
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
README = ROOT / "README.md"
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+(?:\.\d+)*\s*$")
MAKE = re.compile(r"\bmake\s+([\w-]+)")
# `paper-digest SUB --options ["value"]`, without its file arguments.
CLI = re.compile(r"((?:\.venv/bin/)?paper-digest\s+[a-z]+(?:\s+--?[\w-]+(?:\s+\"[^\"]*\")?)*)")


def _tool(name: str) -> str:
    """A console script of the test dependencies, from this interpreter's environment first."""
    local = Path(sys.executable).parent / name
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        pytest.fail(f"{name} is not installed: run `make install`")
    return found


def _load(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    workflow["on"] = workflow.pop(True, workflow.get("on"))
    return workflow


def _workflow(name: str) -> dict:
    return _load(GITHUB / "workflows" / name)


def _runs(workflow: dict) -> list[str]:
    return [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]


def _commands(text: str) -> set[str]:
    """The make targets and paper-digest invocations in shell text (comments ignored)."""
    commands: set[str] = set()
    for line in text.splitlines():
        line = line.split(" #", 1)[0] if not line.lstrip().startswith("#") else ""
        commands |= {f"make {target}" for target in MAKE.findall(line)}
        commands |= {" ".join(match.split()) for match in CLI.findall(line)}
    return commands


def _readme_section(heading: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else len(text)]


def _readme_blocks() -> dict[str, str]:
    """Fenced shell blocks of the Publishing section, keyed by the workflow their first line names."""
    blocks = re.findall(r"```sh\n# (\.github/workflows/[\w.-]+)\n(.*?)```", _readme_section("Publishing"),
                        flags=re.DOTALL)
    return dict(blocks)


def test_workflows_and_dependabot_match_githubs_schemas() -> None:
    checks = [("vendor.github-workflows", [str(path) for path in WORKFLOWS]),
              ("vendor.dependabot", [str(GITHUB / "dependabot.yml")])]
    for schema, files in checks:
        result = subprocess.run([_tool("check-jsonschema"), "--builtin-schema", schema, *files],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing_even_as_an_auditor() -> None:
    env = {key: value for key, value in os.environ.items() if key not in ("GH_TOKEN", "GITHUB_TOKEN")}
    result = subprocess.run([_tool("zizmor"), "--offline", "--persona=auditor", "--no-progress",
                             str(GITHUB)], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout


def test_there_are_the_two_workflows_the_readme_describes() -> None:
    assert [path.name for path in WORKFLOWS] == ["deploy.yml", "pr.yml"]
    assert sorted(_readme_blocks()) == [".github/workflows/deploy.yml", ".github/workflows/pr.yml"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path: Path) -> None:
    for line in path.read_text(encoding="utf-8").splitlines():
        if re.match(r"^\s*(?:-\s+)?uses:", line):
            assert PINNED.match(line), f"not pinned to a full commit SHA with a version: {line.strip()}"


# Releases checked against each action's own repository (tag -> commit), all on the Node 24
# runtime; upload-pages-artifact v5 pins its inner upload-artifact by SHA, so nothing escapes.
NODE_24_RELEASES = {
    "actions/checkout": ("3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"),
    "actions/setup-python": ("5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0"),
    "actions/cache": ("27d5ce7f107fe9357f9df03efb73ab90386fccae", "v5.0.5"),
    "actions/upload-pages-artifact": ("fc324d3547104276b827a68afc52ff2a11cc49c9", "v5.0.0"),
    "actions/deploy-pages": ("cd2ce8fcbc39b97be8ca5fce6e763baed58fa128", "v5.0.0"),
    "actions/upload-artifact": ("bbbca2ddaa5d8feaa63e36b76fdaad77386f024f", "v7.0.0"),
    "actions/configure-pages": ("45bfe0192ca1faeb007ade9deae92b16b8254a0d", "v6.0.0"),
}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_every_action_runs_a_reviewed_node_24_release(path: Path) -> None:
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := PINNED.match(line):
            action, commit = match.groups()
            version = line.rsplit("# ", 1)[1].strip()
            assert action in NODE_24_RELEASES, f"{action} is not a reviewed action: add its release here"
            assert (commit, version) == NODE_24_RELEASES[action], f"{action}@{version}: not the reviewed release"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_every_job_has_a_time_limit_and_its_own_least_permissions(path: Path) -> None:
    workflow = _load(path)
    assert workflow["permissions"] == {}, "grant permissions per job, none by default"
    for name, job in workflow["jobs"].items():
        assert 0 < job["timeout-minutes"] <= 30, name
        assert job["permissions"], f"job {name} must say which permissions it needs"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_checkouts_keep_no_credentials_and_downloads_are_cached(path: Path) -> None:
    for name, job in _load(path)["jobs"].items():
        steps = job["steps"]
        for step in steps:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, name
        if any("make " in step.get("run", "") for step in steps):
            caches = [step for step in steps if step.get("uses", "").startswith("actions/cache@")]
            assert caches and "hashFiles('requirements.lock')" in caches[0]["with"]["key"], name


def test_pull_requests_are_checked_read_only_without_secrets() -> None:
    lines = (GITHUB / "workflows" / "pr.yml").read_text(encoding="utf-8").splitlines()
    text = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    workflow = _workflow("pr.yml")
    assert list(workflow["on"]) == ["pull_request"]
    assert "pull_request_target" not in text and "secrets." not in text
    for name, job in workflow["jobs"].items():
        assert set(job["permissions"].values()) == {"read"}, name
    # Untrusted values (file names, titles) reach the shell as data, never through ${{ }}.
    assert not any("${{" in run for run in _runs(workflow))


def test_pull_request_check_reports_into_the_job_summary_and_uploads_the_site() -> None:
    jobs = _workflow("pr.yml")["jobs"]
    check = next(step for step in jobs["dumps"]["steps"] if step.get("id") == "check")
    assert 'paper-digest check --quiet --summary "$GITHUB_STEP_SUMMARY"' in check["run"]
    assert "continue-on-error" not in check, "a dump with errors must fail the check"
    upload = jobs["build"]["steps"][-1]
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["with"]["path"] == "site/" and upload["with"]["name"] == "site"


def test_only_the_deploy_job_can_publish_and_deploys_never_cancel_each_other() -> None:
    workflow = _workflow("deploy.yml")
    jobs = workflow["jobs"]
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    assert jobs["deploy"]["needs"] == "build"
    assert workflow["concurrency"]["cancel-in-progress"] is False
    used = {step["uses"].split("@")[0] for job in jobs.values() for step in job["steps"] if "uses" in step}
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= used
    upload = next(step for step in jobs["build"]["steps"]
                  if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site/"


def test_deploy_follows_every_file_the_site_is_made_from() -> None:
    triggers = _workflow("deploy.yml")["on"]
    assert "workflow_dispatch" in triggers and triggers["push"]["branches"] == ["main"]
    assert "schedule" in triggers, "the safety net for pushes of more than 300 files"
    patterns = triggers["push"]["paths"]
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.splitlines()
    inputs = [name for name in tracked
              if name.startswith(("site_src/", "generator/", "theme/"))
              or name in ("mkdocs.yml", "requirements.lock", "pyproject.toml", "Makefile")]
    assert any(name.startswith("site_src/dumps/") for name in inputs)
    missed = [name for name in inputs
              if not any(fnmatch.fnmatchcase(name, pattern.replace("**", "*")) for pattern in patterns)]
    assert not missed


def test_browser_tests_on_the_runner_use_its_chrome_and_make_skips_apt() -> None:
    for path in WORKFLOWS:
        for name, job in _load(path)["jobs"].items():
            if any("make test" in step.get("run", "") for step in job["steps"]):
                assert job["env"]["CHROMIUM_PATH"] == "/usr/bin/google-chrome", (path.name, name)
    env = {**os.environ, "CHROMIUM_PATH": "/opt/some/chrome"}
    result = subprocess.run(["make", "-s", "chromium"], cwd=ROOT, capture_output=True, text=True,
                            env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "/opt/some/chrome" in result.stdout and "Installing" not in result.stdout


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_workflows_run_exactly_the_commands_the_readme_shows(path: Path) -> None:
    documented = _readme_blocks()[f".github/workflows/{path.name}"]
    in_workflow = set().union(*map(_commands, _runs(_load(path))))
    assert in_workflow, "a workflow with no README command proves nothing locally"
    assert in_workflow == _commands(documented), "the workflow and the README's Publishing section differ"


def test_the_commands_the_workflows_run_exist() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    commands = set().union(*(_commands(run) for path in WORKFLOWS for run in _runs(_load(path))))
    for command in commands:
        if command.startswith("make "):
            assert re.search(rf"^{command[5:]}:", makefile, flags=re.MULTILINE), command
            continue
        words = command.split()
        help_text = subprocess.run([sys.executable, "-m", "generator.cli", words[1], "--help"],
                                   capture_output=True, text=True, timeout=60, cwd=ROOT).stdout
        for option in (word for word in words[2:] if word.startswith("-")):
            assert option in help_text, f"paper-digest {words[1]} has no option {option}"


def test_readme_explains_enabling_pages_and_contributing() -> None:
    publishing = _readme_section("Publishing")
    assert "Settings → Pages" in publishing and "Source:\n**GitHub Actions**" in publishing
    contributing = _readme_section("Contributing a dump")
    template = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    for text in (contributing, template):
        assert "`YYYY-MM-DD-short-topic.txt`" in text
        assert ".venv/bin/paper-digest check site_src/dumps/YOUR-FILE.txt" in text
        assert "file:line" in text and "https://huggingface.co/papers" in text


def test_dependabot_watches_the_python_dependencies_and_the_actions() -> None:
    config = yaml.safe_load((GITHUB / "dependabot.yml").read_text(encoding="utf-8"))
    ecosystems = {update["package-ecosystem"]: update for update in config["updates"]}
    assert set(ecosystems) == {"pip", "github-actions"}
    assert all(update["directory"] == "/" for update in ecosystems.values())
