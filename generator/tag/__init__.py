"""Tag: papers -> tags.

Takes the merged papers and the curated vocabulary (`site_src/tags.yml`). Gives each paper its tags,
most specific first (the vocabulary's phrases first, salient key phrases for what it misses), and
every tag in use.
"""

from .tags import load_vocabulary, tag_papers

__all__ = ["load_vocabulary", "tag_papers"]
