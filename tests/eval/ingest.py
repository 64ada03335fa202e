"""Merge the judges' answers into the committed judgment files, never overwriting a judgment.

Reads every `keys/<packet>.key.yml` of a round folder and the `<packet>.answers.yml` next to the
packet, maps the neutral ids back to papers (arXiv ids or normalised titles), tag names and the
phrases shown with links, and adds what is new to `tests/eval/judged_<digest>_<links|tags|reasons>.yml`.
A pair, tag or phrase already judged keeps its grade: a different answer is reported as a conflict, never applied. Missing answers,
unknown ids and malformed grades are reported with the packet's name; the rest is still merged.

    python tests/eval/ingest.py ROUND_DIR [--dry-run] [--partial]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.eval import judgments  # noqa: E402
from tests.eval.answers import link_answers, reason_answers, tag_answers  # noqa: E402
from tests.eval.judgments import LinkJudgments, PairJudgment, PaperTags, PhraseJudgment, ReasonJudgments  # noqa: E402


@dataclass(slots=True)
class Outcome:
    """What merging one packet's answers did."""

    added: int = 0
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    answered: bool = True
    complete: bool = False  # every pair, tag or phrase of the packet has a valid answer


def merge_links(store: LinkJudgments, new: dict[tuple[str, str], PairJudgment],
                outcome: Outcome) -> LinkJudgments:
    """The store with the new pairs added; a pair judged before (either way round) keeps its grade."""
    pairs = {query: dict(row) for query, row in store.pairs.items()}
    for (query, candidate), judged in new.items():
        if _is_new(LinkJudgments(pairs).grade(query, candidate), judged, f"{query} -> {candidate}", outcome):
            pairs.setdefault(query, {})[candidate] = judged
    return LinkJudgments(pairs)


def merge_tags(store: dict[str, PaperTags], new: dict[str, PaperTags], outcome: Outcome) -> dict[str, PaperTags]:
    """The store with the new tags (and main topics) added; a tag judged before keeps its grade."""
    merged = dict(store)
    for paper, answered in new.items():
        known = merged.get(paper, PaperTags(""))
        tags = dict(known.tags)
        for tag, judged in answered.tags.items():
            if tag not in tags:
                tags[tag] = judged
                outcome.added += 1
            elif (tags[tag].grade, tags[tag].main) == (judged.grade, judged.main):
                outcome.unchanged += 1
            else:
                outcome.conflicts.append(f"{paper} / {tag}: kept grade {tags[tag].grade} main {tags[tag].main},"
                                         f" the answer says {judged.grade} main {judged.main} ({judged.reason})")
        merged[paper] = replace(known, main_topic=known.main_topic or answered.main_topic, tags=tags)
    return merged


def merge_reasons(store: ReasonJudgments, new: dict[tuple[str, str, str], PhraseJudgment],
                  outcome: Outcome) -> ReasonJudgments:
    """The store with the new phrases added; a phrase judged before on the pair (either way round)
    keeps its grade."""
    phrases = {query: {candidate: dict(by_phrase) for candidate, by_phrase in row.items()}
               for query, row in store.phrases.items()}
    for (query, candidate, phrase), judged in new.items():
        before = ReasonJudgments(phrases).grade(query, candidate, phrase)
        if _is_new(before, judged, f"{query} -> {candidate} / {phrase!r}", outcome):
            phrases.setdefault(query, {}).setdefault(candidate, {})[phrase] = judged
    return ReasonJudgments(phrases)


def _is_new(before: int | None, judged: PairJudgment | PhraseJudgment, what: str, outcome: Outcome) -> bool:
    """Whether an answer is to be added: nobody graded it before. A grade given before is kept, and
    the answer counted as the same or reported as a conflict."""
    if before is None:
        outcome.added += 1
        return True
    if before == judged.grade:
        outcome.unchanged += 1
    else:
        outcome.conflicts.append(f"{what}: kept grade {before}, the answer says {judged.grade} ({judged.reason})")
    return False


def ingest_round(round_dir: Path, folder: Path = judgments.FOLDER, dry_run: bool = False,
                 partial: bool = False) -> dict[str, Outcome]:
    """Merge every fully answered packet of `round_dir` (and the others too when `partial`).

    An answer file that misses some pairs may still be being written, and its judge may yet change
    a grade; merged early, that change would become a conflict. So it waits unless `partial`.
    """
    outcomes: dict[str, Outcome] = {}
    stores: dict[Path, tuple[str, object]] = {}  # judgment file -> (kind, merged store)
    for key_path in sorted((round_dir / "keys").glob("*.key.yml")):
        name = key_path.name.removesuffix(".key.yml")
        key = yaml.safe_load(key_path.read_text(encoding="utf-8"))
        outcome = outcomes[name] = Outcome()
        answers_path = round_dir / f"{name}.answers.yml"
        if not answers_path.is_file():
            outcome.answered = False
            continue
        target = judgments.path_of(key["digest"], key["kind"], folder)
        new, outcome.complete = _answers(key, answers_path, outcome)
        if outcome.complete or partial:
            load, merge, _ = KINDS[key["kind"]]
            store = stores[target][1] if target in stores else load(target)
            stores[target] = (key["kind"], merge(store, new, outcome))
    if not dry_run:
        for target, (kind, store) in stores.items():
            KINDS[kind][2](target, store)
    return outcomes


def _answers(key: dict, path: Path, outcome: Outcome) -> tuple[dict, bool]:
    """A packet's valid answers, and whether every pair, tag or phrase of it has one."""
    if key["kind"] == "links":
        new = link_answers(key, path, outcome.problems)
        return new, len(new) == sum(len(query["candidates"]) for query in key["queries"].values())
    if key["kind"] == "reasons":
        new = reason_answers(key, path, outcome.problems)
        return new, len(new) == sum(len(query["phrases"]) for query in key["queries"].values())
    new = tag_answers(key, path, outcome.problems)
    return new, (len(new) == len(key["papers"]) and sum(len(paper.tags) for paper in new.values())
                 == sum(len(paper["tags"]) for paper in key["papers"].values()))


KINDS = {"links": (judgments.load_links, merge_links, judgments.save_links),  # kind -> load, merge, save
         "tags": (judgments.load_tags, merge_tags, judgments.save_tags),
         "reasons": (judgments.load_reasons, merge_reasons, judgments.save_reasons)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("round_dir", type=Path, help="the round's folder (packets, answers and keys/)")
    parser.add_argument("--dry-run", action="store_true", help="report, but write no judgment file")
    parser.add_argument("--partial", action="store_true", help="also merge packets whose answers are incomplete")
    args = parser.parse_args(argv)
    if not (args.round_dir / "keys").is_dir():
        parser.error(f"{args.round_dir} has no keys/ folder: not a round of packets")
    outcomes = ingest_round(args.round_dir, dry_run=args.dry_run, partial=args.partial)
    for name, outcome in outcomes.items():
        if not outcome.answered:
            print(f"{name}: not answered yet")
            continue
        waiting = "" if outcome.complete or args.partial else " (incomplete: not merged; --partial merges it)"
        print(f"{name}: {outcome.added} added, {outcome.unchanged} already judged alike,"
              f" {len(outcome.conflicts)} conflicts, {len(outcome.problems)} problems{waiting}")
        for line in outcome.conflicts:
            print(f"  conflict: {line}")
        for line in outcome.problems:
            print(f"  problem: {line}")
    if any(outcome.added for outcome in outcomes.values()) and not args.dry_run:
        print("Judgments changed: run `python tests/eval/figures.py --record` and commit both.")
    return 1 if any(outcome.conflicts or outcome.problems for outcome in outcomes.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
