"""The parts of Material's page that generated pages take from their shared header script.

Material's base template writes, outside any block a theme can override, the drawer's and the
search's toggles, the overlay, the empty skip-link and announcement holders at the start of the
body and an empty dialog holder after the page: 420 bytes of every page that mean something only
to Material's scripts (they open the drawer and the search from the header, which is itself
written by a script). Generated pages get them from the shared header script (`theme/generated.html`
puts `page_start` in front of the header), and the plugin takes Material's copies out of each page
(`without_page_start`), so the document a browser builds holds them once, at the header's place
(the dialog before the header instead of after the page: Material finds it anywhere).
"""

from __future__ import annotations

import re

from markupsafe import Markup

_TOGGLES = (
    '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
    '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">'
    '<label class="md-overlay" for="__drawer"></label>'
    '<div data-md-component="skip"></div><div data-md-component="announce"></div>'
)
_DIALOG = '<div class="md-dialog" data-md-component="dialog"><div class="md-dialog__inner md-typeset"></div></div>'
PAGE_START = Markup(_TOGGLES + _DIALOG)
"""What the shared header writes before the header: Material's toggles, holders and dialog."""


_DEFAULT_COLOURS = ' data-md-color-scheme="default" data-md-color-primary="indigo" data-md-color-accent="indigo"'
"""The body's palette when it is Material's own default, which its stylesheet gives `:root`
anyway; Material's scripts set the reader's palette on the body once the page is read (the saved
one at once, from the header's palette script)."""


def without_default_colours(html: str) -> str:
    """A generated page's `<body>` without palette attributes that repeat Material's defaults (85
    bytes a page; without JavaScript the page looks the same, with it Material sets them)."""
    return html.replace(_DEFAULT_COLOURS, "", 1)


def _tolerant(markup: str) -> re.Pattern[str]:
    """`markup` as Material's template renders it: with or without whitespace between tags."""
    tags = re.findall(r"<[^>]*>", markup)
    return re.compile(r"\s*".join(re.escape(tag) for tag in tags) + r"\s*")


_TOGGLES_PATTERN, _DIALOG_PATTERN = _tolerant(_TOGGLES), _tolerant(_DIALOG)


def without_page_start(html: str) -> str:
    """A generated page without Material's copies of `PAGE_START`'s parts (its header brings them).

    Material's toggles come before the header, its dialog after the page; a page in the navigation
    has its header written in (`templates.render_shared`), and so a second copy of each, which
    stays. Anything else means a Material release writes them otherwise (a skip link, an
    announcement): the build stops rather than give a page twice the toggles.
    """
    html = _cut(html, _TOGGLES_PATTERN, first=True)
    return _cut(html, _DIALOG_PATTERN, first=False)


def _cut(html: str, pattern: re.Pattern[str], first: bool) -> str:
    matches = list(pattern.finditer(html))
    if not 1 <= len(matches) <= 2:
        raise ValueError(f"a generated page holds {len(matches)} copies of Material's"
                         f" {pattern.pattern[:60]!r}...; expected one or two (has Material's base template changed?)")
    match = matches[0] if first else matches[-1]
    return html[:match.start()] + html[match.end():]
