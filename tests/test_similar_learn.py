"""The offline learner of the term model (generator/similar/learn.py), on small corpora of its own."""

from __future__ import annotations

import gzip
import json
import random

import numpy as np
import pytest

from generator.similar import learn
from generator.similar.learn import TrainingPaper
from generator.similar.terms import load_term_model, save_term_model
from tests.eval.heldout import is_eval_paper

TOPICS = {
    "splatting": "gaussian splatting radiance fields novel view rendering scenes",
    "unlearning": "machine unlearning forget set erase influence retain privacy",
    "decoding": "speculative decoding draft model verify tokens latency speedup",
}
EVERYWHERE = "we release our code"


def corpus(papers_per_topic: int = 40, seed: int = 0) -> list[TrainingPaper]:
    """Papers of three topics; a third of each topic's end with the same closing sentence."""
    rng = random.Random(seed)
    papers = []
    for topic, words in TOPICS.items():
        for number in range(papers_per_topic):
            chosen = rng.sample(words.split(), 5)
            closing = f" {EVERYWHERE}." if number % 3 == 0 else ""
            papers.append(TrainingPaper(f"On {chosen[0]} {chosen[1]}", f"We study {' '.join(chosen)}. "
                                        f"It holds for {' '.join(rng.sample(words.split(), 3))}.{closing}"))
    return papers


def test_the_learner_leaves_out_exactly_the_evaluation_papers(tmp_path):
    ids = [f"2501.{number:05d}" for number in range(200)]
    for name in learn.CORPORA:
        with gzip.open(tmp_path / name, "wt", encoding="utf-8") as file:
            for arxiv in ids:
                file.write(json.dumps({"arxiv": arxiv, "title": f"Paper {arxiv}", "abstract": "Text."}) + "\n")
    titles = {paper.title for paper in learn.training_papers(tmp_path)}
    assert titles == {f"Paper {arxiv}" for arxiv in ids if not is_eval_paper(arxiv)}
    assert all(learn.is_eval_paper(arxiv) == is_eval_paper(arxiv) for arxiv in ids)
    assert 0 < sum(map(is_eval_paper, ids)) < len(ids)


@pytest.fixture(scope="module")
def model():
    return learn.learn_term_model(corpus(), dimensions=4, terms=500)


def test_topic_words_are_topical_and_words_of_every_topic_are_not(model):
    topicality = dict(zip(model.terms.tolist(), model.topicality.astype(float).tolist()))
    for word in ("splatting", "unlearning", "speculative"):
        assert topicality[word] > 0.5, word
    assert topicality["release"] < 0.2  # in a third of every topic's papers: spread over all three


def test_closing_sentence_words_have_a_high_closing_share(model):
    closing = dict(zip(model.terms.tolist(), model.closing.astype(float).tolist()))
    assert closing["release code"] == pytest.approx(1.0)
    assert closing["unlearning"] < 0.5


def test_the_model_is_the_same_every_time_and_survives_saving(model, tmp_path):
    again = learn.learn_term_model(corpus(), dimensions=4, terms=500)
    assert np.array_equal(model.vectors, again.vectors) and np.array_equal(model.terms, again.terms)
    save_term_model(model, tmp_path / "terms.npz")
    loaded = load_term_model(tmp_path / "terms.npz")
    assert np.array_equal(loaded.vectors, model.vectors) and np.array_equal(loaded.closing, model.closing)
    assert list(loaded.terms) == sorted(loaded.terms) and loaded.papers == len(corpus())


def test_latent_vectors_put_papers_of_one_topic_together(model):
    from generator.similar import tfidf
    from generator.similar.terms import latent_rows, model_rows
    texts = ["gaussian splatting for scenes", "radiance fields and novel view rendering", "machine unlearning of data"]
    counts, vocabulary = tfidf.fit_counts(texts)
    latent = latent_rows(tfidf.weigh(counts, tfidf.idf(counts)), model_rows(model, vocabulary.terms), model)
    assert latent[0] @ latent[1] > latent[0] @ latent[2] + 0.5


def test_contrastive_passes_bring_a_papers_two_views_together():
    """After fine-tuning, a paper's title is nearer its own abstract than before, relative to the
    other papers' abstracts (the rank of its own abstract among all of them improves)."""
    from generator.similar import encoder, tfidf
    papers = named_corpus()
    counts, vocabulary = tfidf.fit_counts([paper.text for paper in papers])
    idf = tfidf.idf(counts)
    kept = np.arange(len(vocabulary.terms))
    views = learn._views(papers, vocabulary, kept, idf)
    start = np.random.default_rng(0).standard_normal((len(kept), 8)).astype(np.float32) * 0.1
    losses: list[float] = []
    tuned = encoder.fine_tune(start, views, epochs=60, batch=32, report=lambda epoch, loss: losses.append(loss))
    assert losses[-1] < losses[0] * 0.75
    assert np.array_equal(tuned, encoder.fine_tune(start, views, epochs=60, batch=32))

    def own_rank(vectors: np.ndarray) -> float:
        titles, abstracts = (_unit(np.asarray(view @ vectors)) for view in (views[0].left, views[0].right))
        similarity = titles @ abstracts.T
        return float(np.mean((similarity > np.diag(similarity)[:, None]).sum(axis=1)))

    assert own_rank(tuned) < own_rank(start * encoder.INITIAL_SCALE) / 2


def named_corpus(papers_per_topic: int = 30) -> list[TrainingPaper]:
    """Papers of the three topics, each naming its own method (a made-up word) in its title and
    its abstract: what tells one paper's views from another's."""
    rng = random.Random(1)
    papers = []
    for topic, words in TOPICS.items():
        for _ in range(papers_per_topic):
            name = "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(3))
            papers.append(TrainingPaper(f"{name.title()}: {' '.join(rng.sample(words.split(), 2))}",
                                        f"We present {name} for {' '.join(rng.sample(words.split(), 4))}. "
                                        f"{name.title()} improves {' '.join(rng.sample(words.split(), 3))}."))
    return papers


def _unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
