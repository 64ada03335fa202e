"""The page shell: what Material repeats in every page is served once, and stays Material's own."""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest

from .conftest import ROOT

THEME = ROOT / "theme"
MATERIAL = Path(material.__file__).parent / "templates"


def test_the_scope_script_is_materials_own_with_the_root_taken_from_its_address() -> None:
    original = (MATERIAL / "partials" / "javascripts" / "base.html").read_text(encoding="utf-8")
    inline = re.search(r"<script>(.*)</script>", original).group(1)
    expected = inline.replace('"{{ config.extra.scope | d(base_url) }}",location', '"../..",document.currentScript.src')
    assert expected != inline, "Material's head script changed: update theme/assets/javascripts/scope.js"
    ours = (THEME / "assets" / "javascripts" / "scope.js").read_text(encoding="utf-8")
    assert ours.rstrip("\n").splitlines()[-1] == expected


def test_the_config_script_renders_materials_own_config_block() -> None:
    base = (MATERIAL / "base.html").read_text(encoding="utf-8")
    block = re.search(r"{% block config %}\n(.*?)\n\s*{% endblock %}", base, re.DOTALL).group(1)
    ours = (THEME / "assets" / "javascripts" / "config.js").read_text(encoding="utf-8")
    lines = [line.strip() for line in block.splitlines()]
    ours_lines = [line.strip() for line in ours.splitlines()]
    start = ours_lines.index(lines[0])
    assert ours_lines[start:start + len(lines)] == lines, "Material's config block changed: update config.js"


def test_the_header_icons_are_materials() -> None:
    css = (THEME / "assets" / "stylesheets" / "digest.css").read_text(encoding="utf-8")
    for name, css_class in (("menu", "pd-icon--menu"), ("magnify", "pd-icon--search")):
        path = re.search(r'd="([^"]+)"', (MATERIAL / ".icons" / "material" / f"{name}.svg").read_text()).group(1)
        assert re.search(rf"\.{css_class} {{[^}}]*<path d=\"{re.escape(path)}\"/>", css), name


@pytest.mark.slow
def test_a_paper_page_repeats_no_script_icon_or_configuration_of_the_shell(seed_site: Path) -> None:
    page = (seed_site / "papers" / "corrective-machine-unlearning" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []  # every script is a shared file
    assert "<svg" not in page and "__config" not in page and "<header" not in page
    assert 'name="generator"' not in page and "feed.xml" not in page
    header = re.search(r'<script src="../../(assets/shared/header\.\w+\.js)"></script>', page)
    written = (seed_site / header.group(1)).read_text(encoding="utf-8")
    for script in ("scope.js", "config.js", "palette.js"):  # the header brings them, in that order
        assert f'src=\\"../../assets/javascripts/{script}\\"' in written
        assert script not in page
    assert written.index("scope.js") < written.index("palette.js") < written.index("config.js")
    config = (seed_site / "assets" / "javascripts" / "config.js").read_text(encoding="utf-8")
    assert '\\"base\\": \\"../..\\"' in config and "workers/search." in config


@pytest.mark.slow
def test_every_page_links_one_stylesheet_made_of_materials_and_the_themes(seed_site: Path) -> None:
    pages = [seed_site / "index.html", seed_site / "search" / "index.html", seed_site / "tags" / "index.html",
             seed_site / "papers" / "corrective-machine-unlearning" / "index.html"]
    linked = {re.findall(r'<link rel="stylesheet" href="[./]*(assets/[^"]+)">', page.read_text(encoding="utf-8"))[0]
              for page in pages}
    assert len(linked) == 1 and all(len(re.findall(r'rel="stylesheet"', page.read_text(encoding="utf-8"))) == 1
                                    for page in pages)
    parts = [MATERIAL / "assets" / "stylesheets", MATERIAL / "assets" / "stylesheets",
             THEME / "assets" / "search", THEME / "assets" / "stylesheets"]
    names = [next(parts[0].glob("main.*.min.css")).name, next(parts[1].glob("palette.*.min.css")).name,
             "search.css", "digest.css"]
    expected = "\n".join((folder / name).read_text(encoding="utf-8") for folder, name in zip(parts, names))
    assert (seed_site / linked.pop()).read_text(encoding="utf-8") == expected
