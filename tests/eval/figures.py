"""Print the judged figures of tags and similar links on the hf2k halves and the seeds.

For each judged set (hf2k tune, hf2k held-out, seeds) and each method: nDCG@5, the shares of shown
links judged related and highly related, papers with fewer than 5 links, and the plain TF-IDF
baseline's figures on the same judgments; tag precision, main-topic coverage and how tags spread
over the digest; the precision of the phrases shown with the digest's links (their reasons), the
share of links whose first phrase is right and of links showing none; and always how much of what
is shown nobody judged (it counts as wrong).

    python tests/eval/figures.py [--data ../shared/data] [--all] [--record]
                                 [--link-method NAME=module:function] [--tag-method NAME=module:function]

`--record` writes the digest's and the baseline's figures to `recorded.yml`, which
`test_figures.py` holds the digest to: do it after ingesting a round of judgments, or after a change
that makes the figures better, and commit it with that change.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.eval import judgments, methods, sets  # noqa: E402
from tests.eval.digests import DATA_DIR, Digest, MissingData, hf2k_digest, seed_digest  # noqa: E402
from tests.eval.methods import BASELINE, K  # noqa: E402
from tests.eval.metrics import (LinkFigures, ReasonFigures, TagFigures, TagSpread, link_figures,  # noqa: E402
                                reason_figures, tag_figures, tag_spread)

RECORDED = Path(__file__).resolve().parent / "recorded.yml"
TOLERANCE = 0.0005  # figures are recorded to four decimals
HELD_LINKS = ("ndcg", "related", "highly")  # what may never fall below the recorded figures
HELD_TAGS = ("precision", "main_coverage")
HELD_REASONS = ("precision", "first_good", "no_phrase")
LOWER_IS_BETTER = ("no_phrase",)  # held figures that may never rise above the recorded ones
REASON_METHOD = "digest"  # the reasons are the digest's own; no other method shows any
HELD = {"links": HELD_LINKS, "tags": HELD_TAGS, "reasons": HELD_REASONS}  # Report field -> held figures
BEATS_BASELINE = ("ndcg", "related")  # what may never fall further behind the baseline than recorded


@dataclass(frozen=True, slots=True)
class Report:
    links: dict[str, dict[str, LinkFigures]] = field(default_factory=dict)  # set -> method -> figures
    tags: dict[str, dict[str, TagFigures]] = field(default_factory=dict)
    spreads: dict[str, dict[str, TagSpread]] = field(default_factory=dict)  # digest -> method -> spread
    reasons: dict[str, dict[str, ReasonFigures]] = field(default_factory=dict)  # set -> REASON_METHOD -> figures
    skipped: str = ""  # why the hf2k sets are missing, when they are


def default_link_methods() -> dict[str, methods.LinkMethod]:
    """What the digest shows, and the baseline it must beat."""
    names = (*methods.SHOWN_LINK_METHODS, BASELINE)
    return {name: methods.LINK_METHODS[name] for name in names}


def evaluate(data_dir: Path = DATA_DIR, link_methods: dict | None = None, tag_methods: dict | None = None,
             judged_folder: Path = judgments.FOLDER) -> Report:
    """Build both digests and score every method on every judged set (judgments read from `judged_folder`)."""
    seed = seed_digest()
    try:
        hf2k, skipped = hf2k_digest(data_dir, seed), ""
    except MissingData as error:
        hf2k, skipped = None, str(error)
    report = Report(skipped=skipped)
    chosen = sets.judged_sets(hf2k, seed)
    for digest in (hf2k, seed):
        if digest is not None:
            _score(digest, chosen, link_methods or default_link_methods(),
                   tag_methods or methods.TAG_METHODS, judged_folder, report)
    return report


def _score(digest: Digest, chosen: dict[str, tuple[str, ...]], link_methods: dict, tag_methods: dict,
           judged_folder: Path, report: Report) -> None:
    links_judged = judgments.load_links(judgments.path_of(digest.name, "links", judged_folder))
    tags_judged = judgments.load_tags(judgments.path_of(digest.name, "tags", judged_folder))
    reasons_judged = judgments.load_reasons(judgments.path_of(digest.name, "reasons", judged_folder))
    reasons = methods.digest_reasons(digest.catalog)
    links = {name: method(digest.catalog) for name, method in link_methods.items()}
    tags = {name: method(digest.catalog) for name, method in tag_methods.items()}
    report.spreads[digest.name] = {name: tag_spread(given) for name, given in tags.items()}
    for set_name in sets.SET_NAMES:
        if sets.DIGEST_OF[set_name] == digest.name:
            keys = chosen[set_name]
            report.links[set_name] = {name: link_figures(shown, digest, keys, links_judged)
                                      for name, shown in links.items()}
            report.tags[set_name] = {name: tag_figures(given, digest, keys, tags_judged)
                                     for name, given in tags.items()}
            report.reasons[set_name] = {REASON_METHOD: reason_figures(reasons, digest, keys, reasons_judged)}


def recorded_figures(report: Report) -> dict:
    """What `--record` writes: the held figures of every method in the report."""
    return {kind: {set_name: {name: {metric: round(getattr(figures, metric), 4) for metric in held}
                              for name, figures in by_method.items()}
                   for set_name, by_method in getattr(report, kind).items()}
            for kind, held in HELD.items()}


def falling_behind(report: Report, recorded: dict) -> list[str]:
    """Every way the report falls below the recorded figures, or further behind the baseline."""
    failures = []
    for kind, held in HELD.items():
        for set_name, by_method in recorded.get(kind, {}).items():
            current = getattr(report, kind).get(set_name)
            if current is None:
                continue  # the hf2k sets when ../shared/data is missing
            for name, figures in by_method.items():
                if name == BASELINE or name not in current:
                    continue
                worse = (_worse_than(metric, getattr(current[name], metric), figures) for metric in held)
                failures += [f"{set_name} {kind} {name}: {line}" for line in worse if line]
                if kind == "links" and BASELINE in by_method:
                    failures += _behind_baseline(set_name, name, current, figures, by_method[BASELINE])
    return failures


def _worse_than(metric: str, value: float, recorded: dict) -> str:
    """How `value` is worse than the recorded figure, or "" when it is not (or none was recorded)."""
    if metric not in recorded:
        return ""
    if metric in LOWER_IS_BETTER:
        return f"{metric} {value:.4f} > recorded {recorded[metric]:.4f}" if value > recorded[metric] + TOLERANCE else ""
    return f"{metric} {value:.4f} < recorded {recorded[metric]:.4f}" if value < recorded[metric] - TOLERANCE else ""


def _behind_baseline(set_name: str, name: str, current: dict[str, LinkFigures], figures: dict,
                     baseline: dict) -> list[str]:
    """A method may trail the baseline only by as much as it did when recorded (once ahead, never behind)."""
    failures = []
    for metric in BEATS_BASELINE:
        allowed = min(0.0, figures[metric] - baseline[metric])
        gap = getattr(current[name], metric) - getattr(current[BASELINE], metric)
        if gap < allowed - TOLERANCE:
            failures.append(f"{set_name} links {name}: {metric} {gap:+.4f} against the TF-IDF baseline,"
                            f" recorded {allowed:+.4f}")
    return failures


def load_recorded(path: Path = RECORDED) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}


def save_recorded(report: Report, path: Path = RECORDED) -> None:
    header = ("# The last recorded judged figures (tests/eval/figures.py --record); test_figures.py fails when\n"
              "# the digest falls below them or further behind the TF-IDF baseline. Re-record after ingesting\n"
              "# judgments or improving a method, and commit with that change.\n")
    document = recorded_figures(report)
    previous = load_recorded(path)
    for kind in HELD:  # keep the hf2k figures when recording without ../shared/data
        document[kind] = {**previous.get(kind, {}), **document[kind]}
    path.write_text(header + yaml.safe_dump(document, sort_keys=True, default_flow_style=None), encoding="utf-8")


def format_report(report: Report, failures: list[str]) -> str:
    """The whole printout of `figures.py`."""
    lines = [f"Similar papers: the first {K} links shown; unjudged links count as unrelated;"
             f" nDCG@{K} with empty slots counting 0, over the papers with a related judged candidate"]
    lines.append(f"{'set':<14} {'method':<10} {'papers':>6} {'nDCG':>6} {'scored':>6} {'related':>8}"
                 f" {'highly':>7} {'<5 links':>8} {'none':>5} {'unjudged':>13}")
    for set_name, by_method in report.links.items():
        for name, figures in _baseline_last(by_method):
            lines.append(f"{set_name:<14} {name:<10} {figures.papers:>6} {figures.ndcg:6.3f} {figures.scored:>6}"
                         f" {figures.related:8.1%} {figures.highly:7.1%} {figures.fewer:>8} {figures.empty:>5}"
                         f" {f'{figures.unjudged} of {figures.shown}':>13}")
    lines += ["", "Tags: unjudged tags count as wrong; main = a shown tag names the paper's main topic"]
    lines.append(f"{'set':<14} {'method':<10} {'papers':>6} {'precision':>9} {'main':>6} {'no tag':>6}"
                 f" {'most':>5} {'unjudged':>13}")
    for set_name, by_method in report.tags.items():
        for name, figures in by_method.items():
            lines.append(f"{set_name:<14} {name:<10} {figures.papers:>6} {figures.precision:9.1%}"
                         f" {figures.main_coverage:6.1%} {figures.untagged:>6} {figures.most_tags:>5}"
                         f" {f'{figures.unjudged} of {figures.shown}':>13}")
    lines += ["", f"Reasons: the phrases shown with the first {K} links; unjudged phrases count as wrong;"
              " first = the first phrase of a link that shows one is right"]
    lines.append(f"{'set':<14} {'papers':>6} {'links':>6} {'phrases':>7} {'precision':>9} {'first':>6}"
                 f" {'no phrase':>9} {'unjudged':>13}")
    for set_name, by_method in report.reasons.items():
        figures = by_method[REASON_METHOD]
        lines.append(f"{set_name:<14} {figures.papers:>6} {figures.links:>6} {figures.shown:>7} {figures.precision:9.1%}"
                     f" {figures.first_good:6.1%} {figures.no_phrase:9.1%} {f'{figures.unjudged} of {figures.shown}':>13}")
    lines += ["", "Tags over the whole digest"]
    for digest_name, by_method in report.spreads.items():
        for name, spread in by_method.items():
            lines.append(f"{digest_name} {name}: {spread.papers} papers, {spread.untagged} without a tag,"
                         f" at most {spread.most_tags} on a paper, the most frequent ({spread.top_tag})"
                         f" on {spread.top_share:.1%}")
    if report.skipped:
        lines += ["", f"hf2k sets skipped: {report.skipped}"]
    if failures:
        lines += ["", "Behind the recorded figures (tests/eval/recorded.yml):", *(f"  {line}" for line in failures)]
    return "\n".join(lines)


def _baseline_last(by_method: dict) -> list:
    return sorted(by_method.items(), key=lambda item: item[0] == BASELINE)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="folder of the corpora (../shared/data)")
    parser.add_argument("--all", action="store_true", help="also score the methods that only widen the pool")
    parser.add_argument("--record", action="store_true", help="write the figures to recorded.yml")
    parser.add_argument("--link-method", action="append", default=[], help="another link method, NAME=module:function")
    parser.add_argument("--tag-method", action="append", default=[], help="another tag method, NAME=module:function")
    args = parser.parse_args(argv)
    link_methods = {**(methods.LINK_METHODS if args.all else default_link_methods()),
                    **dict(map(methods.load_method, args.link_method))}
    tag_methods = {**methods.TAG_METHODS, **dict(map(methods.load_method, args.tag_method))}
    if args.record and (args.all or args.link_method or args.tag_method):
        parser.error("--record records the digest's own methods only")
    report = evaluate(args.data, link_methods, tag_methods)
    print(format_report(report, falling_behind(report, load_recorded())))
    if args.record:
        save_recorded(report)
        print(f"recorded in {RECORDED.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
