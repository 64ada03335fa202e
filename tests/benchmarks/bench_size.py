"""What a digest site weighs, part by part, against GitHub Pages' 1 GB; with its build's time and memory.

    python tests/benchmarks/bench_size.py --papers 20000 [--seed 0] [--work DIR] [--site DIR]

Writes a corpus with `corpus.write_corpus` (real papers from `<repo>/../shared/data/`, papers
made up from real ones past the ~84,000 the data holds), builds it with the repository's
mkdocs.yml (`mkdocs build` under `/usr/bin/time -v`, from no site folder) and prints the build's
wall time and peak RSS and a Markdown table of the site's parts (`generator.site.budget`: the
parts the build itself reports at its end), in bytes a paper and in total. `--site DIR` measures
a site already built instead of building one. The budget is set out of the way (the build would
fail past it): this measures, it does not judge.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_site import full_config, mkdocs_build  # noqa: E402
from corpus import DATA_DIR, write_corpus  # noqa: E402

from generator.site.budget import SiteSize, measure_site  # noqa: E402

NO_BUDGET = 10**15


def build(work: Path, dumps: Path, site: Path) -> tuple[float, float]:
    """Build the full site from `dumps` into `site`; (wall seconds, peak RSS in MB)."""
    config = full_config(work, dumps, site)
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    for entry in settings["plugins"]:
        if isinstance(entry, dict) and "paper-digest" in entry:
            entry["paper-digest"]["size_budget"] = NO_BUDGET
    config.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    return mkdocs_build("site", config, site)


def table(size: SiteSize) -> str:
    """The parts as a Markdown table: bytes a paper, megabytes, files."""
    papers = max(size.papers, 1)
    lines = [f"{size.papers:,} papers", "", "| part | bytes a paper | total | files |", "|---|---:|---:|---:|"]
    for part in size.parts:
        lines.append(f"| {part.name} | {part.bytes / papers:,.0f} | {part.bytes / 1e6:,.1f} MB | {part.files:,} |")
    files = sum(part.files for part in size.parts)
    lines.append(f"| **all files** | **{size.total / papers:,.0f}** | **{size.total / 1e6:,.1f} MB** | {files:,} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--papers", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, help="keep the dumps and the site here")
    parser.add_argument("--site", type=Path, help="measure this built site instead of building one")
    args = parser.parse_args(argv)
    if args.site:
        print(table(measure_site(args.site, args.papers)))
        return 0
    if not DATA_DIR.is_dir():
        print(f"no benchmark data at {DATA_DIR}; nothing to do")
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-size-") as scratch:
        work = args.work or Path(scratch)
        dumps = work / f"dumps-{args.papers}"
        if not dumps.is_dir():
            write_corpus(dumps, args.papers, seed=args.seed)
        site = work / "site"
        seconds, peak = build(work, dumps, site)
        print(f"build: {seconds:.1f} s, peak RSS {peak:,.0f} MB")
        print(table(measure_site(site, args.papers)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
