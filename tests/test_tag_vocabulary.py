"""The curated vocabulary: loadable, every mistake reported, exclusions that can take effect."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import SettingsError
from generator.tag import load_vocabulary
from generator.tag.keyphrases import phrase_key

VOCABULARY_FILE = Path(__file__).resolve().parents[1] / "site_src" / "tags.yml"


@pytest.fixture(scope="module")
def vocabulary():
    return load_vocabulary(VOCABULARY_FILE)


def test_vocabulary_has_the_topics_the_field_names(vocabulary):
    names = {topic.tag.name for topic in vocabulary}
    for expected in ("Machine unlearning", "Model merging", "Mixture of experts", "Diffusion models",
                     "Code generation", "Continual learning", "Pruning", "Knowledge distillation",
                     "Vision transformers", "Benchmark", "Survey", "Video generation", "Robotics",
                     "RLHF and preference alignment", "Computer vision", "Language models"):
        assert expected in names
    assert all(topic.tag.description and topic.tag.phrases and topic.tag.curated for topic in vocabulary)
    assert len({topic.tag.slug for topic in vocabulary}) == len(vocabulary)


def test_vocabulary_phrases_match_hyphenated_and_spaced_spellings(vocabulary):
    moe = next(topic.tag for topic in vocabulary if topic.tag.name == "Mixture of experts")
    assert "mixture of experts" in moe.phrases
    assert phrase_key("Mixture-of-Experts") == "mixture of experts"


def test_exclusions_and_evidence_are_read(vocabulary):
    multilingual = next(topic for topic in vocabulary if topic.tag.name == "Multilingual NLP")
    assert "translation" not in multilingual.tag.phrases  # too many senses to stand alone
    uncertainty = next(topic for topic in vocabulary if topic.tag.name == "Uncertainty and calibration")
    assert "calibration set" in uncertainty.unless
    survey = next(topic for topic in vocabulary if topic.tag.name == "Survey")
    assert survey.min_score > 3
    assert {topic.tag.name for topic in vocabulary if topic.broad} == {"Computer vision", "Language models"}
    assert {topic.tag.name for topic in vocabulary if topic.genre} == {
        "Benchmark", "Survey", "Model releases and technical reports"}
    assert {topic.tag.name for topic in vocabulary if not topic.is_reason} == {
        "Computer vision", "Language models", "Benchmark", "Survey", "Model releases and technical reports",
        "Multimodal models", "Reasoning", "Fine-tuning"}


def test_malformed_vocabulary_reports_every_mistake(tmp_path):
    path = tmp_path / "tags.yml"
    path.write_text("tags:\n- {name: Pruning, phrases: [pruning]}\n- {description: nameless}\n"
                    "- {name: Pruning, phrases: [prune]}\n- {name: Odd, phrases: notalist}\n"
                    "- {name: Calibration, phrases: [calibration], unless: [image translation]}\n"
                    "- {name: Strict, phrases: [strict], min_score: 0}\n"
                    "- {name: Long, phrases: [one two three four five six]}\n"
                    "- {name: Wide, phrases: [wide], broad: maybe}\n"
                    "- {name: Kind, phrases: [kind], genre: 1}\n"
                    "- {name: Why, phrases: [why], reason: sometimes}\n", encoding="utf-8")
    with pytest.raises(SettingsError) as raised:
        load_vocabulary(path)
    mistakes = raised.value.mistakes
    assert len(mistakes) == 9
    assert any("#2" in m for m in mistakes) and any("twice" in m for m in mistakes)
    assert any("'Odd'" in m for m in mistakes)
    assert any("'image translation' contains none" in m for m in mistakes)
    assert any("min_score" in m for m in mistakes)
    assert any("more than 5 words" in m for m in mistakes)
    assert any("`broad` must be true or false" in m for m in mistakes)
    assert any("`genre` must be true or false" in m for m in mistakes)
    assert any("`reason` must be true or false" in m for m in mistakes)


@pytest.mark.parametrize("text", ["tags: [", "just a string", "tags: {name: x}"])
def test_unreadable_vocabulary_is_a_settings_error(tmp_path, text):
    path = tmp_path / "tags.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError):
        load_vocabulary(path)


def test_missing_vocabulary_is_a_settings_error(tmp_path):
    with pytest.raises(SettingsError):
        load_vocabulary(tmp_path / "absent.yml")
