"""Tags: a loadable curated vocabulary, 2-6 tags a paper, share cap, no lonely derived tags, stable."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

from generator.tag import keyphrases, tags
from generator.config import Settings
from generator.errors import SettingsError
from generator.model import Paper
from generator.pipeline import build_catalog

ROOT = Path(__file__).resolve().parents[1]
VOCABULARY_FILE = ROOT / "site_src" / "tags.yml"
SETTINGS = Settings(progress=False)


def make_paper(slug: str, title: str, abstract: str) -> Paper:
    return Paper(slug=slug, title=title, title_derived=False, abstract=abstract, authors_count=None,
                 organization=None, published=None, upvotes=None, links=(), sources=("x.txt",),
                 added=date(2024, 1, 1))


@pytest.fixture(scope="module")
def vocabulary():
    return tags.load_vocabulary(VOCABULARY_FILE)


@pytest.fixture(scope="module")
def seed_catalog():
    return build_catalog(Settings(dumps_dir=ROOT / "site_src" / "dumps", taxonomy=VOCABULARY_FILE,
                                  progress=False))


def test_vocabulary_has_the_topics_the_field_names(vocabulary):
    names = {tag.name for tag in vocabulary}
    for expected in ("Machine unlearning", "Model merging", "Mixture of experts", "Diffusion models",
                     "Code generation", "Continual learning", "Pruning", "Knowledge distillation",
                     "Vision transformers", "Benchmark", "Survey"):
        assert expected in names
    assert all(tag.description and tag.phrases and tag.curated for tag in vocabulary)
    assert len({tag.slug for tag in vocabulary}) == len(vocabulary)


def test_vocabulary_phrases_match_hyphenated_and_spaced_spellings(vocabulary):
    moe = next(tag for tag in vocabulary if tag.name == "Mixture of experts")
    assert "mixture of experts" in moe.phrases
    assert keyphrases.phrase_key("Mixture-of-Experts") == "mixture of experts"


def test_malformed_vocabulary_reports_every_mistake(tmp_path):
    path = tmp_path / "tags.yml"
    path.write_text("tags:\n- {name: Pruning, phrases: [pruning]}\n- {description: nameless}\n"
                    "- {name: Pruning, phrases: [prune]}\n- {name: Odd, phrases: notalist}\n", encoding="utf-8")
    with pytest.raises(SettingsError) as raised:
        tags.load_vocabulary(path)
    mistakes = raised.value.mistakes
    assert len(mistakes) == 3
    assert any("#2" in m for m in mistakes) and any("twice" in m for m in mistakes)
    assert any("'Odd'" in m for m in mistakes)


@pytest.mark.parametrize("text", ["tags: [", "just a string", "tags: {name: x}"])
def test_unreadable_vocabulary_is_a_settings_error(tmp_path, text):
    path = tmp_path / "tags.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError):
        tags.load_vocabulary(path)


def test_missing_vocabulary_is_a_settings_error(tmp_path):
    with pytest.raises(SettingsError):
        tags.load_vocabulary(tmp_path / "absent.yml")


def test_every_seed_paper_gets_two_to_six_tags(seed_catalog):
    for paper in seed_catalog.papers:
        assert 2 <= len(paper.tags) <= 6, paper.title
        assert len(set(paper.tags)) == len(paper.tags)


def test_no_tag_is_on_more_than_a_quarter_of_the_seed_papers(seed_catalog):
    counts = Counter(name for paper in seed_catalog.papers for name in paper.tags)
    assert max(counts.values()) <= 0.25 * len(seed_catalog.papers)


def test_derived_tags_are_shared_and_every_used_tag_is_listed(seed_catalog):
    counts = Counter(name for paper in seed_catalog.papers for name in paper.tags)
    listed = {tag.name: tag for tag in seed_catalog.tags}
    assert set(listed) == set(counts)
    for name, tag in listed.items():
        assert tag.slug and tag.description
        if not tag.curated:
            assert counts[name] >= 2, name
    assert [tag.name for tag in seed_catalog.tags] == sorted(listed)


def test_seed_papers_get_the_topics_they_are_about(seed_catalog):
    by_title = {paper.title: paper.tags for paper in seed_catalog.papers}
    assert "Machine unlearning" in by_title["Corrective Machine Unlearning"]
    assert "Model merging" in by_title["Parameter Competition Balancing for Model Merging"]
    assert "Mixture of experts" in by_title["A Survey on Mixture of Experts"]
    assert "Survey" in by_title["A Survey on Mixture of Experts"]
    assert "Pruning" in by_title["Rethinking the Value of Network Pruning"]
    dual_head = "Dual-Head Knowledge Distillation: Enhancing Logits Utilization with an Auxiliary Head"
    assert "Knowledge distillation" in by_title[dual_head]


def test_curated_tags_cover_most_seed_papers(seed_catalog):
    curated = {tag.name for tag in seed_catalog.tags if tag.curated}
    covered = sum(1 for paper in seed_catalog.papers if curated & set(paper.tags))
    assert covered / len(seed_catalog.papers) >= 0.95


def test_a_paper_the_vocabulary_misses_gets_shared_key_phrase_tags(vocabulary):
    papers = tuple(make_paper(f"bird-{n}", f"Sparrow song dialects in city parks {n}",
                              "We record sparrow song dialects across city parks and compare sparrow song "
                              "dialects with rural birds.") for n in range(3))
    others = tuple(make_paper(f"prune-{n}", f"Structured pruning {n}", "Pruning of networks.")
                   for n in range(13))
    tagged, used = tags.tag_papers(papers + others, vocabulary, SETTINGS)
    birds = [paper for paper in tagged if paper.slug.startswith("bird")]
    assert all(len(paper.tags) >= 2 for paper in birds)
    derived = {tag.name for tag in used if not tag.curated}
    assert set(birds[0].tags) <= derived
    assert all(tag.slug.startswith("topic-") for tag in used if not tag.curated)


def test_tags_do_not_depend_on_input_order(seed_catalog, vocabulary):
    papers = tuple(replace(paper, tags=(), similar=()) for paper in seed_catalog.papers)
    shuffled = list(papers)
    random.Random(3).shuffle(shuffled)
    first, first_used = tags.tag_papers(papers, vocabulary, SETTINGS)
    second, second_used = tags.tag_papers(tuple(shuffled), vocabulary, SETTINGS)
    assert {p.slug: p.tags for p in first} == {p.slug: p.tags for p in second}
    assert first_used == second_used
    assert [p.slug for p in second] == [p.slug for p in shuffled]


def test_share_cap_follows_the_setting(seed_catalog, vocabulary):
    papers = tuple(replace(paper, tags=()) for paper in seed_catalog.papers)
    tagged, _ = tags.tag_papers(papers, vocabulary, replace(SETTINGS, max_tag_share=0.1, max_tags=4))
    counts = Counter(name for paper in tagged for name in paper.tags)
    assert max(counts.values()) <= 0.1 * len(papers)
    assert all(len(paper.tags) <= 4 for paper in tagged)


def test_no_papers_no_tags(vocabulary):
    assert tags.tag_papers((), vocabulary, SETTINGS) == ((), ())


WORDS = st.sampled_from("pruning unlearning merging diffusion sparrow river token policy reward graph "
                        "the of a model code survey benchmark experts mixture".split())


@hypothesis_settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(WORDS, min_size=1, max_size=30), min_size=1, max_size=12))
def test_tagging_keeps_its_limits_on_any_text(vocabulary, abstracts):
    papers = tuple(make_paper(f"p{n:02d}", " ".join(words[:4]), " ".join(words))
                   for n, words in enumerate(abstracts))
    tagged, used = tags.tag_papers(papers, vocabulary, SETTINGS)
    counts = Counter(name for paper in tagged for name in paper.tags)
    assert [paper.slug for paper in tagged] == [paper.slug for paper in papers]
    assert all(len(paper.tags) <= SETTINGS.max_tags for paper in tagged)
    assert all(count <= max(1, int(SETTINGS.max_tag_share * len(papers))) for count in counts.values())
    assert {tag.name for tag in used} == set(counts)
    assert all(counts[tag.name] >= 2 for tag in used if not tag.curated)
