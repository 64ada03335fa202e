"""The catalog's JSON form: the schema other tools rely on, and a lossless round trip."""

from __future__ import annotations

import json
from datetime import date

from generator.render.catalog import catalog_from_json, catalog_to_json, catalog_to_json_bytes
from generator.model import Catalog, Link, Organization, Paper, SimilarLink, Tag


def paper(slug: str, **fields) -> Paper:
    values = dict(slug=slug, title=f"Title {slug}", title_derived=False, abstract="An abstract.",
                  authors_count=None, organization=None, published=None, upvotes=None, links=(),
                  sources=("a.txt",), added=date(2025, 1, 2))
    values.update(fields)
    return Paper(**values)


def test_round_trip_is_lossless() -> None:
    catalog = Catalog(
        papers=(
            paper("b", organization=Organization("UCAS", "ucas"), published=date(2024, 1, 23),
                  upvotes=3, links=(Link("https://github.com/x/y", "code"),), tags=("Pruning",),
                  similar=(SimilarLink("a", 0.512, ("pruning", "sparsity")),)),
            paper("a", title="μLO: <think> $200k", title_derived=True, authors_count=9),
        ),
        tags=(Tag("Pruning", "pruning", "Removing weights."),),
    )
    text = catalog_to_json(catalog)
    loaded = catalog_from_json(text)
    assert [p.slug for p in loaded.papers] == ["a", "b"]
    assert set(loaded.papers) == set(catalog.papers)
    assert catalog_to_json(loaded) == text
    # Written paper by paper, it is one JSON document, as json.dumps writes it in one go.
    whole = json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":")) + "\n"
    assert text == whole and catalog_to_json_bytes(catalog) == whole.encode("utf-8")
    assert catalog_to_json(Catalog(papers=())) == '{"schema":1,"generator":"paper-digest","papers":[],"tags":[]}\n'


def test_json_has_the_documented_fields_and_no_wall_clock_time() -> None:
    document = json.loads(catalog_to_json(Catalog(papers=(paper("a", published=date(2020, 2, 29)),))))
    assert document["schema"] == 1
    (item,) = document["papers"]
    assert item["url"] == "papers/a/" and item["published"] == "2020-02-29" and item["added"] == "2025-01-02"
    assert list(item) == ["slug", "url", "title", "title_derived", "abstract", "authors_count",
                          "organization", "published", "upvotes", "links", "tags", "similar",
                          "sources", "added"]


def test_tags_carry_their_use_counts() -> None:
    catalog = Catalog(papers=(paper("a", tags=("Survey",)), paper("b", tags=("Survey",))),
                      tags=(Tag("Survey", "survey", "Overviews of a field."),))
    (tag,) = json.loads(catalog_to_json(catalog))["tags"]
    assert tag == {"name": "Survey", "slug": "survey", "description": "Overviews of a field.",
                   "curated": True, "count": 2}
