"""Merge: entries -> papers, and what every published URL shows.

Takes every read dump and the record of published URLs (`site_src/urls.txt`). Gives one `Paper`
per real paper, sorted by slug: entries joined by their normalised title or abstract, the richest
metadata kept, each paper at the slug the record keeps for it (a new paper at a new slug), a
warning for every disagreement between the joined entries; and every published URL, live,
redirected to the paper it turned out to be, or removed.
"""

from .papers import Merged, identity_keys, merge_entries, merge_papers
from .record import format_record, load_record, parse_record
from .slugs import SlugRegistry
from .urls import key_hash, published_urls

__all__ = ["Merged", "SlugRegistry", "format_record", "identity_keys", "key_hash", "load_record",
           "merge_entries", "merge_papers", "parse_record", "published_urls"]
