"""Which topics of the field the tag vocabulary does not name yet, measured on papers no judge reads.

    .venv/bin/python tools/tag_gaps.py [--data ../shared/data] [--taxonomy site_src/tags.yml] [--top 60]

Tags the Hugging Face Daily Papers of `../shared/data` with the build's own tagger and the given
vocabulary, leaving out the evaluation bucket (`tests.eval.heldout.is_eval_paper`) and the seed
papers, so that widening the vocabulary never looks at a judged paper. It prints:

- the share of papers with no topic tag (only broad, genre or derived tags), and the keywords
  (the Daily Papers' own) most frequent among them: topics the vocabulary misses outright;
- the share of papers whose title uses none of their shown tags' phrases, and the title words and
  word pairs most frequent among them: topics the title names but no shown tag does.

A new tag or phrase is worth adding when it lowers both shares on many papers; read a sample of the
papers it lands on before keeping it (`--tag NAME` lists them).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.config import Settings  # noqa: E402
from generator.model import Paper  # noqa: E402
from generator.tag import load_vocabulary, tag_papers  # noqa: E402
from tests.eval.heldout import is_eval_paper  # noqa: E402
from tools.train_tags import normalised_title, seed_titles  # noqa: E402

HF_DAILY = "hf-daily-9k.jsonl.gz"
TITLE_STOP_WORDS = frozenset("""a an the of for and in on with to via from by is are as at into towards toward
through your you we our can do does using its it be what how when why not more less than beyond new over under
without between across one two all any""".split())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--taxonomy", type=Path, default=REPO / "site_src" / "tags.yml")
    parser.add_argument("--top", type=int, default=60, help="how many keywords and title words to list")
    parser.add_argument("--tag", action="append", default=[], help="list the titles of the papers given this tag")
    args = parser.parse_args(argv)
    records = load_records(args.data / HF_DAILY, seed_titles())
    vocabulary = load_vocabulary(args.taxonomy)
    papers, _ = tag_papers(tuple(map(as_paper, records)), vocabulary, Settings(progress=False))
    not_topics = {topic.tag.name for topic in vocabulary if topic.broad or topic.genre}
    topics = {topic.tag.name for topic in vocabulary} - not_topics
    phrases = {topic.tag.name: topic.tag.phrases for topic in vocabulary}
    untopical = [(record, paper) for record, paper in zip(records, papers) if not topics & set(paper.tags)]
    untitled = [(record, paper) for record, paper in zip(records, papers)
                if not any(_uses(paper.title, phrases.get(name, ())) for name in paper.tags)]
    print(f"{len(records)} papers outside the evaluation bucket and the seeds")
    print(f"no topic tag: {len(untopical)} ({len(untopical) / len(records):.1%}); their most frequent keywords:")
    print("  " + _counted(Counter(word.lower() for record, _ in untopical for word in set(record["keywords"])), args.top))
    print(f"title uses none of its tags: {len(untitled)} ({len(untitled) / len(records):.1%}); frequent title words:")
    print("  " + _counted(Counter(gram for _, paper in untitled for gram in _title_grams(paper.title)), args.top))
    for name in args.tag:
        holders = [paper.title for paper in papers if name in paper.tags]
        print(f"\n{name}: {len(holders)} papers ({len(holders) / len(papers):.1%})")
        print("\n".join(f"  {title}" for title in holders))
    return 0


def load_records(path: Path, excluded_titles: frozenset[str]) -> list[dict]:
    """The corpus's papers outside the evaluation bucket and the seeds, each once, in id order."""
    records: dict[str, dict] = {}
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            if not is_eval_paper(item["arxiv"]) and normalised_title(item["title"]) not in excluded_titles:
                records.setdefault(item["arxiv"], item)
    return [records[arxiv] for arxiv in sorted(records)]


def as_paper(record: dict) -> Paper:
    return Paper(slug="p" + record["arxiv"].replace(".", "-"), title=" ".join(record["title"].split()),
                 title_derived=False, abstract=record["abstract"], authors_count=None, organization=None,
                 published=None, upvotes=None, links=(), sources=(), added=date(2025, 1, 1))


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _uses(title: str, phrases: tuple[str, ...]) -> bool:
    """Whether the title holds one of the phrases as whole words (hyphens read as spaces)."""
    padded = f" {_words(title)} "
    return any(f" {_words(phrase)} " in padded for phrase in phrases)


def _title_grams(title: str) -> set[str]:
    """The title's content words and word pairs (after a colon when it has one: the name goes)."""
    words = _words(title.rpartition(":")[2] or title).split()
    grams = {word for word in words if word not in TITLE_STOP_WORDS and len(word) > 3}
    grams |= {f"{first} {second}" for first, second in zip(words, words[1:])
              if first not in TITLE_STOP_WORDS and second not in TITLE_STOP_WORDS}
    return grams


def _counted(counts: Counter, top: int) -> str:
    return ", ".join(f"{item} {count}" for item, count in counts.most_common(top))


if __name__ == "__main__":
    sys.exit(main())
