"""The catalog as JSON: the one serialised form of the digest.

`paper-digest catalog` prints it and the site publishes it as `papers.json`, so other tools can
consume the digest. The two functions here are the only place that knows the JSON layout;
`SCHEMA` changes when a field changes meaning or disappears (adding a field keeps it).
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from typing import Any, Iterator

from ..model import Catalog, Link, Organization, Paper, SimilarLink, Tag

SCHEMA = 1


def catalog_to_json(catalog: Catalog) -> str:
    """Deterministic JSON text (papers sorted by slug, no wall-clock time)."""
    return "".join(_json_parts(catalog))


def catalog_to_json_bytes(catalog: Catalog) -> bytes:
    """The same text as UTF-8, put together paper by paper: the site's `papers.json` (258 MB at
    100,000 papers) is never one Python string, which takes two to four bytes a character."""
    return b"".join(part.encode("utf-8") for part in _json_parts(catalog))


def _json_parts(catalog: Catalog) -> Iterator[str]:
    """The document's text in pieces that join to `json.dumps` of the whole (compact separators)."""
    counts = Counter(tag for paper in catalog.papers for tag in paper.tags)
    tags = [{"name": tag.name, "slug": tag.slug, "description": tag.description,
             "curated": tag.curated, "count": counts[tag.name]}
            for tag in sorted(catalog.tags, key=lambda tag: tag.name)]
    yield _compact({"schema": SCHEMA, "generator": "paper-digest"})[:-1] + ',"papers":['
    for index, paper in enumerate(sorted(catalog.papers, key=lambda p: p.slug)):
        yield ("," if index else "") + _compact(paper_to_dict(paper))
    yield f'],"tags":{_compact(tags)}}}\n'


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def paper_to_dict(paper: Paper) -> dict[str, Any]:
    return {
        "slug": paper.slug,
        "url": paper.url,
        "title": paper.title,
        "title_derived": paper.title_derived,
        "abstract": paper.abstract,
        "authors_count": paper.authors_count,
        "organization": (
            {"name": paper.organization.name, "handle": paper.organization.handle}
            if paper.organization else None
        ),
        "published": paper.published.isoformat() if paper.published else None,
        "upvotes": paper.upvotes,
        "links": [{"url": link.url, "kind": link.kind} for link in paper.links],
        "tags": list(paper.tags),
        "similar": [
            {"slug": link.slug, "score": link.score, "shared": list(link.shared)}
            for link in paper.similar
        ],
        "sources": list(paper.sources),
        "added": paper.added.isoformat(),
    }


def catalog_from_json(text: str) -> Catalog:
    """Load what `catalog_to_json` wrote (dumps and problems are not part of the JSON)."""
    document = json.loads(text)
    if document.get("schema") != SCHEMA:
        raise ValueError(f"unsupported catalog schema {document.get('schema')!r}; expected {SCHEMA}")
    papers = tuple(paper_from_dict(item) for item in document["papers"])
    tags = tuple(
        Tag(item["name"], item["slug"], item.get("description", ""), curated=item.get("curated", True))
        for item in document.get("tags", [])
    )
    return Catalog(papers=papers, tags=tags)


def paper_from_dict(item: dict[str, Any]) -> Paper:
    organization = item.get("organization")
    return Paper(
        slug=item["slug"],
        title=item["title"],
        title_derived=item["title_derived"],
        abstract=item["abstract"],
        authors_count=item["authors_count"],
        organization=Organization(organization["name"], organization["handle"]) if organization else None,
        published=date.fromisoformat(item["published"]) if item["published"] else None,
        upvotes=item["upvotes"],
        links=tuple(Link(link["url"], link["kind"]) for link in item["links"]),
        sources=tuple(item["sources"]),
        added=date.fromisoformat(item["added"]),
        tags=tuple(item["tags"]),
        similar=tuple(
            SimilarLink(link["slug"], link["score"], tuple(link.get("shared", ())))
            for link in item["similar"]
        ),
    )
