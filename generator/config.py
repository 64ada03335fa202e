"""One typed settings object with documented defaults, validated all at once."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path

from .errors import SettingsError


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the pipeline needs to know; each field has a default and a line of help."""

    dumps_dir: Path = Path("site_src/dumps")
    """Folder of source dumps (`*.txt`, each with an optional `NAME.yml` sidecar)."""

    taxonomy: Path = Path("site_src/tags.yml")
    """The curated tag vocabulary."""

    similar_count: int = 5
    """Most similar papers linked from each paper page."""

    min_tags: int = 2
    """Fewest tags a paper gets (when its text offers that many)."""

    max_tags: int = 6
    """Most tags a paper gets."""

    max_tag_share: float = 0.25
    """No tag may be on more than this share of the papers."""

    page_size: int = 200
    """Papers listed on one page of a tag, month or dump listing before it is split."""

    feed_size: int = 50
    """Entries in the Atom feed of latest additions."""

    site_url: str = ""
    """Public URL of the site; used for absolute links in the feed."""

    today: date | None = None
    """The last resort for a dump's capture year; None means the real today."""

    strict: bool = False
    """Treat dump problems as fatal."""

    progress: bool = True
    """Show progress bars (only ever on a terminal)."""

    def validated(self) -> "Settings":
        """Return self, or raise SettingsError naming every invalid field."""
        mistakes = []
        if self.similar_count < 0:
            mistakes.append("similar_count must be 0 or more")
        if not 1 <= self.min_tags <= self.max_tags:
            mistakes.append("min_tags must be at least 1 and at most max_tags")
        if not 0 < self.max_tag_share <= 1:
            mistakes.append("max_tag_share must be in (0, 1]")
        if self.page_size < 10:
            mistakes.append("page_size must be at least 10")
        if self.feed_size < 1:
            mistakes.append("feed_size must be at least 1")
        if mistakes:
            raise SettingsError(mistakes)
        return self


def settings_help() -> dict[str, str]:
    """Field name -> one line of help, read from the attribute docstrings above."""
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(Settings))
    body = tree.body[0].body  # type: ignore[attr-defined]
    help_by_name: dict[str, str] = {}
    for node, following in zip(body, body[1:]):
        if isinstance(node, ast.AnnAssign) and isinstance(following, ast.Expr):
            help_by_name[node.target.id] = following.value.value  # type: ignore[union-attr]
    return {f.name: help_by_name.get(f.name, "") for f in fields(Settings)}
