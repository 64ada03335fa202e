"""Time each stage of the site pipeline on its own, one after the other, in one process.

    python tests/benchmarks/bench_stages.py --papers 20000 [--seed 0] [--work DIR]

A full build runs these stages on two cores (`pipeline.build_site`, scheduled by schedule.py); timing them one by one says
which of them make up its critical path. Dumps come from `corpus.write_corpus` (real papers from
`<repo>/../shared/data/`), written into --work (or a temporary folder).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import DATA_DIR, write_corpus  # noqa: E402

from generator import pipeline  # noqa: E402
from generator.config import Settings  # noqa: E402


def time_stages(dumps: Path) -> list[tuple[str, float]]:
    """(stage, seconds) for every stage of a build, in the order a one-process build runs them."""
    settings = Settings(dumps_dir=dumps, taxonomy=REPO / "site_src" / "tags.yml", progress=False).validated()
    timings: list[tuple[str, float]] = []

    def timed(name, function, *args, **kwargs):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        result = function(*args, **kwargs)
        timings.append((name, time.perf_counter() - start))
        return result

    dumps = timed("read dumps", pipeline.read_dumps, settings)
    merged = timed("merge", pipeline.merge_papers, dumps, settings)
    tagged = timed("tags", pipeline.tag_papers, merged, settings)
    vectors = timed("TF-IDF vectors", pipeline.similar_vectors, merged)
    papers_and_tags = pipeline.without_dumps(tagged)
    without_links = timed("paper page bodies", pipeline.paper_pages_without_links, papers_and_tags)
    linked = timed("similar links", pipeline.link_similar, tagged, settings, vectors)
    timed("pages, listings, feed, papers.json", pipeline.render_site, linked, settings, without_links)
    timed("search index", pipeline.build_search, papers_and_tags, settings)
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--papers", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, help="keep the dumps here")
    args = parser.parse_args(argv)
    if not DATA_DIR.is_dir():
        print(f"no benchmark data at {DATA_DIR}; nothing to do")
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-stages-") as scratch:
        dumps = (args.work or Path(scratch)) / "dumps"
        write_corpus(dumps, args.papers, seed=args.seed)
        timings = time_stages(dumps)
    print("| stage | seconds |\n|---|---:|")
    for name, seconds in timings:
        print(f"| {name} | {seconds:.2f} |")
    print(f"| all, one after the other | {sum(seconds for _, seconds in timings):.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
