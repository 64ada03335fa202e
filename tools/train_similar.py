"""Learn the term model similar papers use (`generator/similar/terms.npz`) from ../shared/data.

    .venv/bin/python tools/train_similar.py [--data ../shared/data] [--output generator/similar/terms.npz]

`generator/similar/learn.py` says what is learned and how. Left out, so that evaluation stays
blind: the evaluation bucket of arXiv ids (`tests/eval/heldout.py`) and the seed papers of
`site_src/dumps` (by normalised title). Plain numpy and scipy: nothing beyond the build's own
dependencies.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.config import Settings  # noqa: E402
from generator.pipeline import merge_papers, read_dumps  # noqa: E402
from generator.similar import learn  # noqa: E402
from generator.similar.terms import MODEL_PATH, save_term_model  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data", help="folder of the corpora")
    parser.add_argument("--output", type=Path, default=MODEL_PATH, help=f"where to write (default {MODEL_PATH.name})")
    parser.add_argument("--dimensions", type=int, default=learn.DIMENSIONS, help="latent dimensions")
    parser.add_argument("--terms", type=int, default=learn.TERMS, help="terms kept, most frequent first")
    parser.add_argument("--epochs", type=int, default=learn.encoder.EPOCHS, help="contrastive passes (0: LSA only)")
    args = parser.parse_args(argv)
    missing = [name for name in learn.CORPORA if not (args.data / name).is_file()]
    if missing:
        print(f"error: {', '.join(missing)} not found in {args.data}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    papers = learn.training_papers(args.data, seed_titles())
    model = learn.learn_term_model(papers, args.dimensions, args.terms, args.epochs, report=_report(start))
    save_term_model(model, args.output)
    print(f"{len(papers)} papers, {len(model.terms)} terms x {model.vectors.shape[1]} dimensions -> "
          f"{args.output} ({args.output.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - start:.0f} s")
    return 0


def seed_titles() -> frozenset[str]:
    """The seed papers' normalised titles: evaluation papers too."""
    settings = Settings(dumps_dir=REPO / "site_src" / "dumps", progress=False)
    catalog = merge_papers(read_dumps(settings), settings)
    return frozenset(learn.normalised_title(paper.title) for paper in catalog.papers)


def _report(start: float):  # type: ignore[no-untyped-def]
    def report(epoch: int, loss: float) -> None:
        print(f"epoch {epoch + 1}: contrastive loss {loss:.4f} ({time.perf_counter() - start:.0f} s)", flush=True)
    return report


if __name__ == "__main__":
    sys.exit(main())
