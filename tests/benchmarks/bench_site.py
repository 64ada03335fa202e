"""Build a large digest site and a plain MkDocs Material site of the same papers, side by side.

    python tests/benchmarks/bench_site.py --papers 20000 [--runs 3] [--seed 0] [--work DIR]

Dumps come from `corpus.write_corpus` (real papers from `<repo>/../shared/data/`). Two builds run
one after the other in the same run, each as its own `mkdocs build` under `/usr/bin/time -v`:

- full: the repository's mkdocs.yml (the paper-digest plugin: read, merge, tag, link similar,
  render pages, listings, feed, papers.json and whatever else the pipeline adds);
- bare: the same merged papers as bare Markdown pages (`# title` + abstract) with Material's
  default search plugin on. The bare pages stay out of the navigation too: with 20,000 pages in
  MkDocs' navigation every page embeds the whole tree and the build is quadratic.

With `--runs N` the two builds alternate N times (full, bare, full, bare, ...), so that a busy
spell of a shared machine slows both alike, and the median of each is reported with every run's
time. Printed per build: wall time, peak RSS (GNU time's maximum resident set size of the build process
tree's largest process), total site size, and average bytes per paper page. Nothing is written
into the repository; the work folder is a temporary one unless --work is given.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import DATA_DIR, write_corpus  # noqa: E402

from generator.config import Settings  # noqa: E402
from generator.pipeline import build_catalog  # noqa: E402


@dataclass(frozen=True)
class Measure:
    name: str
    seconds: float
    peak_rss_mb: float
    site_mb: float
    files: int
    paper_pages: int
    bytes_per_paper_page: float


def full_config(work: Path, dumps_dir: Path, site_dir: Path) -> Path:
    """The repository's mkdocs.yml with absolute paths and the benchmark's dumps."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir=str(REPO / "site_src"), site_dir=str(site_dir))
    config["theme"]["custom_dir"] = str(REPO / "theme")
    plugins = []
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "paper-digest" in entry:
            options = {**(entry["paper-digest"] or {}), "dumps_dir": str(dumps_dir),
                       "taxonomy": str(REPO / "site_src" / "tags.yml")}
            entry = {"paper-digest": options}
        plugins.append(entry)
    config["plugins"] = plugins
    path = work / "full.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def bare_config(work: Path, dumps_dir: Path, site_dir: Path) -> Path:
    """Bare Markdown pages of the same merged papers, plain Material with its default search."""
    docs = work / "bare_docs"
    (docs / "papers").mkdir(parents=True, exist_ok=True)
    catalog = build_catalog(Settings(dumps_dir=dumps_dir, taxonomy=REPO / "site_src" / "tags.yml",
                                     similar_count=0, progress=False))
    (docs / "index.md").write_text(f"# Papers\n\n{len(catalog.papers)} papers.\n", encoding="utf-8")
    for paper in catalog.papers:
        (docs / "papers" / f"{paper.slug}.md").write_text(
            f"# {paper.title}\n\n{paper.abstract}\n", encoding="utf-8")
    config = {
        "site_name": "bare", "docs_dir": str(docs), "site_dir": str(site_dir),
        "theme": {"name": "material"}, "plugins": ["search"],
        "nav": ["index.md"], "not_in_nav": "papers/\n",
    }
    path = work / "bare.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def mkdocs_build(name: str, config: Path, site_dir: Path) -> tuple[float, float]:
    """`mkdocs build` of `config` under GNU time, from no site folder: (wall seconds, peak RSS in MB)."""
    # Start from no site, as a fresh checkout does: MkDocs would otherwise first delete the
    # previous run's tens of thousands of files, inside the timing.
    shutil.rmtree(site_dir, ignore_errors=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "0", "NO_MKDOCS_2_WARNING": "1"}
    command = ["/usr/bin/time", "-v", sys.executable, "-m", "mkdocs", "build", "-q",
               "--config-file", str(config)]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{name} build failed:\n{result.stderr[-3000:]}")
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    return seconds, int(peak.group(1)) / 1024 if peak else float("nan")


def timed_build(name: str, config: Path, site_dir: Path) -> Measure:
    seconds, peak_rss_mb = mkdocs_build(name, config, site_dir)
    files = [path for path in site_dir.rglob("*") if path.is_file()]
    paper_pages = list((site_dir / "papers").glob("*/index.html"))
    return Measure(
        name=name, seconds=seconds, peak_rss_mb=peak_rss_mb,
        site_mb=sum(path.stat().st_size for path in files) / 1e6, files=len(files),
        paper_pages=len(paper_pages),
        bytes_per_paper_page=sum(path.stat().st_size for path in paper_pages) / max(1, len(paper_pages)),
    )


def report(papers: int, runs: list[list[Measure]]) -> str:
    """One line per build: the median run's figures, and every run's wall time."""
    lines = [
        f"{papers:,} papers requested; " + ", ".join(f"{m[0].name}: {m[0].paper_pages:,} paper pages"
                                                      for m in runs),
        "",
        "| build | wall time (median) | all runs | peak RSS | site size | files | bytes per paper page |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for measures in runs:
        m = sorted(measures, key=lambda measure: measure.seconds)[len(measures) // 2]
        every = ", ".join(f"{measure.seconds:.1f}" for measure in measures)
        lines.append(f"| {m.name} | {m.seconds:.1f} s | {every} s | {m.peak_rss_mb:,.0f} MB |"
                     f" {m.site_mb:,.1f} MB | {m.files:,} | {m.bytes_per_paper_page:,.0f} |")
    medians = [sorted(m.seconds for m in measures)[len(measures) // 2] for measures in runs]
    # Runs side by side share the machine's state (load, disk), which drifts over a long run:
    # the ratio within each pair is the steadier comparison.
    paired = sorted(full.seconds / bare.seconds for full, bare in zip(*runs))
    lines += ["", f"full / bare: medians {medians[0] / medians[1]:.2f}; run by run "
              + ", ".join(f"{full.seconds / bare.seconds:.3f}" for full, bare in zip(*runs))
              + f" (median {paired[len(paired) // 2]:.3f})"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--papers", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=1, help="alternating runs of each build")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, help="keep the dumps and both sites here")
    args = parser.parse_args(argv)
    if not DATA_DIR.is_dir():
        print(f"no benchmark data at {DATA_DIR}; nothing to do")
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-site-") as scratch:
        work = args.work or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        dumps = work / "dumps"
        write_corpus(dumps, args.papers, seed=args.seed)
        full_site, bare_site = work / "full_site", work / "bare_site"
        configs = [("paper-digest (full pipeline)", full_config(work, dumps, full_site), full_site),
                   ("plain Material, bare pages", bare_config(work, dumps, bare_site), bare_site)]
        runs: list[list[Measure]] = [[], []]
        for run in range(args.runs):
            for measures, (name, config, site) in zip(runs, configs):
                measures.append(timed_build(name, config, site))
                print(f"  run {run + 1}: {name}: {measures[-1].seconds:.1f} s", flush=True)
        print(report(args.papers, runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
