"""The learned domain model: the shipped file, its features, its predictions, and the script that trains it."""

from __future__ import annotations

import importlib.util
import math
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from generator.config import Settings
from generator.pipeline import merge_papers, read_dumps
from generator.tag import keyphrases, learned, roles
from tests.eval.heldout import is_eval_paper

ROOT = Path(__file__).resolve().parents[1]
VISION = ("Real-time semantic segmentation of street scenes",
          "We propose a lightweight convolutional network for semantic segmentation of urban street "
          "images. Our decoder fuses multi-scale features and improves mIoU on Cityscapes and ADE20K "
          "while running at 60 frames per second on a single GPU.")
LANGUAGE = ("Cross-lingual named entity recognition for low-resource languages",
            "We study named entity recognition in low-resource languages. We translate annotated English "
            "sentences, align entity spans with a multilingual encoder and fine-tune on the projected "
            "labels, improving F1 on ten African languages.")


def load_training_script():
    spec = importlib.util.spec_from_file_location("train_tags", ROOT / "tools" / "train_tags.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def model():
    return learned.load_model()


def test_the_shipped_file_is_exactly_what_the_script_writes(model):
    text = learned.MODEL_FILE.read_text(encoding="utf-8")
    assert learned.to_json(model, "tools/train_tags.py") == text
    assert [domain.tag for domain in model.domains] == ["Computer vision"]
    assert all(0.5 <= domain.threshold < 1 for domain in model.domains)


def test_the_model_tells_vision_from_language(model):
    corpus = roles.encode([VISION, LANGUAGE], keyphrases.word_tokens)
    probability = learned.predict(corpus, model)
    assert probability[0, 0] >= model.domains[0].threshold > 0.5 > probability[1, 0]
    assert np.array_equal(probability, learned.predict(corpus, model))


def test_term_features_match_a_plain_count():
    papers = [VISION, LANGUAGE, ("Empty", "")]
    corpus = roles.encode(papers, keyphrases.word_tokens)
    terms = ("semantic segmentation", "we", "languages", "low resource", "absent", "segmentation", "empty")
    matrix = learned.term_matrix(corpus, terms).toarray()
    for row, (title, abstract) in enumerate(papers):
        counts: Counter[str] = Counter()
        segments = [(keyphrases.words(title), roles.TITLE_WEIGHT)]
        segments += [(keyphrases.words(s), weight_of(s)) for s in keyphrases.SENTENCE_END.split(abstract)]
        for words, weight in segments:
            for term in terms:
                size = term.count(" ") + 1
                counts[term] += weight * sum(" ".join(words[i: i + size]) == term
                                             for i in range(len(words) - size + 1))
        plain = np.array([math.log1p(counts[term]) for term in terms])
        norm = np.linalg.norm(plain)
        assert np.allclose(matrix[row], plain / norm if norm else plain)


def weight_of(sentence: str) -> int:
    corpus = roles.encode([("", sentence)], keyphrases.word_tokens)
    return int(corpus.weight[corpus.ids > 0][0]) if (corpus.ids > 0).any() else roles.OTHER_WEIGHT


def test_training_on_a_fixed_input_gives_the_same_file_twice():
    script = load_training_script()
    settings = Settings(dumps_dir=ROOT / "site_src" / "dumps", progress=False)
    papers = merge_papers(read_dumps(settings), settings).papers
    records = [script.Record(f"{number:04d}.{number:05d}", paper.title, paper.abstract,
                             ("cs.CV",) if "image" in paper.abstract.lower() else ("cs.CL",)
                             if "language" in paper.abstract.lower() else ("cs.LG",))
               for number, paper in enumerate(papers)]
    first, figures = script.train(records)
    second, _ = script.train(records)
    assert learned.to_json(first, script.MADE_BY) == learned.to_json(second, script.MADE_BY)
    assert "| Computer vision |" in figures
    assert len(first.terms) <= script.KEPT_TERMS * len(script.DOMAINS)


def test_evaluation_papers_never_reach_training():
    script = load_training_script()
    for arxiv in ("2401.00001", "2503.09566", "2410.12345", "2506.99999", "2411.01234"):
        assert script.is_evaluation(arxiv) == is_eval_paper(arxiv)
