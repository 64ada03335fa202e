"""Time what a contributor and the pull-request check run on a large digest: `paper-digest record`
and `paper-digest check --base`, after a dump is deleted and a title fixed.

    python tests/benchmarks/bench_urls.py --papers 20000 [--seed 0] [--work DIR]

A git repository is made in --work (or a temporary folder) with the corpus of `corpus.write_corpus`
and its record of published URLs; then a commit deletes the first dump and fixes a title, as in
the pull request `tests/test_contribute.py` makes on the seeds, and the two commands run there as
the README says: `record` against the last commit (the removal committed, so the former similar
papers come from the commit that last wrote the record), then the check against the base.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus  # noqa: E402

GIT = ["git", "-c", "user.name=Benchmark", "-c", "user.email=bench@example.org"]


def run(command: list[str], repo: Path) -> tuple[float, str]:
    """Seconds a command takes in the repository, and what it printed."""
    start = time.perf_counter()
    result = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return seconds, result.stdout + result.stderr


def digest_repository(work: Path, papers: int, seed: int) -> Path:
    repo = work / "digest"
    dumps = repo / "site_src" / "dumps"
    write_corpus(dumps, papers, seed=seed)
    shutil.copy(REPO / "site_src" / "tags.yml", repo / "site_src" / "tags.yml")
    subprocess.run(GIT + ["init", "-q", "-b", "main"], cwd=repo, check=True)
    run([sys.executable, "-m", "generator.cli", "record", "--quiet"], repo)
    subprocess.run(GIT + ["add", "-A"], cwd=repo, check=True)
    subprocess.run(GIT + ["commit", "-q", "-m", "The digest and its record"], cwd=repo, check=True)
    return repo


def change_the_dumps(repo: Path) -> None:
    """Delete the first dump and fix the first title of the second one, then commit."""
    first, second = sorted((repo / "site_src" / "dumps").glob("*.txt"))[:2]
    first.unlink()
    lines = second.read_text(encoding="utf-8").split("\n")
    title = next(index for index, line in enumerate(lines[:-2])  # a title: a blank line, an abstract
                 if line and not lines[index + 1] and len(lines[index + 2]) > 250)
    lines[title] += " (revised)"
    second.write_text("\n".join(lines), encoding="utf-8")
    subprocess.run(GIT + ["commit", "-q", "-a", "-m", "Delete a dump, fix a title"], cwd=repo, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        repo = digest_repository(args.work or Path(temporary), args.papers, args.seed)
        change_the_dumps(repo)
        cli = [sys.executable, "-m", "generator.cli"]
        record_seconds, record_said = run(cli + ["record", "--quiet"], repo)
        subprocess.run(GIT + ["commit", "-q", "--amend", "-a", "--no-edit"], cwd=repo, check=True)
        check_seconds, check_said = run(cli + ["check", "--quiet", "--base", "HEAD^1"], repo)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{args.papers} papers: record {record_seconds:.1f} s, check --base {check_seconds:.1f} s,"
          f" peak memory {peak:.0f} MB")
    print(record_said.strip().splitlines()[0])
    summary = ("Checked", "Removed", "URLs", "Problems", "OK", "FAILED")
    print("\n".join(line for line in check_said.splitlines()
                    if line.startswith(summary) or " entries -> " in line or ": error: " in line))


if __name__ == "__main__":
    main()
