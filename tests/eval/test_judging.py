"""The judging machinery: the held-out rule, pooling, blind packets, ingesting answers, the figures."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import yaml

from generator.model import Catalog, Paper, SimilarLink
from tests.eval import figures, heldout, judgments, methods, metrics, packets, pooling
from tests.eval.digests import Digest
from tests.eval.ingest import ingest_round
from tests.eval.judgments import LinkJudgments, PairJudgment, PaperTags, PhraseJudgment, ReasonJudgments, TagJudgment
from tests.eval.packet_text import PAIR_RUBRIC, REASON_RUBRIC, TAG_RUBRIC


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


def phrase(grade: int) -> PhraseJudgment:
    return PhraseJudgment(grade, "because", 1)


def with_reasons(digest: Digest, shared: dict[str, dict[str, tuple[str, ...]]]) -> Digest:
    """The digest with each paper's links (in the given order) showing the given phrases."""
    papers = tuple(replace(paper, similar=tuple(SimilarLink(other, 0.5, phrases)
                                                for other, phrases in shared.get(paper.slug, {}).items()))
                   for paper in digest.catalog.papers)
    return Digest(digest.name, Catalog(papers), digest.key_by_slug)


REASONS = {"a": {"b": ("kv cache", "model"), "c": (), "d": ("Pruning",)},
           "b": {"a": ("kv cache", "attention"), "e": ("quantization",)}}


def test_reason_pooling_keeps_bare_links_and_skips_phrases_judged_either_way_round():
    digest = with_reasons(make_digest(), REASONS)
    judged = ReasonJudgments({"id-d": {"id-a": {"Pruning": phrase(1)}}})
    shown = methods.digest_reasons(digest.catalog)
    assert shown["a"] == [("b", ("kv cache", "model")), ("c", ()), ("d", ("Pruning",))]
    pooled = pooling.pool_reasons(digest, ["id-a", "id-b", "id-c"], shown, judged)
    assert pooled == {"id-a": (("id-b", ("kv cache", "model")), ("id-c", ())),
                      "id-b": (("id-a", ("attention",)), ("id-e", ("quantization",)))}


def write_reasons(round_dir: Path) -> dict:
    """A reasons packet of papers a and b (REASONS, nothing judged), and its key."""
    digest = with_reasons(make_digest(), REASONS)
    pooled = pooling.pool_reasons(digest, ["id-a", "id-b"], methods.digest_reasons(digest.catalog), ReasonJudgments())
    [path] = packets.write_reason_packets(round_dir, digest, pooled, round_number=12)
    assert path.name == "hf2k-reasons-01.md"
    return yaml.safe_load((round_dir / "keys" / "hf2k-reasons-01.key.yml").read_text(encoding="utf-8"))


def test_reason_packets_show_every_link_with_its_phrases_under_neutral_ids(tmp_path: Path):
    key = write_reasons(tmp_path)
    text = (tmp_path / "hf2k-reasons-01.md").read_text(encoding="utf-8")
    assert REASON_RUBRIC in text and "(5 phrases)" in text.replace("\n", " ")
    assert text.count("- (no phrase shown)") == 1 and "- r4: " not in text.split("\n## q2\n")[0]
    assert {(shown["candidate"], shown["phrase"]) for shown in key["queries"]["q1"]["phrases"].values()} == {
        ("id-b", "kv cache"), ("id-b", "model"), ("id-d", "Pruning")}
    assert [shown["phrase"] for shown in key["queries"]["q2"]["phrases"].values()] in (
        ["attention", "quantization"], ["quantization", "attention"])
    for number, query in key["queries"].items():
        for neutral, shown in query["phrases"].items():
            assert f"- {neutral}: {shown['phrase']}" in text.split(f"\n## {number}\n")[1].split("\n---\n")[0]


def id_of(key: dict, query: str, text: str) -> str:
    return next(neutral for neutral, shown in key["queries"][query]["phrases"].items() if shown["phrase"] == text)


def answer_reasons(round_dir: Path, records: list) -> None:
    (round_dir / "hf2k-reasons-01.answers.yml").write_text(yaml.safe_dump(records), encoding="utf-8")


def test_reason_answers_report_bad_grades_unknown_ids_and_missing_answers(tmp_path: Path):
    round_dir, folder = tmp_path / "round", tmp_path / "judged"
    folder.mkdir()
    key = write_reasons(round_dir)
    answer_reasons(round_dir, [
        {"query": "q1", "phrases": [{"phrase": id_of(key, "q1", "kv cache"), "grade": "1", "reason": "both KV cache"},
                                    {"phrase": id_of(key, "q1", "model"), "grade": 2, "reason": "generic"},
                                    {"phrase": "r7", "grade": 0, "reason": "no such phrase"}]},
        {"query": "q2", "candidates": [{"candidate": "c1", "phrases": [
            {"phrase": id_of(key, "q2", "attention"), "grade": True, "reason": "a flag is no grade"}]}]},
        {"query": "q2", "phrase": id_of(key, "q2", "quantization"), "grade": 0, "reason": "only one paper"}])
    waiting = ingest_round(round_dir, folder)["hf2k-reasons-01"]
    assert (waiting.complete, waiting.added) == (False, 0)
    problems = "\n".join(waiting.problems)
    assert "q1/r7: no such query and phrase" in problems and "grade 2 is not 0 or 1" in problems
    assert "grade True is not 0 or 1" in problems and "3 of 5 phrases have no valid answer" in problems
    merged = ingest_round(round_dir, folder, partial=True)["hf2k-reasons-01"]
    assert merged.added == 2
    stored = judgments.load_reasons(judgments.path_of("hf2k", "reasons", folder))
    assert stored.grade("id-b", "id-a", "kv cache") == 1 and stored.grade("id-b", "id-e", "quantization") == 0
    assert stored.phrases["id-a"]["id-b"]["kv cache"] == PhraseJudgment(1, "both KV cache", 12)
    assert stored.grade("id-a", "id-b", "model") is None


def test_reason_ingest_never_overwrites_a_judged_phrase(tmp_path: Path):
    round_dir, folder = tmp_path / "round", tmp_path / "judged"
    folder.mkdir()
    key = write_reasons(round_dir)
    every = {query: {shown["phrase"]: neutral for neutral, shown in key["queries"][query]["phrases"].items()}
             for query in ("q1", "q2")}

    def answer(grades: dict[str, int]) -> list:
        return [{"query": query, "phrases": [{"phrase": neutral, "grade": grades.get(text, 0), "reason": text}
                                             for text, neutral in every[query].items()]} for query in every]

    answer_reasons(round_dir, answer({"kv cache": 1, "attention": 1}))
    assert ingest_round(round_dir, folder)["hf2k-reasons-01"].added == 5
    answer_reasons(round_dir, answer({"kv cache": 0, "attention": 1}))
    again = ingest_round(round_dir, folder)["hf2k-reasons-01"]
    assert (again.added, again.unchanged, len(again.conflicts), again.problems) == (0, 4, 1, [])
    assert "'kv cache': kept grade 1" in again.conflicts[0]
    assert judgments.load_reasons(judgments.path_of("hf2k", "reasons", folder)).grade("id-a", "id-b", "kv cache") == 1


def test_reason_figures_count_unjudged_phrases_as_wrong_and_links_without_a_phrase():
    digest = make_digest()
    judged = ReasonJudgments({"id-b": {"id-a": {"kv cache": phrase(1), "model": phrase(0)}},
                              "id-a": {"id-d": {"Pruning": phrase(0)}}})
    shown = {"a": [("b", ("kv cache", "model")), ("c", ()), ("d", ("Pruning", "unjudged")), ("e", ())]}
    result = metrics.reason_figures(shown, digest, ("id-a",), judged, k=3)
    assert (result.links, result.shown, result.unjudged) == (3, 4, 1)
    assert (result.precision, result.first_good, result.no_phrase) == (0.25, 0.5, pytest.approx(1 / 3))


def test_the_reason_figures_fail_below_the_recorded_ones_and_when_more_links_show_no_phrase():
    def reasons(precision: float, no_phrase: float) -> dict[str, dict[str, metrics.ReasonFigures]]:
        return {"seeds": {"digest": metrics.ReasonFigures(60, 250, 600, precision, 0.9, no_phrase, 0)}}

    recorded = {"reasons": {"seeds": {"digest": {"precision": 0.9, "first_good": 0.9, "no_phrase": 0.1}}}}
    assert figures.falling_behind(figures.Report(reasons=reasons(0.9, 0.1)), recorded) == []
    assert figures.falling_behind(figures.Report(reasons=reasons(0.95, 0.12)), recorded) == [
        "seeds reasons digest: no_phrase 0.1200 > recorded 0.1000"]
    assert figures.falling_behind(figures.Report(reasons=reasons(0.88, 0.05)), recorded) == [
        "seeds reasons digest: precision 0.8800 < recorded 0.9000"]
