"""The built site's size against its budget: GitHub Pages publishes a site of at most 1 GB.

A digest grows with every dump, and Pages refuses a larger site only when the deploy uploads it.
So the build measures what it wrote, part by part, reports it at the end, warns from 90 % of the
budget (`size_budget`) and fails past it with the breakdown, before anything is deployed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

WARN_SHARE = 0.9
PARTS = ("paper pages", "search files", "papers.json", "tag listings", "archive listings",
         "source listings", "feeds", "the rest")
"""The parts a site is reported by, in the order of the report."""
_FOLDER_PARTS = {"papers": "paper pages", "search": "search files", "tags": "tag listings",
                 "archive": "archive listings", "sources": "source listings"}


@dataclass(frozen=True, slots=True)
class Part:
    name: str
    bytes: int
    files: int


@dataclass(frozen=True, slots=True)
class SiteSize:
    """What a built site weighs, by part, and for how many papers."""

    parts: tuple[Part, ...]
    papers: int

    @property
    def total(self) -> int:
        return sum(part.bytes for part in self.parts)


def part_of(path: str) -> str:
    """The part a file belongs to, by its path relative to the site root ('/' separated)."""
    folder, _, rest = path.partition("/")
    name = path.rsplit("/", 1)[-1]
    if name.endswith("feed.xml") or name.endswith(".atom"):
        return "feeds"
    if not rest:
        return "papers.json" if name.startswith("papers.") else "the rest"
    if folder == "papers" and "/" not in rest:
        return "the rest"  # papers/index.html: a page about the papers, not one of them
    return _FOLDER_PARTS.get(folder, "the rest")


def measure_site(site_dir: Path, papers: int) -> SiteSize:
    """Every file under `site_dir`, summed by part."""
    sizes = {name: [0, 0] for name in PARTS}
    for path, size in _files(site_dir, ""):
        counts = sizes[part_of(path)]
        counts[0] += size
        counts[1] += 1
    return SiteSize(tuple(Part(name, *sizes[name]) for name in PARTS), papers)


def _files(folder: Path, prefix: str):  # type: ignore[no-untyped-def]
    """(path relative to the site, bytes) of every file; scandir, as a site has 100,000 files."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from _files(Path(entry.path), f"{prefix}{entry.name}/")
            elif entry.is_file(follow_symlinks=False):
                yield f"{prefix}{entry.name}", entry.stat(follow_symlinks=False).st_size


def is_over(size: SiteSize, budget: int) -> bool:
    return size.total > budget


def is_near(size: SiteSize, budget: int) -> bool:
    """Past 90 % of the budget, and not over it."""
    return WARN_SHARE * budget < size.total <= budget


def size_report(size: SiteSize, budget: int) -> str:
    """The site's size, its share of the budget and its parts, with bytes a paper, one a line."""
    per_paper = max(size.papers, 1)
    lines = [f"the site is {_megabytes(size.total)} for {size.papers:,} papers"
             f" ({size.total / per_paper:,.0f} bytes a paper), {size.total / budget:.0%} of its"
             f" {_megabytes(budget)} budget (size_budget):"]
    width = max(len(part.name) for part in size.parts)
    for part in size.parts:
        lines.append(f"  {part.name:<{width}}  {_megabytes(part.bytes):>10}"
                     f"  {part.bytes / per_paper:>8,.0f} bytes a paper  {part.files:>8,} files")
    return "\n".join(lines)


def _megabytes(count: int) -> str:
    return f"{count / 1e6:,.1f} MB"
