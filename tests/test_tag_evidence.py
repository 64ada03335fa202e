"""Phrase evidence: sentence roles, phrase uses by position, exclusions; each against a plain version."""

from __future__ import annotations

from hypothesis import given, settings as hypothesis_settings, strategies as st

from generator.model import Tag
from generator.tag import evidence, keyphrases, roles
from generator.tag.vocabulary import Topic

WORDS = ["we", "propose", "this", "paper", "study", "diffusion", "models", "model", "image", "translation",
         "to", "calibration", "set", "our", "work", "here", "a", "the", "image-to-image", "e.g.", "al.", "1.5",
         "done!", "why?"]
SENTENCE = st.lists(st.sampled_from(WORDS), min_size=1, max_size=14).map(" ".join)
ABSTRACT = st.lists(SENTENCE, min_size=1, max_size=5).map(". ".join)
PAPERS = st.lists(st.tuples(SENTENCE, ABSTRACT), min_size=1, max_size=6)


def plain_weights(title: str, abstract: str) -> list[tuple[str, int]]:
    """Each word and its weight, the slow way: one sentence at a time, with a regular expression."""
    weighted = [(word, roles.TITLE_WEIGHT) for word in keyphrases.words(title)]
    for sentence in keyphrases.SENTENCE_END.split(abstract.lower()):
        tokens = keyphrases.words(sentence)
        found = _has_contribution(tokens)
        weighted += [(word, roles.CONTRIBUTION_WEIGHT if found else roles.OTHER_WEIGHT) for word in tokens]
    return weighted


def _has_contribution(tokens: list[str]) -> bool:
    for position, word in enumerate(tokens):
        is_cue = word in roles.CUES or (word in roles.CUES_BEFORE_NOUN and position + 1 < len(tokens)
                                        and tokens[position + 1] in roles.NOUNS)
        if is_cue and any(later in roles.VERBS for later in tokens[position + 1: position + 1 + roles.WINDOW]):
            return True
    return False


@hypothesis_settings(max_examples=60, deadline=None)
@given(PAPERS)
def test_sentence_roles_match_a_sentence_by_sentence_reading(papers):
    corpus = roles.encode(papers, keyphrases.word_tokens)
    found = [(corpus.vocabulary[word], int(weight)) for word, weight in zip(corpus.ids, corpus.weight) if word]
    assert found == [pair for title, abstract in papers for pair in plain_weights(title, abstract)]


@hypothesis_settings(max_examples=60, deadline=None)
@given(PAPERS)
def test_hyphenated_encoding_splits_into_the_plain_one(papers):
    direct = roles.encode(papers, keyphrases.word_tokens)
    split = keyphrases.split_hyphens(roles.encode(papers, keyphrases.key_tokens))
    assert direct.vocabulary == split.vocabulary
    for field in ("ids", "paper", "weight"):
        assert getattr(direct, field).tolist() == getattr(split, field).tolist()


def test_contribution_sentences_weigh_more_than_background():
    corpus = roles.encode([("A title", "Diffusion is popular. In this paper, we propose a diffusion model. "
                                       "It is fast, e.g. twice as fast.")], keyphrases.word_tokens)
    weight_of = {}
    for word, weight in zip(corpus.ids.tolist(), corpus.weight.tolist()):
        weight_of.setdefault(corpus.vocabulary[word], []).append(weight)
    assert weight_of["title"] == [roles.TITLE_WEIGHT]
    assert weight_of["popular"] == [roles.OTHER_WEIGHT]
    assert weight_of["propose"] == [roles.CONTRIBUTION_WEIGHT]
    assert weight_of["twice"] == [roles.OTHER_WEIGHT]  # "e.g." ends no sentence


def plain_uses(papers: list[tuple[str, str]], phrase: str) -> list[tuple[int, int]]:
    """(paper, weight) of every use of a phrase, by scanning each sentence's words."""
    wanted, found = phrase.split(" "), []
    for index, (title, abstract) in enumerate(papers):
        for words, weight in plain_segments(title, abstract):
            found += [(index, weight) for start in range(len(words) - len(wanted) + 1)
                      if words[start: start + len(wanted)] == wanted]
    return found


def plain_segments(title: str, abstract: str) -> list[tuple[list[str], int]]:
    weighted = plain_weights(title, abstract)
    segments, start = [], len(keyphrases.words(title))
    segments.append(([word for word, _ in weighted[:start]], roles.TITLE_WEIGHT))
    for sentence in keyphrases.SENTENCE_END.split(abstract.lower()):
        length = len(keyphrases.words(sentence))
        if length:
            segments.append(([word for word, _ in weighted[start: start + length]], weighted[start][1]))
        start += length
    return segments


PHRASES = ["diffusion", "diffusion models", "image to image translation", "translation", "calibration set",
           "calibration", "this paper"]


@hypothesis_settings(max_examples=60, deadline=None)
@given(PAPERS)
def test_phrase_uses_match_a_plain_scan(papers):
    corpus = roles.encode(papers, keyphrases.word_tokens)
    uses = evidence.find_phrases(corpus, PHRASES)
    for number, phrase in enumerate(PHRASES):
        start = uses.position[uses.bounds[number]: uses.bounds[number + 1]]
        found = sorted(zip(corpus.paper[start].tolist(), corpus.weight[start].tolist()))
        assert found == sorted(plain_uses(papers, phrase)), phrase


def test_an_exclusion_cancels_only_the_uses_it_covers():
    topic = Topic(Tag("Translation", "translation", "", ("translation", "machine translation")),
                  unless=("image to image translation",))
    corpus = roles.encode([("Image-to-image translation and machine translation", "")], keyphrases.word_tokens)
    # "translation" inside "image-to-image translation" does not count; inside "machine
    # translation" it counts once, as that longer phrase of the tag's own.
    assert evidence.score_topics(corpus, [topic]).tolist() == [[roles.TITLE_WEIGHT]]
