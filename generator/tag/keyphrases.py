"""Find phrases in titles and abstracts quickly: the curated vocabulary's and salient key phrases.

Tagging needs two things from the text: which of a few hundred known phrases each paper uses, and,
for a paper the vocabulary misses, its salient phrases ("structured state spaces", "learngene").
Both must stay fast at 75,000 papers, so n-grams are only built where a wanted phrase can start.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from dataclasses import dataclass

import numpy as np

TITLE_WEIGHT = 3  # a phrase in the title says more about the topic than one in the abstract
WORD = re.compile(r"[a-z0-9]+")
# Key phrases keep hyphenated words whole, so "token-level loss" never yields "level loss".
HYPHENATED_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Words that may sit inside a key phrase ("mixture of experts") though they may not start or end one.
JOINERS = frozenset({"of"})
CHUNK_PAPERS = 2048


def words(text: str) -> list[str]:
    """Lower-case words, hyphens dropped: how curated phrases are matched."""
    return WORD.findall(text.lower())


def phrase_key(phrase: str) -> str:
    """A curated phrase as the words it matches, e.g. "Mixture-of-Experts" -> "mixture of experts"."""
    return " ".join(words(phrase))


def key_words(text: str) -> list[str]:
    """Lower-case words with hyphenated compounds kept whole: how key phrases are found."""
    return HYPHENATED_WORD.findall(text.lower())


@dataclass(frozen=True, slots=True)
class Corpus:
    """Every paper's title and abstract as one array of word ids; id 0 separates fields."""

    vocabulary: tuple[str, ...]  # word of each id, sorted, "" (the separator) first
    ids: np.ndarray  # word id at each position
    paper: np.ndarray  # paper index at each position
    weight: np.ndarray  # TITLE_WEIGHT in a title, 1 in an abstract
    papers: int

@dataclass(frozen=True, slots=True)
class Grams:
    """Weighted uses of n-grams: one row per paper and distinct n-gram, sorted by paper then key."""

    paper: np.ndarray
    key: np.ndarray  # the n-gram's word codes in base `base`, times 8, plus its size
    uses: np.ndarray
    base: int


def encode(texts: Iterable[tuple[str, str]], tokenize: Callable[[str], list[str]]) -> Corpus:
    """Word ids for every (title, abstract) pair, in one array.

    Papers are read a chunk at a time, so that only a chunk's words are ever held as strings.
    """
    first_seen: dict[str, int] = {"": 0}
    chunks: list[np.ndarray] = []
    lengths: list[int] = []
    texts = iter(texts)
    while chunk := list(islice(texts, CHUNK_PAPERS)):
        flat: list[str] = []
        for title, abstract in chunk:
            title_words, abstract_words = tokenize(title), tokenize(abstract)
            flat += title_words
            flat.append("")
            flat += abstract_words
            flat.append("")
            lengths += (len(title_words) + 1, len(abstract_words) + 1)
        for word in set(flat).difference(first_seen):
            first_seen[word] = len(first_seen)
        chunks.append(np.fromiter(map(first_seen.__getitem__, flat), np.int64, len(flat)))
    # Renumber in sorted order ("" first) so that keys sort like the phrases they stand for.
    vocabulary = tuple(sorted(first_seen))
    position = {word: number for number, word in enumerate(vocabulary)}
    rank = np.fromiter((position[word] for word in first_seen), np.int64, len(first_seen))
    field_lengths = np.array(lengths, np.int64)
    papers = len(lengths) // 2
    paper = np.repeat(np.arange(papers, dtype=np.int64), field_lengths.reshape(-1, 2).sum(axis=1))
    weight = np.repeat(np.tile(np.array([TITLE_WEIGHT, 1], np.int64), papers), field_lengths)
    ids = rank[np.concatenate(chunks)] if chunks else np.zeros(0, np.int64)
    return Corpus(vocabulary, ids, paper, weight, papers)


def split_hyphens(corpus: Corpus) -> Corpus:
    """The corpus `encode(texts, words)` gives, from the one `encode(texts, key_words)` gives.

    A hyphenated word is its words joined by hyphens, so splitting the words of the one encoding
    gives the other without tokenising every text a second time.
    """
    parts = [word.split("-") for word in corpus.vocabulary]  # the separator "" stays itself
    vocabulary = tuple(sorted({part for word_parts in parts for part in word_parts}))
    position = {word: number for number, word in enumerate(vocabulary)}
    flat_parts = np.array([position[part] for word_parts in parts for part in word_parts], np.int64)
    sizes = np.array([len(word_parts) for word_parts in parts], np.int64)
    first_part = np.cumsum(sizes) - sizes
    per_position = sizes[corpus.ids]
    ends = np.cumsum(per_position)
    within = np.arange(int(ends[-1]) if len(ends) else 0) - np.repeat(ends - per_position, per_position)
    ids = flat_parts[np.repeat(first_part[corpus.ids], per_position) + within]
    return Corpus(vocabulary, ids, np.repeat(corpus.paper, per_position),
                  np.repeat(corpus.weight, per_position), corpus.papers)


def count_grams(corpus: Corpus, sizes: tuple[int, ...], code: np.ndarray, edge: np.ndarray,
                inner: np.ndarray) -> Grams:
    """Uses of every n-gram of `sizes` words whose end words pass `edge` and inner words `inner`.

    `code` renumbers word ids (so that a few hundred phrase words make small keys); `edge` and
    `inner` are per word id and must be False for the separator, so no n-gram spans two fields.
    """
    base = int(code.max()) + 1
    papers, keys, uses = [], [], []
    for size in sizes:
        length = len(corpus.ids) - size + 1
        if length <= 0:
            continue
        columns = [corpus.ids[offset: offset + length] for offset in range(size)]
        keep = edge[columns[0]] & edge[columns[-1]]
        for column in columns[1:-1]:
            keep &= inner[column]
        key = np.zeros(int(keep.sum()), np.int64)
        for column in columns:
            key = key * base + code[column[keep]]
        papers.append(corpus.paper[:length][keep])
        keys.append(key * 8 + size)
        uses.append(corpus.weight[:length][keep])
    return _aggregate(np.concatenate(papers or [np.zeros(0, np.int64)]),
                      np.concatenate(keys or [np.zeros(0, np.int64)]),
                      np.concatenate(uses or [np.zeros(0, np.int64)]), base)


def _aggregate(paper: np.ndarray, key: np.ndarray, uses: np.ndarray, base: int) -> Grams:
    order = np.lexsort((key, paper))
    paper, key, uses = paper[order], key[order], uses[order]
    starts = np.flatnonzero(np.r_[True, (paper[1:] != paper[:-1]) | (key[1:] != key[:-1])]) if len(key) else key
    return Grams(paper[starts], key[starts], np.add.reduceat(uses, starts) if len(key) else uses, base)


def gram_key(codes: Sequence[int], base: int) -> int:
    """The key of an n-gram given its word codes."""
    key = 0
    for word_code in codes:
        key = key * base + int(word_code)
    return key * 8 + len(codes)


def gram_size(key: int) -> int:
    """How many words the n-gram of a key has."""
    return key % 8


def decode(key: int, base: int, words_by_code: Sequence[str]) -> str:
    """The phrase a key stands for."""
    size, rest = key % 8, key // 8
    codes = []
    for _ in range(size):
        rest, word_code = divmod(rest, base)
        codes.append(word_code)
    return " ".join(words_by_code[word_code] for word_code in reversed(codes))
