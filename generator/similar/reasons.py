"""What two linked papers share, in words a reader recognises: the reason shown with a link.

A reason must name a topic, a method, a task or a dataset, never a word every paper uses. A shared
term is a candidate when it names something and few papers of the digest use it (`vectors.py`);
it is shown when the papers of the field that use it share a topic, which the learned term model
knows (`terms.py`: "kv cache" and "unlearning" are topical, "open-source" and "release code" are
not, however rare), and when abstracts do not keep it for their last sentence, where they say
where the code is ("code available", "project page"). Single words must be more topical than
phrases, since a word alone ("action", "user", "scene") is more often a word of every topic. A
term the model does not know is rare in the field, so it names something specific ("task
arithmetic"), when it is a phrase of both papers.

Some terms name something and are still no reason: the names of whole classes of models and of
fields ("mllms", "vision-language models", "machine learning"), which the issue's rubric counts as
generic overlap and blind judges never accepted (`BROAD_TERMS`), and words of a web address
("opengvlab" in a code URL), which are looked for in the texts without their addresses.

A two-word term is shown only when both papers write it as a phrase: the TF-IDF bi-grams join words
across a parenthesis or a sentence ("vision-language-action (VLA)" gives "vision-language-action
vla"). It is shown as the first paper writes it, small words included ("mixture of experts", which
the vectors count as "mixture experts").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .tfidf import STOP_WORDS
from .vectors import Vectors

SHARED_TERMS = 3  # telling terms shown with a link, at most
CANDIDATES = SHARED_TERMS * 3  # heaviest candidate terms of a pair looked at for those
PHRASE_WEIGHT = 1.5  # a phrase names a topic better than either of its words
# Set on the judged tuning half and seeds (tests/eval): phrases of topicality 0.13 to 0.2 were judged
# right about one time in three, so a phrase now needs 0.2, as a single word does.
MIN_PHRASE_TOPICALITY = 0.2  # "video generation" 0.32, "robot manipulation" 0.3; "failure modes" 0.14
MIN_WORD_TOPICALITY = 0.2  # "unlearning" 0.27, "sycophancy" 0.2; "scene" 0.12, "user" 0.10, "open-source" 0.07
MAX_CLOSING = 0.3  # "publicly available" 0.72, "future work" 0.75; "llms" 0.02, "benchmark" 0.14
MAX_BETWEEN = 2  # small words a phrase may hold ("mixture of experts")
TRAILING = ".,;:!?)]}\"'"
# Classes of models and whole fields: what every paper of a field says, never why two are alike.
BROAD_TERMS = frozenset(term.replace("_", " ") for term in """
llm llms mllm mllms vlm vlms lvlm lvlms lmm lmms lrm lrms slm slms ptm ptms
language_model language_models large_language vision-language_model vision-language_models vision_language
multimodal_llm multimodal_llms multimodal_large multimodal_model multimodal_models reasoning_model
reasoning_models large_reasoning foundation_model foundation_models machine_learning deep_learning
natural_language language_processing neural_network neural_networks pre-trained_models pretrained_models
pre-trained_language generation_model generation_models generative_model generative_models reasoning_tasks
language_tasks vision-language_tasks labeled_data unlabeled_data trainable_parameters billion_parameters
active_parameters text_generation language_modeling
""".split())  # terms as the vectors name them: small words left out ("large language models")
CUT_WORD = re.compile(r"s-")  # "s-eye": what is left of "bird's-eye" once the apostrophe splits it
ADDRESS = re.compile(r"(?<!\S)\S*?(?:https?://|www\.|github\.com|\.github\.io|huggingface\.co)\S*")
ADDRESS_MARKS = ("http", "www.", "github", "huggingface")  # a text without any has no address: no regex run


def shared_terms(vectors: Vectors, texts: Sequence[str], neighbours: np.ndarray) -> list[list[tuple[str, ...]]]:
    """For each paper and neighbour (-1: none), the telling terms the two share, most telling first."""
    rows, count = neighbours.shape
    left, right = np.repeat(np.arange(rows), count), neighbours.ravel()
    valid = right >= 0
    products = vectors.matrix[left[valid]].multiply(vectors.matrix[right[valid]]).tocsr()
    pair = np.repeat(np.arange(products.shape[0]), np.diff(products.indptr))
    columns, weights = products.indices, products.data
    keep = vectors.is_telling[columns] & _may_be_topical(vectors, columns)
    pair, columns, weights = pair[keep], columns[keep], weights[keep]
    keep = _may_be_shown(vectors, columns)
    pair, columns, weights = pair[keep], columns[keep], weights[keep]
    weights = weights * np.where(vectors.is_phrase[columns], PHRASE_WEIGHT, 1.0)
    order = np.lexsort((columns, -weights, pair))  # heaviest first; ties: the earlier column
    pair, columns = pair[order], columns[order]
    rank = np.arange(len(pair)) - np.searchsorted(pair, pair)
    pair, columns = pair[rank < CANDIDATES], columns[rank < CANDIDATES]
    bounds = np.searchsorted(pair, np.arange(products.shape[0] + 1)).tolist()
    lowered = [text.lower() for text in texts]
    addressed = [any(mark in text for mark in ADDRESS_MARKS) for text in lowered]
    lowered = [ADDRESS.sub(" ", text) if has else text for text, has in zip(lowered, addressed)]
    result: list[list[tuple[str, ...]]] = [[() for _ in range(count)] for _ in range(rows)]
    for number, (row, place) in enumerate(np.argwhere(valid.reshape(rows, count)).tolist()):
        found = columns[bounds[number]:bounds[number + 1]]
        terms = [(str(vectors.terms[column]), float(vectors.topicality[column])) for column in found]
        other = int(neighbours[row, place])
        result[row][place] = _shown(terms, lowered[row], lowered[other], addressed[row] or addressed[other])
    return result


def _may_be_topical(vectors: Vectors, columns: np.ndarray) -> np.ndarray:
    """False for the terms the model knows to be of every topic or of closing sentences (the
    terms it does not know are decided later)."""
    topicality = vectors.topicality[columns]
    least = np.where(vectors.is_phrase[columns], MIN_PHRASE_TOPICALITY, MIN_WORD_TOPICALITY)
    return np.isnan(topicality) | ((topicality >= least) & (vectors.closing[columns] < MAX_CLOSING))


def _may_be_shown(vectors: Vectors, columns: np.ndarray) -> np.ndarray:
    """False for the names of model classes and fields, and for what is left of a word cut at an
    apostrophe ("s-eye" of "bird's-eye"); decided once per distinct term."""
    distinct, where = np.unique(columns, return_inverse=True)
    allowed = np.fromiter((_is_shown_term(str(vectors.terms[column])) for column in distinct.tolist()), bool,
                          len(distinct))
    return allowed[where]


def _is_shown_term(term: str) -> bool:
    return term not in BROAD_TERMS and not any(CUT_WORD.match(word) for word in term.split(" "))


def _shown(terms: list[tuple[str, float]], text: str, other_text: str, addressed: bool = True) -> tuple[str, ...]:
    """The first few terms both texts write as such, as the first writes them. Two phrases that
    chain ("group relative" and "relative policy") become one when both texts write it ("group
    relative policy"); a word is dropped when a phrase shown contains it. `addressed`: one of the
    texts had a web address taken out, so a word must be written in both (not only in the address)."""
    shown: list[list[str]] = []  # the words of each term shown
    for term, topicality in terms:
        words = term.split(" ")
        if len(words) == 2 and not _is_phrase_of_both(words, np.isnan(topicality), text, other_text):
            continue
        if len(words) == 1 and addressed and not (_written(words, text) and _written(words, other_text)):
            continue  # a word both texts use only inside a web address
        if any(set(words) <= set(kept) for kept in shown):
            continue
        if len(words) == 2 and _chained(shown, words, text, other_text):
            continue
        shown = [kept for kept in shown if not (len(kept) == 1 and kept[0] in words)]
        shown.append(words)
        if len(shown) == SHARED_TERMS:
            break
    return tuple(str(_written(words, text)) if len(words) > 1 else words[0] for words in shown)


def _is_phrase_of_both(words: list[str], is_rare: bool, text: str, other_text: str) -> bool:
    """Whether both texts write the two words as a phrase; a phrase the model does not know, with
    no small word between ("task arithmetic", not "questions must be answered")."""
    written = [_written(words, text), _written(words, other_text)]
    return all(written) and (not is_rare or all(phrase == " ".join(words) for phrase in written))


def _chained(shown: list[list[str]], pair: list[str], text: str, other_text: str) -> bool:
    """Extend a term shown with `pair` when they chain and both texts write the longer phrase."""
    for place, kept in enumerate(shown):
        longer = kept + pair[1:] if kept[-1] == pair[0] else pair[:1] + kept if kept[0] == pair[1] else None
        if longer and _written(longer, text) and _written(longer, other_text):
            shown[place] = longer
            return True
    return False


def _written(words: list[str], text: str) -> str | None:
    """How `text` writes the phrase of `words`: each next to the one before, or with only small
    words between them ("mixture of experts"); None when it never does."""
    joined = " ".join(words)
    at = text.find(joined)
    while at >= 0:  # the common case, found at C speed: the words next to each other
        end = at + len(joined)
        if (at == 0 or not _joins(text[at - 1])) and (end == len(text) or not _joins(text[end])):
            return joined
        at = text.find(joined, at + 1)
    first = words[0]
    at = text.find(first)
    while at >= 0:
        if at == 0 or not _joins(text[at - 1]):
            following = text[at + len(first):at + len(first) + 40 * len(words)].split(" ")
            if following[0] == "":  # `first` ends there, a space after it
                written = _follow(following[1:], words[1:])
                if written is not None:
                    return " ".join([first, *written])
        at = text.find(first, at + 1)
    return None


def _follow(following: list[str], words: list[str]) -> list[str] | None:
    """The words of `following` up to the last of `words`, found in order with at most a few
    small words before each; None when they are not there."""
    written: list[str] = []
    position = 0
    for word in words:
        for between in range(MAX_BETWEEN + 1):
            if position + between >= len(following):
                return None
            candidate = following[position + between]
            if candidate.rstrip(TRAILING) == word and (candidate == word or word == words[-1]):
                written += following[position:position + between] + [word]
                position += between + 1
                break
            if candidate not in STOP_WORDS:
                return None
        else:
            return None
    return written


def _joins(character: str) -> bool:
    """Whether a character continues a word (so that "merging" is not found in "emerging")."""
    return character.isalnum() or character in "-_"
