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

WORD = re.compile(r"[a-z0-9]+")
# Key phrases keep hyphenated words whole, so "token-level loss" never yields "level loss".
HYPHENATED_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# The end of a sentence: ".", "!" or "?" and a space, not after "e.g", "i.e", "et al", "vs", "etc".
SENTENCE_END = re.compile(r"[.!?](?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bet al\.)(?<!\bvs\.)(?<!\betc\.)(?<!\bcf\.)\s+")
SENTENCE_MARK = "."  # what a tokenizer below gives for a sentence end; encode makes it a separator
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


def word_tokens(text: str) -> list[str]:
    """`words`, with SENTENCE_MARK after each sentence."""
    return _sentence_tokens(text, WORD)


def key_tokens(text: str) -> list[str]:
    """`key_words`, with SENTENCE_MARK after each sentence."""
    return _sentence_tokens(text, HYPHENATED_WORD)


def _sentence_tokens(text: str, word: re.Pattern[str]) -> list[str]:
    # Splitting first and reading each sentence's words is faster than one pattern for both.
    tokens: list[str] = []
    for sentence in SENTENCE_END.split(text.lower()):
        tokens += word.findall(sentence)
        tokens.append(SENTENCE_MARK)
    return tokens


@dataclass(frozen=True, slots=True)
class Corpus:
    """Every paper's title and abstract as one array of word ids; id 0 ends the title and each sentence."""

    vocabulary: tuple[str, ...]  # word of each id, sorted, "" (the separator) first
    ids: np.ndarray  # word id at each position
    paper: np.ndarray  # paper index at each position
    weight: np.ndarray  # what a use at each position weighs: its sentence's role (see roles.py)
    papers: int


@dataclass(frozen=True, slots=True)
class Grams:
    """Weighted uses of n-grams: one row per paper and distinct n-gram, sorted by paper then key."""

    paper: np.ndarray
    key: np.ndarray  # the n-gram's word codes in base `base`, times 8, plus its size
    uses: np.ndarray
    base: int


def encode(texts: Iterable[tuple[str, str]], tokenize: Callable[[str], list[str]],
           title_weight: int = 1) -> Corpus:
    """Word ids for every (title, abstract) pair, in one array; weights `title_weight` in titles, 1 elsewhere.

    A SENTENCE_MARK the tokenizer gives becomes a separator, so that no phrase spans two
    sentences. Papers are read a chunk at a time, so that only a chunk's words are ever held as
    strings.
    """
    first_seen: dict[str, int] = {"": 0, SENTENCE_MARK: 0}
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
            first_seen[word] = len(first_seen) - 1
        chunks.append(np.fromiter(map(first_seen.__getitem__, flat), np.int64, len(flat)))
    del first_seen[SENTENCE_MARK]
    # Renumber in sorted order ("" first) so that keys sort like the phrases they stand for.
    vocabulary = tuple(sorted(first_seen))
    position = {word: number for number, word in enumerate(vocabulary)}
    rank = np.fromiter((position[word] for word in first_seen), np.int64, len(first_seen))
    field_lengths = np.array(lengths, np.int64)
    papers = len(lengths) // 2
    paper = np.repeat(np.arange(papers, dtype=np.int64), field_lengths.reshape(-1, 2).sum(axis=1))
    weight = np.repeat(np.tile(np.array([title_weight, 1], np.int64), papers), field_lengths)
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
                inner: np.ndarray, wanted_papers: np.ndarray | None = None) -> Grams:
    """Uses of every n-gram of `sizes` words whose end words pass `edge` and inner words `inner`.

    `code` renumbers word ids (so that a few hundred phrase words make small keys); `edge` and
    `inner` are per word id and must be False for the separator, so no n-gram spans two fields.
    With `wanted_papers` (a boolean per paper), only the n-grams those papers use are counted
    (in every paper that uses them).
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
    paper = np.concatenate(papers or [np.zeros(0, np.int64)])
    key = np.concatenate(keys or [np.zeros(0, np.int64)])
    use = np.concatenate(uses or [np.zeros(0, np.int64)])
    if wanted_papers is not None:
        kept = np.isin(key, np.unique(key[wanted_papers[paper]]))
        paper, key, use = paper[kept], key[kept], use[kept]
    return _aggregate(paper, key, use, base)


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
