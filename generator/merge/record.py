"""The record of published URLs (`site_src/urls.txt`): read and written here, nowhere else.

Every paper URL the digest has ever published is one line of a committed text file, sorted by
slug, so a pull request's diff of it reads as the list of URLs the change creates, redirects or
retires. The merge keeps each recorded slug for the paper its identity keys name (`urls.py`);
`paper-digest record` rewrites the file after a change of the dumps. The file arrives in pull
requests like the dumps, so every field is checked: a slug can only ever be a slug.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import cast

from ..model import Problem, PublishedUrl, UrlState

HEADER = """\
# Published paper URLs: every papers/<slug>/ this digest has published, so that none ever breaks.
# Written by `paper-digest record` (`make record`): run it after adding, editing or removing dumps
# and commit this file with them. One line per slug, sorted:
#   SLUG live KEYS | TITLE                     the paper's page
#   SLUG redirect TARGET KEYS | TITLE          merged into papers/TARGET/, where the page sends you
#   SLUG removed DATE KEYS [similar=SLUG,...] | TITLE    left the digest on DATE; the page says so
# KEYS are short hashes of the paper's normalised title (t:) and abstract (a:). A paper keeps its
# URL while one of them still matches, so fixing a title (or an abstract) never moves it.
"""
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
KEY = re.compile(r"[at]:[0-9a-f]{12}")
SLUG_MAX_CHARS = 200
TITLE_SEPARATOR = " | "
SIMILAR_PREFIX = "similar="
UNKNOWN_DATE = "unknown"


def load_record(path: Path, source: str) -> tuple[tuple[PublishedUrl, ...], tuple[Problem, ...]]:
    """The record at `path` (none yet: nothing published), and every mistake in it.

    `source`: the name problems give the file, as a contributor would find it.
    """
    if not path.is_file():
        return (), ()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return (), (Problem(source, 0, f"cannot read the record of published URLs: {error}"),)
    return parse_record(text, source)


def parse_record(text: str, source: str) -> tuple[tuple[PublishedUrl, ...], tuple[Problem, ...]]:
    """Record text -> URLs sorted by slug, and a problem with its line for every bad line."""
    urls: dict[str, PublishedUrl] = {}
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        url, mistake = _parse_line(line)
        if url is None:
            problems.append(Problem(source, number, mistake, line[:80]))
        elif url.slug in urls:
            problems.append(Problem(source, number, f"slug recorded twice (first on line"
                                    f" {lines[url.slug]})", line[:80]))
        else:
            urls[url.slug], lines[url.slug] = url, number
    problems += [Problem(source, lines[slug], mistake, slug) for slug, mistake in _bad_redirects(urls)]
    return tuple(urls[slug] for slug in sorted(urls)), tuple(sorted(problems, key=lambda problem: problem.line))


def _bad_redirects(urls: dict[str, PublishedUrl]) -> list[tuple[str, str]]:
    """Redirects that would lead a reader nowhere: to a slug not recorded, or round in a circle."""
    mistakes = []
    for slug, url in urls.items():
        seen = {slug}
        while url.state == "redirect" and url.target in urls and url.target not in seen:
            seen.add(url.target)
            url = urls[url.target]
        if url.state == "redirect":
            mistakes.append((slug, f"redirects to {url.target!r}, which the record does not hold"
                             if url.target not in urls else "redirects in a circle"))
    return mistakes


def _parse_line(line: str) -> tuple[PublishedUrl | None, str]:
    # An editor may strip the space after the separator of an empty title.
    head, separator, title = (line.rstrip() + " ").partition(TITLE_SEPARATOR)
    words = head.split()
    if not separator or len(words) < 2:
        return None, "expected `SLUG STATE ... | TITLE`"
    slug, state, rest = words[0], words[1], words[2:]
    if not _is_slug(slug):
        return None, f"not a slug: {slug!r} (lower-case letters, digits and single hyphens)"
    detail = rest.pop(0) if state in ("redirect", "removed") and rest else ""
    similar: tuple[str, ...] = ()
    if state == "removed" and rest and rest[-1].startswith(SIMILAR_PREFIX):
        similar = tuple(filter(None, rest.pop().removeprefix(SIMILAR_PREFIX).split(",")))
    if state not in ("live", "redirect", "removed"):
        return None, f"unknown state {state!r}; expected live, redirect or removed"
    if state == "redirect" and not _is_slug(detail):
        return None, "expected `SLUG redirect TARGET-SLUG KEYS | TITLE`"
    removed = _date(detail) if state == "removed" else None
    if state == "removed" and removed is None and detail != UNKNOWN_DATE:
        return None, f"expected `SLUG removed YYYY-MM-DD KEYS | TITLE` (or {UNKNOWN_DATE} for the date)"
    bad = [word for word in rest if not KEY.fullmatch(word)] + [s for s in similar if not _is_slug(s)]
    if bad:
        return None, f"not a key or slug: {bad[0]!r}"
    return PublishedUrl(slug, cast(UrlState, state), tuple(rest), title.strip(),
                        target=detail if state == "redirect" else "", removed=removed,
                        similar=similar), ""


def _is_slug(value: str) -> bool:
    return len(value) <= SLUG_MAX_CHARS and SLUG.fullmatch(value) is not None


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def format_record(urls: tuple[PublishedUrl, ...]) -> str:
    """The record's text: the header, then one line per URL sorted by slug."""
    return HEADER + "".join(_format_line(url) + "\n" for url in sorted(urls, key=lambda url: url.slug))


def _format_line(url: PublishedUrl) -> str:
    words = [url.slug, url.state]
    if url.state == "redirect":
        words.append(url.target)
    elif url.state == "removed":
        words.append(url.removed.isoformat() if url.removed else UNKNOWN_DATE)
    words += url.keys
    if url.state == "removed" and url.similar:
        words.append(SIMILAR_PREFIX + ",".join(url.similar))
    return " ".join(words) + TITLE_SEPARATOR + " ".join(url.title.split())
