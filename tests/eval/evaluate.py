"""Measure the similar-paper links against papers judged related by hand.

Prints precision@k and nDCG@k of the links the digest makes (`generator.similar.link_similar`)
next to the plain TF-IDF baseline (word uni- and bi-grams, sublinear tf, document-frequency cap,
cosine, the k best with no threshold), on the seed papers and the judgements in `judged.yml`.

    python tests/eval/evaluate.py [--k 5]

Precision@k counts a missing link as a miss, so a method that links less pays for it; `linked`
is the precision of the links actually shown and `links` how many a query paper gets on average.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator import similar  # noqa: E402
from generator.config import Settings  # noqa: E402
from generator.model import Paper  # noqa: E402
from generator.pipeline import build_catalog  # noqa: E402

JUDGED = Path(__file__).resolve().parent / "judged.yml"
HIGHLY, RELATED = 2, 1  # gains for nDCG


@dataclass(frozen=True, slots=True)
class Judgement:
    """One query paper and the gain of each paper judged related to it."""

    paper: str  # normalised title
    gains: dict[str, int]


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float  # relevant links among the k slots
    linked: float  # relevant links among the links shown
    ndcg: float
    links: float  # mean links per query paper


def normalise_title(title: str) -> str:
    """Lower-case words joined by single spaces: how `judged.yml` names papers."""
    return " ".join(re.findall(r"[a-z0-9]+", title.lower()))


def load_judgements(path: Path = JUDGED) -> tuple[Judgement, ...]:
    """Read the judged set."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    judgements = []
    for query in document["queries"]:
        gains = {title: RELATED for title in query.get("related", [])}
        gains.update({title: HIGHLY for title in query.get("highly", [])})
        judgements.append(Judgement(query["paper"], gains))
    return tuple(judgements)


def seed_papers() -> tuple[Paper, ...]:
    """The seed digest's papers, tagged as the real build tags them (links are recomputed)."""
    settings = Settings(dumps_dir=ROOT / "site_src" / "dumps", taxonomy=ROOT / "site_src" / "tags.yml",
                        progress=False, similar_count=0)
    return build_catalog(settings).papers


def baseline_links(papers: tuple[Paper, ...], k: int) -> dict[str, list[str]]:
    """Plain TF-IDF cosine: the k nearest papers of each paper, whatever their score."""
    vectors = similar.vectorize(papers, title_weight=0.0, terms_per_paper=None)
    neighbours, _ = similar.top_neighbours(vectors.matrix, k)
    return {paper.slug: [papers[other].slug for other in row if other >= 0]
            for paper, row in zip(papers, neighbours)}


def digest_links(papers: tuple[Paper, ...], k: int, **weights: float) -> dict[str, list[str]]:
    """The links the digest shows (optionally with other weights, for ablations)."""
    settings = Settings(similar_count=k, progress=False)
    linked = similar.link_similar(papers, settings, **weights)
    return {paper.slug: [link.slug for link in paper.similar] for paper in linked}


def score(links: dict[str, list[str]], papers: tuple[Paper, ...],
          judgements: tuple[Judgement, ...], k: int) -> Scores:
    """Mean precision@k, precision of shown links, nDCG@k and links per query over the judged set."""
    title_by_slug = {paper.slug: normalise_title(paper.title) for paper in papers}
    slug_by_title = {title: slug for slug, title in title_by_slug.items()}
    precision = linked = ndcg = shown = 0.0
    for judgement in judgements:
        found = [title_by_slug[slug] for slug in links[slug_by_title[judgement.paper]][:k]]
        gains = [judgement.gains.get(title, 0) for title in found]
        hits = sum(1 for gain in gains if gain)
        precision += hits / k
        linked += hits / len(found) if found else 0.0
        ideal = sorted(judgement.gains.values(), reverse=True)[:k]
        ndcg += _dcg(gains) / _dcg(ideal) if ideal else 0.0
        shown += len(found)
    count = len(judgements)
    return Scores(precision / count, linked / count, ndcg / count, shown / count)


def _dcg(gains: list[int]) -> float:
    return sum((2 ** gain - 1) / math.log2(rank + 2) for rank, gain in enumerate(gains))


def missing_titles(papers: tuple[Paper, ...], judgements: tuple[Judgement, ...]) -> list[str]:
    """Judged titles that no seed paper has (the judged set must be fixed when this is not empty)."""
    titles = {normalise_title(paper.title) for paper in papers}
    named = {j.paper for j in judgements} | {t for j in judgements for t in j.gains}
    return sorted(named - titles)


def run(k: int = 5, ablations: bool = False) -> dict[str, Scores]:
    """Scores of the baseline and the digest's links (and ablations) on the seed papers."""
    papers = seed_papers()
    judgements = load_judgements()
    missing = missing_titles(papers, judgements)
    if missing:
        raise SystemExit("judged titles not among the seed papers:\n  " + "\n  ".join(missing))
    results = {"tf-idf baseline": score(baseline_links(papers, k), papers, judgements, k),
               "digest links": score(digest_links(papers, k), papers, judgements, k)}
    if ablations:
        untagged = tuple(replace(paper, tags=()) for paper in papers)
        variants = {
            "- title weight": (papers, {"title_weight": 0.0}),
            "- latent cosine": (papers, {"latent_weight": 0.0, "min_score": None}),
            "- tag overlap": (untagged, {}),
            "- threshold": (papers, {"min_score": None}),
        }
        for name, (variant_papers, weights) in variants.items():
            results[name] = score(digest_links(variant_papers, k, **weights), papers, judgements, k)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--k", type=int, default=5, help="links per paper (default 5)")
    parser.add_argument("--ablations", action="store_true", help="also score the method without each part")
    args = parser.parse_args()
    results = run(args.k, args.ablations)
    print(f"{len(load_judgements())} judged papers, k={args.k}")
    print(f"{'method':<18} {'P@k':>6} {'linked':>7} {'nDCG@k':>7} {'links':>6}")
    for name, result in results.items():
        print(f"{name:<18} {result.precision:6.3f} {result.linked:7.3f} {result.ndcg:7.3f} {result.links:6.2f}")


if __name__ == "__main__":
    main()
