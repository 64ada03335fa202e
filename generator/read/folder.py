"""A folder of dumps read as a whole: which files, in which order, with their first-commit dates."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from ..config import Settings
from ..model import Dump, Problem
from ..progress import progress
from .dates import first_commit_dates
from .dumps import read_dump


def dump_paths(folder: Path | None, extra: tuple[Path, ...] = ()) -> tuple[Path, ...]:
    """The dumps to read: `*.txt` in the folder plus extra files, each once, sorted by name."""
    found = {}
    if folder is not None and folder.is_dir():
        found = {path.resolve(): path for path in sorted(folder.glob("*.txt"))}
    for path in extra:
        found.setdefault(path.resolve(), path)
    return tuple(sorted(found.values(), key=lambda path: (path.name, str(path))))


def read_dump_files(paths: tuple[Path, ...], settings: Settings,
                    committed: Mapping[Path, date] | None = None) -> tuple[Dump, ...]:
    """Read every dump, in the order of `paths`; a file that cannot be read becomes a problem.

    `committed`: each file's first-commit date by resolved path, when the files are not where git
    sees them (a revision's dumps written to a temporary folder); by default git is asked.
    """
    committed = first_commit_dates(paths) if committed is None else committed
    jobs = [(path, settings.today, committed.get(path.resolve())) for path in paths]
    return tuple(progress(map(_read_one, jobs), "reading dumps", enabled=settings.progress,
                          total=len(jobs)))


def _read_one(job: tuple[Path, date | None, date | None]) -> Dump:
    path, today, first_committed = job
    try:
        return read_dump(path, today, first_committed)
    except OSError as error:
        problem = Problem(path.name, 0, f"cannot read the file: {error.strerror or error}")
        return Dump(path.name, today or date.today(), "today", "empty", (), (problem,))
