"""How strongly each paper uses each curated tag's phrases, in the sense the tag means.

Every use of a phrase adds the weight of the sentence it is in (roles.py). A use does not count
for a tag when a longer phrase covers it: one of the tag's own (so "diffusion models" counts once,
not also as "diffusion") or one of its exclusions, which use the same words in another sense
("image-to-image translation" is not machine translation, a "calibration set" is no calibration).
Uses are found by position, so an exclusion cancels exactly the uses it covers.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .keyphrases import Corpus
from .vocabulary import Topic


@dataclass(frozen=True, slots=True)
class Uses:
    """Every use of a wanted phrase: where it starts and which phrase it is, sorted by phrase."""

    position: np.ndarray
    phrase: np.ndarray  # index into the phrase list searched for
    bounds: np.ndarray  # the uses of phrase i are position[bounds[i]:bounds[i + 1]]


def score_topics(corpus: Corpus, topics: Sequence[Topic]) -> np.ndarray:
    """papers x topics: the weighted uses of each topic's phrases that mean what the topic means."""
    phrases = sorted({phrase for topic in topics for phrase in (*topic.tag.phrases, *topic.unless)})
    index = {phrase: number for number, phrase in enumerate(phrases)}
    uses = find_phrases(corpus, phrases)
    scores = np.zeros((corpus.papers, len(topics)), np.int64)
    for column, topic in enumerate(topics):
        covering = (*topic.tag.phrases, *topic.unless)
        for phrase in topic.tag.phrases:
            start = uses.position[uses.bounds[index[phrase]]: uses.bounds[index[phrase] + 1]]
            if not len(start):
                continue
            kept = np.ones(len(start), bool)
            for longer, offset in _covers(phrase, covering):
                covered = uses.position[uses.bounds[index[longer]]: uses.bounds[index[longer] + 1]]
                kept &= ~np.isin(start - offset, covered)
            start = start[kept]
            scores[:, column] += np.bincount(corpus.paper[start], corpus.weight[start], corpus.papers
                                             ).astype(np.int64)
    return scores


def find_phrases(corpus: Corpus, phrases: Sequence[str]) -> Uses:
    """Every use of the given phrases (lower-case words joined by single spaces) in the corpus.

    Only positions where every word is some phrase's word are looked at, a small share of the text.
    """
    code, base = _phrase_word_codes(corpus.vocabulary, phrases)
    coded = code[corpus.ids] > 0
    code_of = {corpus.vocabulary[index]: int(code[index]) for index in np.flatnonzero(code).tolist()}
    starts, found = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
    run = coded.copy()
    for size in range(1, max((phrase.count(" ") + 1 for phrase in phrases), default=0) + 1):
        if size > 1:
            run = run[:-1] & coded[size - 1:]
        wanted = {_key([code_of[word] for word in phrase.split(" ")], base): number
                  for number, phrase in enumerate(phrases)
                  if phrase.count(" ") + 1 == size and all(word in code_of for word in phrase.split(" "))}
        if not wanted:
            continue
        start = np.flatnonzero(run)
        key = np.zeros(len(start), np.int64)
        for offset in range(size):
            key = key * base + code[corpus.ids[start + offset]]
        wanted_keys = np.array(sorted(wanted), np.int64)
        slot = np.minimum(np.searchsorted(wanted_keys, key), len(wanted_keys) - 1)
        hit = wanted_keys[slot] == key
        starts.append(start[hit])
        found.append(np.array([wanted[k] for k in wanted_keys.tolist()], np.int64)[slot[hit]])
    position, phrase = np.concatenate(starts), np.concatenate(found)
    order = np.lexsort((position, phrase))
    bounds = np.searchsorted(phrase[order], np.arange(len(phrases) + 1))
    return Uses(position[order], phrase[order], bounds)


def _phrase_word_codes(vocabulary: tuple[str, ...], phrases: Sequence[str]) -> tuple[np.ndarray, int]:
    """A small code (1, 2, ...) per word id for the words phrases use, 0 for any other; and the base."""
    code = np.zeros(len(vocabulary), np.int64)
    number = 0
    for word in sorted({word for phrase in phrases for word in phrase.split(" ")}):
        index = bisect_left(vocabulary, word)
        if index < len(vocabulary) and vocabulary[index] == word and word:
            number += 1
            code[index] = number
    return code, number + 1


def _key(codes: list[int], base: int) -> int:
    key = 0
    for word_code in codes:
        key = key * base + word_code
    return key


def _covers(phrase: str, candidates: Sequence[str]) -> list[tuple[str, int]]:
    """The longer candidates holding `phrase`, with the word offset at which they hold it."""
    words = phrase.split(" ")
    found = []
    for candidate in candidates:
        candidate_words = candidate.split(" ")
        for offset in range(len(candidate_words) - len(words) + 1):
            if candidate != phrase and candidate_words[offset: offset + len(words)] == words:
                found.append((candidate, offset))
    return found
