"""The judging machinery: the held-out rule, pooling, blind packets, ingesting answers, the figures."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
import yaml

from generator.model import Catalog, Paper, SimilarLink
from tests.eval import figures, heldout, judgments, metrics, packets, pooling
from tests.eval.digests import Digest
from tests.eval.ingest import ingest_round
from tests.eval.judgments import LinkJudgments, PairJudgment, PaperTags, TagJudgment
from tests.eval.packet_text import PAIR_RUBRIC, TAG_RUBRIC


def make_digest(count: int = 8) -> Digest:
    """Papers a..h, each linked to the next three, tagged with a topic word."""
    slugs = [chr(ord("a") + index) for index in range(count)]
    papers = tuple(Paper(slug=slug, title=f"Paper {slug.upper()} on topic {slug}", title_derived=False,
                         abstract=f"The abstract of paper {slug}, about topic {slug}.", authors_count=None,
                         organization=None, published=None, upvotes=None, links=(), sources=("x.txt",),
                         added=date(2025, 1, 1), tags=(f"Topic {slug}", "Shared"),
                         similar=tuple(SimilarLink(slugs[(index + step) % count], 0.5) for step in (1, 2, 3)))
                   for index, slug in enumerate(slugs))
    return Digest("hf2k", Catalog(papers), {slug: f"id-{slug}" for slug in slugs})


def shown(links: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    return lambda catalog: links


def pair(grade: int) -> PairJudgment:
    return PairJudgment(grade, "because", 1)


def test_eval_papers_are_the_sha256_bucket_zero_of_five():
    ids = [f"2501.{number:05d}" for number in range(2000)]
    chosen = [arxiv for arxiv in ids if heldout.is_eval_paper(arxiv)]
    assert chosen == [arxiv for arxiv in ids if int(hashlib.sha256(arxiv.encode()).hexdigest(), 16) % 5 == 0]
    assert 350 < len(chosen) < 450


def test_ndcg_counts_an_empty_slot_as_zero_and_the_ideal_comes_from_every_judged_candidate():
    digest = make_digest()
    judged = LinkJudgments({"id-a": {"id-b": pair(2), "id-c": pair(1), "id-d": pair(0)}, "id-e": {"id-a": pair(2)}})
    full = metrics.link_figures({"a": ["b", "e", "c"]}, digest, ("id-a",), judged, k=3)
    assert full.ndcg == pytest.approx(1.0)
    partial = metrics.link_figures({"a": ["b"]}, digest, ("id-a",), judged, k=3)
    ideal = metrics.dcg([2, 2, 1])
    assert partial.ndcg == pytest.approx(metrics.dcg([2]) / ideal)
    assert (partial.fewer, partial.related, partial.highly) == (1, 1.0, 1.0)
    unjudged = metrics.link_figures({"a": ["f", "d", "b"]}, digest, ("id-a",), judged, k=3)
    assert unjudged.unjudged == 1
    assert unjudged.related == pytest.approx(1 / 3)
    assert unjudged.ndcg == pytest.approx(metrics.dcg([0, 0, 2]) / ideal)


def test_tag_precision_counts_unjudged_tags_as_wrong_and_main_coverage_needs_a_main_tag():
    digest = make_digest(2)
    judged = {"id-a": PaperTags("topic a", {"Topic a": TagJudgment(1, True, "", 1), "Shared": TagJudgment(0, False, "", 1)}),
              "id-b": PaperTags("topic b", {"Shared": TagJudgment(1, False, "", 1)})}
    result = metrics.tag_figures({"a": ["Topic a", "Shared"], "b": ["Shared", "Topic b"]}, digest, ("id-a", "id-b"), judged)
    assert (result.shown, result.unjudged, result.precision, result.main_coverage) == (4, 1, 0.5, 0.5)


def test_pooling_adds_only_pairs_nobody_judged_either_way_round():
    digest = make_digest()
    judged = LinkJudgments({"id-c": {"id-a": pair(1)}})
    methods = {"first": shown({"a": ["b", "c"], "b": ["a", "d"]}), "second": shown({"a": ["c", "e"], "b": ["f"]})}
    pooled = pooling.pool_links(digest, ["id-a", "id-b"], methods, judged)
    assert pooled == {"id-a": ("id-b", "id-e"), "id-b": ("id-d", "id-f")}


def test_tag_pooling_keeps_a_paper_whose_main_topic_is_unknown_even_with_every_tag_judged():
    digest = make_digest(3)
    judged = {"id-a": PaperTags("", {"Topic a": TagJudgment(1, True, "", 1), "Shared": TagJudgment(1, False, "", 1)}),
              "id-b": PaperTags("topic b", {"Topic b": TagJudgment(1, True, "", 1), "Shared": TagJudgment(1, False, "", 1)})}
    pooled = pooling.pool_tags(digest, ["id-a", "id-b", "id-c"], {"digest": lambda c: {p.slug: list(p.tags) for p in c.papers}}, judged)
    assert pooled == {"id-a": (), "id-c": ("Topic c", "Shared")}


def test_packets_are_blind_and_do_not_depend_on_the_order_of_the_methods(tmp_path: Path):
    digest = make_digest()
    methods = {"tf-idf-secret": shown({"a": ["b", "c"], "d": ["e"]}), "bm25-secret": shown({"a": ["f", "g"]})}
    texts = []
    for order, named in enumerate((methods, dict(reversed(methods.items())))):
        pooled = pooling.pool_links(digest, ["id-a", "id-d"], named, LinkJudgments())
        out = tmp_path / str(order)
        [path] = packets.write_link_packets(out, digest, pooled, round_number=1)
        texts.append(path.read_text(encoding="utf-8"))
        key = yaml.safe_load((out / "keys" / "hf2k-links-01.key.yml").read_text(encoding="utf-8"))
        assert sorted(key["queries"]["q1"]["candidates"].values()) == ["id-b", "id-c", "id-f", "id-g"]
    assert texts[0] == texts[1].replace(str(tmp_path / "1"), str(tmp_path / "0"))
    assert PAIR_RUBRIC in texts[0] and "secret" not in texts[0] and "q1 / c4" in texts[0]
    assert "The abstract of paper f" in texts[0]


def test_tag_packets_carry_the_rubric_and_ask_for_the_main_topic(tmp_path: Path):
    digest = make_digest(3)
    pooled = pooling.pool_tags(digest, ["id-a"], {"digest": lambda c: {p.slug: list(p.tags) for p in c.papers}}, {})
    [path] = packets.write_tag_packets(tmp_path, digest, pooled, round_number=1)
    text = path.read_text(encoding="utf-8")
    assert TAG_RUBRIC in text and "main_topic" in text and "- t2: " in text and "Paper A on topic a" in text


def answer_links(round_dir: Path, name: str, grades: dict[str, int]) -> None:
    records = [{"query": "q1", "candidates": [{"candidate": c, "grade": g, "reason": f"r {c}"} for c, g in grades.items()]}]
    (round_dir / f"{name}.answers.yml").write_text(yaml.safe_dump(records), encoding="utf-8")


def test_ingest_maps_answers_back_and_never_overwrites_a_judgment(tmp_path: Path):
    digest = make_digest()
    pooled = pooling.pool_links(digest, ["id-a"], {"m": shown({"a": ["b", "c"]})}, LinkJudgments())
    round_dir, folder = tmp_path / "round", tmp_path / "judged"
    folder.mkdir()
    packets.write_link_packets(round_dir, digest, pooled, round_number=1)
    key = yaml.safe_load((round_dir / "keys" / "hf2k-links-01.key.yml").read_text(encoding="utf-8"))
    candidate_of = key["queries"]["q1"]["candidates"]
    answer_links(round_dir, "hf2k-links-01", {"c1": 2, "c2": "0"})
    first = ingest_round(round_dir, folder)["hf2k-links-01"]
    assert (first.added, first.conflicts, first.problems) == (2, [], [])
    stored = judgments.load_links(judgments.path_of("hf2k", "links", folder))
    assert stored.grade(candidate_of["c1"], "id-a") == 2 and stored.pairs["id-a"][candidate_of["c2"]].reason == "r c2"
    answer_links(round_dir, "hf2k-links-01", {"c1": 1, "c2": 0, "c9": 1})
    second = ingest_round(round_dir, folder)["hf2k-links-01"]
    assert (second.added, second.unchanged, len(second.conflicts)) == (0, 1, 1)
    assert any("c9" in problem for problem in second.problems)
    assert judgments.load_links(judgments.path_of("hf2k", "links", folder)).grade("id-a", candidate_of["c1"]) == 2


def test_the_figures_fail_below_the_recorded_ones_and_further_behind_the_baseline():
    def links(ndcg: float, related: float) -> metrics.LinkFigures:
        return metrics.LinkFigures(64, 64, ndcg, 320, related, 0.2, 0, 0, 0)

    recorded = {"links": {"hf2k-tune": {"digest": {"ndcg": 0.70, "related": 0.70, "highly": 0.2},
                                        "tf-idf": {"ndcg": 0.72, "related": 0.65, "highly": 0.2}}}}
    steady = figures.Report(links={"hf2k-tune": {"digest": links(0.70, 0.70), "tf-idf": links(0.72, 0.65)}})
    assert figures.falling_behind(steady, recorded) == []
    worse = figures.Report(links={"hf2k-tune": {"digest": links(0.69, 0.70), "tf-idf": links(0.72, 0.65)}})
    assert [line.split(":")[1].split()[0] for line in figures.falling_behind(worse, recorded)] == ["ndcg", "ndcg"]
    overtaken = figures.Report(links={"hf2k-tune": {"digest": links(0.70, 0.70), "tf-idf": links(0.72, 0.71)}})
    assert figures.falling_behind(overtaken, recorded) == [
        "hf2k-tune links digest: related -0.0100 against the TF-IDF baseline, recorded +0.0000"]


def test_ingest_waits_for_a_packet_whose_answers_are_incomplete(tmp_path: Path):
    digest = make_digest()
    pooled = pooling.pool_links(digest, ["id-a"], {"m": shown({"a": ["b", "c"]})}, LinkJudgments())
    round_dir, folder = tmp_path / "round", tmp_path / "judged"
    folder.mkdir()
    packets.write_link_packets(round_dir, digest, pooled, round_number=1)
    answer_links(round_dir, "hf2k-links-01", {"c1": 2})
    waiting = ingest_round(round_dir, folder)["hf2k-links-01"]
    assert (waiting.complete, waiting.added) == (False, 0)
    assert not judgments.path_of("hf2k", "links", folder).exists()
    assert ingest_round(round_dir, folder, partial=True)["hf2k-links-01"].added == 1


def test_ndcg_leaves_out_a_query_with_no_related_candidate():
    digest = make_digest()
    judged = LinkJudgments({"id-a": {"id-b": pair(2)}, "id-c": {"id-d": pair(0)}})
    result = metrics.link_figures({"a": ["b"], "c": []}, digest, ("id-a", "id-c"), judged, k=1)
    assert (result.ndcg, result.scored, result.papers, result.empty) == (1.0, 1, 2, 1)
