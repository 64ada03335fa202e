"""Merging entries into papers: one paper, one page, with a URL that never changes."""

from __future__ import annotations

from datetime import date

from generator.read.dumps import parse_text, read_dump
from generator.merge import merge_papers
from generator.merge.slugs import SLUG_MAX_LENGTH
from generator.model import Dump

from .conftest import SEEDS, TODAY

ABSTRACT = "We study {topic} in depth. " + "This sentence pads the abstract to a realistic length. " * 6


def dump(name: str, body: str, captured: date) -> Dump:
    parsed = parse_text(body, name, today=captured)
    return parsed


def seed_dumps() -> tuple[Dump, ...]:
    return tuple(read_dump(path, TODAY, TODAY) for path in sorted(SEEDS.glob("*.txt")))


def test_seeds_hold_374_distinct_papers() -> None:
    papers, _ = merge_papers(seed_dumps())
    assert len(papers) == 374
    assert sum(len(paper.sources) > 1 for paper in papers) == 21
    assert len({paper.slug for paper in papers}) == 374


def test_richest_metadata_wins_and_sources_are_unioned() -> None:
    papers, _ = merge_papers(seed_dumps())
    codegen2 = next(p for p in papers if p.title.startswith("CodeGen2: Lessons"))
    assert codegen2.sources == ("001_880b245b1be9c6ad.txt", "002_6556a06f5c71c20f.txt")
    assert codegen2.authors_count == 5 and codegen2.published is not None
    assert codegen2.added == date(2025, 10, 28)  # the listing was captured first


def test_bare_abstract_merges_with_titled_entry_elsewhere() -> None:
    abstract = ABSTRACT.format(topic="bird counting")
    titled = dump("2025-01-01-a.txt", f"Counting Birds\n\n{abstract}\n", date(2025, 1, 1))
    bare = dump("2025-02-01-b.txt", f"{abstract}\n", date(2025, 2, 1))
    papers, _ = merge_papers((titled, bare))
    assert len(papers) == 1
    assert papers[0].title == "Counting Birds" and not papers[0].title_derived
    assert papers[0].sources == ("2025-01-01-a.txt", "2025-02-01-b.txt")
    assert papers[0].added == date(2025, 1, 1)


def test_retitled_paper_with_same_abstract_is_not_split() -> None:
    abstract = ABSTRACT.format(topic="model merging")
    first = dump("2025-01-01-a.txt", f"Old Title\n\n{abstract}\n", date(2025, 1, 1))
    second = dump("2025-03-01-b.txt", f"New Better Title\n\n{abstract}\n", date(2025, 3, 1))
    papers, problems = merge_papers((first, second))
    assert len(papers) == 1 and papers[0].slug == "old-title"
    assert any("different titles" in problem.message for problem in problems)


def test_same_title_with_metadata_in_one_dump_only() -> None:
    abstract = ABSTRACT.format(topic="pruning")
    plain = dump("2025-01-01-a.txt", f"Pruning Well\n\n{abstract}\n", date(2025, 1, 1))
    listing = dump("2025-06-01-b.txt", f"Pruning Well\n\n{abstract}\n\n  • 7 authors\n·\nMay 2 5\n",
                   date(2025, 6, 1))
    (paper,), _ = merge_papers((plain, listing))
    assert (paper.authors_count, paper.published, paper.upvotes) == (7, date(2025, 5, 2), 5)


def test_conflicting_metadata_is_reported() -> None:
    abstract = ABSTRACT.format(topic="distillation")
    a = dump("2025-01-01-a.txt", f"Distil\n\n{abstract}\n\n  • 3 authors\n·\nJan 2, 2024\n", date(2025, 1, 1))
    b = dump("2025-02-01-b.txt", f"Distil\n\n{abstract}\n\n  • 4 authors\n·\nJan 2, 2024\n", date(2025, 2, 1))
    _, problems = merge_papers((a, b))
    assert any("authors_count differs" in problem.message for problem in problems)


def test_derived_title_is_flagged() -> None:
    bare = dump("bare.txt", "We introduce FooNet, a network for counting birds in aerial images. "
                + "More words follow here to make it long. " * 6 + "\n", date(2025, 1, 1))
    (paper,), _ = merge_papers((bare,))
    assert paper.title_derived and paper.title.startswith("FooNet: a network for counting birds")


def test_adding_dumps_never_changes_existing_slugs() -> None:
    seeds = seed_dumps()
    before = {paper.abstract: paper.slug for paper in merge_papers(seeds)[0]}
    colliding = "\n\n".join(
        f"{paper_title}\n\n{ABSTRACT.format(topic=paper_title)}" for paper_title in
        ["Model soups: averaging weights of multiple fine-tuned models improves accuracy without"
         " increasing inference time", "XFT: a simple yet powerful training scheme", "Brand New Paper"])
    later = dump("2026-12-01-more.txt", colliding + "\n", date(2026, 12, 1))
    after = merge_papers(seeds + (later,))[0]
    after_by_abstract = {paper.abstract: paper.slug for paper in after}
    assert all(after_by_abstract[abstract] == slug for abstract, slug in before.items())
    new_slugs = {p.slug for p in after} - set(before.values())
    # The model-soups title is a paper already published: it merges instead of getting a new page.
    assert len(new_slugs) == 2 and "brand-new-paper" in new_slugs
    assert any(s.startswith("xft-a-simple-yet-powerful-training-scheme-") for s in new_slugs)


def test_colliding_titles_get_distinct_stable_slugs() -> None:
    one = dump("2025-01-01-a.txt", f"Naïve Title\n\n{ABSTRACT.format(topic='one')}\n", date(2025, 1, 1))
    two = dump("2025-02-01-b.txt", f"Naive Title\n\n{ABSTRACT.format(topic='two')}\n", date(2025, 2, 1))
    slugs = [paper.slug for paper in merge_papers((one, two))[0]]
    assert "naive-title" in slugs and len(set(slugs)) == 2
    assert slugs == [paper.slug for paper in merge_papers((two, one))[0]]


def test_slugs_are_readable_and_bounded() -> None:
    papers, _ = merge_papers(seed_dumps())
    assert all(len(paper.slug) <= SLUG_MAX_LENGTH + 9 and paper.slug == paper.slug.lower() for paper in papers)
    title = "Scaling Vision Transformers to Gigapixel Pathology Images with Sparse Attention Windows"
    long = dump("l.txt", f"{title}\n\n" + ABSTRACT.format(topic="pathology") + "\n", date(2025, 1, 1))
    assert merge_papers((long,))[0][0].slug == "scaling-vision-transformers-to-gigapixel"
    tau = dump("t.txt", "τ-bench: Tools\n\n" + ABSTRACT.format(topic="agents") + "\n", date(2025, 1, 1))
    assert merge_papers((tau,))[0][0].slug == "t-bench-tools"
