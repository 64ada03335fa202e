"""The MkDocs plugin: generates every paper page, listing, feed and index during the build.

`mkdocs build` and `mkdocs serve` run the whole pipeline through this plugin, so generated pages
never touch the source tree, and `mkdocs serve` rebuilds when a dump or the vocabulary changes.
"""

from __future__ import annotations

import logging
import os
from contextlib import ExitStack
from dataclasses import replace
from datetime import datetime, time, timezone
from pathlib import Path

from jinja2 import Environment
from mkdocs.config import config_options
from mkdocs.config.base import Config as BaseConfig
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler, write_file

from .. import pipeline, schedule
from ..config import Settings
from ..pipeline import SiteBuild
from . import budget, shell, stylesheet, templates
from .page import GeneratedPage

log = logging.getLogger("mkdocs.plugins.paper-digest")
HOME_MARKER = "<!-- paper-digest:home -->"
PAPER_TEMPLATE = "paper.html"


def _pin_build_date(build: SiteBuild) -> None:
    """Date the build by its newest dump, not the clock, unless the caller chose a date.

    MkDocs reads SOURCE_DATE_EPOCH for the sitemap's dates and the gzip header of sitemap.xml.gz,
    so the same dumps give a byte-identical site on any day.
    """
    captured = [dump.captured for dump in build.catalog.dumps]
    if captured and "SOURCE_DATE_EPOCH" not in os.environ:
        newest = datetime.combine(max(captured), time(0, 0), tzinfo=timezone.utc)
        os.environ["SOURCE_DATE_EPOCH"] = str(int(newest.timestamp()))


UNUSED_THEME_FOLDERS = ("assets/javascripts/lunr/", "assets/javascripts/workers/")
"""Material's own search worker and its lunr languages: our worker (theme/assets/search/) answers
instead, with lunr.js from theme/assets/vendor/. Left out of the site with Material's source maps:
about 2 MB that no reader's browser fetches."""


def _is_unused_theme_file(path: str) -> bool:
    return path.startswith(UNUSED_THEME_FOLDERS) or path.endswith(".min.js.map") or path.endswith(".min.css.map")


def check_size(site: Path, papers: int, size_budget: int) -> None:
    """Report the built site's size and parts; warn near the budget, fail past it."""
    size = budget.measure_site(site, papers)
    report = budget.size_report(size, size_budget)
    if budget.is_over(size, size_budget):
        raise PluginError(f"paper-digest: {report}\nThe site is over its size budget: GitHub Pages"
                          " would refuse it. Make the site smaller or raise `size_budget`.")
    if budget.is_near(size, size_budget):
        _warn_uncounted(f"paper-digest: {report}\nThe site is past {budget.WARN_SHARE:.0%} of its"
                        " size budget.")
    else:
        log.info("paper-digest: %s", report)


def _warn_uncounted(message: str) -> None:
    """Log a warning that a strict build does not abort on.

    MkDocs aborts a strict build on any warning (it counts them with a CountHandler); a site near
    its budget must still deploy, so this warning goes to every handler but that one.
    """
    record = log.makeRecord(log.name, logging.WARNING, __file__, 0, message, None, None)
    logger: logging.Logger | None = log
    while logger is not None:
        for handler in logger.handlers:
            if not isinstance(handler, CountHandler) and record.levelno >= handler.level:
                handler.handle(record)
        logger = logger.parent if logger.propagate else None


PLUGIN_OPTIONS = ("dumps_dir", "taxonomy", "url_record", "similar_count", "page_size", "feed_size",
                  "max_tags", "parallel_min_papers", "size_budget")
"""The settings `mkdocs.yml` may set for the plugin; their defaults are `Settings`'s."""


def _option(default: object) -> config_options.Type:
    """A plugin option of the default's type (paths are given as text, relative to mkdocs.yml)."""
    if isinstance(default, Path):
        return config_options.Type(str, default=str(default))
    return config_options.Type(type(default), default=default)


# Options of the `paper-digest` plugin in mkdocs.yml, made from the settings they set.
PluginConfig = type("PluginConfig", (BaseConfig,), {
    name: _option(getattr(Settings(), name)) for name in PLUGIN_OPTIONS})


class PaperDigestPlugin(BasePlugin[PluginConfig]):  # type: ignore[valid-type]
    """Adds the generated pages to the build and the dumps to `mkdocs serve`'s watch list."""

    def __init__(self) -> None:
        self.build: SiteBuild | None = None
        self.settings: Settings | None = None
        self.second_process = ExitStack()  # the pipeline's second process, until the build's end
        self.shared_files: dict[str, str] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        options = {name: self.config[name] for name in PLUGIN_OPTIONS}
        options.update({name: root / options[name] for name in ("dumps_dir", "taxonomy", "url_record")})
        self.settings = Settings(**options, site_url=config.site_url or "", progress=False).validated()
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.settings is not None  # set in on_config, which MkDocs always calls first
        for file in [file for file in files if _is_unused_theme_file(file.src_uri)]:
            files.remove(file)
        self.finish()  # a previous build of `mkdocs serve` that ended in an error
        self.build = self.second_process.enter_context(schedule.site_build(self.settings))
        _pin_build_date(self.build)
        for problem in self.build.catalog.problems:
            # Errors fail a strict build; warnings are for `paper-digest check` and the log.
            report = log.warning if problem.severity == "error" else log.info
            report("%s: %s: %s", problem.location(), problem.severity, problem.message)
        # Each file's text leaves the build for its File, as UTF-8 bytes: a string of a page with
        # a character past Latin-1 takes two bytes a character, held for the whole build (page.py).
        for path in sorted(self.build.files):
            content = self.build.files.pop(path)
            file = File.generated(config, path, content=content.encode("utf-8") if isinstance(content, str) else content)
            files.append(file)
            if path.endswith(".md"):
                GeneratedPage(None, file, config)  # becomes `file.page`: MkDocs makes no other
        log.info("paper-digest: %d papers, %d tags", len(self.build.catalog.papers),
                 len(self.build.catalog.tags))
        # Every dump's entries have been read, reported and dated the build: the rest of it needs
        # the papers alone (100,000 papers' entries are some hundred MB held through the build).
        self.build = replace(self.build, catalog=pipeline.without_dumps(self.build.catalog))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri == "index.md" and self.build is not None:
            return markdown.replace(HOME_MARKER, self.build.home)
        return markdown

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Collapse the theme's indentation: most of a small page's bytes, and meaningless in HTML.
        Generated pages leave Material's toggles and holders to their shared header (`shell`)."""
        if page.meta.get("template") != PAPER_TEMPLATE:  # else collapsed in its frame (`templates.render_framed`)
            output = templates.collapse_whitespace(output)
        if not isinstance(page, GeneratedPage):
            return output
        return shell.without_default_colours(shell.without_page_start(output))

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the files that were still being made while MkDocs rendered the pages: the
        scripts of shared chrome and the search index."""
        site = Path(config.site_dir)
        for path, script in sorted(self.shared_files.items()):
            write_file(script.encode("utf-8"), str(site / path))
        if self.build is not None:
            for path, content in sorted(self.build.search_files.result().items()):
                data = content.encode("utf-8") if isinstance(content, str) else content
                write_file(data, str(site / path))
        self.finish()
        if self.build is not None and self.settings is not None:
            check_size(Path(config.site_dir), len(self.build.catalog.papers), self.settings.size_budget)

    def on_build_error(self, *, error: Exception) -> None:
        self.finish()

    def finish(self) -> None:
        """Let the build's second process go (after its current job)."""
        self.second_process.close()
        self.second_process = ExitStack()

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        self.shared_files = {}  # scripts and the stylesheet shared by pages, made as pages are rendered
        env.globals["shared"] = templates.render_shared(self.shared_files)
        folders = [Path(folder) for folder in config.theme.dirs] + [Path(config.docs_dir)]
        env.globals["combined"] = stylesheet.combine_stylesheets(folders, self.shared_files)
        env.globals["once"] = templates.render_once()
        env.globals["frame"] = templates.render_framed()
        env.globals["marker"] = templates.marker
        env.globals["page_start"] = shell.PAGE_START
        return env

    def on_serve(self, server, *, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
        assert self.settings is not None
        server.watch(str(self.settings.dumps_dir))
        server.watch(str(self.settings.taxonomy))
        if self.settings.url_record.exists():  # a digest that has published nothing has none
            server.watch(str(self.settings.url_record))
        return server
