"""The few git questions the generator asks: what a file held at a revision, and when files came.

A pull request is reviewed against its base branch and the record of published URLs is kept
against the last commit, so the digest as it was at a revision must be readable without checking
that revision out: `git show` and `git ls-tree` read it from the object store. Git runs with
arguments only, never through a shell, and a revision that does not resolve is the user's
mistake (`RevisionError`), reported as bad usage.
"""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path, PurePosixPath

from .errors import DigestError

TIMEOUT_SECONDS = 120


class RevisionError(DigestError):
    """A revision or path that git cannot resolve, or no git repository at all."""


def top_folder(path: Path) -> Path:
    """The working tree's top folder that holds `path` (a file or folder, existing or not)."""
    folder = path.resolve()
    while not folder.is_dir():
        folder = folder.parent
    return Path(_git(folder, "rev-parse", "--show-toplevel").strip())


def commit_of(top: Path, revision: str) -> str:
    """The full commit id a revision names; RevisionError when it names none."""
    if revision.startswith("-"):
        raise RevisionError(f"not a revision: {revision!r}")
    return _git(top, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").strip()


def relative_path(top: Path, path: Path) -> PurePosixPath:
    """`path` as git names it: relative to the top folder, with forward slashes."""
    try:
        return PurePosixPath(path.resolve().relative_to(top.resolve()).as_posix())
    except ValueError:
        raise RevisionError(f"{str(path)!r} is not inside the git repository {str(top)!r}") from None


def files_at(top: Path, commit: str, folder: PurePosixPath) -> tuple[PurePosixPath, ...]:
    """Paths (relative to the top) of the files directly inside `folder` at `commit`."""
    listing = _git(top, "ls-tree", "-z", commit, "--", f"{folder}/")
    files = []
    for row in filter(None, listing.split("\0")):
        mode_type_id, name = row.split("\t", 1)
        if mode_type_id.split()[1] == "blob":
            files.append(PurePosixPath(name))
    return tuple(files)


def content_at(top: Path, commit: str, path: PurePosixPath) -> bytes:
    """A file's bytes at `commit` (a file `files_at` lists)."""
    return _run(top, "show", f"{commit}:{path}").stdout


def content_if_any(top: Path, commit: str, path: PurePosixPath) -> bytes | None:
    """A file's bytes at `commit`, or None when there was no such file there."""
    if path not in files_at(top, commit, path.parent):
        return None
    return content_at(top, commit, path)


def last_commit_changing(top: Path, path: PurePosixPath) -> str | None:
    """The newest commit that changed a file, or None when none did."""
    return _git(top, "log", "-1", "--format=%H", "--", str(path)).strip() or None


def first_added_at(top: Path, commit: str, folder: PurePosixPath) -> dict[PurePosixPath, date]:
    """The day each file of `folder` was first committed, in the history of `commit`."""
    log = _git(top, "log", commit, "--diff-filter=A", "--format=@%as", "--name-only", "--",
               f"{folder}/")
    found: dict[PurePosixPath, date] = {}
    current: date | None = None
    for line in log.splitlines():
        if line.startswith("@"):
            current = date.fromisoformat(line[1:])
        elif line and current:
            # Newest commits come first, so the last date seen for a file is its first commit.
            found[PurePosixPath(line)] = current
    return found


def _git(top: Path, *args: str) -> str:
    return _run(top, *args).stdout.decode("utf-8", errors="replace")


def _run(top: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        result = subprocess.run(["git", *args], cwd=top, capture_output=True,
                                timeout=TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.SubprocessError) as error:
        raise RevisionError(f"cannot run git: {error}") from error
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", errors="replace").strip().splitlines()
        detail = message[-1] if message else f"git {args[0]} failed"
        raise RevisionError(f"git {args[0]}: {detail}" if args[0] != "rev-parse" or message
                            else f"not a revision: {args[-1].removesuffix('^{commit}')!r}")
    return result
