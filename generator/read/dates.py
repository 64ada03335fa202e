"""The dates a dump shows, and the day it was captured.

Hugging Face prints `Jan 23, 2024` for earlier years but only `Aug 21` for dates in the year the
page was viewed, so a yearless date needs the dump's capture year. That year comes, in order, from
a sidecar file, the dump's file name, the dump's own evidence, the day the file was first
committed, and finally today.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from ..model import Problem

MONTHS = {name: number for number, name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_MONTH_DAY = re.compile(rf"^{_MONTH}\s+(?P<day>\d{{1,2}})$")
_LISTING_DATE = re.compile(
    rf"^{_MONTH}\s+(?P<day>\d{{1,2}})(?:,\s*(?P<year>\d{{4}}))?(?:\s+(?P<upvotes>\d{{1,6}}))?$"
)
_FILE_NAME_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True, slots=True)
class MonthDay:
    month: int
    day: int

    def in_year_not_after(self, limit: date) -> date:
        """The latest date with this month and day that is not after `limit`."""
        for year in (limit.year, limit.year - 1, limit.year - 2, limit.year - 3, limit.year - 4):
            candidate = _safe_date(year, self.month, self.day)
            if candidate is not None and candidate <= limit:
                return candidate
        return limit


@dataclass(frozen=True, slots=True)
class ListingDate:
    month: int
    day: int
    year: int | None
    upvotes: int | None


FULL_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")


def _month_number(name: str) -> int | None:
    """`Jan`, `January` or `Sept` -> 1..12; a misspelt month -> None."""
    folded = name.casefold()
    number = MONTHS.get(folded[:3])
    if number is None:
        return None
    return number if folded in (folded[:3], FULL_MONTHS[number - 1], "sept") else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_month_day(text: str) -> MonthDay | None:
    """`Oct 28` -> MonthDay(10, 28); anything else -> None."""
    match = _MONTH_DAY.match(text.strip())
    if not match or (month := _month_number(match["month"])) is None:
        return None
    day = int(match["day"])
    return MonthDay(month, day) if _safe_date(2000, month, day) else None  # 2000: leap year


def parse_listing_date(text: str) -> ListingDate | None:
    """`Jan 23, 2024 1`, `Aug 21`, `Sep 26 2` -> ListingDate; anything else -> None."""
    match = _LISTING_DATE.match(text.strip())
    if not match or (month := _month_number(match["month"])) is None:
        return None
    day = int(match["day"])
    year = int(match["year"]) if match["year"] else None
    if _safe_date(year or 2000, month, day) is None:
        return None
    upvotes = int(match["upvotes"]) if match["upvotes"] else None
    return ListingDate(month, day, year, upvotes)


def date_from_file_name(name: str) -> date | None:
    match = _FILE_NAME_DATE.match(name)
    return _safe_date(*map(int, match.groups())) if match else None


def read_sidecar(dump_path: Path) -> tuple[date | None, list[Problem]]:
    """Read `captured:` from `NAME.yml` beside the dump, if there is one."""
    sidecar = dump_path.with_suffix(".yml")
    if not sidecar.is_file():
        return None, []
    try:
        data = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        return None, [Problem(sidecar.name, 0, f"not valid YAML ({error.__class__.__name__});"
                              " expected `captured: YYYY-MM-DD`")]
    value = data.get("captured") if isinstance(data, dict) else None
    if isinstance(value, date):
        return value, []
    return None, [Problem(sidecar.name, 0, "expected `captured: YYYY-MM-DD`", repr(value)[:80])]


def capture_date(
    name: str,
    sidecar: date | None,
    header: MonthDay | None,
    explicit_years: list[int],
    first_committed: date | None,
    today: date | None,
) -> tuple[date, str]:
    """The day a dump was captured, and which rule decided it."""
    if sidecar is not None:
        return sidecar, "sidecar"
    if (from_name := date_from_file_name(name)) is not None:
        return from_name, "file name"
    fallback, source = (first_committed, "first commit") if first_committed else (
        today or date.today(), "today")
    if explicit_years:
        year = max(explicit_years) + 1
        month_day = header or MonthDay(12, 31)
        captured = _safe_date(year, month_day.month, month_day.day) or date(year, 12, 31)
        return captured, "evidence"
    if header is not None:
        return header.in_year_not_after(fallback), source
    return fallback, source


def resolve(listing: ListingDate, captured: date) -> date:
    """A listing date with its year filled in from the capture date when it has none."""
    if listing.year is not None:
        return date(listing.year, listing.month, listing.day)
    return MonthDay(listing.month, listing.day).in_year_not_after(captured)


def first_commit_dates(paths: tuple[Path, ...]) -> dict[Path, date]:
    """The day each file was first committed, from one `git log` per folder (none outside git)."""
    dates: dict[Path, date] = {}
    for folder in sorted({path.resolve().parent for path in paths}):
        try:
            log = subprocess.run(
                ["git", "log", "--diff-filter=A", "--format=@%as", "--name-only", "--", "."],
                cwd=folder, capture_output=True, text=True, check=True, timeout=60,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        dates.update(_parse_git_log(log, folder))
    return dates


def _parse_git_log(log: str, folder: Path) -> dict[Path, date]:
    top = _git_top(folder)
    found: dict[Path, date] = {}
    current: date | None = None
    for line in log.splitlines():
        if line.startswith("@"):
            current = date.fromisoformat(line[1:])
        elif line and current and top:
            # Newest commits come first, so the last date seen for a file is its first commit.
            found[(top / line).resolve()] = current
    return found


def _git_top(folder: Path) -> Path | None:
    try:
        out = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=folder,
                             capture_output=True, text=True, check=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(out.strip())
