"""The figures issue 12 sets targets for, computed from shown links or tags and blind judgments.

A link or tag nobody judged counts as unrelated or wrong, and how many there were is reported
next to the figure: a method is measured only once its own proposals have been judged.

- nDCG@k: gains 2^grade - 1 (a highly related link is worth three related ones), an empty slot
  counting 0, the ideal ranking made of every judged candidate of the query (whichever method
  proposed it). Averaged over the query papers with at least one related judged candidate: on a
  query with none, nDCG says nothing (showing nothing there is the right answer).
- related / highly: the share of shown links graded >= 1 / graded 2.
- precision of tags: judged correct / shown; main-topic coverage: the share of papers with a shown
  tag judged to name their main topic.
- reasons, the phrases shown with each link: precision, judged 1 / shown; the share of the links
  showing a phrase whose first phrase (what a reader reads first) is judged 1; the share of links
  showing no phrase at all.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Mapping

from tests.eval.digests import Digest
from tests.eval.judgments import LinkJudgments, PaperTags, ReasonJudgments
from tests.eval.methods import K, ShownReasons


@dataclass(frozen=True, slots=True)
class LinkFigures:
    papers: int
    scored: int  # papers with a related judged candidate: what nDCG is averaged over
    ndcg: float
    shown: int
    related: float  # share of shown links graded 1 or 2
    highly: float  # share of shown links graded 2
    fewer: int  # papers showing fewer than k links
    empty: int  # papers showing none
    unjudged: int  # shown links nobody judged (counted as unrelated)


@dataclass(frozen=True, slots=True)
class TagFigures:
    papers: int
    shown: int
    precision: float  # shown tags judged correct
    main_coverage: float  # papers with a shown tag that names their main topic
    unjudged: int  # shown tags nobody judged (counted as wrong)
    untagged: int
    most_tags: int


@dataclass(frozen=True, slots=True)
class ReasonFigures:
    papers: int
    links: int  # links shown (the first k of each paper)
    shown: int  # phrases shown with those links
    precision: float  # shown phrases judged 1
    first_good: float  # of the links showing a phrase, the share whose first phrase is judged 1
    no_phrase: float  # share of links showing no phrase
    unjudged: int  # shown phrases nobody judged (counted as 0)


@dataclass(frozen=True, slots=True)
class TagSpread:
    """How a method spreads tags over the whole digest (the issue's limits hold for every paper)."""

    papers: int
    untagged: int
    most_tags: int
    top_tag: str
    top_share: float  # share of papers carrying the most frequent tag


def link_figures(links: Mapping[str, list[str]], digest: Digest, queries: tuple[str, ...],
                 judged: LinkJudgments, k: int = K) -> LinkFigures:
    """The figures of one link method's links on one judged set of query papers."""
    slug_by_key, key_by_slug = digest.slug_by_key, digest.key_by_slug
    ndcgs, grades, fewer, empty, unjudged = [], [], 0, 0, 0
    for query in queries:
        shown = [key_by_slug[slug] for slug in links.get(slug_by_key[query], [])[:k]]
        found = [judged.grade(query, candidate) for candidate in shown]
        unjudged += found.count(None)
        gains = [grade or 0 for grade in found]
        grades += gains
        fewer += len(shown) < k
        empty += not shown
        ideal = sorted(judged.grades(query).values(), reverse=True)[:k]
        if any(ideal):
            ndcgs.append(dcg(gains) / dcg(ideal))
    return LinkFigures(len(queries), len(ndcgs), _mean(ndcgs), len(grades),
                       _share(grades, lambda grade: grade >= 1), _share(grades, lambda grade: grade == 2),
                       fewer, empty, unjudged)


def dcg(gains: list[int]) -> float:
    """Discounted cumulative gain with exponential gains."""
    return sum((2 ** gain - 1) / math.log2(rank + 2) for rank, gain in enumerate(gains))


def tag_figures(tags: Mapping[str, list[str]], digest: Digest, papers: tuple[str, ...],
                judged: Mapping[str, PaperTags]) -> TagFigures:
    """The figures of one tag method's tags on one judged set of papers."""
    slug_by_key = digest.slug_by_key
    correct, shown, covered, unjudged, counts = 0, 0, 0, 0, []
    for paper in papers:
        names = tags.get(slug_by_key[paper], [])
        known = judged.get(paper, PaperTags("")).tags
        counts.append(len(names))
        shown += len(names)
        unjudged += sum(name not in known for name in names)
        correct += sum(known[name].grade for name in names if name in known)
        covered += any(known[name].main for name in names if name in known)
    return TagFigures(len(papers), shown, correct / shown if shown else 0.0,
                      covered / len(papers) if papers else 0.0, unjudged,
                      counts.count(0), max(counts, default=0))


def reason_figures(shown: ShownReasons, digest: Digest, queries: tuple[str, ...],
                   judged: ReasonJudgments, k: int = K) -> ReasonFigures:
    """The figures of the phrases shown with the first `k` links of each query paper."""
    slug_by_key, key_by_slug = digest.slug_by_key, digest.key_by_slug
    links, grades, firsts, bare, unjudged = 0, [], [], 0, 0
    for query in queries:
        for slug, phrases in shown.get(slug_by_key[query], [])[:k]:
            found = [judged.grade(query, key_by_slug[slug], phrase) for phrase in phrases]
            links += 1
            bare += not phrases
            unjudged += found.count(None)
            grades += [grade or 0 for grade in found]
            firsts += [found[0] or 0] if found else []
    return ReasonFigures(len(queries), links, len(grades), _share(grades, bool), _share(firsts, bool),
                         bare / links if links else 0.0, unjudged)


def tag_spread(tags: Mapping[str, list[str]]) -> TagSpread:
    """Untagged papers, the most tags on a paper and the most frequent tag's share, digest-wide."""
    frequency = Counter(name for names in tags.values() for name in set(names))
    top_tag, top_count = min(frequency.items(), key=lambda item: (-item[1], item[0]), default=("", 0))
    return TagSpread(len(tags), sum(not names for names in tags.values()),
                     max(map(len, tags.values()), default=0), top_tag, top_count / len(tags) if tags else 0.0)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _share(grades: list[int], is_counted) -> float:  # type: ignore[no-untyped-def]
    return sum(map(is_counted, grades)) / len(grades) if grades else 0.0
