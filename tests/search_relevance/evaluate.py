"""Measure search relevance on the seed papers against the judgements in `queries.yml`.

Prints hit@1 (the first result is the paper meant, or a paper on the topic) and MRR (mean
reciprocal rank of the first right result) for known-item and topic queries, and lists every
query whose first result is wrong.

    python tests/search_relevance/evaluate.py [--verbose]

Queries run through lunr.py on the index `generator/search/` builds, made into clauses exactly
as the browser's engine (`theme/assets/search/engine.js`) makes them: each word as an exact
stemmed term and, for the word being typed (the last one), every term it begins, plus indexed
stems it extends; the papers holding every word are kept (all of them when none holds every
word). lunr.py scores as lunr.js does, so these are the browser's rankings;
`tests/browser/test_search.py` checks a few of them in Chromium.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml
from lunr.index import Index
from lunr.query import Query

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator import search
from generator.search import index as search_index
from generator.config import Settings
from generator.model import Catalog
from generator.pipeline import build_catalog

QUERIES = Path(__file__).resolve().parent / "queries.yml"
MIN_PREFIX = 3  # as engine.js
SEPARATOR = re.compile(r"[ \t\n\r\f\v\xa0-]+")
TRIM = re.compile(r"^\W*?(\w+)\W*?$")


@dataclass(frozen=True, slots=True)
class Scores:
    queries: int
    hit_at_1: float
    mrr: float
    misses: tuple[str, ...]  # "query -> first result (rank of the right one)"


class Searcher:
    """The browser engine's ranking, in Python: lunr.py over the index generator.search builds."""

    def __init__(self, catalog: Catalog) -> None:
        self.slugs = [paper.slug for paper in catalog.papers]
        term_index = search.index_papers(catalog.papers)
        self.index = Index.load(search.serialize_index(term_index))
        self.terms = set(term_index.terms)
        self.cache: dict[str, str | None] = {}

    def search(self, query: str) -> list[str]:
        words = [_trim(word) for word in SEPARATOR.split(query.replace('"', " ").lower()) if _trim(word)]
        typing = bool(words) and not query[-1:].isspace()
        lunr_query = self.index.create_query()
        forms: list[set[str]] = []  # per required word, the index terms that hold it
        for position, word in enumerate(words):
            found = search_index._terms(word, self.cache)  # the build's own trimmer, stop words, stemmer
            if not found:
                continue
            lunr_query.term(found[0], use_pipeline=False, boost=1)
            forms.append({found[0]})
            if typing and position == len(words) - 1 and len(word) >= MIN_PREFIX:
                lunr_query.term(word, use_pipeline=False, boost=0.5, wildcard=Query.WILDCARD_TRAILING)
                forms[-1] |= {term for term in self.terms if term.startswith(word)}
                for length in range(len(word) - 1, max(MIN_PREFIX, len(word) - 3) - 1, -1):
                    if word[:length] in self.terms:
                        lunr_query.term(word[:length], use_pipeline=False, boost=0.5)
                        forms[-1].add(word[:length])
        if not lunr_query.clauses:
            return []
        matches = self.index.query(lunr_query)
        # As engine.js: the papers holding every word, or any word when no paper holds them all.
        every = [m for m in matches if all(set(m["match_data"].metadata) & held for held in forms)]
        return [self.slugs[int(match["ref"], 36)] for match in every or matches]


def _trim(word: str) -> str:
    match = TRIM.match(word)
    return match.group(1) if match else word


def evaluate(catalog: Catalog, judgements: dict | None = None) -> dict[str, Scores]:
    """hit@1 and MRR of known-item and topic queries."""
    judgements = judgements or yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    searcher = Searcher(catalog)
    known = [(item["query"], {item["paper"]}) for item in judgements["known_item"]]
    topics = [(item["query"], set(item["papers"])) for item in judgements["topic"]]
    return {"known-item": _score(searcher, known), "topic": _score(searcher, topics)}


def _score(searcher: Searcher, cases: list[tuple[str, set[str]]]) -> Scores:
    hits, reciprocal, misses = 0, 0.0, []
    for query, right in cases:
        ranking = searcher.search(query)
        rank = next((i + 1 for i, slug in enumerate(ranking) if slug in right), None)
        hits += rank == 1
        reciprocal += 1 / rank if rank else 0.0
        if rank != 1:
            first = ranking[0] if ranking else "(nothing)"
            misses.append(f"{query!r} -> {first} (right one at {rank or 'none'})")
    count = len(cases)
    return Scores(count, hits / count, reciprocal / count, tuple(misses))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="also list the queries missed")
    args = parser.parse_args(argv)
    settings = Settings(dumps_dir=ROOT / "site_src" / "dumps", taxonomy=ROOT / "site_src" / "tags.yml",
                        progress=False)
    catalog = build_catalog(settings)
    boosts = dict(zip(search_index.FIELD_MEANINGS, (boost for _, boost in search_index.FIELDS)))
    print(f"{len(catalog.papers)} seed papers, fields and boosts {boosts}")
    for name, scores in evaluate(catalog).items():
        print(f"{name:10}  queries {scores.queries:3}  hit@1 {scores.hit_at_1:.3f}  MRR {scores.mrr:.3f}")
        if args.verbose:
            for miss in scores.misses:
                print(f"    {miss}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
