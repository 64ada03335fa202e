"""The dumps as they were at a git revision: what a pull request is reviewed against.

The base of a change is read from git's object store (`git ls-tree`, `git show`) into a temporary
folder and read there like any folder of dumps, with each file's first-commit date taken from the
revision's own history, so a dump dated by its first commit reads exactly as it did at the base.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from .. import git
from ..config import Settings
from ..model import Dump
from .folder import dump_paths, read_dump_files

DUMP_SUFFIXES = (".txt", ".yml")  # the dumps and their sidecars


def read_dumps_at(revision: str, folder: Path, settings: Settings) -> tuple[Dump, ...]:
    """Every dump of `folder` as it was at `revision` (a branch, tag or commit)."""
    top = git.top_folder(folder)
    commit = git.commit_of(top, revision)
    relative = git.relative_path(top, folder)
    files = [path for path in git.files_at(top, commit, relative) if path.suffix in DUMP_SUFFIXES]
    first_added = git.first_added_at(top, commit, relative)
    with tempfile.TemporaryDirectory(prefix="dumps-at-revision-") as temporary:
        copy = Path(temporary)
        for path in files:
            (copy / path.name).write_bytes(git.content_at(top, commit, path))
        committed = {(copy / path.name).resolve(): day for path, day in first_added.items()
                     if path.parent == relative}
        return read_dump_files(dump_paths(copy), settings, committed)
