"""The plain data every pipeline stage shares.

Stages pass these frozen values to each other and return new ones; none of them is mutated after
it is made. Serialising to and from JSON happens only at the edges (see render/catalog.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Severity = Literal["error", "warning"]
DumpShape = Literal["listing", "pairs", "bare", "empty"]
UrlState = Literal["live", "redirect", "removed"]


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in an input, located precisely enough for a contributor to fix it."""

    source: str  # dump file name (or settings file)
    line: int  # 1-based; 0 when the problem concerns the whole file
    message: str  # what was found and what was expected
    excerpt: str = ""  # a short piece of the offending text
    severity: Severity = "error"

    def location(self) -> str:
        return f"{self.source}:{self.line}" if self.line else self.source


@dataclass(frozen=True, slots=True)
class Organization:
    name: str  # display name, e.g. "UCAS"
    handle: str  # the one-word Hugging Face handle, e.g. "ucas"


@dataclass(frozen=True, slots=True)
class Entry:
    """One paper exactly as one dump shows it."""

    source: str  # dump file name
    line: int  # 1-based line where the entry starts
    title: str | None  # None for a bare abstract
    abstract: str
    authors_count: int | None = None
    organization: Organization | None = None
    published: date | None = None
    upvotes: int | None = None


@dataclass(frozen=True, slots=True)
class Dump:
    """One source dump, read."""

    name: str  # file name, e.g. "2025-10-28-model-merging.txt"
    captured: date  # the day the page was captured
    captured_from: str  # which rule gave `captured` ("sidecar", "file name", "evidence", ...)
    shape: DumpShape
    entries: tuple[Entry, ...]
    problems: tuple[Problem, ...]
    lines_read: int = 0


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    kind: Literal["code", "project", "data", "other"]


@dataclass(frozen=True, slots=True)
class SimilarLink:
    slug: str
    score: float  # cosine similarity in [0, 1], rounded for stable output
    shared: tuple[str, ...] = ()  # key terms or tags the two papers share


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper of the digest: every entry that names it, merged."""

    slug: str
    title: str
    title_derived: bool  # True when the title was derived from a bare abstract
    abstract: str
    authors_count: int | None
    organization: Organization | None
    published: date | None
    upvotes: int | None
    links: tuple[Link, ...]
    sources: tuple[str, ...]  # dump file names, sorted
    added: date  # capture date of the earliest dump that contains the paper
    tags: tuple[str, ...] = ()  # tag names, most specific first
    similar: tuple[SimilarLink, ...] = ()

    @property
    def url(self) -> str:
        """Site-relative URL of the paper's page (MkDocs directory URLs)."""
        return f"papers/{self.slug}/"


@dataclass(frozen=True, slots=True)
class Tag:
    """A topic of the curated vocabulary (or one derived from key phrases)."""

    name: str
    slug: str
    description: str = ""
    phrases: tuple[str, ...] = ()  # lower-case phrases and synonyms that signal the tag
    curated: bool = True


@dataclass(frozen=True, slots=True)
class PublishedUrl:
    """A paper URL the digest has published, `papers/<slug>/`, and what it shows now.

    Published URLs never break: `live` is the page of the paper these identity keys name;
    `redirect` sends the reader on to `target`, the paper this one turned out to be; `removed`
    says the paper left the digest (on `removed`, when recorded) and lists its similar papers.
    """

    slug: str
    state: UrlState
    keys: tuple[str, ...]  # short hashes of the paper's identity keys: "t:..." title, "a:..." abstract
    title: str  # the paper's title when it was last recorded
    target: str = ""  # redirect: the slug whose page the paper is now
    removed: date | None = None  # removed: the day the record says it left (None: not recorded)
    similar: tuple[str, ...] = ()  # removed: the slugs of its similar papers when it left

    @property
    def url(self) -> str:
        """Site-relative URL, as `Paper.url`."""
        return f"papers/{self.slug}/"


@dataclass(frozen=True, slots=True)
class Catalog:
    """The whole digest: what the site, the feed and `papers.json` are made from."""

    papers: tuple[Paper, ...]  # sorted by slug
    tags: tuple[Tag, ...] = ()  # every tag used by at least one paper, sorted by name
    dumps: tuple[Dump, ...] = ()  # sorted by name
    problems: tuple[Problem, ...] = field(default=())
    urls: tuple[PublishedUrl, ...] = ()  # every paper URL ever published, live ones too, by slug
