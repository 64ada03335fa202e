"""Read the curated vocabulary (`site_src/tags.yml`): the tags, the phrases that signal each one,
the phrases that use those words in another sense, and how much evidence each tag needs.

The file is written by hand, so every mistake in it is reported at once, and a rule that could
never take effect (an exclusion that contains none of the tag's phrases) counts as a mistake.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from slugify import slugify

from ..errors import SettingsError
from ..model import Tag
from .keyphrases import phrase_key
from .roles import TITLE_WEIGHT

# Enough evidence for a tag unless its line says otherwise: a use in the title, a contribution
# sentence and one more use, or three uses anywhere (see roles.py for the weights).
DEFAULT_MIN_SCORE = TITLE_WEIGHT
MAX_PHRASE_WORDS = 5  # phrases are matched as numbers built from their words' codes; longer ones overflow


@dataclass(frozen=True, slots=True)
class Topic:
    """One tag of the vocabulary with the rules that decide which papers get it."""

    tag: Tag
    unless: tuple[str, ...] = ()  # longer phrases in which the tag's phrases mean something else
    min_score: int = DEFAULT_MIN_SCORE  # weighted uses a paper needs for the tag
    broad: bool = False  # names a field rather than a topic (shown last; see tags.py)
    genre: bool = False  # names the kind of paper (a benchmark, a survey), not what it is about
    reason: bool = True  # may tell a reader why two papers are linked (broad and genre tags never do)

    @property
    def is_reason(self) -> bool:
        return self.reason and not (self.broad or self.genre)


def load_vocabulary(path: Path) -> tuple[Topic, ...]:
    """Read the curated vocabulary; every mistake in the file is reported at once."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise SettingsError([f"{path}: cannot read the tag vocabulary: {error}"]) from error
    items = document.get("tags") if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise SettingsError([f"{path}: expected a top-level `tags:` list"])
    topics: list[Topic] = []
    mistakes: list[str] = []
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        topic, item_mistakes = _topic(item, number, f"{path}")
        if topic is not None and topic.tag.slug in seen:
            item_mistakes.append(f"{path}: tag {topic.tag.name!r} is listed twice")
        mistakes += item_mistakes
        if topic is not None and not item_mistakes:
            seen.add(topic.tag.slug)
            topics.append(topic)
    if mistakes:
        raise SettingsError(mistakes)
    return tuple(topics)


def _topic(item: object, number: int, path: str) -> tuple[Topic | None, list[str]]:
    """One line of the file as a Topic, or the mistakes that line has."""
    if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
        return None, [f"{path}: tag #{number}: expected `name:`, `description:` and `phrases:`"]
    name = item["name"].strip()
    phrases, unless = item.get("phrases") or [], item.get("unless") or []
    mistakes = [f"{path}: tag {name!r}: `{key}` must be a list of words or phrases"
                for key, value in (("phrases", phrases), ("unless", unless)) if not _is_phrase_list(value)]
    min_score = item.get("min_score", DEFAULT_MIN_SCORE)
    if isinstance(min_score, bool) or not isinstance(min_score, int) or min_score < 1:
        mistakes.append(f"{path}: tag {name!r}: `min_score` must be a whole number of at least 1")
    broad = item.get("broad", False)
    genre = item.get("genre", False)
    reason = item.get("reason", True)
    mistakes += [f"{path}: tag {name!r}: `{key}` must be true or false"
                 for key, value in (("broad", broad), ("genre", genre), ("reason", reason)) if not isinstance(value, bool)]
    if mistakes:
        return None, mistakes
    keys = tuple(key for key in dict.fromkeys(phrase_key(p) for p in [name, *phrases]) if key)
    exclusions = tuple(key for key in dict.fromkeys(phrase_key(p) for p in unless) if key)
    mistakes += [f"{path}: tag {name!r}: `unless` phrase {exclusion!r} contains none of its phrases"
                 for exclusion in exclusions if not any(_contains(exclusion, key) for key in keys)]
    mistakes += [f"{path}: tag {name!r}: phrase {key!r} has more than {MAX_PHRASE_WORDS} words"
                 for key in (*keys, *exclusions) if key.count(" ") >= MAX_PHRASE_WORDS]
    tag = Tag(name, slugify(name), str(item.get("description", "")).strip(), keys)
    return Topic(tag, exclusions, min_score, broad, genre, reason), mistakes


def _is_phrase_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(phrase, str) and phrase.strip() for phrase in value)


def _contains(longer: str, shorter: str) -> bool:
    """Whether a phrase holds another as whole words ("calibration set" holds "calibration")."""
    return longer != shorter and f" {shorter} " in f" {longer} "
