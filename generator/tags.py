"""Tag papers with the research topics they are about.

Tags come first from the curated vocabulary in `site_src/tags.yml`: each tag lists the phrases the
field uses for it, and a paper gets the tags whose phrases its title or abstract uses. A tag that
would land on most papers says nothing, so each tag is capped at a share of the digest and kept on
the papers that use its phrases most. A paper the vocabulary does not cover gets tags derived from
its salient key phrases, as long as another paper shares them; no paper is left untagged.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

import yaml
from slugify import slugify

from . import keyphrases
from .config import Settings
from .errors import SettingsError
from .model import Paper, Tag

# Enough evidence for a tag: a title hit, a multi-word phrase, or a single word used three times.
STRONG_SCORE = 3
# Derived tags, in turn while a paper has too few: key phrases of two or three words, then single
# words, first only those the paper stresses (in its title or used twice), then any.
DERIVED_PASSES = (((2, 3), 2), ((1,), 2), ((2, 3), 1), ((1,), 1))


def load_vocabulary(path: Path) -> tuple[Tag, ...]:
    """Read the curated vocabulary; every mistake in the file is reported at once."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise SettingsError([f"{path}: cannot read the tag vocabulary: {error}"]) from error
    items = document.get("tags") if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise SettingsError([f"{path}: expected a top-level `tags:` list"])
    tags, mistakes, seen = [], [], set()
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            mistakes.append(f"{path}: tag #{number}: expected `name:`, `description:` and `phrases:`")
            continue
        phrases = item.get("phrases") or []
        if not isinstance(phrases, list) or not all(isinstance(p, str) and p.strip() for p in phrases):
            mistakes.append(f"{path}: tag {item['name']!r}: `phrases` must be a list of words or phrases")
            continue
        slug = slugify(item["name"])
        if slug in seen:
            mistakes.append(f"{path}: tag {item['name']!r} is listed twice")
            continue
        seen.add(slug)
        normalized = tuple(dict.fromkeys(keyphrases.phrase_key(p) for p in [item["name"], *phrases]))
        tags.append(Tag(item["name"].strip(), slug, str(item.get("description", "")).strip(),
                        tuple(p for p in normalized if p)))
    if mistakes:
        raise SettingsError(mistakes)
    return tuple(tags)


def tag_papers(
    papers: tuple[Paper, ...], vocabulary: tuple[Tag, ...], settings: Settings
) -> tuple[tuple[Paper, ...], tuple[Tag, ...]]:
    """Papers with `tags` filled in, and every tag used (curated and derived), sorted by name."""
    if not papers:
        return papers, ()
    # Work in slug order so that the tags never depend on the order the papers came in.
    ordered = tuple(sorted(papers, key=lambda paper: paper.slug))
    tagged, used = _tag_ordered(ordered, vocabulary, settings)
    by_slug = {paper.slug: paper for paper in tagged}
    return tuple(by_slug[paper.slug] for paper in papers), used


def _tag_ordered(
    papers: tuple[Paper, ...], vocabulary: tuple[Tag, ...], settings: Settings
) -> tuple[tuple[Paper, ...], tuple[Tag, ...]]:
    texts = [(keyphrases.words(paper.title), keyphrases.words(paper.abstract)) for paper in papers]
    index = _phrase_index(vocabulary)
    wanted = keyphrases.phrase_set(index)
    scores = [_curated_scores(title, abstract, index, wanted) for title, abstract in texts]
    limit = max(1, int(settings.max_tag_share * len(papers)))
    strong = _cap(scores, limit, papers)
    frequency = Counter(name for tags in strong for name in tags)
    chosen = [_rank(tags, frequency, len(papers)) for tags in strong]
    chosen = _add_weak(chosen, scores, frequency, settings, limit)
    key_texts = [(keyphrases.key_words(paper.title), keyphrases.key_words(paper.abstract)) for paper in papers]
    derived: list[Tag] = []
    for sizes, min_weight in DERIVED_PASSES:
        chosen, more = _add_derived(chosen, key_texts, settings, limit, frozenset(index), sizes, min_weight)
        derived.extend(more)
    by_name = {tag.name: tag for tag in (*vocabulary, *derived)}
    tagged = tuple(replace(paper, tags=tuple(names[: settings.max_tags]))
                   for paper, names in zip(papers, chosen))
    used = {name for paper in tagged for name in paper.tags}
    return tagged, tuple(sorted((by_name[name] for name in used), key=lambda tag: tag.name))


def _phrase_index(vocabulary: tuple[Tag, ...]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = defaultdict(list)
    for tag in vocabulary:
        for phrase in tag.phrases:
            index[phrase].append(tag.name)
    return index


def _curated_scores(title: list[str], abstract: list[str], index: dict[str, list[str]],
                    wanted: keyphrases.PhraseSet) -> dict[str, int]:
    scores: Counter[str] = Counter()
    for found, weight in ((keyphrases.find_phrases(title, wanted), keyphrases.TITLE_WEIGHT),
                          (keyphrases.find_phrases(abstract, wanted), 1)):
        for gram, count in found.items():
            for name in index[gram]:
                # A multi-word phrase is specific: one use counts as a strong signal.
                bonus = STRONG_SCORE - 1 if " " in gram else 0
                scores[name] += weight * count + bonus
    return dict(scores)


def _cap(scores: list[dict[str, int]], limit: int, papers: tuple[Paper, ...]) -> list[dict[str, int]]:
    """Keep strong tags only, each on at most `limit` papers: those that use it the most."""
    holders: dict[str, list[tuple[int, str, int]]] = defaultdict(list)
    for index, paper_scores in enumerate(scores):
        for name, score in paper_scores.items():
            if score >= STRONG_SCORE:
                holders[name].append((-score, papers[index].slug, index))
    kept: list[dict[str, int]] = [{} for _ in scores]
    for name, entries in holders.items():
        for _, _, index in sorted(entries)[:limit]:
            kept[index][name] = scores[index][name]
    return kept


def _rank(tags: dict[str, int], frequency: Counter[str], total: int) -> list[str]:
    """Strongest first; among equals, the rarer (more specific) tag first."""
    return sorted(tags, key=lambda name: (-tags[name] * _idf(frequency[name], total), name))


def _add_weak(chosen: list[list[str]], scores: list[dict[str, int]], frequency: Counter[str],
              settings: Settings, limit: int) -> list[list[str]]:
    """Top up papers below `min_tags` with the tags they mention only in passing."""
    result = []
    counts = Counter(frequency)
    for names, paper_scores in zip(chosen, scores):
        names = list(names)
        weak = sorted((name for name in paper_scores if name not in names and counts[name] < limit),
                      key=lambda name: (-paper_scores[name] * _idf(counts[name], len(scores)), name))
        for name in weak[: max(0, settings.min_tags - len(names))]:
            names.append(name)
            counts[name] += 1
        result.append(names)
    return result


def _idf(count: int, total: int) -> float:
    return math.log((1 + total) / (1 + count)) + 1


def _add_derived(
    chosen: list[list[str]], texts: list[tuple[list[str], list[str]]],
    settings: Settings, limit: int, curated_phrases: frozenset[str], sizes: tuple[int, ...], min_weight: int,
) -> tuple[list[list[str]], tuple[Tag, ...]]:
    """Give papers with too few tags the salient key phrases they share with other papers."""
    taken = {name.lower() for names in chosen for name in names}
    needy = [index for index, names in enumerate(chosen) if len(names) < settings.min_tags]
    own = {index: Counter({phrase: weight for phrase, weight in keyphrases.candidates(*texts[index], sizes).items()
                           if weight >= min_weight}) for index in needy}
    wanted = {phrase for phrases in own.values() for phrase in phrases} - curated_phrases - taken
    if not wanted:
        return chosen, ()
    wanted_set = keyphrases.phrase_set(wanted)
    uses = [keyphrases.weighted_uses(title, abstract, wanted_set) for title, abstract in texts]
    papers_using = Counter(phrase for paper_uses in uses for phrase in paper_uses)
    picks: dict[int, list[str]] = {}
    for index in needy:
        ranked = sorted((phrase for phrase in own[index] if phrase in wanted and 2 <= papers_using[phrase] <= limit),
                        key=lambda phrase: (-own[index][phrase] * _idf(papers_using[phrase], len(texts)), phrase))
        picks[index] = ranked[: settings.min_tags - len(chosen[index])]
    result = [list(names) for names in chosen]
    tags = []
    for phrase in sorted({phrase for paper_picks in picks.values() for phrase in paper_picks}):
        holders = _holders(phrase, uses, picks, result, settings)
        if len(holders) >= 2:
            name = phrase[:1].upper() + phrase[1:]
            for index in holders:
                result[index].append(name)
            tags.append(Tag(name, "topic-" + slugify(name), f"Papers that mention “{phrase}”.", (phrase,),
                            curated=False))
    return result, tuple(tags)


def _holders(phrase: str, uses: list[Counter[str]], picks: dict[int, list[str]], chosen: list[list[str]],
             settings: Settings) -> list[int]:
    """Papers a derived tag goes on: those that picked it, those that use it often, and at least two."""
    users = sorted((index for index, paper_uses in enumerate(uses)
                    if phrase in paper_uses and len(chosen[index]) < settings.max_tags),
                   key=lambda index: (phrase not in picks.get(index, ()), -uses[index][phrase], index))
    holders = [index for index in users if phrase in picks.get(index, ()) or uses[index][phrase] >= 2]
    for index in users:
        if len(holders) >= 2:
            break
        if index not in holders:
            holders.append(index)
    return sorted(holders)
