"""Published URLs never break: the record of published URLs, and the merge that keeps to it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings, strategies as st

from generator import pipeline
from generator.config import Settings
from generator.merge import format_record, merge_entries, parse_record
from generator.model import Dump, PublishedUrl
from generator.read.dumps import parse_text

from .conftest import ROOT
from .test_properties import pairs

ABSTRACT = "We study {topic} in depth. " + "This sentence pads the abstract to a realistic length. " * 6
REMOVED_ON = date(2026, 12, 1)


def dump(name: str, *papers: tuple[str, str]) -> Dump:
    """A dump of title/abstract pairs, captured on the date its name starts with."""
    text = "\n\n".join(f"{title}\n\n{abstract}" for title, abstract in papers) + "\n"
    return parse_text(text, name, today=date(2026, 1, 1))


def paper(title: str, topic: str) -> tuple[str, str]:
    return title, ABSTRACT.format(topic=topic)


def published(*dumps: Dump) -> tuple[PublishedUrl, ...]:
    """The record `paper-digest record` would write for these dumps, from nothing."""
    return merge_entries(dumps).urls


def urls_by_slug(*dumps: Dump, recorded: tuple[PublishedUrl, ...]) -> dict[str, PublishedUrl]:
    return {url.slug: url for url in merge_entries(dumps, recorded, REMOVED_ON).urls}


FIRST = dump("2025-01-01-a.txt", paper("SynthCoder: A Synthetical Strategy", "code completion"),
             paper("Sparse Experts", "routing"))


def test_a_fixed_title_keeps_its_url() -> None:
    fixed = dump("2025-01-01-a.txt", paper("SynthCoder: A Synthetic Strategy", "code completion"),
                 paper("Sparse Experts", "routing"))
    urls = urls_by_slug(fixed, recorded=published(FIRST))
    assert urls["synthcoder-a-synthetical-strategy"].state == "live"
    assert urls["synthcoder-a-synthetical-strategy"].title == "SynthCoder: A Synthetic Strategy"
    assert "synthcoder-a-synthetic-strategy" not in urls
    assert [p.slug for p in merge_entries((fixed,), published(FIRST)).papers] == [
        "sparse-experts", "synthcoder-a-synthetical-strategy"]


def test_a_fixed_abstract_keeps_its_url() -> None:
    fixed = dump("2025-01-01-a.txt", paper("SynthCoder: A Synthetical Strategy", "code completions"),
                 paper("Sparse Experts", "routing"))
    assert urls_by_slug(fixed, recorded=published(FIRST))["synthcoder-a-synthetical-strategy"].state == "live"


def test_without_the_record_a_fixed_title_would_move_the_url() -> None:
    fixed = dump("2025-01-01-a.txt", paper("SynthCoder: A Synthetic Strategy", "code completion"))
    assert [p.slug for p in merge_entries((fixed,)).papers] == ["synthcoder-a-synthetic-strategy"]


def test_a_paper_no_dump_holds_keeps_a_removed_url_with_its_title() -> None:
    fewer = dump("2025-01-01-a.txt", paper("Sparse Experts", "routing"))
    url = urls_by_slug(fewer, recorded=published(FIRST))["synthcoder-a-synthetical-strategy"]
    assert (url.state, url.removed, url.title) == ("removed", REMOVED_ON, "SynthCoder: A Synthetical Strategy")


def test_a_removed_paper_pasted_again_gets_its_url_back() -> None:
    recorded = tuple(merge_entries((dump("2025-01-01-a.txt", paper("Sparse Experts", "routing")),),
                                   published(FIRST), REMOVED_ON).urls)
    again = dump("2025-03-01-c.txt", paper("SynthCoder: A Synthetical Strategy", "code completion"))
    assert urls_by_slug(FIRST, again, recorded=recorded)["synthcoder-a-synthetical-strategy"].state == "live"


def test_two_papers_found_to_be_one_keep_the_first_url_and_the_second_redirects() -> None:
    one = dump("2025-01-01-a.txt", paper("Sparse Experts", "routing"))
    two = dump("2025-02-01-b.txt", paper("Routing Tokens to Experts", "routing tokens"))
    recorded = published(one, two)
    # A later dump gives the first title with the second paper's abstract: one paper after all.
    link = dump("2025-03-01-c.txt", ("Sparse Experts", ABSTRACT.format(topic="routing tokens")))
    urls = urls_by_slug(one, two, link, recorded=recorded)
    assert urls["sparse-experts"].state == "live"
    assert (urls["routing-tokens-to-experts"].state, urls["routing-tokens-to-experts"].target) == (
        "redirect", "sparse-experts")


def test_a_paper_split_in_two_gives_each_part_its_own_url_back() -> None:
    one = dump("2025-01-01-a.txt", paper("Sparse Experts", "routing"))
    two = dump("2025-02-01-b.txt", paper("Routing Tokens to Experts", "routing tokens"))
    link = dump("2025-03-01-c.txt", ("Sparse Experts", ABSTRACT.format(topic="routing tokens")))
    merged = merge_entries((one, two, link), published(one, two)).urls
    urls = urls_by_slug(one, two, recorded=merged)  # the dump that joined them is gone again
    assert urls["sparse-experts"].state == urls["routing-tokens-to-experts"].state == "live"


def test_new_papers_never_take_a_recorded_slug() -> None:
    gone = tuple(replace(url, state="removed", removed=REMOVED_ON) for url in published(FIRST))
    newcomer = dump("2025-05-01-d.txt", paper("Sparse Expérts", "something else entirely"))
    slugs = [p.slug for p in merge_entries((newcomer,), gone).papers]
    assert len(slugs) == 1 and slugs[0].startswith("sparse-experts-") and slugs[0] != "sparse-experts"


def test_redirects_point_straight_at_a_page() -> None:
    recorded, _ = parse_record("a redirect b | A\nb redirect c | B\nc live | C\n", "urls.txt")
    urls = urls_by_slug(recorded=recorded)
    assert (urls["a"].target, urls["b"].target, urls["c"].state) == ("c", "c", "removed")


def test_the_committed_record_is_current_with_the_seeds() -> None:
    settings = Settings(progress=False)
    catalog = pipeline.merge_papers(pipeline.read_dumps(settings), settings)
    recorded, problems = pipeline.read_record(settings)
    assert problems == ()
    assert {url.slug for url in recorded} == {paper.slug for paper in catalog.papers}
    assert format_record(catalog.urls) == (ROOT / "site_src" / "urls.txt").read_text(encoding="utf-8")


def test_record_round_trips_every_state() -> None:
    urls = (PublishedUrl("a-paper", "live", ("a:0123456789ab", "t:0123456789ab"), "A | paper: yes"),
            PublishedUrl("b", "redirect", ("t:aaaaaaaaaaaa",), "B", target="a-paper"),
            PublishedUrl("c", "removed", (), "", removed=date(2026, 1, 2), similar=("a-paper", "b")),
            PublishedUrl("d", "removed", ("a:bbbbbbbbbbbb",), "D", removed=None))
    text = format_record(urls)
    assert text.startswith("# Published paper URLs") and parse_record(text, "urls.txt") == (urls, ())


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
               max_size=80))
def test_any_title_survives_the_record(title: str) -> None:
    url = PublishedUrl("slug", "live", ("a:0123456789ab",), " ".join(title.split()))
    assert parse_record(format_record((url,)), "urls.txt") == ((url,), ())


@pytest.mark.parametrize(("line", "message"), [
    ("../../index live | x", "not a slug"),
    ("Upper live | x", "not a slug"),
    ("a frozen | x", "unknown state"),
    ("a removed yesterday | x", "expected `SLUG removed YYYY-MM-DD"),
    ("a live a:xyz | x", "not a key or slug"),
    ("a removed 2026-01-01 similar=../x | x", "not a key or slug"),
    ("a live", "expected `SLUG STATE"),
    ("a redirect nowhere | x", "which the record does not hold"),
])
def test_a_bad_record_line_is_reported_with_its_line(line: str, message: str) -> None:
    _, problems = parse_record(f"# header\nok live | fine\n{line}\n", "site_src/urls.txt")
    assert [(p.location(), p.severity) for p in problems] == [("site_src/urls.txt:3", "error")]
    assert message in problems[0].message


def test_duplicate_slugs_and_redirect_circles_are_errors() -> None:
    _, problems = parse_record("a live | x\na live | y\nb redirect c | b\nc redirect b | c\n", "u.txt")
    assert [(p.line, p.message.split(" (")[0]) for p in problems] == [
        (2, "slug recorded twice"), (3, "redirects in a circle"), (4, "redirects in a circle")]


@settings(max_examples=40, deadline=None)
@given(pairs, st.data())
def test_the_record_is_a_fixed_point_and_never_drops_a_url(papers: list[tuple[str, str]],
                                                          data: st.DataObject) -> None:
    everything = dump("2025-01-01-a.txt", *papers)
    recorded = published(everything)
    assert merge_entries((everything,), recorded, REMOVED_ON).urls == recorded
    kept = data.draw(st.lists(st.sampled_from(papers), unique=True))
    fewer = (dump("2025-01-01-a.txt", *kept),) if kept else ()
    after = merge_entries(fewer, recorded, REMOVED_ON)
    assert {url.slug for url in after.urls} == {url.slug for url in recorded}
    kept_titles = {" ".join(title.split()) for title, _ in kept}  # as the reader writes them
    assert {p.slug for p in after.papers} == {url.slug for url in recorded if url.title in kept_titles}
