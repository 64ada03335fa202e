"""Hypothesis properties of the reader and the merge: never crash, never drop, never depend on order."""

from __future__ import annotations

import random
from datetime import date

from hypothesis import HealthCheck, example, given, settings, strategies as st

from generator.read.dates import parse_month_day
from generator.read.dumps import BOILERPLATE, decode, normalize_line, parse_text
from generator.read.metadata import is_metadata_block
from generator.model import Dump
from generator.merge import merge_papers
from generator.text import normalized_key

from .conftest import SEEDS

TODAY = date(2026, 11, 22)
SEED_TEXTS = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
title_text = st.from_regex(r"[A-Z][A-Za-z0-9 :\-μτ]{3,60}[a-z0-9]", fullmatch=True)
abstract_text = st.lists(st.from_regex(r"[A-Za-z][a-z0-9,$*<>{}_ ]{10,60}\.", fullmatch=True),
                         min_size=6, max_size=12).map(" ".join)
pairs = st.lists(st.tuples(title_text, abstract_text), min_size=1, max_size=8,
                 unique_by=(lambda pair: normalized_key(pair[0]), lambda pair: normalized_key(pair[1])))


def assert_every_line_accounted_for(text: str, dump: Dump) -> None:
    """Every non-blank line is in an entry, is page chrome or metadata, or has a problem."""
    lines = [normalize_line(line) for line in text.splitlines()]
    kept = {entry.title for entry in dump.entries} | {entry.abstract for entry in dump.entries}
    reported = {problem.line for problem in dump.problems}
    for number, line in enumerate(lines, start=1):
        neighbours = lines[max(number - 2, 0): number + 1]
        assert (not line or line in kept or number in reported or line.casefold() in BOILERPLATE
                or parse_month_day(line) or "·" in neighbours or is_metadata_block((line,))
                or any(problem.line == 0 and problem.severity == "error" for problem in dump.problems)), (
            f"line {number} was dropped silently: {line[:60]!r}")


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_reader_never_crashes_on_arbitrary_bytes(raw: bytes) -> None:
    text, problems = decode(raw, "fuzz.txt")
    dump = parse_text(text, "fuzz.txt", today=TODAY)
    assert all(problem.source == "fuzz.txt" for problem in dump.problems)
    if not problems:
        assert_every_line_accounted_for(text, dump)


@settings(max_examples=150, deadline=None)
@given(st.lists(words, max_size=30).map("\n".join))
@example("·\n0\n0")  # once read as a metadata block whose second line was lost
def test_reader_never_crashes_or_drops_lines_of_arbitrary_text(text: str) -> None:
    assert_every_line_accounted_for(text, parse_text(text, "fuzz.txt", today=TODAY))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 4), st.data())
def test_mutated_seed_dumps_never_crash_or_drop_lines(seed_index: int, data: st.DataObject) -> None:
    lines = SEED_TEXTS[seed_index].splitlines()
    rng = random.Random(data.draw(st.integers(0, 2**32)))
    for _ in range(data.draw(st.integers(1, 8))):
        position = rng.randrange(len(lines))
        mutation = rng.choice(("drop", "duplicate", "blank", "crlf", "nbsp", "truncate"))
        if mutation == "drop":
            del lines[position]
        elif mutation == "duplicate":
            lines.insert(position, lines[position])
        elif mutation == "blank":
            lines.insert(position, "")
        elif mutation == "crlf":
            lines[position] += "\r"
        elif mutation == "nbsp":
            lines[position] = lines[position].replace(" ", "\u00a0")
        else:
            lines[position] = lines[position][: len(lines[position]) // 2]
    text = "\n".join(lines)
    assert_every_line_accounted_for(text, parse_text(text, "seed.txt", today=TODAY))


@settings(max_examples=50, deadline=None)
@given(pairs)
def test_every_well_formed_pair_becomes_exactly_one_entry(items: list[tuple[str, str]]) -> None:
    text = "\n\n".join(f"{title}\n\n{abstract}" for title, abstract in items)
    dump = parse_text(text, "pairs.txt", today=TODAY)
    assert [(entry.title, entry.abstract) for entry in dump.entries] == [
        (" ".join(title.split()), " ".join(abstract.split())) for title, abstract in items]
    assert not [problem for problem in dump.problems if problem.severity == "error"]


@settings(max_examples=40, deadline=None)
@given(pairs, st.randoms(use_true_random=False))
def test_merge_is_idempotent_and_keeps_every_paper_in_any_order(items: list[tuple[str, str]], rng: random.Random) -> None:
    text = "\n\n".join(f"{title}\n\n{abstract}" for title, abstract in items)
    one = parse_text(text, "2025-01-01-a.txt", today=TODAY)
    two = parse_text(text, "2025-01-01-a.txt", today=TODAY)
    papers, _ = merge_papers((one,))
    assert len(papers) == len(items)
    again, _ = merge_papers((one, two))  # the same dump twice changes nothing
    assert [p.slug for p in again] == [p.slug for p in papers]
    shuffled = list(items)
    rng.shuffle(shuffled)
    reordered = parse_text("\n\n".join(f"{t}\n\n{a}" for t, a in shuffled), "2025-01-01-a.txt",
                           today=TODAY)
    assert {(p.title, p.abstract) for p in merge_papers((reordered,))[0]} == {
        (p.title, p.abstract) for p in papers}
