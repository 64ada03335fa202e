"""Tag: papers -> tags.

Takes the merged papers and the curated vocabulary (`site_src/tags.yml`). Gives each paper its tags,
most specific first: the vocabulary's tags its title and contribution use (evidence.py, roles.py),
its broad domain from a model learned on labelled papers (learned.py, trained by
`tools/train_tags.py`), and for a paper nothing fits, key phrases it shares with others (derived.py).
"""

from .tags import tag_papers
from .vocabulary import Topic, load_vocabulary

__all__ = ["Topic", "load_vocabulary", "tag_papers"]
