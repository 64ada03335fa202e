"""Benchmark: read and merge 75,000 real papers rendered as dumps (issue: the catalog reader).

Renders the corpus once with `corpus.py`, then reads and merges it in a fresh process per run and
reports wall time per stage and the process's peak memory. Target: under 10 s and 1 GB.

    .venv/bin/python tests/benchmarks/bench_reader.py [--papers 75000] [--runs 3] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # noqa: E402 - the benchmark's sibling module

REPO = Path(__file__).resolve().parents[2]

# Runs in a child process so that its peak RSS is the reader's alone.
CHILD = r"""
import json, resource, sys, time
from datetime import date
from pathlib import Path
from generator.config import Settings
from generator import pipeline

settings = Settings(dumps_dir=Path(sys.argv[1]), today=date(2026, 1, 1), progress=False)
start = time.perf_counter()
dumps = pipeline.read_dumps(settings)
read = time.perf_counter()
catalog = pipeline.merge_papers(dumps, settings)
done = time.perf_counter()
print(json.dumps({
    "dumps": len(dumps), "entries": sum(len(d.entries) for d in dumps), "papers": len(catalog.papers),
    "problems": len(catalog.problems),
    "read_s": read - start, "merge_s": done - read, "total_s": done - start,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def run_once(corpus: Path) -> dict:
    output = subprocess.run([sys.executable, "-c", CHILD, str(corpus)], cwd=REPO, check=True,
                            capture_output=True, text=True).stdout
    return json.loads(output)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=75_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", type=Path, help="reuse (or create) the rendered dumps here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        corpus = args.corpus or Path(scratch) / "dumps"
        if not corpus.exists() or not any(corpus.glob("*.txt")):
            write_corpus(corpus, args.papers)
        runs = [run_once(corpus) for _ in range(args.runs)]
    first = runs[0]
    print(f"{first['dumps']} dumps, {first['entries']} entries -> {first['papers']} papers, "
          f"{first['problems']} problems reported")
    print("| stage | median of runs (s) | all runs (s) |")
    print("|---|---|---|")
    for key, label in (("read_s", "read dumps"), ("merge_s", "merge papers"), ("total_s", "total")):
        values = [run[key] for run in runs]
        print(f"| {label} | {statistics.median(values):.2f} | {', '.join(f'{v:.2f}' for v in values)} |")
    print(f"| peak memory | {max(run['peak_rss_mb'] for run in runs):.0f} MB | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
