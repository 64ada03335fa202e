"""The catalog as JSON: the one serialised form of the digest.

`paper-digest catalog` prints it and the site publishes it as `papers.json`, so other tools can
consume the digest. The two functions here are the only place that knows the JSON layout;
`SCHEMA` changes when a field changes meaning or disappears (adding a field keeps it).
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from typing import Any

from ..model import Catalog, Link, Organization, Paper, SimilarLink, Tag

SCHEMA = 1


def catalog_to_json(catalog: Catalog) -> str:
    """Deterministic JSON text (papers sorted by slug, no wall-clock time)."""
    counts = Counter(tag for paper in catalog.papers for tag in paper.tags)
    document = {
        "schema": SCHEMA,
        "generator": "paper-digest",
        "papers": [paper_to_dict(paper) for paper in sorted(catalog.papers, key=lambda p: p.slug)],
        "tags": [
            {"name": tag.name, "slug": tag.slug, "description": tag.description,
             "curated": tag.curated, "count": counts[tag.name]}
            for tag in sorted(catalog.tags, key=lambda tag: tag.name)
        ],
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


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
