"""Find phrases in titles and abstracts quickly: the curated vocabulary's and salient key phrases.

Tagging needs two things from the text: which of a few hundred known phrases each paper uses, and,
for a paper the vocabulary misses, its salient phrases ("structured state spaces", "learngene").
Both must stay fast at 75,000 papers, so n-grams are only built where a wanted phrase can start.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass

TITLE_WEIGHT = 3  # a phrase in the title says more about the topic than one in the abstract
WORD = re.compile(r"[a-z0-9]+")
# Key phrases keep hyphenated words whole, so "token-level loss" never yields "level loss".
HYPHENATED_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Words that never start or end a key phrase: English function words and the vocabulary every
# abstract uses ("we propose a novel method that achieves state-of-the-art results").
STOPWORDS = frozenset("""
a about above across after again against all almost also although always am among an and any are
around as at be because been before being below between both but by can could did do does doing
done down during each either else enough especially even ever every few for from further had has
have having here how however if in into is it its itself just less like made make makes many may
more most much must new no nor not novel of off often on once one only or other our ours out over
own per rather same several should show shows shown significantly since so some still such than
that the their them themselves then there these they this those through thus to too under until up
upon us use used uses using various very via was we well were what when where whether which while
who whom why will with within without would yet you your approach approaches method methods model
models paper propose proposed proposes results result performance achieve achieves achieving based
task tasks existing work works study studies art state demonstrate demonstrates effective effectively
extensive experiments experimental framework improve improves improved improving large small high
low different specific given two three first second key recent recently introduce introduces
present presents provide provides significant better best finally furthermore moreover learning
deep neural network networks data training trained train language image images wide range ground
truth level wide-range real-world state-of-the-art large-scale end-to-end time way ways number
problem problems set sets variety lack common general simple strong limited robust potential new
address addresses including include includes across specifically particular able due end step
despite success successful times faster slower properties property desirable adverse effects effect
practical practice applications application information higher lower higher-level low-level com
github http https www org available source open-source issue issues challenge challenges
challenging capability capabilities ability abilities substantial remarkable impressive promising
diverse comprehensive efficient efficiency effectiveness superior outperforms outperform compared
comparison evaluation analysis insights findings finding understanding empirical empirically
theoretical theoretically field fields area areas research researchers community future directions
paradigm manner fashion aspects aspect factors factor scenarios scenario settings setting cases case
terms term order orders magnitude amount amounts degree extent types type kind kinds form forms part
parts whole artificial intelligence contextual leading leads lead across widely widespread crucial
important essential critical major previous prior current traditional conventional standard typical
remains remain unclear required requires require behind primarily focus concerns concern correct
answer answers access far little much
""".split())
# Words that may sit inside a key phrase ("mixture of experts") though they may not start or end one.
JOINERS = frozenset({"of"})
MIN_WORD_LENGTH = 3


def words(text: str) -> list[str]:
    """Lower-case words, hyphens dropped: how curated phrases are matched."""
    return WORD.findall(text.lower())


def phrase_key(phrase: str) -> str:
    """A curated phrase as the words it matches, e.g. "Mixture-of-Experts" -> "mixture of experts"."""
    return " ".join(words(phrase))


@dataclass(frozen=True, slots=True)
class PhraseSet:
    """Phrases to look for, indexed by first word so that only promising n-grams are built."""

    phrases: frozenset[str]
    lengths: dict[str, tuple[int, ...]]  # first word -> word counts of the phrases it starts


def phrase_set(phrases: Collection[str]) -> PhraseSet:
    """Index phrases (space-joined words) for `find_phrases`."""
    lengths: dict[str, set[int]] = defaultdict(set)
    for phrase in phrases:
        parts = phrase.split(" ")
        lengths[parts[0]].add(len(parts))
    return PhraseSet(frozenset(phrases), {word: tuple(sorted(sizes)) for word, sizes in lengths.items()})


def find_phrases(text_words: list[str], wanted: PhraseSet) -> Counter[str]:
    """How often each wanted phrase occurs in `text_words`, overlapping uses included."""
    found: Counter[str] = Counter()
    for start, word in enumerate(text_words):
        for size in wanted.lengths.get(word, ()):
            gram = " ".join(text_words[start: start + size]) if size > 1 else word
            if gram in wanted.phrases:
                found[gram] += 1
    return found


def key_words(text: str) -> list[str]:
    """Lower-case words with hyphenated compounds kept whole: how key phrases are found."""
    return HYPHENATED_WORD.findall(text.lower())


def candidates(title: list[str], abstract: list[str], sizes: tuple[int, ...] = (2, 3)) -> Counter[str]:
    """Phrases of `sizes` words that start and end with a content word, title uses weighted."""
    phrases: Counter[str] = Counter()
    for text_words, weight in ((title, TITLE_WEIGHT), (abstract, 1)):
        for size in sizes:
            for start in range(len(text_words) - size + 1):
                gram = text_words[start: start + size]
                if all(_is_content(word) or (0 < place < size - 1 and word in JOINERS)
                       for place, word in enumerate(gram)):
                    phrases[" ".join(gram)] += weight
    return phrases


def _is_content(word: str) -> bool:
    return len(word) >= MIN_WORD_LENGTH and word not in STOPWORDS and not word[0].isdigit() and not word.endswith("ly")


def weighted_uses(title: list[str], abstract: list[str], wanted: PhraseSet) -> Counter[str]:
    """Title-weighted uses of each wanted phrase in one paper."""
    uses = find_phrases(title, wanted)
    for phrase, count in uses.items():
        uses[phrase] = count * TITLE_WEIGHT
    uses.update(find_phrases(abstract, wanted))
    return uses
