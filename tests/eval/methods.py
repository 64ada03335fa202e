"""The methods whose tags and links are judged, each a plain function of a built catalog.

A link method maps a catalog to `{slug: [slug, ...]}` (best first), a tag method to
`{slug: [tag name, ...]}`. The registries below are what the packets pool from and what the
evaluator prints; a method under trial elsewhere joins with `--link-method NAME=module:function`
(or `--tag-method`) on the command line, without being added here.

The baseline is plain TF-IDF exactly as the issue defines it (scikit-learn, uni- and bi-grams,
sublinear tf, English stop words, `max_df=0.1`, cosine, the top 5 whatever their score). BM25 and
LSA are there to widen the pool of judged candidates beyond what TF-IDF and the digest propose.
"""

from __future__ import annotations

import importlib
from typing import Callable

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from generator.model import Catalog

LinkMethod = Callable[[Catalog], dict[str, list[str]]]
TagMethod = Callable[[Catalog], dict[str, list[str]]]
ShownReasons = dict[str, list[tuple[str, tuple[str, ...]]]]  # slug -> [(linked slug, phrases shown), ...]
K = 5
BM25_K1, BM25_B = 1.2, 0.75
LSA_DIMENSIONS = 200


def tfidf_links(catalog: Catalog) -> dict[str, list[str]]:
    """The baseline: plain TF-IDF cosine, the 5 nearest papers whatever their score."""
    vectors = _tfidf(catalog)
    return _nearest(catalog, (vectors @ vectors.T).toarray())


def digest_links(catalog: Catalog) -> dict[str, list[str]]:
    """The links the digest shows."""
    return {paper.slug: [link.slug for link in paper.similar] for paper in catalog.papers}


def bm25_links(catalog: Catalog) -> dict[str, list[str]]:
    """Okapi BM25 with each paper's distinct words as the query."""
    counts = CountVectorizer(stop_words="english").fit_transform(_texts(catalog)).tocsr().astype(float)
    lengths = np.asarray(counts.sum(axis=1)).ravel()
    document_frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.log(1 + (counts.shape[0] - document_frequency + 0.5) / (document_frequency + 0.5))
    norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths / max(lengths.mean(), 1.0))
    weights = counts.copy()
    rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    weights.data = idf[counts.indices] * counts.data * (BM25_K1 + 1) / (counts.data + norm[rows])
    queries = counts.copy()
    queries.data[:] = 1.0
    return _nearest(catalog, (queries @ weights.T).toarray())


def lsa_links(catalog: Catalog) -> dict[str, list[str]]:
    """Cosine in a latent space: the baseline's TF-IDF vectors cut to their top singular directions.

    The papers' coordinates U S come from the eigenvectors of the papers' Gram matrix: exact, with
    no random start, and fast while papers are far fewer than terms.
    """
    vectors = _tfidf(catalog)
    with threadpool_limits(1):  # on a busy machine, BLAS threads wait on each other for many seconds
        eigenvalues, eigenvectors = np.linalg.eigh((vectors @ vectors.T).toarray())
    top = np.argsort(eigenvalues)[::-1][:LSA_DIMENSIONS]
    reduced = normalize(eigenvectors[:, top] * np.sqrt(np.clip(eigenvalues[top], 0, None)))
    return _nearest(catalog, reduced @ reduced.T)


def digest_reasons(catalog: Catalog) -> ShownReasons:
    """The links the digest shows, each with the phrases shown as the reason (`SimilarLink.shared`)."""
    return {paper.slug: [(link.slug, link.shared) for link in paper.similar] for paper in catalog.papers}


def digest_tags(catalog: Catalog) -> dict[str, list[str]]:
    """The tags the digest shows."""
    return {paper.slug: list(paper.tags) for paper in catalog.papers}


LINK_METHODS: dict[str, LinkMethod] = {"tf-idf": tfidf_links, "digest": digest_links,
                                       "bm25": bm25_links, "lsa": lsa_links}
BASELINE = "tf-idf"
SHOWN_LINK_METHODS = ("digest",)  # what the evaluator scores against the baseline by default
TAG_METHODS: dict[str, TagMethod] = {"digest": digest_tags}


def load_method(spec: str) -> tuple[str, Callable[[Catalog], dict[str, list[str]]]]:
    """`NAME=package.module:function` -> (NAME, the function)."""
    name, separator, target = spec.partition("=")
    module_name, colon, function_name = target.partition(":")
    if not separator or not colon or not name or not module_name or not function_name:
        raise ValueError(f"expected NAME=package.module:function, got {spec!r}")
    return name, getattr(importlib.import_module(module_name), function_name)


def _texts(catalog: Catalog) -> list[str]:
    return [f"{paper.title}. {paper.abstract}" for paper in catalog.papers]


def _tfidf(catalog: Catalog) -> sparse.csr_matrix:
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english", max_df=0.1)
    return vectorizer.fit_transform(_texts(catalog)).tocsr()


def _nearest(catalog: Catalog, scores: np.ndarray, k: int = K) -> dict[str, list[str]]:
    """The k best-scored other papers of each paper; ties go to the earlier slug."""
    np.fill_diagonal(scores, -np.inf)
    order = np.argsort(-scores, axis=1, kind="stable")[:, :k]
    slugs = [paper.slug for paper in catalog.papers]
    return {slugs[row]: [slugs[column] for column in order[row]] for row in range(len(slugs))}
