"""Tag papers with the research topics they are about.

A paper gets a curated tag (`site_src/tags.yml`) when it uses the tag's phrases, in the tag's
sense, with enough weight: in its title, in a sentence saying what it contributes, or again and
again (evidence.py, roles.py). Passing mentions do not count, and there is no quota to fill: a
paper gets the tags it has evidence for, one to `max_tags`. Broad domains (computer vision,
language processing) also come from a model learned on labelled papers (learned.py), so that a
paper whose specific topic has no tag still names its field. A tag on more than `max_tag_share`
of the papers says nothing, so each tag stays on the papers with the most evidence for it (a
domain tag on those with no other tag first). A paper left with no tag gets the best of its
weaker curated evidence, or else a key phrase it shares with other papers (derived.py).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from . import derived, evidence, keyphrases, learned, roles
from ..config import Settings
from ..model import Paper, Tag
from .vocabulary import Topic

WEAK_SCORE = 2  # a contribution sentence, or two uses: enough for a paper's topic when it has no other


def tag_papers(papers: tuple[Paper, ...], vocabulary: tuple[Topic, ...], settings: Settings,
               model: learned.DomainModel | None = None) -> tuple[tuple[Paper, ...], tuple[Tag, ...]]:
    """Papers with `tags` filled in, and every tag used (curated and derived), sorted by name.

    `model` defaults to the learned domain model shipped with the package.
    """
    if not papers:
        return papers, ()
    # Work in slug order so that the tags never depend on the order the papers came in.
    ordered = tuple(sorted(papers, key=lambda paper: paper.slug))
    tagged, used = _tag_ordered(ordered, vocabulary, settings, model or learned.load_model())
    by_slug = {paper.slug: paper for paper in tagged}
    return tuple(by_slug[paper.slug] for paper in papers), used


def _tag_ordered(papers: tuple[Paper, ...], vocabulary: tuple[Topic, ...], settings: Settings,
                 model: learned.DomainModel) -> tuple[tuple[Paper, ...], tuple[Tag, ...]]:
    # Key phrases keep hyphenated words whole; curated phrases and the model's terms match their parts.
    key_words = roles.encode(((paper.title, paper.abstract) for paper in papers), keyphrases.key_tokens)
    corpus = keyphrases.split_hyphens(key_words)
    scores = evidence.score_topics(corpus, vocabulary)
    domains = _domain_probabilities(corpus, vocabulary, model)
    limit = max(1, int(settings.max_tag_share * len(papers)))
    chosen = _choose(scores, domains, vocabulary, limit, [paper.slug for paper in papers])
    not_topics = frozenset(topic.tag.name for topic in vocabulary if topic.broad or topic.genre)
    chosen = _add_weak(chosen, scores, vocabulary, limit, not_topics)
    curated_phrases = frozenset(phrase for topic in vocabulary for phrase in topic.tag.phrases)
    chosen, derived_tags = derived.add_derived(chosen, key_words, settings, limit, curated_phrases)
    by_name = {tag.name: tag for tag in (*(topic.tag for topic in vocabulary), *derived_tags)}
    tagged = tuple(replace(paper, tags=tuple(names[: settings.max_tags])) for paper, names in zip(papers, chosen))
    used = {name for paper in tagged for name in paper.tags}
    return tagged, tuple(sorted((by_name[name] for name in used), key=lambda tag: tag.name))


def _domain_probabilities(corpus: keyphrases.Corpus, vocabulary: tuple[Topic, ...],
                          model: learned.DomainModel) -> dict[int, tuple[np.ndarray, float]]:
    """Topic column -> (each paper's probability of the domain, the threshold), for learned topics."""
    column_of = {topic.tag.name: column for column, topic in enumerate(vocabulary)}
    wanted = [index for index, domain in enumerate(model.domains) if domain.tag in column_of]
    if not wanted:
        return {}
    probabilities = learned.predict(corpus, model)
    return {column_of[model.domains[index].tag]: (probabilities[:, index], model.domains[index].threshold)
            for index in wanted}


def _choose(scores: np.ndarray, domains: dict[int, tuple[np.ndarray, float]], vocabulary: tuple[Topic, ...],
            limit: int, slugs: list[str]) -> list[list[str]]:
    """Each paper's tags with enough evidence, most specific first, every tag within its cap.

    Broad tags (fields, such as the learned domains) come last: within its cap, a broad tag goes
    first to the papers with no other tag, then to the surest.
    """
    min_scores = np.array([topic.min_score for topic in vocabulary], np.int64)
    broad = np.array([topic.broad or column in domains for column, topic in enumerate(vocabulary)], bool)
    strong = (scores >= min_scores) & ~broad
    strong = _cap(strong, scores, limit, slugs)
    has_other = strong.any(axis=1)
    never = (np.zeros(len(slugs)), 2.0)  # a probability no paper reaches: the tag is not learned
    for column in np.flatnonzero(broad).tolist():
        probability, threshold = domains.get(column, never)
        holders = np.flatnonzero((probability >= threshold) | (scores[:, column] >= min_scores[column]))
        ranked = sorted(holders.tolist(), key=lambda index: (bool(has_other[index]), -probability[index],
                                                             -scores[index, column], slugs[index]))
        strong[ranked[:limit], column] = True
    counts = strong.sum(axis=0)
    specificity = np.log((1 + len(slugs)) / (1 + counts)) + 1
    chosen = []
    for row in range(len(slugs)):
        order = sorted(np.flatnonzero(strong[row]).tolist(),
                       key=lambda column: (broad[column], -scores[row, column] * specificity[column],
                                           vocabulary[column].tag.name))
        chosen.append([vocabulary[column].tag.name for column in order])
    return chosen


def _cap(strong: np.ndarray, scores: np.ndarray, limit: int, slugs: list[str]) -> np.ndarray:
    """Keep each tag on at most `limit` papers: those with the most evidence for it."""
    capped = strong.copy()
    slug_rank = np.argsort(np.argsort(np.array(slugs, dtype=object)))
    for column in np.flatnonzero(strong.sum(axis=0) > limit):
        holders = np.flatnonzero(strong[:, column])
        order = np.lexsort((slug_rank[holders], -scores[holders, column]))
        capped[holders[order[limit:]], column] = False
    return capped


def _add_weak(chosen: list[list[str]], scores: np.ndarray, vocabulary: tuple[Topic, ...], limit: int,
              not_topics: frozenset[str]) -> list[list[str]]:
    """A paper with no topic among its tags takes the topic it has most (if weaker) evidence for.

    Broad tags name a field and genre tags the kind of paper (a benchmark, a survey), not what it
    is about, so a paper with only those gets the curated topic with at least WEAK_SCORE, and a
    paper with no tag at all the one with any.
    """
    counts = {topic.tag.name: 0 for topic in vocabulary}
    for names in chosen:
        for name in names:
            counts[name] += 1
    result = []
    for names, row in zip(chosen, scores):
        if all(name in not_topics for name in names):
            least = WEAK_SCORE if names else 1
            candidates = [column for column in np.flatnonzero(row >= least).tolist()
                          if counts[vocabulary[column].tag.name] < limit
                          and vocabulary[column].tag.name not in not_topics and vocabulary[column].tag.name not in names]
            if candidates:
                best = max(candidates, key=lambda column: (row[column], -column))
                names = [vocabulary[best].tag.name, *names]
                counts[vocabulary[best].tag.name] += 1
        result.append(list(names))
    return result
