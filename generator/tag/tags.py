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
import numpy as np
from slugify import slugify

from . import keyphrases
from ..config import Settings
from ..errors import SettingsError
from ..model import Paper, Tag
from ..words import is_content

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
    index = _phrase_index(vocabulary)
    # Key phrases keep hyphenated words whole; curated phrases match their parts.
    key_words = keyphrases.encode([(paper.title, paper.abstract) for paper in papers], keyphrases.key_words)
    scores = _curated_scores(keyphrases.split_hyphens(key_words), index)
    limit = max(1, int(settings.max_tag_share * len(papers)))
    strong = _cap(scores, limit, papers)
    frequency = Counter(name for tags in strong for name in tags)
    chosen = [_rank(tags, frequency, len(papers)) for tags in strong]
    chosen = _add_weak(chosen, scores, frequency, settings, limit)
    chosen, derived = _add_all_derived(chosen, key_words, settings, limit, frozenset(index))
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


def _curated_scores(corpus: keyphrases.Corpus, index: dict[str, list[str]]) -> list[dict[str, int]]:
    """For each paper, how strongly each curated tag applies (title uses count triple)."""
    position = {word: number for number, word in enumerate(corpus.vocabulary)}
    phrase_words = sorted({word for phrase in index for word in phrase.split(" ")} & position.keys())
    code_of = {word: number for number, word in enumerate(phrase_words, start=1)}
    code = np.zeros(len(corpus.vocabulary), np.int64)
    code[[position[word] for word in phrase_words]] = np.arange(1, len(phrase_words) + 1)
    sizes = tuple(sorted({phrase.count(" ") + 1 for phrase in index}))
    grams = keyphrases.count_grams(corpus, sizes, code, code > 0, code > 0)
    phrase_by_key = {keyphrases.gram_key([code_of[word] for word in phrase.split(" ")], grams.base): phrase
                     for phrase in index if all(word in code_of for word in phrase.split(" "))}
    hit = np.isin(grams.key, np.fromiter(phrase_by_key, np.int64, len(phrase_by_key)))
    scores: list[Counter[str]] = [Counter() for _ in range(corpus.papers)]
    for paper, key, uses in zip(grams.paper[hit].tolist(), grams.key[hit].tolist(), grams.uses[hit].tolist()):
        phrase = phrase_by_key[key]
        # A multi-word phrase is specific: one use counts as a strong signal.
        bonus = STRONG_SCORE - 1 if " " in phrase else 0
        for name in index[phrase]:
            scores[paper][name] += uses + bonus
    return [dict(paper_scores) for paper_scores in scores]


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


def _add_all_derived(
    chosen: list[list[str]], corpus: keyphrases.Corpus, settings: Settings, limit: int,
    curated_phrases: frozenset[str],
) -> tuple[list[list[str]], list[Tag]]:
    """Derived tags for papers with too few, pass after pass (see DERIVED_PASSES)."""
    content = np.fromiter(map(is_content, corpus.vocabulary), bool, len(corpus.vocabulary))
    inner = content | np.isin(np.array(corpus.vocabulary, dtype=object), list(keyphrases.JOINERS))
    inner[0] = False
    code = np.arange(len(corpus.vocabulary), dtype=np.int64)
    grams_by_sizes: dict[tuple[int, ...], keyphrases.Grams] = {}
    derived: list[Tag] = []
    for sizes, min_weight in DERIVED_PASSES:
        if all(len(names) >= settings.min_tags for names in chosen):
            break
        if sizes not in grams_by_sizes:
            grams_by_sizes[sizes] = keyphrases.count_grams(corpus, sizes, code, content, inner)
        chosen, more = _add_derived(chosen, grams_by_sizes[sizes], corpus.vocabulary, settings, limit,
                                    curated_phrases, min_weight)
        derived.extend(more)
    return chosen, derived


def _add_derived(
    chosen: list[list[str]], grams: keyphrases.Grams, vocabulary: tuple[str, ...], settings: Settings,
    limit: int, curated_phrases: frozenset[str], min_weight: int,
) -> tuple[list[list[str]], list[Tag]]:
    """Give papers with too few tags the salient key phrases they share with other papers."""
    need = np.array([max(0, settings.min_tags - len(names)) for names in chosen], np.int64)
    keys, papers_using = np.unique(grams.key, return_counts=True)
    using = papers_using[np.searchsorted(keys, grams.key)]
    candidate = (need[grams.paper] > 0) & (grams.uses >= min_weight) & (using >= 2) & (using <= limit)
    phrase_of = {key: keyphrases.decode(key, grams.base, vocabulary)
                 for key in np.unique(grams.key[candidate]).tolist()}
    taken = {name.lower() for names in chosen for name in names}
    banned = [key for key, phrase in phrase_of.items()
              if phrase in taken or phrase.replace("-", " ") in curated_phrases]
    candidate &= ~np.isin(grams.key, banned)
    paper, key = grams.paper[candidate], grams.key[candidate]
    salience = grams.uses[candidate] * (np.log((1 + len(chosen)) / (1 + using[candidate])) + 1)
    order = np.lexsort((key, -salience, paper))
    paper, key = paper[order], key[order]
    first = np.flatnonzero(np.r_[True, paper[1:] != paper[:-1]]) if len(paper) else paper
    rank = np.arange(len(paper)) - np.repeat(first, np.diff(np.r_[first, len(paper)]))
    keep = rank < need[paper]
    picks: dict[int, set[int]] = defaultdict(set)
    for index, picked in zip(paper[keep].tolist(), key[keep].tolist()):
        picks[index].add(picked)
    users: dict[int, list[tuple[int, int]]] = defaultdict(list)  # key -> (paper, weighted uses)
    held = np.isin(grams.key, np.unique(key[keep]))
    for index, held_key, uses in zip(grams.paper[held].tolist(), grams.key[held].tolist(), grams.uses[held].tolist()):
        users[held_key].append((index, uses))
    result = [list(names) for names in chosen]
    tags = []
    for held_key in sorted(users, key=phrase_of.__getitem__):
        holders = _holders(held_key, users[held_key], picks, result, settings)
        if len(holders) >= 2:
            phrase = phrase_of[held_key]
            name = phrase[:1].upper() + phrase[1:]
            for index in holders:
                result[index].append(name)
            tags.append(Tag(name, "topic-" + slugify(name), f"Papers that mention “{phrase}”.", (phrase,),
                            curated=False))
    return result, tags


def _holders(key: int, users: list[tuple[int, int]], picks: dict[int, set[int]], chosen: list[list[str]],
             settings: Settings) -> list[int]:
    """Papers a derived tag goes on: those that picked it, those that use it often, and at least two."""
    ranked = sorted(((key not in picks.get(index, ()), -count, index) for index, count in users
                     if len(chosen[index]) < settings.max_tags))
    # A key phrase spreads to every paper that stresses it; a single word only fills up to two.
    spreads = keyphrases.gram_size(key) > 1
    holders = [index for is_other, minus_count, index in ranked
               if not is_other or (spreads and minus_count <= -2)]
    for _, _, index in ranked:
        if len(holders) >= 2:
            break
        if index not in holders:
            holders.append(index)
    return sorted(holders)
