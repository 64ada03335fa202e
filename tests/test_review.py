"""`paper-digest check`'s report: duplicates are counted by the merge's own matching; every change
is named (old -> new) and every piece of dump text in the Markdown summary stays text."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from generator import change, review
from generator.config import Settings
from generator.model import Dump, Entry, Paper, PublishedUrl

ABSTRACT_X = ("We study how retrieval changes the behaviour of language models on long documents, "
              "and we find that a small index of passages chosen by a learned scorer recovers most "
              "of the accuracy of reading the whole document while costing a fraction of the "
              "compute; experiments on four benchmarks confirm it.")
ABSTRACT_Y = ABSTRACT_X.replace("We study", "In this longer version we carefully study") + (
    " We also release the code and the passage scorer for others to build on.")


def write(path: Path, *pairs: tuple[str, str]) -> Path:
    path.write_text("\n\n".join(f"{title}\n\n{abstract}" for title, abstract in pairs) + "\n",
                    encoding="utf-8")
    return path


def test_a_retitled_paper_given_twice_in_a_pull_request_is_a_duplicate(settings: Settings) -> None:
    # The published paper (T1, X); the pull request gives it again retitled (T2, X) and with a
    # new abstract under its first title (T1, Y). Both entries join the published paper through
    # a different key, neither of which is the merged paper's own title and abstract pair.
    write(settings.dumps_dir / "2025-01-01-base.txt", ("Passage Retrieval for Long Documents", ABSTRACT_X))
    checked = write(settings.dumps_dir.parent / "2025-02-01-new.txt",
                    ("Retrieval Makes Long Documents Cheap", ABSTRACT_X),
                    ("Passage Retrieval for Long Documents", ABSTRACT_Y))
    report = change.review_files(settings, (checked,))
    assert report.entries == 2
    assert [changed.paper.title for changed in report.changed] == ["Passage Retrieval for Long Documents"]
    assert report.duplicates == tuple(changed.paper for changed in report.changed)


HOSTILE = "<img src=x onerror=alert(1)> | [link](javascript:x) `code`"


def _paper(slug: str, title: str, **fields: object) -> Paper:
    values: dict[str, object] = dict(
        slug=slug, title=title, title_derived=False, abstract=ABSTRACT_X, authors_count=None,
        organization=None, published=None, upvotes=None, links=(), sources=("2025-01-01-a.txt",),
        added=date(2025, 1, 1))
    values.update(fields)
    return Paper(**values)  # type: ignore[arg-type]


def _url(paper: Paper, state: str = "live", **fields: object) -> PublishedUrl:
    return PublishedUrl(paper.slug, state, ("a:0123456789ab",), paper.title, **fields)  # type: ignore[arg-type]


def _report(base: list[Paper], head: list[Paper], head_urls: list[PublishedUrl]) -> review.CheckReport:
    dump = Dump("2025-01-01-a.txt", date(2025, 1, 1), "file name", "pairs", (), ())
    changed = Dump("2025-01-01-a.txt", date(2025, 1, 1), "file name", "pairs",
                   (Entry("2025-01-01-a.txt", 1, "x", ABSTRACT_X),), ())
    record = review.RecordCheck("site_src/urls.txt", tuple(head_urls), tuple(head_urls), True)
    return review.make_report(review.Change(
        "HEAD^1", review.Side((dump,), tuple(base), tuple(_url(paper) for paper in base)),
        review.Side((changed,), tuple(head), tuple(head_urls)), (), {("2025-01-01-a.txt", 1): "kept"},
        record))


def test_every_piece_of_dump_text_in_the_summary_stays_text() -> None:
    kept, gone, merged = _paper("kept", "Kept"), _paper("gone", HOSTILE), _paper("merged", HOSTILE + " 2")
    fixed = replace(kept, title=HOSTILE, upvotes=3)
    report = _report([kept, gone, merged], [fixed],
                     [_url(fixed), _url(gone, "removed"), _url(merged, "redirect", target="kept")])
    assert [changed.paper.slug for changed in report.changed] == ["kept"]
    assert [(c.name, c.old, c.new) for c in report.changed[0].changes] == [
        ("title", "Kept", HOSTILE), ("upvotes", "none", "3")]
    assert [g.slug for g in report.removed] == ["gone"] and report.merged[0].target == "kept"
    markdown = review.format_markdown(report)
    assert "<img" not in markdown and "](javascript" not in markdown
    assert "&lt;img src=x onerror=alert\\(1\\)&gt; \\| \\[link\\]\\(javascript:x\\) \\`code\\`" in markdown
    text = review.format_text(report)
    assert f"      title: Kept -> {HOSTILE}" in text and f"  > {HOSTILE} 2  (papers/merged/ -> papers/kept/)" in text


def test_a_long_section_of_the_summary_is_folded() -> None:
    papers = [_paper(f"p{index}", f"Paper {index}") for index in range(12)]
    markdown = review.format_markdown(_report(papers, [], [_url(p, "removed") for p in papers]))
    assert "### Papers removed\n\n<details><summary>12 papers</summary>\n\n- Paper 0" in markdown
