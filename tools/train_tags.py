"""Train the learned domain tags (`generator/tag/domains.json`) from the arXiv papers in ../shared/data.

    .venv/bin/python tools/train_tags.py [--data ../shared/data] [--output generator/tag/domains.json]

Each domain is a tag of the vocabulary and the arXiv categories that label it. A logistic
regression per domain is fitted on word and two-word features (made by the build's own
`generator.tag.learned.term_matrix`), the terms that weigh most are kept and the model refitted on
them alone, so the file holds every weight the build uses and nothing else. Papers are split by a
hash of their arXiv id: 80 % to fit, 10 % to choose each domain's probability threshold (the
lowest whose precision reaches PRECISION), 10 % to report figures on.

Left out of every split, so that evaluation stays blind: the evaluation bucket of arXiv ids
(`sha256(id) % 5 == 0`, the papers of the judged Hugging Face digest, whichever corpus holds them)
and the seed papers of `site_src/dumps` (by normalised title). scikit-learn is needed here only;
the build reads the file with numpy.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.config import Settings  # noqa: E402
from generator.pipeline import merge_papers, read_dumps  # noqa: E402
from generator.tag import keyphrases, learned, roles  # noqa: E402

ARXIV = "arxiv-cs-74k.jsonl.gz"
DOMAINS = {"Computer vision": ("cs.CV",)}
MIN_PAPERS = 5  # a term must be used by this many training papers
KEPT_TERMS = 2500  # terms kept per domain, by the size of their weight
REGULARISATION = 8.0  # scikit-learn's C
PRECISION = 0.95  # what a domain's threshold must reach on the papers it is chosen on
DIGITS = 5  # decimals kept of each weight, so the file is small and the same on every machine
MADE_BY = "tools/train_tags.py"


@dataclass(frozen=True, slots=True)
class Record:
    arxiv: str
    title: str
    abstract: str
    categories: tuple[str, ...]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--output", type=Path, default=learned.MODEL_FILE)
    args = parser.parse_args(argv)
    records = load_records(args.data / ARXIV, seed_titles())
    model, figures = train(records)
    args.output.write_text(learned.to_json(model, MADE_BY), encoding="utf-8")
    print(f"{len(records)} papers; wrote {args.output} ({len(model.terms)} terms)")
    print(figures)
    return 0


def is_evaluation(arxiv: str) -> bool:
    """The bucket of arXiv ids kept for blind evaluation."""
    return int(hashlib.sha256(arxiv.encode()).hexdigest(), 16) % 5 == 0


def split_of(arxiv: str) -> str:
    """fit, threshold or check, by a hash of the id independent of the evaluation bucket's."""
    bucket = int(hashlib.sha256(f"split:{arxiv}".encode()).hexdigest(), 16) % 10
    return "check" if bucket == 0 else "threshold" if bucket == 1 else "fit"


def normalised_title(title: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", title.lower()))


def seed_titles() -> frozenset[str]:
    """The seed papers' titles: evaluation papers too."""
    settings = Settings(dumps_dir=REPO / "site_src" / "dumps", progress=False)
    catalog = merge_papers(read_dumps(settings), settings)
    return frozenset(normalised_title(paper.title) for paper in catalog.papers)


def load_records(path: Path, excluded_titles: frozenset[str]) -> list[Record]:
    """Every paper of the corpus outside the evaluation bucket and the seeds, sorted by id."""
    records = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            if is_evaluation(item["arxiv"]) or normalised_title(item["title"]) in excluded_titles:
                continue
            records.append(Record(item["arxiv"], item["title"], item["abstract"], tuple(item["categories"])))
    return sorted(records, key=lambda record: record.arxiv)


def encode(records: list[Record]) -> keyphrases.Corpus:
    return roles.encode(((r.title, r.abstract) for r in records), keyphrases.word_tokens)


def candidate_terms(corpus: keyphrases.Corpus) -> tuple[str, ...]:
    """Words and two-word terms used by at least MIN_PAPERS papers, sorted."""
    size = len(corpus.vocabulary)
    words = np.unique(corpus.paper * size + corpus.ids) % size
    word_papers = np.bincount(words, minlength=size)
    start = np.flatnonzero((corpus.ids[:-1] > 0) & (corpus.ids[1:] > 0))
    pairs = np.unique(np.stack([corpus.paper[start], corpus.ids[start] * size + corpus.ids[start + 1]]), axis=1)
    keys, pair_papers = np.unique(pairs[1], return_counts=True)
    terms = [corpus.vocabulary[i] for i in np.flatnonzero(word_papers >= MIN_PAPERS) if i > 0]
    terms += [f"{corpus.vocabulary[k // size]} {corpus.vocabulary[k % size]}"
              for k in keys[pair_papers >= MIN_PAPERS].tolist()]
    return tuple(sorted(terms))


def labels(records: list[Record]) -> np.ndarray:
    """papers x domains: whether a paper carries one of the domain's categories."""
    return np.array([[bool(set(r.categories) & set(categories)) for categories in DOMAINS.values()]
                     for r in records], bool).reshape(len(records), len(DOMAINS))


def fit(matrix, truth: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weights (terms x domains) and intercepts of one logistic regression per domain."""
    from sklearn.linear_model import LogisticRegression

    weights, intercepts = [], []
    for column in range(truth.shape[1]):
        model = LogisticRegression(C=REGULARISATION, max_iter=5000, tol=1e-6)
        model.fit(matrix, truth[:, column])
        weights.append(model.coef_[0])
        intercepts.append(model.intercept_[0])
    return np.array(weights).T, np.array(intercepts)


def train(records: list[Record]) -> tuple[learned.DomainModel, str]:
    """The model, and its figures on the check papers as a Markdown table."""
    parts = {name: [r for r in records if split_of(r.arxiv) == name] for name in ("fit", "threshold", "check")}
    corpora = {name: encode(part) for name, part in parts.items()}
    truth = {name: labels(part) for name, part in parts.items()}
    terms = candidate_terms(corpora["fit"])
    weights, _ = fit(learned.term_matrix(corpora["fit"], terms), truth["fit"])
    kept = sorted({terms[i] for column in weights.T for i in np.argsort(-np.abs(column))[:KEPT_TERMS]})
    terms = tuple(kept)
    weights, intercepts = fit(learned.term_matrix(corpora["fit"], terms), truth["fit"])
    model = learned.DomainModel(terms, tuple(learned.Domain(name, 0.5, round(float(b), DIGITS))
                                             for name, b in zip(DOMAINS, intercepts)),
                                np.round(weights, DIGITS))
    thresholds = [choose_threshold(p, t) for p, t in zip(learned.predict(corpora["threshold"], model).T,
                                                         truth["threshold"].T)]
    model = learned.DomainModel(terms, tuple(learned.Domain(d.tag, t, d.intercept)
                                             for d, t in zip(model.domains, thresholds)), model.weights)
    return model, figures(learned.predict(corpora["check"], model), truth["check"], model)


def choose_threshold(probability: np.ndarray, truth: np.ndarray) -> float:
    """The lowest threshold (in steps of 0.05) at which precision reaches PRECISION."""
    for threshold in np.round(np.arange(0.5, 1.0, 0.05), 2):
        chosen = probability >= threshold
        if chosen.any() and truth[chosen].mean() >= PRECISION:
            return float(threshold)
    return 0.95


def figures(probability: np.ndarray, truth: np.ndarray, model: learned.DomainModel) -> str:
    rows = ["| domain | check papers | in the domain | threshold | precision | recall |", "|---|---:|---:|---:|---:|---:|"]
    for column, domain in enumerate(model.domains):
        chosen, actual = probability[:, column] >= domain.threshold, truth[:, column]
        precision = actual[chosen].mean() if chosen.any() else float("nan")
        recall = chosen[actual].mean() if actual.any() else float("nan")
        rows.append(f"| {domain.tag} | {len(actual)} | {int(actual.sum())} | {domain.threshold:.2f} "
                    f"| {precision:.3f} | {recall:.3f} |")
    return "\n".join(rows)


if __name__ == "__main__":
    raise SystemExit(main())
