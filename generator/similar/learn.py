"""Learn the term model similar papers use, from the real papers in `../shared/data`.

A digest of a few thousand papers is too small to learn which words go together, so the model is
learned once, offline, from the ~64,000 real papers outside the evaluation bucket, and shipped as
`terms.npz` (see `terms.py`; the README says how to run this again):

    .venv/bin/python tools/train_similar.py --data ../shared/data

For the most frequent terms it stores
- a latent vector: the term's row of a truncated SVD of the papers' TF-IDF matrix (latent semantic
  analysis), so that papers saying the same thing in different words still come out close, then
  trained contrastively (`encoder.py`) so that a paper's title and abstract, and the two halves of
  its abstract, come out closer to each other than to other papers;
- its topicality: how much the papers that use it cluster in the LSA space more than random
  papers do. "kv cache" or "gaussian splatting" gather papers of one topic; "open", "release" or
  "publicly available" are spread over every topic, however rare they are;
- its closing share: how many of the papers using it use it in their abstract's last sentence only,
  where abstracts say where the code is ("code available", "project page", "github": nearly all)
  and topics are rarely named first ("gaussian splatting", "unlearning": nearly none).

The evaluation's papers (`tests/eval/heldout.py`: the hf-daily papers whose arXiv id hashes to
bucket 0 of 5) are left out by arXiv id, from both corpora, and the seed papers by title (the
script passes them), so that the judged figures measure papers the model never saw.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from . import encoder, tfidf
from .terms import TermModel

CORPORA = ("arxiv-cs-74k.jsonl.gz", "hf-daily-9k.jsonl.gz")
EVAL_BUCKETS, EVAL_BUCKET = 5, 0  # the rule of tests/eval/heldout.py (a test holds them equal)
MIN_PAPERS = 5  # a term in fewer papers is not learned (it is rare: topical by default)
MAX_SHARE = 0.5  # as the digest's vectors: terms in more than half of the papers are dropped
DIMENSIONS = 96
TERMS = 40_000  # the most frequent terms keep a latent vector and a topicality
SEED = 0
POWER_ITERATIONS = 5
OVERSAMPLE = 20
SENTENCE_END = re.compile(r"(?<=[.!?]) ")
MIN_SENTENCES = 3  # an abstract's last sentence is a closing one only if it has a few


def is_eval_paper(arxiv_id: str) -> bool:
    """Whether a paper is in the evaluation bucket, which nothing may be learned from."""
    return int(hashlib.sha256(arxiv_id.encode("utf-8")).hexdigest(), 16) % EVAL_BUCKETS == EVAL_BUCKET


def normalised_title(title: str) -> str:
    """Lower-case letters and digits joined by single spaces: how the seed papers are matched."""
    return " ".join(re.findall(r"[a-z0-9]+", title.lower()))


@dataclass(frozen=True, slots=True)
class TrainingPaper:
    title: str
    abstract: str

    @property
    def text(self) -> str:
        return f"{self.title}. {self.abstract}"

    @property
    def closing(self) -> str:
        """The abstract's last sentence, when it has at least three ("" otherwise)."""
        sentences = self.abstract.rstrip(". ").split(". ")
        return sentences[-1] if len(sentences) >= MIN_SENTENCES else ""

    @property
    def halves(self) -> tuple[str, str]:
        """The title with the first half of the abstract's sentences, and the second half."""
        sentences = SENTENCE_END.split(self.abstract)
        middle = len(sentences) // 2
        return f"{self.title}. {' '.join(sentences[:middle])}", " ".join(sentences[middle:])

    @property
    def opening(self) -> str:
        """The title and every sentence of the abstract but its closing one ("" without one)."""
        sentences = self.abstract.rstrip(". ").split(". ")
        return f"{self.title}. {'. '.join(sentences[:-1])}" if len(sentences) >= MIN_SENTENCES else ""


def training_papers(data_dir: Path, excluded_titles: frozenset[str] = frozenset()) -> list[TrainingPaper]:
    """Every paper outside the evaluation bucket, once per arXiv id, in the order of their ids;
    papers whose normalised title (`normalised_title`) is in `excluded_titles` left out too."""
    papers: dict[str, TrainingPaper] = {}
    for name in CORPORA:
        with gzip.open(data_dir / name, "rt", encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                if not is_eval_paper(record["arxiv"]) and normalised_title(record["title"]) not in excluded_titles:
                    papers.setdefault(record["arxiv"], TrainingPaper(" ".join(record["title"].split()),
                                                                     " ".join(record["abstract"].split())))
    return [papers[arxiv] for arxiv in sorted(papers)]


def learn_term_model(papers: list[TrainingPaper], dimensions: int = DIMENSIONS, terms: int = TERMS,
                     epochs: int = encoder.EPOCHS, report=None) -> TermModel:  # type: ignore[no-untyped-def]
    """Latent vectors, topicality and closing share of the `terms` most frequent terms of `papers`;
    the vectors from LSA, then fine-tuned contrastively for `epochs` passes (`encoder.py`)."""
    counts, vocabulary = tfidf.fit_counts([paper.text for paper in papers], min_df=MIN_PAPERS, max_df=MAX_SHARE)
    idf = tfidf.idf(counts)
    matrix = tfidf.weigh(counts, idf)
    term_vectors = _truncated_svd(matrix, dimensions)
    latent = _unit(np.asarray(matrix @ term_vectors))  # each paper's latent direction
    frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    topicality = _topicality(counts, latent, frequency)
    closing = _closing_share(papers, vocabulary)
    kept = np.sort(np.argsort(-frequency, kind="stable")[:terms])  # alphabetical, as the columns
    vectors = term_vectors[kept]
    if epochs:
        vectors = encoder.fine_tune(vectors, _views(papers, vocabulary, kept, idf), epochs, report=report)
    return TermModel(terms=vocabulary.terms[kept], vectors=vectors.astype(np.float16),
                     topicality=topicality[kept].astype(np.float16), closing=closing[kept].astype(np.float16),
                     papers=len(papers))


def _views(papers: list[TrainingPaper], vocabulary: tfidf.Vocabulary, kept: np.ndarray,
           idf: np.ndarray) -> list[encoder.Views]:
    """The two pairs of views the encoder learns from: title and abstract; the title with the
    first half of the abstract's sentences and the other half."""
    def weighed(texts: list[str]) -> sparse.csr_matrix:
        return tfidf.weigh(tfidf.count(texts, vocabulary)[:, kept], idf[kept]).tocsr()

    halves = [paper.halves for paper in papers]
    return [encoder.Views(weighed([paper.title for paper in papers]), weighed([paper.abstract for paper in papers])),
            encoder.Views(weighed([first for first, _ in halves]), weighed([second for _, second in halves]))]


def _truncated_svd(matrix: sparse.csr_matrix, dimensions: int) -> np.ndarray:
    """The top right singular vectors (one column each), by randomized subspace
    iteration (Halko, Martinsson and Tropp 2011) from a fixed seed: the same papers, the same model."""
    rng = np.random.default_rng(SEED)
    probe = rng.standard_normal((matrix.shape[1], dimensions + OVERSAMPLE)).astype(np.float32)
    basis, _ = np.linalg.qr(matrix @ probe)
    for _ in range(POWER_ITERATIONS):
        basis, _ = np.linalg.qr(matrix.T @ basis)
        basis, _ = np.linalg.qr(matrix @ basis)
    _, _, right = np.linalg.svd(np.asarray((matrix.T @ basis).T), full_matrices=False)
    right = right[:dimensions].T
    # Fix each direction's sign (its largest entry positive), which an SVD leaves free.
    signs = np.sign(right[np.abs(right).argmax(axis=0), np.arange(dimensions)])
    return (right * signs).astype(np.float32)


def _topicality(counts: sparse.csr_matrix, papers: np.ndarray, frequency: np.ndarray) -> np.ndarray:
    """How much closer the papers using each term are to one another than as many random papers.

    The squared length of the mean of n unit vectors drawn at random is |mean|^2 + (1 - |mean|^2) / n
    on average; a term's topicality is how far its papers' mean exceeds that, on a scale where
    1 means they all point the same way.
    """
    sums = np.asarray(_uses(counts).T @ papers)
    frequency = np.maximum(frequency, 1).astype(np.float64)
    overall = papers.mean(axis=0)
    base = float(overall @ overall)
    squared = (sums.astype(np.float64) ** 2).sum(axis=1) / frequency ** 2
    return (squared - base - (1 - base) / frequency) / (1 - base)


def _closing_share(papers: list[TrainingPaper], vocabulary: tfidf.Vocabulary) -> np.ndarray:
    """Of the papers (with three sentences or more) that use each term, the share using it in the
    last sentence of their abstract only."""
    in_closing = _uses(tfidf.count([paper.closing for paper in papers], vocabulary))
    in_rest = _uses(tfidf.count([paper.opening for paper in papers], vocabulary))
    both = in_closing.multiply(in_rest).sum(axis=0).A1
    closing_only = in_closing.sum(axis=0).A1 - both
    return closing_only / np.maximum(closing_only + in_rest.sum(axis=0).A1, 1)


def _uses(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """1 where a document uses a term."""
    return sparse.csr_matrix((np.ones(counts.nnz, np.float32), counts.indices, counts.indptr), shape=counts.shape)


def _unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
