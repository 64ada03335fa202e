"""Where the similar-paper links can still gain: how good the candidates are, and which score orders them.

For each judged set, two diagnostics of the digest's link scoring (`generator/similar/`), on the
judged pairs alone (a candidate nobody judged counts as unrelated, as in `figures.py`):

- **headroom**: the nDCG@5 the links would earn if the best 5 judged candidates were picked from
  the digest's own top 5, 10 or 30 (its 30 nearest by TF-IDF, scored again). Close to 1 at 10 or
  30 means the related papers are among the candidates and only their order falls short;
- **ordering**: of every two judged candidates of one query with different grades, the share each
  similarity puts the right way round (0.5 is chance): the TF-IDF cosine, the latent cosine of the
  learned term model, the tag overlap, and the digest's combined score. A similarity that orders
  pairs better deserves more weight; one no better than the others cannot lift the figures.

    python tests/eval/headroom.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator.similar import links as similar  # noqa: E402
from generator.similar.neighbours import TAG_WEIGHT, _jaccard, _tag_ids, rerank, top_neighbours  # noqa: E402
from tests.eval import judgments, sets  # noqa: E402
from tests.eval.digests import DATA_DIR, Digest, MissingData, hf2k_digest, seed_digest  # noqa: E402
from tests.eval.methods import K  # noqa: E402
from tests.eval.metrics import dcg  # noqa: E402

DEPTHS = (5, 10, 30)


@dataclass(frozen=True, slots=True)
class Candidates:
    """Each paper's candidates (slug order, -1 padded), best first by the digest's score, and the
    similarities that make that score."""

    keys: list[str | None]  # paper key by row
    row_of: dict[str, int]  # paper key -> row
    columns: np.ndarray  # (papers, CANDIDATES)
    scores: dict[str, np.ndarray]  # similarity name -> (papers, CANDIDATES)


def candidates(digest: Digest) -> Candidates:
    """The digest's candidates as `link_similar` makes them, with every similarity kept apart."""
    ordered = similar._by_slug(digest.catalog.papers)
    vectors = similar.link_vectors(ordered)
    tags = [paper.tags for paper in ordered]
    nearest, cosines = top_neighbours(vectors.matrix, similar.CANDIDATES)
    columns, combined = rerank(nearest, cosines, vectors.latent, similar.LATENT_WEIGHT, tags, TAG_WEIGHT,
                               similar.CANDIDATES)
    other = np.maximum(columns, 0)
    rows = np.repeat(np.arange(len(ordered)), columns.shape[1])
    cosine = np.asarray([(vectors.matrix[row] @ vectors.matrix[other[row]].T).toarray().ravel()
                         for row in range(len(ordered))])
    scores = {"tf-idf cosine": cosine,
              "latent cosine": np.einsum("rd,rcd->rc", vectors.latent, vectors.latent[other]),
              "tag overlap": _jaccard(_tag_ids(tags), rows, other.ravel()).reshape(columns.shape),
              "digest score": combined}
    keys = [digest.key_by_slug.get(paper.slug) for paper in ordered]
    return Candidates(keys, {key: row for row, key in enumerate(keys) if key}, columns, scores)


def headroom(found: Candidates, queries: tuple[str, ...], judged: judgments.LinkJudgments,
             depth: int, k: int = K) -> float:
    """Mean nDCG@k of the best k judged candidates among each query's first `depth`."""
    values = []
    for query in queries:
        ideal = sorted(judged.grades(query).values(), reverse=True)[:k]
        if any(ideal):
            pool = [found.keys[column] for column in found.columns[found.row_of[query], :depth] if column >= 0]
            best = sorted((judged.grade(query, key) or 0 for key in pool), reverse=True)[:k]
            values.append(dcg(best) / dcg(ideal))
    return float(np.mean(values)) if values else 0.0


def ordering(found: Candidates, queries: tuple[str, ...], judged: judgments.LinkJudgments) -> dict[str, float]:
    """Per similarity: the share of differently graded judged candidate pairs it orders rightly
    (ties count half)."""
    right = dict.fromkeys(found.scores, 0.0)
    pairs = 0
    for query in queries:
        row = found.row_of[query]
        graded = [(grade, place) for place, column in enumerate(found.columns[row])
                  if column >= 0 and (grade := judged.grade(query, found.keys[column])) is not None]
        for better, first in graded:
            for worse, second in graded:
                if better > worse:
                    pairs += 1
                    for name, score in found.scores.items():
                        ahead = score[row, first] - score[row, second]
                        right[name] += 1.0 if ahead > 0 else 0.5 if ahead == 0 else 0.0
    return {name: count / pairs for name, count in right.items()} if pairs else right


def report(digest: Digest, chosen: dict[str, tuple[str, ...]]) -> list[str]:
    found = candidates(digest)
    judged = judgments.load_links(judgments.path_of(digest.name, "links"))
    lines = []
    for set_name in sets.SET_NAMES:
        if sets.DIGEST_OF[set_name] != digest.name:
            continue
        queries = chosen[set_name]
        best = ", ".join(f"top {depth}: {headroom(found, queries, judged, depth):.3f}" for depth in DEPTHS)
        orders = ", ".join(f"{name} {share:.3f}" for name, share in ordering(found, queries, judged).items())
        lines += [f"{set_name}: best judged {K} among the digest's {best}", f"  ordering: {orders}"]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="folder of the corpora (../shared/data)")
    args = parser.parse_args(argv)
    seed = seed_digest()
    try:
        hf2k: Digest | None = hf2k_digest(args.data, seed)
    except MissingData as error:
        print(f"skipping hf2k: {error}", file=sys.stderr)
        hf2k = None
    chosen = sets.judged_sets(hf2k, seed)
    for digest in (hf2k, seed):
        if digest is not None:
            print("\n".join(report(digest, chosen)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
