"""Read one source dump into entries and problems.

A dump is text a person copied from a paper listing, so it arrives in every state a clipboard can
produce. This module accepts the three shapes the project has seen — a Hugging Face listing with
metadata blocks, title/abstract pairs, and bare abstracts one per line — and the noise around
them (BOMs, CRLF, non-breaking spaces, stray blank lines, UTF-16). Anything it cannot place
becomes a Problem naming the file and line, so no paper is ever dropped silently.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from . import dates
from .metadata import is_metadata_block, parse_metadata
from ..model import Dump, DumpShape, Entry, Problem

# Lines of page chrome that Hugging Face puts above every listing.
BOILERPLATE = frozenset(
    {
        "new",
        "get trending papers in your email inbox!",
        "subscribe",
        "daily papers",
        "byak and the research community",
        "papers",
        "trending papers",
    }
)
# Shorter than this and without sentence punctuation, a line reads as a title, not an abstract.
ABSTRACT_MIN_CHARS = 250
# An abstract directly after a title may be short, but not shorter than this.
SHORT_ABSTRACT_MIN_CHARS = 60
TITLE_MAX_CHARS = 300
EXCERPT_CHARS = 80

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class _Block:
    """Consecutive non-blank lines, with the line number of the first."""

    line: int
    lines: tuple[str, ...]


def read_dump(path: Path, today: date | None = None, first_committed: date | None = None) -> Dump:
    """Read one dump file; never raises for bad content, only reports it."""
    raw = path.read_bytes()
    text, problems = decode(raw, path.name)
    sidecar, sidecar_problems = dates.read_sidecar(path)
    problems += sidecar_problems
    dump = parse_text(text, path.name, sidecar=sidecar, today=today, first_committed=first_committed)
    if not dump.entries and not dump.problems and not problems:
        problems.append(Problem(path.name, 0, "no papers found; expected titles and abstracts"))
    return Dump(
        name=dump.name,
        captured=dump.captured,
        captured_from=dump.captured_from,
        shape=dump.shape,
        entries=dump.entries,
        problems=tuple(problems) + dump.problems,
        lines_read=dump.lines_read,
    )


def decode(raw: bytes, name: str) -> tuple[str, list[Problem]]:
    """Bytes -> text, reporting what had to be guessed or replaced."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        note = Problem(name, 0, "file is UTF-16; it was read, but please save dumps as UTF-8",
                       severity="warning")
        return raw.decode("utf-16", errors="replace"), [note]
    if b"\x00" in raw[:4096] or _looks_binary(raw):
        return "", [Problem(name, 0, "file looks binary, not text; expected a UTF-8 text dump",
                            excerpt=repr(raw[:24]))]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        note = Problem(name, line, "bytes that are not UTF-8 were replaced with '\ufffd'; "
                       "expected UTF-8 text", excerpt=repr(raw[error.start: error.start + 12]))
        return raw.decode("utf-8-sig", errors="replace"), [note]


def _looks_binary(raw: bytes) -> bool:
    sample = raw[:4096]
    controls = sum(1 for byte in sample if byte < 9 or 13 < byte < 32)
    return bool(sample) and controls / len(sample) > 0.1


def normalize_line(line: str) -> str:
    """NFC, one space for any run of spaces, no control characters, no edge spaces."""
    if line.isascii() and line.isprintable():
        return " ".join(line.split()) if "  " in line else line.strip()
    line = unicodedata.normalize("NFC", line)
    line = _CONTROL.sub("", line.replace("\ufeff", ""))
    return _SPACES.sub(" ", line).strip()


def parse_text(
    text: str,
    name: str,
    sidecar: date | None = None,
    today: date | None = None,
    first_committed: date | None = None,
) -> Dump:
    """Parse the text of one dump (already decoded)."""
    lines = [normalize_line(line) for line in text.splitlines()]
    blocks = _blocks(lines)
    header_date, body = _strip_header(blocks)
    captured, captured_from = dates.capture_date(
        name, sidecar, header_date, _explicit_years(body), first_committed, today
    )
    reader = _Reader(name, captured)
    for block, following in zip(body, body[1:] + [None]):
        reader.take(block, following)
    reader.finish()
    shape = _shape(reader.entries)
    return Dump(name, captured, captured_from, shape, tuple(reader.entries),
                tuple(reader.problems), lines_read=len(lines))


def _blocks(lines: list[str]) -> list[_Block]:
    blocks: list[_Block] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(lines, start=1):
        if line:
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append(_Block(start, tuple(current)))
            current = []
    if current:
        blocks.append(_Block(start, tuple(current)))
    return blocks


def _strip_header(blocks: list[_Block]) -> tuple[dates.MonthDay | None, list[_Block]]:
    """Drop the page chrome at the top and return the listing's own date, if shown."""
    header_date = None
    index = 0
    while index < len(blocks) and len(blocks[index].lines) == 1:
        line = blocks[index].lines[0]
        if line.casefold() in BOILERPLATE:
            index += 1
        elif header_date is None and (month_day := dates.parse_month_day(line)) is not None:
            header_date = month_day
            index += 1
        else:
            break
    return header_date, blocks[index:]


def _explicit_years(blocks: list[_Block]) -> list[int]:
    years = []
    for block in blocks:
        if is_metadata_block(block.lines):
            parsed = dates.parse_listing_date(block.lines[-1])
            if parsed is not None and parsed.year is not None:
                years.append(parsed.year)
    return years


def _shape(entries: list[Entry]) -> DumpShape:
    if not entries:
        return "empty"
    if all(entry.title is None for entry in entries):
        return "bare"
    has_metadata = any(e.published or e.authors_count or e.organization for e in entries)
    return "listing" if has_metadata else "pairs"


def excerpt(text: str) -> str:
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"


def looks_like_abstract(text: str) -> bool:
    """Long prose reads as an abstract; a short line without sentences reads as a title."""
    if len(text) >= ABSTRACT_MIN_CHARS:
        return True
    return len(text) >= 120 and len(re.findall(r"[.!?](?:\s|$)", text)) >= 2


def _is_bare_block(block: _Block) -> bool:
    """Abstracts one per line: titles and abstracts are never glued three lines deep, so a block
    of three or more lines, mostly long prose, is a list of bare abstracts — short ones too."""
    if len(block.lines) < 3:
        return False
    return sum(map(looks_like_abstract, block.lines)) * 2 >= len(block.lines)


def _is_long_title(block: _Block, following: _Block | None) -> bool:
    """A title can be as long as a short abstract; it is one when a longer abstract follows it."""
    if len(block.lines) != 1 or following is None or len(following.lines) != 1:
        return False
    text, after = block.lines[0], following.lines[0]
    return (looks_like_abstract(text) and len(text) <= TITLE_MAX_CHARS
            and looks_like_abstract(after) and len(after) > 2 * len(text))


class _Reader:
    """Walks a dump's blocks, pairing titles with abstracts and metadata with entries."""

    def __init__(self, name: str, captured: date) -> None:
        self.name = name
        self.captured = captured
        self.entries: list[Entry] = []
        self.problems: list[Problem] = []
        self.pending_title: tuple[int, str] | None = None
        self.last_has_metadata = True  # nothing to attach metadata to yet

    def take(self, block: _Block, following: _Block | None = None) -> None:
        """Read one block; `following` is the next block, to tell a long title from an abstract."""
        if is_metadata_block(block.lines):
            self._metadata(block)
        elif len(block.lines) == 2 and not looks_like_abstract(block.lines[0]) \
                and len(block.lines[1]) >= SHORT_ABSTRACT_MIN_CHARS:
            self._problem(block.line + 1, "expected a blank line between the title and the abstract;"
                          " read them as a pair", block.lines[0], "warning")
            self._text(block.line, block.lines[0])
            self._text(block.line + 1, block.lines[1], after_title=True)
        elif _is_bare_block(block):
            self._flush_title()
            for offset, line in enumerate(block.lines):
                self._add(Entry(self.name, block.line + offset, None, line))
        elif _is_long_title(block, following) and not self.pending_title:
            self._flush_title()
            self.pending_title = (block.line, block.lines[0])
        else:
            for offset, line in enumerate(block.lines):
                self._text(block.line + offset, line)

    def finish(self) -> None:
        self._flush_title()

    def _text(self, line_number: int, text: str, after_title: bool = False) -> None:
        if text.casefold() in BOILERPLATE:
            return
        if self.pending_title and (after_title or self._continues_title(text)):
            title_line, title = self.pending_title
            self.pending_title = None
            self._add(Entry(self.name, title_line, title, text))
        elif looks_like_abstract(text):
            self._flush_title()
            if self.entries and any(entry.title for entry in self.entries):
                self._problem(line_number, "abstract with no title; expected a title line above it"
                              " (a title will be derived from the abstract)", text, "warning")
            self._add(Entry(self.name, line_number, None, text))
        else:
            self._flush_title()
            if len(text) > TITLE_MAX_CHARS:
                self._problem(line_number, f"title longer than {TITLE_MAX_CHARS} characters", text,
                              "warning")
            self.pending_title = (line_number, text)

    def _continues_title(self, text: str) -> bool:
        """After a title, the next text is its abstract unless it reads as another title."""
        return looks_like_abstract(text) or (
            len(text) >= SHORT_ABSTRACT_MIN_CHARS and text.rstrip()[-1:] in ".!?)"
        )

    def _flush_title(self) -> None:
        if self.pending_title:
            line_number, title = self.pending_title
            self.pending_title = None
            self._problem(line_number, "title with no abstract; expected the abstract after a blank"
                          " line (the paper was not added)", title)

    def _add(self, entry: Entry) -> None:
        self.entries.append(entry)
        self.last_has_metadata = False

    def _metadata(self, block: _Block) -> None:
        self._flush_title()
        if not self.entries or self.last_has_metadata:
            self._problem(block.line, "metadata block with no paper above it; expected title,"
                          " abstract, then metadata", " ".join(block.lines))
            return
        metadata, problems = parse_metadata(block.lines, block.line, self.name, self.captured)
        self.problems.extend(problems)
        self.entries[-1] = replace(
            self.entries[-1], authors_count=metadata.authors_count,
            organization=metadata.organization, published=metadata.published,
            upvotes=metadata.upvotes)
        self.last_has_metadata = True

    def _problem(self, line: int, message: str, text: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.name, line, message, excerpt(text), severity))  # type: ignore[arg-type]
