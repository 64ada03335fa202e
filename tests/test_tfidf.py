"""The numpy TF-IDF counter gives scikit-learn's vectors exactly, and tagging's one tokenisation
gives both word encodings."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings as hypothesis_settings, strategies as st
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.preprocessing import normalize

from generator.similar import tfidf
from generator.tag import keyphrases
from generator.config import Settings
from generator.pipeline import build_catalog

from .conftest import SEEDS, TODAY

WORDS = ["model", "Model", "the", "of", "a", "x", "llm-based", "state-of-the-art", "-fine", "tuning-",
         "3d", "gpt4", "über", "naïve", "A", "and", "data", "2024", "re-ranking", "_", "δ", "ok"]
TEXT = st.lists(st.sampled_from(WORDS + [" ", ". ", "-", ", ", "\n"]), max_size=30).map("".join)


def sklearn_vectors(documents: list[str], others: list[str], min_df: int, max_df: float):
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, max_df=max_df, min_df=min_df,
                                 stop_words="english", dtype=np.float32, token_pattern=tfidf.TOKEN.pattern)
    matrix = vectorizer.fit_transform(documents).tocsr()
    other = vectorizer.transform(others).tocsr()
    return vectorizer.get_feature_names_out(), vectorizer.idf_, matrix, other


def assert_same(documents: list[str], others: list[str], min_df: int = 1, max_df: float = 1.0) -> None:
    terms, idf, matrix, other = sklearn_vectors(documents, others, min_df, max_df)
    counts, vocabulary = tfidf.fit_counts(documents, min_df, max_df)
    mine = tfidf.weigh(counts, tfidf.idf(counts))
    mine_other = tfidf.weigh(tfidf.count(others, vocabulary), tfidf.idf(counts))
    assert list(vocabulary.terms) == list(terms)
    assert np.array_equal(tfidf.idf(counts), idf)
    for theirs, ours in ((matrix, mine), (other, mine_other)):
        theirs = theirs.copy()
        theirs.sort_indices()  # scikit-learn renumbers columns without re-sorting rows
        assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
        assert np.array_equal(ours.indptr, theirs.indptr)
        assert np.array_equal(ours.indices, theirs.indices)
        assert np.array_equal(ours.data, theirs.data)  # bit for bit, not approximately


def test_the_seed_papers_get_scikit_learns_vectors_exactly():
    papers = build_catalog(Settings(dumps_dir=SEEDS, today=TODAY, similar_count=0, progress=False)).papers
    assert len(papers) > 100
    assert_same([f"{paper.title}. {paper.abstract}" for paper in papers], [paper.title for paper in papers])
    assert_same([paper.abstract for paper in papers], [paper.title for paper in papers], min_df=2, max_df=0.5)


@hypothesis_settings(max_examples=150, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=8), st.lists(TEXT, min_size=1, max_size=4), st.sampled_from([1, 2]),
       st.sampled_from([1.0, 0.5, 0.9]))
def test_any_documents_get_scikit_learns_vectors(documents, others, min_df, max_df):
    try:
        sklearn_vectors(documents, others, min_df, max_df)
    except ValueError:  # scikit-learn refuses a corpus with no term left; ours is merely empty
        counts, vocabulary = tfidf.fit_counts(documents, min_df, max_df)
        assert counts.nnz == 0 and len(vocabulary.terms) == 0
        assert tfidf.weigh(counts, tfidf.idf(counts)).nnz == 0
        assert tfidf.weigh(tfidf.count(others, vocabulary), tfidf.idf(counts)).nnz == 0
        return
    assert_same(documents, others, min_df, max_df)


def test_the_stop_words_are_scikit_learns():
    assert tfidf.STOP_WORDS == ENGLISH_STOP_WORDS


@hypothesis_settings(max_examples=100, deadline=None)
@given(st.integers(1, 8), st.integers(1, 30), st.floats(0, 1), st.integers(0, 10_000))
def test_unit_rows_are_scikit_learns_normalize(rows, columns, density, seed):
    rng = np.random.default_rng(seed)
    dense = (rng.random((rows, columns)) < density) * rng.lognormal(0, 3, (rows, columns))
    matrix = sparse.csr_matrix(dense.astype(np.float32))
    expected = normalize(matrix)
    actual = tfidf.unit_rows(matrix)
    assert actual.dtype == np.float32 and np.array_equal(actual.data, expected.data)
    assert np.array_equal(actual.indices, expected.indices)


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(TEXT, TEXT), max_size=6))
def test_splitting_hyphenated_words_equals_tokenising_again(texts):
    split = keyphrases.split_hyphens(keyphrases.encode(texts, keyphrases.key_words))
    direct = keyphrases.encode(texts, keyphrases.words)
    assert split.vocabulary == direct.vocabulary
    for name in ("ids", "paper", "weight"):
        assert np.array_equal(getattr(split, name), getattr(direct, name))
    assert split.papers == direct.papers
