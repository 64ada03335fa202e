"""One stylesheet for the whole site instead of a link per file in every page.

Material links its main and palette stylesheets, and the theme adds the search's and the digest's:
four `<link>` tags, about 250 bytes of each of 100,000 pages. `combine_stylesheets` takes the
`styles` block's markup, joins the files it links (in order) into one file named by its content's
hash, and gives the block back with one link to that file; whatever else the block holds (Material's
inline icon styles, a stylesheet from another host) stays as it was.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Callable

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

COMBINED_DIR = "assets/stylesheets"
_LINK = re.compile(r'<link rel="stylesheet" href="([^"]+)">\s*')


def combine_stylesheets(folders: list[Path], files: dict[str, str]) -> Callable[..., Markup]:
    """A template function: `{{ combined(styles) }}` with the `styles` block's markup. `folders`:
    where the linked files are found, by their path from the site root (the theme's folders, then
    the docs folder); `files` receives the combined stylesheet, by path from the site root."""
    combined: dict[tuple[str, ...], str] = {}

    @pass_context
    def combined_styles(context: Context, block: str) -> Markup:
        prefix = _root_prefix(str(context.get("base_url", ".")))
        found = [path for path in (_site_path(href, prefix) for href in _LINK.findall(block))
                 if path is not None and _find(folders, path) is not None]
        if len(found) < 2:
            return Markup(block)
        key = tuple(found)
        if key not in combined:
            text = "\n".join(_find(folders, path).read_text(encoding="utf-8") for path in found)  # type: ignore[union-attr]
            combined[key] = f"{COMBINED_DIR}/site.{hashlib.sha256(text.encode()).hexdigest()[:12]}.css"
            files[combined[key]] = text
        links = iter([f'<link rel="stylesheet" href="{prefix}{combined[key]}">'])

        def replaced(match: re.Match[str]) -> str:
            return next(links, "") if _site_path(match.group(1), prefix) in found else match.group(0)

        return Markup(_LINK.sub(replaced, block))

    return combined_styles


def _root_prefix(base_url: str) -> str:
    """What leads from a page to the site root in its links: "" at the root, "../../" below it."""
    return "" if base_url in ("", ".") else base_url.rstrip("/") + "/"


def _site_path(href: str, prefix: str) -> str | None:
    """The path from the site root of a link written relative to the page, or None for a link
    elsewhere."""
    if "://" in href or href.startswith("//") or not href.startswith(prefix):
        return None
    path = href[len(prefix):]
    return None if path.startswith("../") else path


def _find(folders: list[Path], path: str) -> Path | None:
    for folder in folders:
        candidate = folder / path
        if candidate.is_file():
            return candidate
    return None
