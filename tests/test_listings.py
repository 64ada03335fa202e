"""What a reader chooses by: listing entries, tag feeds, the chart, what's new, the similar reasons.

These work on the files the renderer hands to MkDocs; tests/browser/ checks them in Chromium.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from datetime import date

from generator.config import Settings
from generator.model import Dump, Link, SimilarLink
from generator.render import home_sections, listings
from generator.render.chart import months_chart
from generator.render.entries import SNIPPET_CHARS, paper_entry, snippet
from generator.render.feed import TAG_FEED_SIZE
from generator.render.pages import similarity_in_words
from tests.test_pages import make_catalog, make_paper

ATOM = "{http://www.w3.org/2005/Atom}"


def test_snippet_is_the_first_sentence_cut_at_a_word() -> None:
    assert snippet("We merge models. Then we test them.") == "We merge models."
    long = "We " + "merge many models " * 20 + "at once. Then more."
    cut = snippet(long)
    assert len(cut) <= SNIPPET_CHARS and cut.endswith("merge…") and long.startswith(cut[:-1])
    assert snippet("A loss $L = x^2$ is small. More.") == "A loss … is small."
    assert snippet("Detecting failures matters. We detect them.", second=True) == "We detect them."


def test_an_entry_says_what_its_date_is_and_shows_upvotes_code_and_a_snippet() -> None:
    published = make_paper("a", upvotes=12, links=(Link("https://github.com/x/y", "code"),),
                           abstract="First <b>sentence</b>. Second.")
    entry = paper_entry(published, "../../")
    assert '<li data-a="20250313"><a href="../../papers/a/">' in entry
    assert "<small>published 2025-03-12 · 12 upvotes · <b>code</b></small>" in entry
    assert "<p>First &lt;b&gt;sentence&lt;/b&gt;.</p>" in entry
    undated = paper_entry(make_paper("b", published=None, upvotes=None), "")
    assert "added 2025-03-13" in undated and "data-a" not in undated and "upvote" not in undated


def test_a_dumps_listing_leaves_the_sentence_to_the_tag_and_month_listings() -> None:
    paper = make_paper("a", tags=("X",), abstract="First sentence here. Second.")
    files = listings.render_listings(make_catalog([paper], ("X",)), Settings())
    for path in ("tags/x/index.md", "archive/2025-03/index.md"):
        assert "<p>First sentence here.</p>" in files[path]
    source = next(text for path, text in files.items() if path.startswith("sources/") and path != "sources/index.md")
    assert 'href="../../papers/a/"' in source and "First sentence" not in source


def test_a_tag_has_a_short_feed_of_its_own_papers_only() -> None:
    tagged = [make_paper(f"p{number:02d}", tags=("Merging",), added=date(2025, 1, 1 + number),
                         abstract=f"Paper {number} merges. It does more.") for number in range(25)]
    other = make_paper("other", tags=("Vision",), added=date(2025, 2, 1))
    files = listings.render_listings(make_catalog([*tagged, other], ("Merging", "Vision")), Settings())
    root = ElementTree.fromstring(files["tags/merging/feed.xml"])
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == TAG_FEED_SIZE
    assert [entry.find(f"{ATOM}link").get("href") for entry in entries][:2] == [
        "../../papers/p24/", "../../papers/p23/"]
    assert entries[0].findtext(f"{ATOM}summary") == "Paper 24 merges."
    assert entries[0].findtext(f"{ATOM}updated") == "2025-01-25T00:00:00+00:00"
    assert "other" not in files["tags/merging/feed.xml"].decode()
    page = files["tags/merging/index.md"]
    assert "feed: feed.xml" in page and 'href="feed.xml"' in page and "Subscribe" in page


def test_chart_counts_papers_per_month_and_says_so_in_words() -> None:
    papers = [make_paper(f"p{n}", published=date(2024, month, 1)) for n, month in enumerate([1, 1, 3, 4])]
    chart = months_chart([*papers, make_paper("undated", published=None)], "tagged “X”")
    assert chart.count("M") == 3 + 1  # three months with papers, and the baseline
    assert "4 papers tagged “X” by month of publication, from 2024-01 to 2024-04" in chart
    assert "the most, 2, in 2024-01" in chart and "1 without a publication date" in chart
    assert 'fill="currentColor"' in chart and "<title" in chart and "<desc" in chart
    assert months_chart(papers[:2], "x") == ""  # one month is no trend


def test_whats_new_shows_the_latest_days_best_first_with_their_dumps() -> None:
    papers = [make_paper("older", added=date(2025, 3, 1)),
              make_paper("few-votes", upvotes=2, added=date(2025, 3, 13)),
              make_paper("no-votes", upvotes=None, added=date(2025, 3, 13)),
              make_paper("many-votes", upvotes=40, added=date(2025, 3, 13))]
    home = home_sections(make_catalog(papers))
    new = home[home.index("What’s new"):]
    assert "Added <time" in new and "2025-03-13" in new and 'href="sources/2025-03-13-daily/"' in new
    order = [new.index(f'papers/{slug}/') for slug in ("many-votes", "few-votes", "no-votes")]
    assert order == sorted(order)


def test_similar_reasons_are_words_not_scores() -> None:
    link = SimilarLink("x", 0.22, ("Model merging", "task vectors", "weights"))
    assert similarity_in_words(link, ("Model merging",)) == \
        "close: both on Model merging; both mention “task vectors” and “weights”"
    assert similarity_in_words(SimilarLink("x", 0.25), ()) == "very close"
    assert similarity_in_words(SimilarLink("x", 0.19), ()) == "related"


def test_tags_index_names_no_internal_file_and_papers_index_leads_on() -> None:
    files = listings.render_listings(make_catalog([make_paper("a", tags=("X",))], ("X",)), Settings())
    assert "site_src" not in files["tags/index.md"] and ".yml" not in files["tags/index.md"]
    assert re.search(r'href="\.\./search/"', files["papers/index.md"])
    assert 'href="../archive/"' in files["papers/index.md"]


def test_paper_page_has_a_breadcrumb_to_its_month() -> None:
    from generator.render import pages

    catalog = make_catalog([make_paper("a"), make_paper("b", published=None)])
    files = pages.render_site(catalog, Settings())
    assert 'aria-label="Breadcrumb"' in files["papers/a.md"]
    assert '<a href="../../archive/2025-03/">March 2025</a>' in files["papers/a.md"]
    assert '<a href="../../archive/undated/">Undated</a>' in files["papers/b.md"]


def test_whats_new_names_every_dump_of_the_day() -> None:
    papers = [make_paper("a", sources=("one.txt",)), make_paper("b", sources=("two.txt",))]
    catalog = make_catalog(papers)
    dumps = tuple(Dump(name, date(2025, 3, 13), "file name", "listing", (), ()) for name in ("one.txt", "two.txt"))
    home = home_sections(catalog.__class__(papers=catalog.papers, tags=catalog.tags, dumps=dumps))
    assert 'href="sources/one/"' in home and 'href="sources/two/"' in home
