"""The dump reader: every shape the seeds show, and everything people paste."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from generator.read.dumps import parse_text, read_dump
from generator.model import Dump

from .conftest import DATA, SEEDS, TODAY


def summarize(dump: Dump) -> str:
    """A readable, stable description of what the reader made of a dump (for golden files)."""
    return json.dumps({
        "name": dump.name, "captured": dump.captured.isoformat(), "captured_from": dump.captured_from,
        "shape": dump.shape,
        "entries": [{
            "line": e.line, "title": e.title, "abstract_start": e.abstract[:70],
            "abstract_chars": len(e.abstract), "authors_count": e.authors_count,
            "organization": [e.organization.name, e.organization.handle] if e.organization else None,
            "published": e.published.isoformat() if e.published else None, "upvotes": e.upvotes,
        } for e in dump.entries],
        "problems": [[p.location(), p.severity, p.message, p.excerpt] for p in dump.problems],
    }, ensure_ascii=False, indent=1) + "\n"


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda path: path.name)
def test_seed_dump_matches_golden(path: Path, golden) -> None:
    # The seeds were committed before any history rule applies here, so pin the commit date.
    golden(f"dumps/{path.stem}.json", summarize(read_dump(path, TODAY, first_committed=TODAY)))


@pytest.mark.parametrize("path", sorted((DATA / "dumps").glob("*.txt")), ids=lambda path: path.name)
def test_pasted_dump_matches_golden(path: Path, golden) -> None:
    golden(f"dumps/{path.stem}.json", summarize(read_dump(path, TODAY)))


def test_seed_shapes_and_counts() -> None:
    counts = {path.name[:3]: read_dump(path, TODAY, TODAY) for path in SEEDS.glob("*.txt")}
    assert {key: (dump.shape, len(dump.entries)) for key, dump in counts.items()} == {
        "000": ("bare", 11), "001": ("listing", 80), "002": ("pairs", 81),
        "003": ("pairs", 137), "004": ("pairs", 86)}
    assert all(not dump.problems for dump in counts.values())


def test_listing_reads_authors_organization_date_and_upvotes() -> None:
    listing = read_dump(next(SEEDS.glob("001_*.txt")), TODAY, TODAY)
    by_title = {entry.title: entry for entry in listing.entries}
    synthcoder = by_title["SynthCoder: A Synthetical Strategy to Tune LLMs for Code Completion"]
    assert (synthcoder.authors_count, synthcoder.published) == (9, date(2025, 8, 21))
    reuse = next(e for e in listing.entries if e.title and e.title.startswith("Deep Learning Model Reuse"))
    assert (reuse.published, reuse.upvotes) == (date(2024, 1, 23), 1)
    editing = by_title["Fine-tuning Done Right in Model Editing"]
    assert (editing.organization.name, editing.organization.handle) == ("UCAS", "ucas")
    assert (editing.published, editing.upvotes) == (date(2025, 9, 26), 2)
    assert sum(entry.published is None for entry in listing.entries) == 1  # one entry has no block


def test_listing_capture_year_is_year_after_latest_explicit_year() -> None:
    listing = read_dump(next(SEEDS.glob("001_*.txt")), TODAY, TODAY)
    assert (listing.captured, listing.captured_from) == (date(2025, 10, 28), "evidence")


def test_crlf_bom_nbsp_and_trailing_spaces_read_like_clean_text() -> None:
    crlf = read_dump(DATA / "dumps" / "crlf.txt", TODAY)
    assert crlf.entries[0].title == "CRLF Paper: Windows Line Endings"
    assert not crlf.entries[0].abstract.endswith(" ") and "\r" not in crlf.entries[0].abstract
    pasted = read_dump(DATA / "dumps" / "bom_nbsp.txt", TODAY)
    assert pasted.entries[0].title == "BOM Paper: A Title With Non-Breaking Spaces"
    assert "\xa0" not in pasted.entries[0].abstract and not pasted.problems


def test_special_characters_are_kept_exactly() -> None:
    dump = read_dump(DATA / "dumps" / "special_characters.txt", TODAY)
    titles = [entry.title for entry in dump.entries]
    assert titles[0].startswith("μLO:") and titles[1].startswith("τ-bench:")
    assert titles[2] == '<script>alert("x")</script> Schrödinger Bridges: title: with colons'
    abstract = dump.entries[0].abstract
    for literal in ("$200k", "S*", "<think>", "L_2", "{{ config }}", "---"):
        assert literal in abstract


@pytest.mark.parametrize(("name", "message"), [
    ("empty.txt", "no papers found"),
    ("binary.txt", "looks binary"),
])
def test_unreadable_files_give_one_clear_problem(name: str, message: str) -> None:
    dump = read_dump(DATA / "dumps" / name, TODAY)
    assert dump.entries == ()
    assert [problem.message.startswith(message) or message in problem.message
            for problem in dump.problems] == [True]
    assert dump.problems[0].severity == "error"


def test_utf16_is_read_with_a_warning() -> None:
    dump = read_dump(DATA / "dumps" / "utf16.txt", TODAY)
    assert [entry.title for entry in dump.entries] == ["UTF-16 Paper"]
    assert dump.problems[0].severity == "warning" and "UTF-16" in dump.problems[0].message


def test_invalid_utf8_is_replaced_and_located(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\xe9 Paper\n\n".encode("latin-1") + b"An abstract " * 30 + b"\n")
    dump = read_dump(path, TODAY)
    assert dump.entries[0].title == "Caf\ufffd Paper"
    assert dump.problems[0].location() == "latin1.txt:1" and "not UTF-8" in dump.problems[0].message


def test_malformed_entries_are_located_and_no_paper_is_lost() -> None:
    dump = read_dump(DATA / "dumps" / "malformed.txt", TODAY)
    problems = {problem.location(): problem for problem in dump.problems}
    assert "malformed date" in problems["malformed.txt:13"].message
    assert problems["malformed.txt:13"].excerpt == "Febtember 31, 2024 x"
    assert "title with no abstract" in problems["malformed.txt:15"].message
    assert "abstract with no title" in problems["malformed.txt:25"].message
    assert [entry.title for entry in dump.entries] == [
        "A Paper With A Bad Date", "Another Paper With Good Metadata", None]
    assert dump.entries[0].authors_count == 4 and dump.entries[0].published is None


def test_title_and_abstract_without_blank_line_are_paired_with_a_warning() -> None:
    text = "Glued Title\nAn abstract that follows its title without a blank line. " * 1 + "x" * 200
    dump = parse_text(text, "glued.txt", today=TODAY)
    assert dump.entries[0].title == "Glued Title"
    assert dump.problems[0].severity == "warning" and "blank line" in dump.problems[0].message


def test_metadata_with_no_paper_is_reported() -> None:
    dump = parse_text("  • 3 authors\n·\nJan 5, 2023\n", "orphan.txt", today=TODAY)
    assert dump.entries == ()
    assert dump.problems[0].location() == "orphan.txt:1"


def test_bare_abstracts_one_per_line() -> None:
    dump = read_dump(DATA / "dumps" / "bare.txt", TODAY)
    assert dump.shape == "bare" and [entry.title for entry in dump.entries] == [None, None]
    assert [entry.line for entry in dump.entries] == [1, 2]


def test_short_abstract_in_a_bare_dump_stays_a_bare_abstract() -> None:
    long = "A long abstract sentence about a method and its evaluation on benchmarks. " * 5
    short = "A short abstract of only two sentences. It is still an abstract, not a title."
    dump = parse_text("\n".join([long, short, long.replace("method", "model"), long.upper()]),
                      "bare.txt", today=TODAY)
    assert [entry.title for entry in dump.entries] == [None] * 4
    assert dump.entries[1].abstract == short and not dump.problems
