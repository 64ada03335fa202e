"""Time and memory of tagging and exact top-k similar papers at 75,000 papers, against brute force.

Loads every paper of `<repo>/../shared/data/` (arxiv-cs-74k + hf-daily-9k, one paper per arXiv id)
straight into Paper values, then, each stage in a fresh process so that peak memory is its own:

- `tags`:   tag_papers with the curated vocabulary;
- `ours`:   TF-IDF vectors, then `similar.top_neighbours` (row blocks, argpartition, 2 threads);
- `brute`:  the same vectors, then `sklearn.neighbors.NearestNeighbors(metric="cosine",
            algorithm="brute").kneighbors` (the reference), checked against ours;
- `links`:  the whole `similar.link_similar` (vectors, top-k, tag overlap, threshold, shared terms).

    python tests/benchmarks/bench_similar.py [--papers 75000] [--k 5]
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from generator import similar, tag  # noqa: E402
from generator.similar.links import TITLE_WEIGHT  # noqa: E402
from generator.config import Settings  # noqa: E402
from generator.model import Paper  # noqa: E402

DATA_DIR = REPO.parent / "shared" / "data"
CORPORA = ("arxiv-cs-74k.jsonl.gz", "hf-daily-9k.jsonl.gz")
STAGES = ("tags", "ours", "brute", "links")
SCORES = Path(tempfile.gettempdir()) / "bench_similar_{}_scores.npy"


def load_papers(limit: int) -> tuple[Paper, ...]:
    """Up to `limit` real papers, one per arXiv id, sorted by slug (the id)."""
    records: dict[str, dict] = {}
    for name in CORPORA:
        with gzip.open(DATA_DIR / name, "rt", encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                records.setdefault(record["arxiv"], record)
    chosen = sorted(records)[:limit]
    return tuple(Paper(slug=arxiv.replace(".", "-"), title=" ".join(records[arxiv]["title"].split()),
                       title_derived=False, abstract=records[arxiv]["abstract"], authors_count=None,
                       organization=None, published=None, upvotes=None, links=(), sources=("bench",),
                       added=date(2025, 1, 1)) for arxiv in chosen)


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_stage(stage: str, limit: int, k: int) -> dict:
    """Run one stage in this process; returns its timings and peak memory."""
    papers = load_papers(limit)
    settings = Settings(progress=False, similar_count=k)
    result: dict = {"stage": stage, "papers": len(papers), "load_mb": round(peak_memory_mb())}
    started = time.perf_counter()
    if stage == "tags":
        vocabulary = tag.load_vocabulary(REPO / "site_src" / "tags.yml")
        tagged, used = tag.tag_papers(papers, vocabulary, settings)
        result["tags_used"] = len(used)
        result["untagged"] = sum(1 for paper in tagged if not paper.tags)
    elif stage == "links":
        linked = similar.link_similar(papers, settings)
        result["mean_links"] = round(sum(len(p.similar) for p in linked) / len(linked), 2)
        result["no_links"] = sum(1 for p in linked if not p.similar)
    else:
        matrix = similar.vectorize(papers, title_weight=TITLE_WEIGHT).matrix
        result["vectorize_s"] = round(time.perf_counter() - started, 1)
        result["columns"] = matrix.shape[1]
        started = time.perf_counter()
        if stage == "ours":
            indices, scores = similar.top_neighbours(matrix, k)
        else:
            from sklearn.neighbors import NearestNeighbors
            reference = NearestNeighbors(n_neighbors=k + 1, metric="cosine", algorithm="brute").fit(matrix)
            distances, indices = reference.kneighbors(matrix)
            scores = 1 - distances
            # Drop self from each row (it is the best match, or tied with an identical paper).
            keep = indices != np.arange(len(papers))[:, None]
            keep[keep.sum(axis=1) > k, -1] = False
            indices = indices[keep].reshape(len(papers), k)
            scores = scores[keep].reshape(len(papers), k)
        np.save(str(SCORES).format(stage), scores.astype(np.float32))
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["peak_mb"] = round(peak_memory_mb())
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=75_000)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--stage", choices=STAGES, help=argparse.SUPPRESS)  # child process mode
    args = parser.parse_args()
    if not DATA_DIR.is_dir():
        raise SystemExit(f"no benchmark data in {DATA_DIR}")
    if args.stage:
        print(json.dumps(run_stage(args.stage, args.papers, args.k)))
        return
    results = {}
    for stage in STAGES:
        child = subprocess.run([sys.executable, __file__, "--stage", stage, "--papers", str(args.papers),
                                "--k", str(args.k)], capture_output=True, text=True, check=True)
        results[stage] = json.loads(child.stdout.strip().splitlines()[-1])
        print(json.dumps(results[stage]), flush=True)
    ours = np.load(str(SCORES).format("ours"))
    brute = np.load(str(SCORES).format("brute"))
    print(f"top-{args.k} scores equal to brute force (1e-4): {np.allclose(ours, brute, atol=1e-4)}; "
          f"max difference {float(np.abs(ours - brute).max()):.2e}")


if __name__ == "__main__":
    main()
