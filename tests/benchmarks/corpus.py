"""Render real papers into dump files shaped like the seeds, for benchmarks and scale tests.

The corpora in `<repo>/../shared/data/` hold real titles and abstracts (Unicode, `$`, LaTeX,
`<think>`, long abstracts); this module writes them out the way a contributor would paste them:

- Hugging Face Daily Papers listings: page chrome, the yearless capture date, then per paper a
  title, the abstract and (usually) a metadata block: `  • 9 authors` or `Org Name handle`, `·`,
  and the publication date, without its year when it is the capture year, followed by the upvotes
  when there are any;
- title/abstract pairs (search results) with the same chrome but no metadata;
- bare abstracts, one per line.

Listings come from `hf-daily-9k` (it has authors, organisations, dates and upvotes), pairs and bare
abstracts from `arxiv-cs-74k`; once hf-daily runs out, arXiv papers fill listings too. Past the
corpora's ~84,000 distinct papers, papers are made up from real ones (`_made_up`: a real abstract
with its sentences turned round, under a title joined from halves of two real titles), so a
100,000-paper digest has the sizes and words of real papers. About a tenth
of every dump after the first repeats papers of earlier dumps, as real dumps overlap. The output is
deterministic for a given seed, and exactly `n_papers` distinct papers are written.

    python tests/benchmarks/corpus.py OUT_DIR --papers 5000 [--seed 0] [--verify]

`--verify` reads the dumps back with the project's own reader and merge and prints what they hold.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATA_DIR = REPO.parent / "shared" / "data"
HF_DAILY = "hf-daily-9k.jsonl.gz"
ARXIV = "arxiv-cs-74k.jsonl.gz"

PAPERS_PER_DUMP = 500
REPEAT_SHARE = 0.10
# Shapes of consecutive dumps: half listings, a third pairs, a sixth bare abstracts.
SHAPE_CYCLE = ("listing", "pairs", "listing", "bare", "listing", "pairs")
NO_METADATA_SHARE = 0.02  # listings now and then show a paper without its metadata block
LISTING_CHROME = ("new", "Get trending papers in your email inbox!", "Subscribe", "Daily Papers",
                  "byAK and the research community")
PAIRS_CHROME = ("new", "Get trending papers in your email inbox!", "Subscribe",
                "byAK and the research community")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_NON_ALNUM = re.compile(r"[\W_]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


@dataclass(frozen=True, slots=True)
class Record:
    """One real paper, from either corpus, with what a listing can show of it."""

    title: str
    abstract: str
    authors: int
    published: date
    upvotes: int
    org_name: str
    org_handle: str
    topic: str  # a short word for the dump's file name
    arxiv: str = ""  # the paper's arXiv id, which judged sets key papers by


@dataclass(frozen=True, slots=True)
class PlannedDump:
    shape: str
    captured: date
    records: tuple[Record, ...]
    index: int


def write_corpus(out_dir: Path, n_papers: int, seed: int = 0,
                 data_dir: Path = DATA_DIR) -> list[Path]:
    """Write dumps holding `n_papers` distinct real papers into `out_dir`; return their paths."""
    if n_papers < 1:
        raise ValueError("n_papers must be at least 1")
    rng = random.Random(seed)
    new_counts = _new_per_dump(n_papers)
    shapes = [SHAPE_CYCLE[index % len(SHAPE_CYCLE)] for index in range(len(new_counts))]
    pools = _choose_papers(data_dir, rng, new_counts, shapes)
    planned = _plan_dumps(rng, new_counts, shapes, pools)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for dump in planned:
        topic = _topic(dump)
        path = out_dir / f"{dump.captured.isoformat()}-{topic}-{dump.index + 1}.txt"
        path.write_text(_render(dump, rng), encoding="utf-8", newline="\n")
        paths.append(path)
    return paths


def read_hf_daily(data_dir: Path = DATA_DIR) -> list[Record]:
    """Every usable `hf-daily` paper, in the corpus's order."""
    return _read(data_dir / HF_DAILY, _hf_record)


def write_listings(out_dir: Path, records: list[Record], seed: int = 0) -> list[Path]:
    """Write exactly these records, each once, as Daily Papers listings in publication order."""
    rng = random.Random(seed)
    ordered = sorted(records, key=lambda record: (record.published, record.arxiv, record.title))
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, start in enumerate(range(0, len(ordered), PAPERS_PER_DUMP)):
        chunk = tuple(ordered[start:start + PAPERS_PER_DUMP])
        captured = max(record.published for record in chunk) + timedelta(days=rng.randint(0, 3))
        dump = PlannedDump("listing", captured, chunk, index)
        path = out_dir / f"{captured.isoformat()}-{_topic(dump)}-{index + 1}.txt"
        path.write_text(_render(dump, rng), encoding="utf-8", newline="\n")
        paths.append(path)
    return paths


def _new_per_dump(n_papers: int) -> list[int]:
    """How many papers each dump introduces; the rest of each dump repeats earlier ones."""
    counts = [min(PAPERS_PER_DUMP, n_papers)]
    fresh = round(PAPERS_PER_DUMP * (1 - REPEAT_SHARE))
    remaining = n_papers - counts[0]
    while remaining > 0:
        counts.append(min(fresh, remaining))
        remaining -= counts[-1]
    return counts


def _choose_papers(data_dir: Path, rng: random.Random, new_counts: list[int],
                   shapes: list[str]) -> dict[str, list[Record]]:
    """Distinct records for listings (hf-daily first) and for pairs and bare dumps (arXiv)."""
    hf = _read(data_dir / HF_DAILY, _hf_record)
    arxiv = _read(data_dir / ARXIV, _arxiv_record)
    rng.shuffle(hf)
    rng.shuffle(arxiv)
    wanted_listing = sum(n for n, shape in zip(new_counts, shapes) if shape == "listing")
    wanted_other = sum(new_counts) - wanted_listing
    seen: set[str] = set()
    listing = _take(hf, wanted_listing, seen)
    other = _take(arxiv, wanted_other + wanted_listing - len(listing), seen)
    other += _made_up(arxiv, wanted_other + wanted_listing - len(listing) - len(other), rng, seen)
    listing += other[wanted_other:]
    other = other[:wanted_other]
    return {"listing": listing, "other": other}


def _take(records: list[Record], count: int, seen: set[str]) -> list[Record]:
    """Up to `count` records whose title and abstract no earlier record shares."""
    taken: list[Record] = []
    for record in records:
        if len(taken) >= count:
            break
        keys = {"t" + _key(record.title), "a" + _key(record.abstract)[:300]}
        if keys & seen:
            continue
        seen |= keys
        taken.append(record)
    return taken


def _made_up(records: list[Record], count: int, rng: random.Random, seen: set[str]) -> list[Record]:
    """`count` papers beyond the corpora's, made of real ones: a real abstract with its sentences
    turned round (the first few moved to the end), under a title joining the first half of one
    real title to the second half of another. Lengths, words and dates stay those of real papers;
    the merge sees new papers, since both ends of the abstract and the title differ."""
    made: list[Record] = []
    for _ in range(count * 20 if count > 0 else 0):
        if len(made) >= count:
            break
        base, other = rng.choice(records), rng.choice(records)
        sentences = _SENTENCE_END.split(base.abstract)
        if len(sentences) < 3:
            continue
        turn = rng.randint(1, len(sentences) - 2)
        first, second = base.title.split(), other.title.split()
        title = " ".join(first[:max(1, len(first) // 2)] + second[len(second) // 2:])
        record = replace(base, title=title, abstract=" ".join(sentences[turn:] + sentences[:turn]), arxiv="")
        keys = {"t" + _key(record.title), "a" + _key(record.abstract)[:300]}
        if keys & seen or not _usable(record.title, record.abstract):
            continue
        seen |= keys
        made.append(record)
    if len(made) < count:
        raise ValueError(f"could not make up {count} papers beyond the corpora's")
    return made


def _plan_dumps(rng: random.Random, new_counts: list[int], shapes: list[str],
                pools: dict[str, list[Record]]) -> list[PlannedDump]:
    """Chunk each pool in date order into dumps, then add repeats from earlier-captured dumps."""
    queues = {name: sorted(pool, key=lambda record: record.published)
              for name, pool in pools.items()}
    fresh: list[PlannedDump] = []
    for index, (count, shape) in enumerate(zip(new_counts, shapes)):
        queue = queues["listing" if shape == "listing" else "other"]
        records, queues["listing" if shape == "listing" else "other"] = queue[:count], queue[count:]
        captured = max(record.published for record in records) + timedelta(days=rng.randint(0, 3))
        fresh.append(PlannedDump(shape, captured, tuple(records), index))
    fresh.sort(key=lambda dump: (dump.captured, dump.index))
    planned: list[PlannedDump] = []
    earlier: list[Record] = []
    for dump in fresh:
        records = list(dump.records)
        if earlier:
            repeats = round(len(records) * REPEAT_SHARE / (1 - REPEAT_SHARE))
            for record in rng.sample(earlier, min(repeats, len(earlier))):
                records.insert(rng.randint(0, len(records)), record)
        earlier.extend(dump.records)
        planned.append(replace(dump, records=tuple(records)))
    return planned


def _render(dump: PlannedDump, rng: random.Random) -> str:
    if dump.shape == "bare":
        return "".join(record.abstract + "\n" for record in dump.records)
    chrome = LISTING_CHROME if dump.shape == "listing" else PAIRS_CHROME
    blocks = [*chrome, f"{MONTHS[dump.captured.month - 1]} {dump.captured.day}"]
    for record in dump.records:
        blocks += [record.title, record.abstract]
        if dump.shape == "listing" and rng.random() >= NO_METADATA_SHARE:
            blocks.append(_metadata(record, dump.captured))
    return "\n\n".join(blocks) + "\n"


def _metadata(record: Record, captured: date) -> str:
    """The three-line block under a listed paper: who, a separator, when (and upvotes)."""
    who = (f"{record.org_name} {record.org_handle}" if record.org_name and record.org_handle
           else f"  • {record.authors} author{'s' if record.authors != 1 else ''}")
    published = record.published
    when = f"{MONTHS[published.month - 1]} {published.day}"
    if published.year != captured.year:
        when += f", {published.year}"
    if record.upvotes:
        when += f" {record.upvotes}"
    return f"{who}\n·\n{when}"


def _topic(dump: PlannedDump) -> str:
    if dump.shape == "listing":
        return "daily-papers"
    topics = [record.topic for record in dump.records]
    common = max(sorted(set(topics)), key=topics.count)
    return common if dump.shape == "pairs" else f"{common}-abstracts"


def _read(path: Path, make) -> list[Record]:  # type: ignore[no-untyped-def]
    records = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = make(json.loads(line))
            if record is not None:
                records.append(record)
    return records


def _hf_record(raw: dict) -> Record | None:
    title, abstract = _clean(raw.get("title")), _clean(raw.get("abstract"))
    if not _usable(title, abstract) or not raw.get("published"):
        return None
    org_name, org_handle = _clean(raw.get("org_name")), _clean(raw.get("org_handle"))
    if " " in org_handle:
        org_name = org_handle = ""
    return Record(title, abstract, int(raw.get("authors") or 1),
                  date.fromisoformat(raw["published"][:10]), int(raw.get("upvotes") or 0),
                  org_name, org_handle, "daily-papers", str(raw.get("arxiv") or ""))


def _arxiv_record(raw: dict) -> Record | None:
    title, abstract = _clean(raw.get("title")), _clean(raw.get("abstract"))
    if not _usable(title, abstract) or not raw.get("listed"):
        return None
    categories = raw.get("categories") or ["cs.AI"]
    topic = categories[0].lower().replace(".", "-")
    return Record(title, abstract, int(raw.get("authors") or 1),
                  date.fromisoformat(raw["listed"][:10]), 0, "", "", topic)


def _clean(value: object) -> str:
    return " ".join(str(value or "").split())


def _usable(title: str, abstract: str) -> bool:
    return 3 <= len(title) <= 300 and len(abstract) >= 200 and len(abstract) > 2 * len(title)


def _key(text: str) -> str:
    return " ".join(_NON_ALNUM.sub(" ", text.casefold()).split())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="folder to write the dumps into")
    parser.add_argument("--papers", type=int, required=True, help="distinct papers to write")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="folder of the corpora")
    parser.add_argument("--verify", action="store_true",
                        help="read the dumps back with the project's reader and merge")
    args = parser.parse_args(argv)
    if not (args.data / HF_DAILY).exists() or not (args.data / ARXIV).exists():
        parser.error(f"the corpora are not in {args.data}")
    started = time.perf_counter()
    paths = write_corpus(args.out_dir, args.papers, args.seed, args.data)
    print(f"wrote {len(paths)} dumps with {args.papers} distinct papers to {args.out_dir}"
          f" in {time.perf_counter() - started:.1f} s")
    if args.verify:
        print(verify_corpus(args.out_dir))
    return 0


def verify_corpus(folder: Path) -> str:
    """What the project's reader and merge make of the dumps in `folder`, in one line."""
    sys.path.insert(0, str(REPO))
    from generator import pipeline
    from generator.config import Settings

    started = time.perf_counter()
    settings = Settings(dumps_dir=folder, progress=False)
    dumps = pipeline.read_dumps(settings)
    catalog = pipeline.merge_papers(dumps, settings)
    papers, problems = catalog.papers, catalog.problems
    shapes = Counter(dump.shape for dump in dumps)
    return (f"read back: {len(papers)} papers from {sum(len(d.entries) for d in dumps)} entries"
            f" in {len(dumps)} dumps ({', '.join(f'{n} {shape}' for shape, n in sorted(shapes.items()))}),"
            f" {sum(len(paper.sources) > 1 for paper in papers)} papers in several dumps,"
            f" {len(problems)} problems, in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
