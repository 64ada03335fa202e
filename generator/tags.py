"""Tag papers with the research topics they are about.

Tags come first from the curated vocabulary in `site_src/tags.yml`: each tag lists the phrases the
field uses for it, and a paper gets the tags whose phrases its title or abstract uses. A tag that
would land on most papers says nothing, so each tag is capped at a share of the digest and kept on
the papers that use its phrases most. A paper the vocabulary does not cover gets tags derived from
its salient key phrases, as long as another paper shares them; no paper is left untagged.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

import yaml
from slugify import slugify

from .config import Settings
from .errors import SettingsError
from .model import Paper, Tag

TITLE_WEIGHT = 3  # a phrase in the title says more about the topic than one in the abstract
# Enough evidence for a tag: a title hit, a multi-word phrase, or a single word used three times.
STRONG_SCORE = 3
MAX_PHRASE_WORDS = 5
_WORD = re.compile(r"[a-z0-9]+")
# Words that never start or end a derived key phrase: English function words and the vocabulary
# every abstract uses ("we propose a novel method that achieves state-of-the-art results").
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
low different specific given two three first second various key recent recently introduce
introduces present presents provide provides significant better best finally furthermore moreover
learning deep neural network networks data training trained train language image images
""".split())


@dataclass(frozen=True, slots=True)
class _Scores:
    """How strongly each tag applies to one paper."""

    by_tag: dict[str, int]


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
        normalized = tuple(dict.fromkeys(_phrase_key(p) for p in [item["name"], *phrases]))
        tags.append(Tag(item["name"].strip(), slug, str(item.get("description", "")).strip(),
                        tuple(p for p in normalized if p)))
    if mistakes:
        raise SettingsError(mistakes)
    return tuple(tags)


def _phrase_key(phrase: str) -> str:
    return " ".join(_WORD.findall(phrase.lower()))


def tag_papers(
    papers: tuple[Paper, ...], vocabulary: tuple[Tag, ...], settings: Settings
) -> tuple[tuple[Paper, ...], tuple[Tag, ...]]:
    """Papers with `tags` filled in, and every tag used (curated and derived), sorted by name."""
    if not papers:
        return papers, ()
    words = [(_words(paper.title), _words(paper.abstract)) for paper in papers]
    index = _phrase_index(vocabulary)
    scores = [_curated_scores(title, abstract, index) for title, abstract in words]
    limit = max(1, int(settings.max_tag_share * len(papers)))
    strong = _cap(scores, limit, papers)
    frequency = Counter(name for tags in strong for name in tags)
    chosen = [_rank(tags, frequency, len(papers)) for tags in strong]
    chosen = _add_weak(chosen, scores, frequency, settings, limit)
    curated_phrases = frozenset(index)
    chosen, derived = _add_derived(chosen, words, settings, limit, curated_phrases)
    by_name = {tag.name: tag for tag in (*vocabulary, *derived)}
    tagged = tuple(replace(paper, tags=tuple(names[: settings.max_tags]))
                   for paper, names in zip(papers, chosen))
    used = {name for paper in tagged for name in paper.tags}
    return tagged, tuple(sorted((by_name[name] for name in used), key=lambda tag: tag.name))


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _ngrams(words: list[str], longest: int) -> Counter[str]:
    grams: Counter[str] = Counter()
    for size in range(1, longest + 1):
        for start in range(len(words) - size + 1):
            grams[" ".join(words[start: start + size])] += 1
    return grams


def _phrase_index(vocabulary: tuple[Tag, ...]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = defaultdict(list)
    for tag in vocabulary:
        for phrase in tag.phrases:
            index[phrase].append(tag.name)
    return index


def _curated_scores(title: list[str], abstract: list[str], index: dict[str, list[str]]) -> dict[str, int]:
    longest = min(MAX_PHRASE_WORDS, max((p.count(" ") + 1 for p in index), default=1))
    scores: Counter[str] = Counter()
    for grams, weight in ((_ngrams(title, longest), TITLE_WEIGHT), (_ngrams(abstract, longest), 1)):
        for gram, count in grams.items():
            for name in index.get(gram, ()):
                # A multi-word phrase is specific: one use counts as a strong signal.
                bonus = STRONG_SCORE - 1 if " " in gram else 0
                scores[name] += weight * count + bonus
    return dict(scores)


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


def _add_derived(
    chosen: list[list[str]], words: list[tuple[list[str], list[str]]], settings: Settings, limit: int,
    curated_phrases: frozenset[str],
) -> tuple[list[list[str]], tuple[Tag, ...]]:
    """Give papers with too few tags the salient key phrases they share with other papers."""
    needy = [index for index, names in enumerate(chosen) if len(names) < settings.min_tags]
    if not needy:
        return chosen, ()
    phrases = [_key_phrases(title, abstract) for title, abstract in words]
    frequency = Counter(phrase for paper_phrases in phrases for phrase in paper_phrases)
    usable = {phrase for phrase, count in frequency.items()
              if 2 <= count <= limit and phrase not in curated_phrases}
    taken_names = {name.lower() for names in chosen for name in names}
    picks: dict[int, list[str]] = {}
    for index in needy:
        ranked = sorted((phrase for phrase in phrases[index] if phrase in usable),
                        key=lambda phrase: (-phrases[index][phrase] * _idf(frequency[phrase], len(words)), phrase))
        wanted = settings.min_tags - len(chosen[index])
        picks[index] = [phrase for phrase in ranked if phrase not in taken_names][:max(wanted, 1)]
    derived_phrases = {phrase for paper_picks in picks.values() for phrase in paper_picks}
    # A derived tag goes on every paper that uses its phrase, so no derived tag stands alone.
    result = [list(names) for names in chosen]
    for index, paper_phrases in enumerate(phrases):
        for phrase in sorted(derived_phrases & paper_phrases.keys()):
            if len(result[index]) < settings.max_tags and (index in picks or paper_phrases[phrase] >= 2):
                result[index].append(_derived_name(phrase))
    counts = Counter(name for names in result for name in names)
    derived = {_derived_name(phrase) for phrase in derived_phrases}
    result = [[name for name in names if name not in derived or counts[name] >= 2] for names in result]
    used = {name for names in result for name in names} & derived
    tags = tuple(Tag(name, "topic-" + slugify(name), f"Papers that mention “{name.lower()}”.",
                     (name.lower(),), curated=False) for name in sorted(used))
    return result, tags


def _key_phrases(title: list[str], abstract: list[str]) -> Counter[str]:
    """Two- and three-word phrases that start and end with a content word, title weighted."""
    phrases: Counter[str] = Counter()
    for words, weight in ((title, TITLE_WEIGHT), (abstract, 1)):
        for size in (2, 3):
            for start in range(len(words) - size + 1):
                gram = words[start: start + size]
                if gram[0] in STOPWORDS or gram[-1] in STOPWORDS or any(w.isdigit() for w in gram):
                    continue
                if len(gram[0]) < 3 or len(gram[-1]) < 3:
                    continue
                phrases[" ".join(gram)] += weight
    return phrases


def _derived_name(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:]
