"""Derived tags: the key phrases a paper stresses, for a paper no curated tag fits.

A derived tag is a phrase of two to four words that the paper stresses (in its title, a
contribution sentence, or used twice) and that no curated phrase covers; other papers that stress
it get it too, so its tag page lists them together, and only when none does is it the paper's
alone. Lone words never become tags: a single word ("machine", "solutions") says too little about
a paper to browse by, and neither does a phrase ending in an adjective ("development of generative").
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from slugify import slugify

from . import keyphrases
from ..config import Settings
from ..model import Tag
from ..words import is_content

# Passes, in turn while a paper has no tag: (phrase sizes, weighted uses, papers the tag goes on at
# least). Phrases it stresses (in its title or contribution, or used twice) that others use too,
# then any it shares; the last resort, so that no paper is left untagged, is a phrase of its own.
DERIVED_PASSES = (((2, 3, 4), 2, 2), ((2, 3, 4), 1, 2), ((2, 3, 4), 2, 1), ((2, 3, 4), 1, 1))
SPREAD_WEIGHT = 3  # a derived tag also goes on papers that use its phrase this much (a title, or twice)
# A phrase ending in an adjective is a fragment ("development of generative"), not a topic.
ADJECTIVE_ENDINGS = ("ive", "ous", "ful", "able", "ible")


def add_derived(
    chosen: list[list[str]], corpus: keyphrases.Corpus, settings: Settings, limit: int,
    curated_phrases: frozenset[str],
) -> tuple[list[list[str]], list[Tag]]:
    """Derived tags for papers with too few, pass after pass (see DERIVED_PASSES)."""
    if all(len(names) >= settings.min_tags for names in chosen):
        return chosen, []
    content = np.fromiter(map(is_content, corpus.vocabulary), bool, len(corpus.vocabulary))
    inner = content | np.isin(np.array(corpus.vocabulary, dtype=object), list(keyphrases.JOINERS))
    inner[0] = False
    code = np.arange(len(corpus.vocabulary), dtype=np.int64)
    grams_by_sizes: dict[tuple[int, ...], keyphrases.Grams] = {}
    derived: list[Tag] = []
    for sizes, min_weight, min_holders in DERIVED_PASSES:
        if all(len(names) >= settings.min_tags for names in chosen):
            break
        if sizes not in grams_by_sizes:
            # Only n-grams a paper in need uses matter: counting the others would be wasted.
            needy = np.array([len(names) < settings.min_tags for names in chosen], bool)
            grams_by_sizes[sizes] = keyphrases.count_grams(corpus, sizes, code, content, inner, needy)
        chosen, more = _add_pass(chosen, grams_by_sizes[sizes], corpus.vocabulary, settings, limit,
                                 curated_phrases, (min_weight, min_holders))
        derived.extend(more)
    return chosen, derived


def _add_pass(
    chosen: list[list[str]], grams: keyphrases.Grams, vocabulary: tuple[str, ...], settings: Settings,
    limit: int, curated_phrases: frozenset[str], minimums: tuple[int, int],
) -> tuple[list[list[str]], list[Tag]]:
    """Give papers with too few tags the salient key phrases they share with other papers."""
    min_weight, min_holders = minimums
    need = np.array([max(0, settings.min_tags - len(names)) for names in chosen], np.int64)
    keys, papers_using = np.unique(grams.key, return_counts=True)
    using = papers_using[np.searchsorted(keys, grams.key)]
    candidate = (need[grams.paper] > 0) & (grams.uses >= min_weight) & (using >= min_holders) & (using <= limit)
    phrase_of = {key: keyphrases.decode(key, grams.base, vocabulary)
                 for key in np.unique(grams.key[candidate]).tolist()}
    taken = {name.lower() for names in chosen for name in names}
    banned = [key for key, phrase in phrase_of.items()
              if phrase in taken or phrase.replace("-", " ") in curated_phrases or phrase.endswith(ADJECTIVE_ENDINGS)]
    candidate &= ~np.isin(grams.key, banned)
    paper, key = grams.paper[candidate], grams.key[candidate]
    # Rarer and longer phrases first: "monte carlo tree search" over "carlo tree".
    sizes = key % 8
    salience = grams.uses[candidate] * (np.log((1 + len(chosen)) / (1 + using[candidate])) + 1) * (1 + 0.1 * sizes)
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
        holders = _holders(held_key, users[held_key], picks, result, settings, min_holders)
        if len(holders) >= min_holders:
            phrase = phrase_of[held_key]
            name = phrase[:1].upper() + phrase[1:]
            for index in holders:
                result[index].append(name)
            tags.append(Tag(name, "topic-" + slugify(name), f"Papers that mention “{phrase}”.", (phrase,),
                            curated=False))
    return result, tags


def _holders(key: int, users: list[tuple[int, int]], picks: dict[int, set[int]], chosen: list[list[str]],
             settings: Settings, min_holders: int) -> list[int]:
    """Papers a derived tag goes on: those that picked it, those that use it often, at least `min_holders`."""
    ranked = sorted(((key not in picks.get(index, ()), -count, index) for index, count in users
                     if len(chosen[index]) < settings.max_tags))
    # A key phrase spreads to every paper that stresses it; a single word only fills up to two.
    spreads = keyphrases.gram_size(key) > 1
    holders = [index for is_other, minus_count, index in ranked
               if not is_other or (spreads and -minus_count >= SPREAD_WEIGHT)]
    for _, _, index in ranked:
        if len(holders) >= min_holders:
            break
        if index not in holders:
            holders.append(index)
    return sorted(holders)
