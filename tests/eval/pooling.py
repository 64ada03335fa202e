"""Pool what the methods propose into the candidates judges have yet to see.

Judging every pair is impossible, so each query paper is judged on the union of every method's
top 5 (pooling, as TREC does). A later method adds only the candidates nobody judged: a candidate
never judged counts as unrelated, so a new method must have its own proposals judged before its
figures mean anything.
"""

from __future__ import annotations

from typing import Iterable, Mapping

from tests.eval.digests import Digest
from tests.eval.judgments import LinkJudgments, PaperTags, ReasonJudgments
from tests.eval.methods import K, LinkMethod, ShownReasons, TagMethod

PooledReasons = dict[str, tuple[tuple[str, tuple[str, ...]], ...]]  # query -> ((candidate, phrases to judge), ...)


def pool_links(digest: Digest, queries: Iterable[str], methods: Mapping[str, LinkMethod],
               judged: LinkJudgments, k: int = K) -> dict[str, tuple[str, ...]]:
    """For each query key, the candidate keys in some method's top `k` that are not judged yet.

    A pair is judged once whichever paper is the query: when two query papers propose each other,
    only the first in `queries` gets the other as a candidate.
    """
    proposals = [method(digest.catalog) for method in methods.values()]
    slug_by_key, key_by_slug = digest.slug_by_key, digest.key_by_slug
    pooled: dict[str, tuple[str, ...]] = {}
    pending: set[frozenset[str]] = set()
    for query in queries:
        candidates = []
        for proposed in proposals:
            for slug in proposed.get(slug_by_key[query], [])[:k]:
                candidate = key_by_slug[slug]
                pair = frozenset((query, candidate))
                if candidate != query and pair not in pending and judged.grade(query, candidate) is None:
                    pending.add(pair)
                    candidates.append(candidate)
        pooled[query] = tuple(candidates)
    return pooled


def pool_tags(digest: Digest, papers: Iterable[str], methods: Mapping[str, TagMethod],
              judged: Mapping[str, PaperTags]) -> dict[str, tuple[str, ...]]:
    """For each paper still to judge, the tag names some method gives it that are not judged yet.

    A paper whose main topic nobody has written down yet is included even with no tag to judge.
    """
    proposals = [method(digest.catalog) for method in methods.values()]
    slug_by_key = digest.slug_by_key
    pooled: dict[str, tuple[str, ...]] = {}
    for paper in papers:
        known = judged.get(paper)
        tags = dict.fromkeys(tag for proposed in proposals for tag in proposed.get(slug_by_key[paper], []))
        fresh = tuple(tag for tag in tags if known is None or tag not in known.tags)
        if fresh or known is None or not known.main_topic:
            pooled[paper] = fresh
    return pooled


def pool_reasons(digest: Digest, queries: Iterable[str], shown: ShownReasons, judged: ReasonJudgments,
                 k: int = K) -> PooledReasons:
    """For each query key with a shown phrase nobody judged, its first `k` links and their unjudged phrases.

    A link that shows no phrase is kept (with none to judge), so that a packet shows what readers
    see; a link whose phrases are all judged is left out. A phrase is judged once for a pair,
    whichever of the two papers shows it.
    """
    slug_by_key, key_by_slug = digest.slug_by_key, digest.key_by_slug
    pooled: PooledReasons = {}
    pending: set[tuple[frozenset[str], str]] = set()
    for query in queries:
        links = []
        for slug, phrases in shown.get(slug_by_key[query], [])[:k]:
            candidate = key_by_slug[slug]
            fresh = tuple(phrase for phrase in dict.fromkeys(phrases)
                          if (frozenset((query, candidate)), phrase) not in pending
                          and judged.grade(query, candidate, phrase) is None)
            pending.update((frozenset((query, candidate)), phrase) for phrase in fresh)
            if fresh or not phrases:
                links.append((candidate, fresh))
        if any(fresh for _, fresh in links):
            pooled[query] = tuple(links)
    return pooled
