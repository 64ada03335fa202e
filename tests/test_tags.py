"""Tags: evidence in the tag's sense, no filler, 1-6 tags a paper, share cap, learned domains, stable."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

from generator.tag import load_vocabulary, tag_papers
from generator.config import Settings
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
    return load_vocabulary(VOCABULARY_FILE)


@pytest.fixture(scope="module")
def seed_catalog():
    return build_catalog(Settings(dumps_dir=ROOT / "site_src" / "dumps", taxonomy=VOCABULARY_FILE,
                                  progress=False))


def tags_of(vocabulary, title: str, abstract: str, others: int = 7) -> tuple[str, ...]:
    """The tags of one paper in a digest of unrelated filler papers (so no share cap bites)."""
    filler = tuple(make_paper(f"z{n}", f"Sparrow song dialects {n}", "We record sparrow song in parks.")
                   for n in range(others))
    tagged, _ = tag_papers((make_paper("a", title, abstract), *filler), vocabulary, SETTINGS)
    return tagged[0].tags


def test_every_seed_paper_gets_one_to_six_tags(seed_catalog):
    for paper in seed_catalog.papers:
        assert 1 <= len(paper.tags) <= 6, paper.title
        assert len(set(paper.tags)) == len(paper.tags)


def test_no_tag_is_on_more_than_a_quarter_of_the_seed_papers(seed_catalog):
    counts = Counter(name for paper in seed_catalog.papers for name in paper.tags)
    assert max(counts.values()) <= 0.25 * len(seed_catalog.papers)


def test_no_filler_many_seed_papers_carry_a_single_tag(seed_catalog):
    counts = Counter(len(paper.tags) for paper in seed_catalog.papers)
    assert counts[1] >= 0.2 * len(seed_catalog.papers)


def test_every_used_tag_is_listed_and_derived_tags_are_phrases(seed_catalog):
    counts = Counter(name for paper in seed_catalog.papers for name in paper.tags)
    listed = {tag.name: tag for tag in seed_catalog.tags}
    assert set(listed) == set(counts)
    for name, tag in listed.items():
        assert tag.slug and tag.description
        if not tag.curated:
            assert tag.slug.startswith("topic-") and " " in name, name
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
    assert "Computer vision" in by_title["Sensitivity-Aware Visual Parameter-Efficient Fine-Tuning"]


def test_curated_tags_cover_most_seed_papers(seed_catalog):
    curated = {tag.name for tag in seed_catalog.tags if tag.curated}
    covered = sum(1 for paper in seed_catalog.papers if curated & set(paper.tags))
    assert covered / len(seed_catalog.papers) >= 0.95


@pytest.mark.parametrize("title, abstract, wrong", [
    ("Unpaired image-to-image translation with cycle-consistent GANs",
     "We propose a GAN for image-to-image translation. Image-to-image translation maps photos to "
     "paintings, and our image-to-image translation model needs no paired data.", "Multilingual NLP"),
    ("Post-training quantization of large language models",
     "We propose a quantization method that needs only a small calibration set. The calibration set "
     "holds 128 samples; with this calibration set, 4-bit weights keep their accuracy.",
     "Uncertainty and calibration"),
    ("Completing knowledge graphs with language models",
     "We introduce a method for knowledge graph completion. Each knowledge graph is read as text, "
     "and the knowledge graph triples are ranked by a language model.", "Graph neural networks"),
    ("Merging visual tokens for faster vision transformers",
     "We propose token merging for vision transformers. Token merging combines similar tokens, and "
     "merging tokens in early layers halves the latency.", "Model merging"),
])
def test_a_phrase_in_another_sense_gives_no_tag(vocabulary, title, abstract, wrong):
    assert wrong not in tags_of(vocabulary, title, abstract)


def test_a_passing_mention_gives_no_tag_and_the_title_does(vocabulary):
    background = ("Catastrophic forgetting troubles many systems. We propose a sparse attention kernel "
                  "for long documents that is twice as fast on GPUs.")
    assert "Continual learning" not in tags_of(vocabulary, "A faster attention kernel", background)
    assert "Continual learning" in tags_of(vocabulary, "Overcoming catastrophic forgetting", background)


def test_a_benchmark_still_names_its_topic_from_weaker_evidence(vocabulary):
    """Benchmark says what kind of paper it is, not what it is about: the topic comes along."""
    title = "A benchmark of long sessions, and a leaderboard"
    abstract = ("We release a benchmark of 500 tasks and evaluate 20 models on the benchmark. "
                "Most failures come from memory management; better memory management halves them.")
    tags = tags_of(vocabulary, title, abstract)
    assert "Benchmark" in tags and "Memory in agents and LLMs" in tags


def test_a_paper_the_vocabulary_misses_gets_a_key_phrase_tag(vocabulary):
    papers = tuple(make_paper(f"bird-{n}", f"Sparrow song dialects in city parks {n}",
                              "We record sparrow song dialects across city parks and compare sparrow song "
                              "dialects with rural birds.") for n in range(3))
    others = tuple(make_paper(f"prune-{n}", f"Structured pruning {n}", "Pruning of networks.")
                   for n in range(13))
    tagged, used = tag_papers(papers + others, vocabulary, SETTINGS)
    birds = [paper for paper in tagged if paper.slug.startswith("bird")]
    assert all(len(paper.tags) >= 1 for paper in birds)
    derived = {tag.name for tag in used if not tag.curated}
    assert set(birds[0].tags) <= derived
    assert all(tag.slug.startswith("topic-") for tag in used if not tag.curated)


def test_tags_do_not_depend_on_input_order(seed_catalog, vocabulary):
    papers = tuple(replace(paper, tags=(), similar=()) for paper in seed_catalog.papers)
    shuffled = list(papers)
    random.Random(3).shuffle(shuffled)
    first, first_used = tag_papers(papers, vocabulary, SETTINGS)
    second, second_used = tag_papers(tuple(shuffled), vocabulary, SETTINGS)
    assert {p.slug: p.tags for p in first} == {p.slug: p.tags for p in second}
    assert first_used == second_used
    assert [p.slug for p in second] == [p.slug for p in shuffled]


def test_share_cap_follows_the_setting(seed_catalog, vocabulary):
    papers = tuple(replace(paper, tags=()) for paper in seed_catalog.papers)
    tagged, _ = tag_papers(papers, vocabulary, replace(SETTINGS, max_tag_share=0.1, max_tags=4))
    counts = Counter(name for paper in tagged for name in paper.tags)
    assert max(counts.values()) <= 0.1 * len(papers)
    assert all(len(paper.tags) <= 4 for paper in tagged)


def test_no_papers_no_tags(vocabulary):
    assert tag_papers((), vocabulary, SETTINGS) == ((), ())


WORDS = st.sampled_from("pruning unlearning merging diffusion sparrow river token policy reward graph "
                        "the of a model code survey benchmark experts mixture we propose image . ,".split())


@hypothesis_settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(WORDS, min_size=1, max_size=30), min_size=1, max_size=12))
def test_tagging_keeps_its_limits_on_any_text(vocabulary, abstracts):
    papers = tuple(make_paper(f"p{n:02d}", " ".join(words[:4]), " ".join(words))
                   for n, words in enumerate(abstracts))
    tagged, used = tag_papers(papers, vocabulary, SETTINGS)
    counts = Counter(name for paper in tagged for name in paper.tags)
    assert [paper.slug for paper in tagged] == [paper.slug for paper in papers]
    assert all(len(paper.tags) <= SETTINGS.max_tags for paper in tagged)
    assert all(count <= max(1, int(SETTINGS.max_tag_share * len(papers))) for count in counts.values())
    assert {tag.name for tag in used} == set(counts)
