"""Capture dates and publication dates: each rule of the documented order."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.read.dates import MonthDay, capture_date, parse_listing_date, read_sidecar, resolve
from generator.read.dumps import read_dump

LISTING = "new\n\nDaily Papers\n\nOct 28\n\nA Title\n\n" + "An abstract sentence. " * 15 + \
    "\n\n  • 2 authors\n·\n{date}\n"


def write(tmp_path: Path, name: str, date_line: str) -> Path:
    path = tmp_path / name
    path.write_text(LISTING.format(date=date_line), encoding="utf-8")
    return path


def test_date_with_year_is_that_date() -> None:
    listing = parse_listing_date("Jan 23, 2024 1")
    assert listing is not None and resolve(listing, date(2026, 1, 1)) == date(2024, 1, 23)
    assert listing.upvotes == 1


def test_yearless_date_takes_capture_year(tmp_path: Path) -> None:
    dump = read_dump(write(tmp_path, "2025-10-28-topic.txt", "Aug 21"), today=date(2030, 1, 1))
    assert dump.entries[0].published == date(2025, 8, 21)


def test_yearless_date_with_upvotes() -> None:
    listing = parse_listing_date("Sep 26 2")
    assert (listing.month, listing.day, listing.year, listing.upvotes) == (9, 26, None, 2)


def test_sidecar_overrides_file_name(tmp_path: Path) -> None:
    path = write(tmp_path, "2025-10-28-topic.txt", "Aug 21")
    path.with_suffix(".yml").write_text("captured: 2023-12-01\n", encoding="utf-8")
    dump = read_dump(path, today=date(2030, 1, 1))
    assert (dump.captured, dump.captured_from) == (date(2023, 12, 1), "sidecar")
    assert dump.entries[0].published == date(2023, 8, 21)


def test_bad_sidecar_is_reported_and_ignored(tmp_path: Path) -> None:
    path = write(tmp_path, "2025-10-28-topic.txt", "Aug 21")
    path.with_suffix(".yml").write_text("captured: soon\n", encoding="utf-8")
    assert read_sidecar(path)[1][0].source == "2025-10-28-topic.yml"
    assert read_dump(path, today=date(2030, 1, 1)).captured == date(2025, 10, 28)


def test_file_name_date_comes_before_evidence(tmp_path: Path) -> None:
    dump = read_dump(write(tmp_path, "2026-02-01-topic.txt", "Jan 5, 2021"), today=date(2030, 1, 1))
    assert (dump.captured, dump.captured_from) == (date(2026, 2, 1), "file name")


def test_evidence_is_year_after_latest_explicit_year(tmp_path: Path) -> None:
    dump = read_dump(write(tmp_path, "listing.txt", "Jan 5, 2021"), today=date(2030, 1, 1))
    assert (dump.captured, dump.captured_from) == (date(2022, 10, 28), "evidence")


def test_first_commit_then_today(tmp_path: Path) -> None:
    path = write(tmp_path, "listing.txt", "Aug 21")
    committed = read_dump(path, today=date(2030, 1, 1), first_committed=date(2027, 3, 1))
    assert (committed.captured, committed.captured_from) == (date(2026, 10, 28), "first commit")
    today = read_dump(path, today=date(2030, 11, 1))
    assert (today.captured, today.captured_from) == (date(2030, 10, 28), "today")


def test_header_date_never_after_fallback() -> None:
    assert MonthDay(12, 31).in_year_not_after(date(2026, 3, 1)) == date(2025, 12, 31)
    assert MonthDay(2, 29).in_year_not_after(date(2026, 3, 1)) == date(2024, 2, 29)


def test_capture_date_order() -> None:
    assert capture_date("x.txt", date(2020, 1, 1), None, [2024], None, None)[1] == "sidecar"
    assert capture_date("2021-05-06-x.txt", None, None, [2024], None, None)[0] == date(2021, 5, 6)
    assert capture_date("x.txt", None, None, [], None, date(2029, 9, 9)) == (date(2029, 9, 9), "today")


def test_malformed_dates_are_rejected() -> None:
    for text in ("Feb 30, 2024", "Febtember 3", "Jan 5, 24", "13/01/2024", ""):
        assert parse_listing_date(text) is None
