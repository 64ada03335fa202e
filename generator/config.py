"""One typed settings object with documented defaults, validated all at once."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

from .errors import SettingsError


def _setting(default: Any, help_text: str) -> Any:
    """A field of Settings: its default and the one line of help the README and the CLI show."""
    return field(default=default, metadata={"help": help_text})


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the pipeline needs to know; each field has a default and a line of help.

    The MkDocs plugin's options (`site/plugin.py`, `PLUGIN_OPTIONS`) and the CLI's input options
    take their defaults from here, and a test holds the README's option table to them.
    """

    dumps_dir: Path = _setting(Path("site_src/dumps"),
                               "folder of source dumps (`*.txt`, each with an optional `NAME.yml`)")
    taxonomy: Path = _setting(Path("site_src/tags.yml"), "the curated tag vocabulary")
    url_record: Path = _setting(Path("site_src/urls.txt"), "the record of every paper URL"
                                " published (written by `paper-digest record`)")
    similar_count: int = _setting(5, "most similar papers linked from each paper page")
    min_tags: int = _setting(1, "fewest tags a paper gets (when its text offers that many); more would be filler")
    max_tags: int = _setting(6, "most tags a paper gets")
    max_tag_share: float = _setting(0.25, "no tag may be on more than this share of the papers")
    page_size: int = _setting(200, "papers per page of a tag, month or dump listing")
    feed_size: int = _setting(50, "entries in the Atom feed")
    parallel_min_papers: int = _setting(
        2_000, "from this many entries on, a site build shares its work with a second process")
    size_budget: int = _setting(
        1_000_000_000, "bytes the built site may take (GitHub Pages publishes at most 1 GB): the"
                       " build warns past 90 % of it and fails past it, with the site's parts")
    site_url: str = _setting("", "public URL of the site; used for absolute links in the feed")
    today: date | None = _setting(None, "the last resort for a dump's capture year; None means"
                                        " the real today")
    strict: bool = _setting(False, "treat dump problems as fatal")
    progress: bool = _setting(True, "show progress bars (only ever on a terminal)")

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
        if self.parallel_min_papers < 1:
            mistakes.append("parallel_min_papers must be at least 1")
        if self.size_budget < 1:
            mistakes.append("size_budget must be at least 1 byte")
        if mistakes:
            raise SettingsError(mistakes)
        return self


def settings_help() -> dict[str, str]:
    """Field name -> its one line of help."""
    return {setting.name: setting.metadata["help"] for setting in fields(Settings)}
