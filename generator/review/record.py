"""Whether the committed record of published URLs is the one the change calls for.

`paper-digest record` writes the record a change calls for; the check computes the same record
and compares. The day a paper was recorded as removed and its similar papers at that time are
facts of the day the command ran, so they are not compared; everything else is, line by line.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import Problem, PublishedUrl

RECORD_COMMAND = "make record"
EXAMPLES_SHOWN = 3


@dataclass(frozen=True, slots=True)
class RecordCheck:
    path: str  # the record as the contributor finds it, e.g. site_src/urls.txt
    committed: tuple[PublishedUrl, ...]  # the record as the change leaves it
    expected: tuple[PublishedUrl, ...]  # the record `paper-digest record` would write
    is_stale_an_error: bool  # a pull request's check: yes; dumps checked on their own: no


def stale_record(record: RecordCheck) -> tuple[Problem, ...]:
    """A problem naming the URLs the record does not hold as the change leaves them, if any."""
    committed = {url.slug: _comparable(url) for url in record.committed}
    expected = {url.slug: _comparable(url) for url in record.expected}
    differing = sorted(slug for slug in committed.keys() | expected.keys()
                       if committed.get(slug) != expected.get(slug))
    if not differing:
        return ()
    examples = "; ".join(_difference(committed.get(slug), expected.get(slug), slug)
                         for slug in differing[:EXAMPLES_SHOWN])
    more = f"; and {len(differing) - EXAMPLES_SHOWN} more" if len(differing) > EXAMPLES_SHOWN else ""
    message = (f"the record of published URLs is not up to date with the dumps ({examples}{more}):"
               f" run `{RECORD_COMMAND}` and commit {record.path}")
    return (Problem(record.path, 0, message, severity="error" if record.is_stale_an_error else "warning"),)


def _comparable(url: PublishedUrl) -> PublishedUrl:
    return replace(url, removed=None, similar=()) if url.state == "removed" else url


def _difference(committed: PublishedUrl | None, expected: PublishedUrl | None, slug: str) -> str:
    if committed is None:
        return f"papers/{slug}/ is not recorded"
    if expected is None:
        return f"papers/{slug}/ is recorded but not called for"
    if committed.state != expected.state or committed.target != expected.target:
        now = f"redirect to papers/{expected.target}/" if expected.state == "redirect" else expected.state
        return f"papers/{slug}/ is now {now}, recorded as {committed.state}"
    what = "title" if committed.title != expected.title else "identity keys"
    return f"papers/{slug}/ has a new {what}"
