"""Merge: entries -> papers.

Takes every read dump. Gives one `Paper` per real paper, sorted by slug: entries joined by their
normalised title or abstract, the richest metadata kept, a slug that later dumps cannot change,
and a warning for every disagreement between the joined entries.
"""

from .papers import Merged, identity_keys, merge_entries, merge_papers
from .slugs import SlugRegistry

__all__ = ["Merged", "SlugRegistry", "identity_keys", "merge_entries", "merge_papers"]
