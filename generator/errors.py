"""The few exceptions the generator raises; the CLI alone turns them into exit codes."""

from __future__ import annotations

from .model import Problem


class DigestError(Exception):
    """Base class: something the user must fix before the digest can be built."""


class SettingsError(DigestError):
    """The settings (plugin options, CLI flags) are invalid; every mistake is listed at once."""

    def __init__(self, mistakes: list[str]) -> None:
        self.mistakes = tuple(mistakes)
        super().__init__("invalid settings:\n" + "\n".join(f"  - {m}" for m in mistakes))


class DumpErrors(DigestError):
    """Dumps have errors and the caller asked for a strict build."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the dumps")
