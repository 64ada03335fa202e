"""Write the packets blind judges read: papers, candidates under neutral ids, the rubric, the answer form.

A packet never says which method proposed a candidate: candidates are pooled, shuffled with a seed
of their own and named `c1`, `c2`, ... per query (tags `t1`, `t2`, ... per paper; the phrases shown
with the digest's links `r1`, `r2`, ... per query, its links `c1`, `c2`, ... shuffled too). What
the neutral ids stand for goes into `keys/<packet>.key.yml`, which `ingest.py` reads to map the
answers back.

    python tests/eval/packets.py OUT_DIR --round 1 [--data ../shared/data]
                                 [--link-method NAME=module:function] [--tag-method NAME=module:function]

OUT_DIR must be outside the repository (packets hold text from ../shared/data) and empty of packets.
Only candidates (and phrases) nobody judged yet are pooled, so the next round after a new method is small.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.eval import judgments, methods, sets  # noqa: E402
from tests.eval.digests import DATA_DIR, Digest, MissingData, hf2k_digest, seed_digest  # noqa: E402
from tests.eval.packet_text import link_packet, reason_packet, tag_packet  # noqa: E402
from tests.eval.pooling import PooledReasons, pool_links, pool_reasons, pool_tags  # noqa: E402

PER_PACKET = 16
REASON_PER_PACKET_SHARE = 2  # a reasons packet holds half as many papers: 5 links and ~15 phrases each


def write_link_packets(out_dir: Path, digest: Digest, pooled: dict[str, tuple[str, ...]],
                       round_number: int, per_packet: int = PER_PACKET) -> list[Path]:
    """One packet per `per_packet` query papers; returns the packets' paths."""
    queries = [query for query in pooled if pooled[query]]
    paths = []
    for index, chunk in enumerate(split(queries, per_packet), start=1):
        name = f"{digest.name}-links-{index:02d}"
        entries, key = [], {}
        for number, query in enumerate(chunk, start=1):
            candidates = shuffled(pooled[query], f"{round_number}:{query}")
            entries.append((digest.paper(query), [digest.paper(candidate) for candidate in candidates]))
            key[f"q{number}"] = {"paper": query,
                                 "candidates": {f"c{rank}": c for rank, c in enumerate(candidates, start=1)}}
        answers = out_dir / f"{name}.answers.yml"
        paths.append(_write(out_dir, name, link_packet(name, entries, answers),
                            {"round": round_number, "digest": digest.name, "kind": "links", "queries": key}))
    return paths


def write_tag_packets(out_dir: Path, digest: Digest, pooled: dict[str, tuple[str, ...]],
                      round_number: int, per_packet: int = PER_PACKET) -> list[Path]:
    """One packet per `per_packet` papers; returns the packets' paths."""
    paths = []
    for index, chunk in enumerate(split(list(pooled), per_packet), start=1):
        name = f"{digest.name}-tags-{index:02d}"
        entries, key = [], {}
        for number, paper in enumerate(chunk, start=1):
            tags = shuffled(pooled[paper], f"{round_number}:{paper}")
            entries.append((digest.paper(paper), tags))
            key[f"p{number}"] = {"paper": paper, "tags": {f"t{rank}": tag for rank, tag in enumerate(tags, start=1)}}
        answers = out_dir / f"{name}.answers.yml"
        paths.append(_write(out_dir, name, tag_packet(name, entries, answers),
                            {"round": round_number, "digest": digest.name, "kind": "tags", "papers": key}))
    return paths


def write_reason_packets(out_dir: Path, digest: Digest, pooled: PooledReasons, round_number: int,
                         per_packet: int = PER_PACKET // REASON_PER_PACKET_SHARE) -> list[Path]:
    """One packet per `per_packet` query papers, each with its links and their phrases; returns the paths."""
    paths = []
    for index, chunk in enumerate(split(list(pooled), per_packet), start=1):
        name = f"{digest.name}-reasons-{index:02d}"
        entries, key = [], {}
        for number, query in enumerate(chunk, start=1):
            phrases_of = dict(pooled[query])
            links, phrases = [], {}
            for candidate in shuffled(tuple(phrases_of), f"{round_number}:{query}"):
                shown = shuffled(phrases_of[candidate], f"{round_number}:{query}:{candidate}")
                phrases.update({f"r{len(phrases) + place}": {"candidate": candidate, "phrase": phrase}
                                for place, phrase in enumerate(shown, start=1)})
                links.append((digest.paper(candidate), shown))
            entries.append((digest.paper(query), links))
            key[f"q{number}"] = {"paper": query, "phrases": phrases}
        answers = out_dir / f"{name}.answers.yml"
        paths.append(_write(out_dir, name, reason_packet(name, entries, answers),
                            {"round": round_number, "digest": digest.name, "kind": "reasons", "queries": key}))
    return paths


def split(items: list[str], per_packet: int) -> list[list[str]]:
    """Consecutive chunks of at most `per_packet` items, as even in size as possible."""
    count = math.ceil(len(items) / per_packet)
    return [items[index * len(items) // count:(index + 1) * len(items) // count] for index in range(count)]


def shuffled(items: tuple[str, ...], seed: str) -> list[str]:
    """The items in an order that depends on `seed` alone, never on which method proposed them."""
    order = sorted(items)
    random.Random(seed).shuffle(order)
    return order


def _write(out_dir: Path, name: str, text: str, key: dict) -> Path:
    (out_dir / "keys").mkdir(parents=True, exist_ok=True)
    (out_dir / "keys" / f"{name}.key.yml").write_text(
        yaml.safe_dump(key, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8")
    path = out_dir / f"{name}.md"
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


def write_round(out_dir: Path, round_number: int, data_dir: Path, link_methods: dict, tag_methods: dict,
                per_packet: int = PER_PACKET) -> list[str]:
    """Pool and write every packet of a round; returns one summary line per kind of packet."""
    seed = seed_digest()
    try:
        hf2k: Digest | None = hf2k_digest(data_dir, seed)
    except MissingData as error:
        print(f"skipping hf2k: {error}", file=sys.stderr)
        hf2k = None
    chosen = sets.judged_sets(hf2k, seed)
    summary = []
    for digest in (hf2k, seed):
        if digest is None:
            continue
        keys = sets.papers_of(chosen, digest.name)
        links = pool_links(digest, keys, link_methods, judgments.load_links(judgments.path_of(digest.name, "links")))
        tags = pool_tags(digest, keys, tag_methods, judgments.load_tags(judgments.path_of(digest.name, "tags")))
        link_paths = write_link_packets(out_dir, digest, links, round_number, per_packet)
        tag_paths = write_tag_packets(out_dir, digest, tags, round_number, per_packet)
        reasons = pool_reasons(digest, keys, methods.digest_reasons(digest.catalog),
                               judgments.load_reasons(judgments.path_of(digest.name, "reasons")))
        reason_paths = write_reason_packets(out_dir, digest, reasons, round_number,
                                            max(1, per_packet // REASON_PER_PACKET_SHARE))
        summary.append(f"{digest.name} links: {len(link_paths)} packets, {sum(map(bool, links.values()))} query papers,"
                       f" {sum(map(len, links.values()))} pairs")
        summary.append(f"{digest.name} tags: {len(tag_paths)} packets, {len(tags)} papers,"
                       f" {sum(map(len, tags.values()))} tags")
        summary.append(f"{digest.name} reasons: {len(reason_paths)} packets, {len(reasons)} query papers,"
                       f" {sum(len(phrases) for links in reasons.values() for _, phrases in links)} phrases")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="folder for the round's packets (outside the repository)")
    parser.add_argument("--round", type=int, required=True, dest="round_number", help="the round's number")
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="folder of the corpora (../shared/data)")
    parser.add_argument("--per-packet", type=int, default=PER_PACKET, help="query papers per packet")
    parser.add_argument("--link-method", action="append", default=[], help="another link method, NAME=module:function")
    parser.add_argument("--tag-method", action="append", default=[], help="another tag method, NAME=module:function")
    args = parser.parse_args(argv)
    if args.out_dir.resolve().is_relative_to(ROOT):
        parser.error("write packets outside the repository: they hold text from ../shared/data")
    if args.out_dir.is_dir() and any(args.out_dir.glob("*.md")):
        parser.error(f"{args.out_dir} already holds packets: a round's packets are never rewritten")
    link_methods = {**methods.LINK_METHODS, **dict(map(methods.load_method, args.link_method))}
    tag_methods = {**methods.TAG_METHODS, **dict(map(methods.load_method, args.tag_method))}
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for line in write_round(args.out_dir, args.round_number, args.data, link_methods, tag_methods, args.per_packet):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
