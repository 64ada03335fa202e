"""Parse the three-line metadata block of a Hugging Face listing entry.

    • 9 authors        or   UCAS ucas      (authors count, or organisation name then handle)
    ·
    Jan 23, 2024 1     or   Aug 21         (date, year omitted in the capture year; upvotes)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from . import dates
from ..model import Organization, Problem

_AUTHORS = re.compile(r"^[•*\-]?\s*(\d{1,4})\s+authors?$", re.IGNORECASE)
_ORGANIZATION = re.compile(r"^(?P<name>.+?)\s+(?P<handle>[A-Za-z0-9][\w.\-]*)$")
_SEPARATOR = "·"
DATE_EXPECTED = "expected a date like 'Jan 23, 2024' or 'Aug 21', optionally followed by upvotes"



@dataclass(frozen=True, slots=True)
class Metadata:
    """What one metadata block says of the paper above it; None where it says nothing."""

    authors_count: int | None = None
    organization: Organization | None = None
    published: date | None = None
    upvotes: int | None = None


def parse_metadata(
    lines: tuple[str, ...], first_line: int, source: str, captured: date
) -> tuple[Metadata, list[Problem]]:
    """Lines of one block -> what they say, and the problems found in them."""
    parts = _split(lines)
    problems: list[Problem] = []
    authors_count, organization = None, None
    _, who = parts.get("who", (0, ""))
    if who:
        authors_count, organization = _who(who)
    published, upvotes = None, None
    when_offset, when = parts.get("when", (0, ""))
    when_line = first_line + when_offset
    if when:
        listing = dates.parse_listing_date(when)
        if listing is None:
            problems.append(Problem(source, when_line, f"malformed date: {DATE_EXPECTED}", when))
        else:
            published, upvotes = dates.resolve(listing, captured), listing.upvotes
            if listing.year is None and (published.month, published.day) != (listing.month, listing.day):
                problems.append(Problem(source, when_line, "yearless date later than the capture"
                                        " date; read it as the year before", when, "warning"))
    return Metadata(authors_count=authors_count, organization=organization, published=published,
                    upvotes=upvotes), problems


def is_metadata_block(lines: tuple[str, ...]) -> bool:
    """True for `• N authors` or an organisation, `·`, and a date, as one to three lines.

    Split over lines, the `·` stands between the two parts: in three lines it is the middle one
    (a block such as `·`, `0`, `0` is two stray lines, not a date given twice, one of them lost).
    """
    if len(lines) == 3:
        return lines[1] == _SEPARATOR
    if len(lines) == 2 and _SEPARATOR in lines:
        return True
    if len(lines) != 1:
        return False
    who, separator, when = lines[0].partition(_SEPARATOR)
    if separator:
        return len(lines[0]) < 100 and dates.parse_listing_date(when) is not None
    return _AUTHORS.match(lines[0].lstrip("•").strip()) is not None


def _split(lines: tuple[str, ...]) -> dict[str, tuple[int, str]]:
    """Find the who-line and the date line around the `·` separator (one line or three)."""
    if len(lines) == 1 and _SEPARATOR in lines[0]:
        who, _, when = lines[0].partition(_SEPARATOR)
        return {"who": (0, who.strip()), "when": (0, when.strip())}
    parts: dict[str, tuple[int, str]] = {}
    seen_separator = False
    for offset, line in enumerate(lines):
        if line == _SEPARATOR:
            seen_separator = True
        elif seen_separator:
            parts["when"] = (offset, line)
        else:
            parts["who"] = (offset, line)
    return parts


def _who(text: str) -> tuple[int | None, Organization | None]:
    text = text.lstrip("•").strip()
    if match := _AUTHORS.match(text):
        return int(match[1]), None
    if match := _ORGANIZATION.match(text):
        return None, Organization(match["name"], match["handle"])
    return None, Organization(text, text)
