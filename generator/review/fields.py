"""A paper before and after a change, field by field, as a reviewer reads it: old -> new.

A pull request that fixes a title or pastes a richer listing changes papers already published;
the reviewer sees which fields changed and from what to what. A long abstract shows only the
stretch that differs, with a little of the text around it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..model import Organization, Paper

CONTEXT_CHARS = 20  # unchanged text shown on each side of an abstract's change
CHANGE_CHARS = 60  # most of an abstract's changed stretch shown

# The fields of a paper a dump gives, and how each is read off the paper.
COMPARED: tuple[tuple[str, Callable[[Paper], object]], ...] = (
    ("title", lambda paper: paper.title),
    ("title derived from the abstract", lambda paper: paper.title_derived),
    ("abstract", lambda paper: paper.abstract),
    ("authors", lambda paper: paper.authors_count),
    ("organization", lambda paper: paper.organization),
    ("published", lambda paper: paper.published),
    ("upvotes", lambda paper: paper.upvotes),
    ("sources", lambda paper: paper.sources),
    ("added", lambda paper: paper.added),
)


@dataclass(frozen=True, slots=True)
class FieldChange:
    name: str
    old: str
    new: str


def field_changes(old: Paper, new: Paper) -> tuple[FieldChange, ...]:
    """Every field that differs between the two versions of a paper, in `COMPARED` order."""
    changes = []
    for name, value_of in COMPARED:
        before, after = value_of(old), value_of(new)
        if before == after:
            continue
        if isinstance(before, str) and isinstance(after, str) and name == "abstract":
            before, after = changed_stretch(before, after)
        changes.append(FieldChange(name, shown(before), shown(after)))
    return tuple(changes)


def shown(value: object) -> str:
    """A field's value as the report prints it."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Organization):
        return f"{value.name} ({value.handle})"
    if isinstance(value, tuple):
        return ", ".join(map(str, value)) or "none"
    return str(value)


def changed_stretch(old: str, new: str) -> tuple[str, str]:
    """The part of each text that differs, with a little context: `…shared [old] shared…`."""
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(old), len(new)) - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return _excerpt(old, prefix, len(old) - suffix), _excerpt(new, prefix, len(new) - suffix)


def _excerpt(value: str, start: int, end: int) -> str:
    begin, finish = max(0, start - CONTEXT_CHARS), min(len(value), end + CONTEXT_CHARS)
    middle = value[begin:finish]
    if len(middle) > CHANGE_CHARS + 2 * CONTEXT_CHARS:
        middle = middle[:CHANGE_CHARS + CONTEXT_CHARS] + "…" + middle[-CONTEXT_CHARS:]
    return ("…" if begin else "") + middle + ("…" if finish < len(value) else "")
