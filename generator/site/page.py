"""The MkDocs page of a generated file: its body is finished HTML, its front matter plain YAML.

A paper page's body is HTML built from escaped text (render/pages.py), so Python-Markdown could only pass
it through, and must never be allowed to interpret it. MkDocs' own Page would still set up a
Markdown converter with every configured extension for each of tens of thousands of pages, and
read the front matter with PyYAML's pure-Python loader: together a fifth of a large build. This
Page reads the same front matter with libyaml and takes the body as the page's HTML. Plugins that
make their own Page kinds (Material's blog plugin does) create them the same way, in `on_files`.
"""

from __future__ import annotations

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import YAML_RE

# libyaml's safe loader when PyYAML has it (same result as the pure-Python one, much faster).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class GeneratedPage(Page):
    """A page whose Markdown source is front matter and one block of finished HTML.

    Its body stays in the UTF-8 bytes of its file (the plugin gives generated files bytes) and is
    made a string only when read (`markdown` and `content` are the same text here: the body is
    already HTML). MkDocs reads every page before it renders any, and a Python string with one
    character past Latin-1 (a breadcrumb's ›, a reason's quotes) takes two bytes a character:
    100,000 paper pages held as strings, twice (the source and the content), were 2 GB of a large
    build's memory; held once as UTF-8, a quarter of that.
    """

    _body: bytes | memoryview | None = None

    @property  # type: ignore[override]
    def markdown(self) -> str | None:
        return None if self._body is None else str(self._body, "utf-8")

    @markdown.setter
    def markdown(self, value: str | None) -> None:
        if value is None or self._body is None or value != self.markdown:
            self._body = None if value is None else value.encode("utf-8")

    content = markdown  # type: ignore[assignment]

    def read_source(self, config: MkDocsConfig) -> None:
        source = config.plugins.on_page_read_source(page=self, config=config)
        if source is not None:
            self.markdown, self.meta = split_front_matter(source)
            return
        raw = self.file.content_bytes
        body, self.meta = split_front_matter(raw.decode("utf-8-sig"))
        # The body is the end of the file's bytes: a view of them rather than a copy.
        self._body = memoryview(raw)[len(raw) - len(body.encode("utf-8")):]

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self._body is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        self.toc = get_toc([])
        self.present_anchor_ids = set()


def split_front_matter(source: str) -> tuple[str, dict]:
    """(body, metadata) as MkDocs' `meta.get_data` splits a page with YAML front matter."""
    match = YAML_RE.match(source)
    if not match:
        return source, {}
    data = yaml.load(match.group(1), Loader=_SAFE_LOADER)
    if not isinstance(data, dict):
        return source, {}
    return source[match.end():].lstrip("\n"), data
