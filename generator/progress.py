"""Progress bars for the slow stages, shown only to a person watching a terminal."""

from __future__ import annotations

import sys
from typing import Iterable, Iterator, TypeVar

from tqdm import tqdm

T = TypeVar("T")


def progress(items: Iterable[T], label: str, *, enabled: bool, total: int | None = None,
             unit: str = "file") -> Iterator[T]:
    """`items`, with a progress bar on a terminal when `enabled`; silent in CI, in tests and when piped."""
    shown = enabled and sys.stderr.isatty()
    yield from tqdm(items, desc=label, unit=unit, total=total, disable=not shown, leave=False)
