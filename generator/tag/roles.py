"""Where in a paper a phrase is used: its title, a contribution sentence or another sentence.

A phrase in the title or in "we propose ..." names what the paper is about; the same phrase in a
background sentence ("catastrophic forgetting is a known problem") or in a list of applications
is a passing mention. Tagging weighs each use by the role of the sentence it is in, so that a
tag rests on what the paper does rather than on what it mentions.

A contribution sentence is one where "we", "here", "this paper/work/study/article" or "our
work/paper" is followed within a few words by a verb of contributing ("propose", "introduce",
"present", "study", ...). It is found over the whole corpus at once with numpy.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import replace

import numpy as np

from . import keyphrases

TITLE_WEIGHT = 3
CONTRIBUTION_WEIGHT = 2
OTHER_WEIGHT = 1
CUES = ("we", "here")
CUES_BEFORE_NOUN = ("this", "our")  # a cue only before one of NOUNS: "this paper", "our work"
NOUNS = ("paper", "work", "study", "article")
VERBS = tuple("""propose proposes proposed introduce introduces introduced present presents presented
develop develops developed design build release construct curate create contribute offer formulate
devise investigate study explore examine tackle address""".split())
WINDOW = 10  # most words from the cue to the verb


def encode(texts: Iterable[tuple[str, str]], tokenize: Callable[[str], list[str]]) -> keyphrases.Corpus:
    """The corpus of (title, abstract) pairs, each word weighted by the role of its sentence."""
    return weigh_sentences(keyphrases.encode(texts, tokenize, TITLE_WEIGHT))


def weigh_sentences(corpus: keyphrases.Corpus) -> keyphrases.Corpus:
    """Raise the weight of every abstract sentence that says what the paper contributes."""
    ids = corpus.ids
    is_word = {name: _lookup(corpus.vocabulary, words) for name, words in
               (("cue", CUES), ("before", CUES_BEFORE_NOUN), ("noun", NOUNS), ("verb", VERBS))}
    following = np.r_[ids[1:], 0] if len(ids) else ids
    cue = is_word["cue"][ids] | (is_word["before"][ids] & is_word["noun"][following])
    positions = np.arange(len(ids))
    last_cue = np.maximum.accumulate(np.where(cue, positions, -1)) if len(ids) else positions
    sentence = np.cumsum(ids == 0)
    hit = is_word["verb"][ids] & (last_cue >= 0) & (positions - last_cue <= WINDOW)
    hit[hit] &= sentence[last_cue[hit]] == sentence[hit]
    is_contribution = np.zeros(int(sentence[-1]) + 1 if len(ids) else 0, bool)
    is_contribution[sentence[hit]] = True
    raised = (corpus.weight == OTHER_WEIGHT) & is_contribution[sentence]
    return replace(corpus, weight=np.where(raised, CONTRIBUTION_WEIGHT, corpus.weight))


def _lookup(vocabulary: tuple[str, ...], words: tuple[str, ...]) -> np.ndarray:
    """A boolean per word id: whether the word is one of `words` (the vocabulary is sorted)."""
    found = np.zeros(len(vocabulary), bool)
    for word in words:
        index = bisect_left(vocabulary, word)
        if index < len(vocabulary) and vocabulary[index] == word:
            found[index] = True
    return found
