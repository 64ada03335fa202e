"""The two digests the judged sets are about: the seeds, and "hf2k" made from real papers.

Judgments outlive slugs, so papers are named by a key of their own: the arXiv id for hf2k papers
(nothing from `../shared/data/` is committed, only ids), the normalised title for seed papers (as
`judged.yml` names them). Both digests are built by the real pipeline, so the tags and links they
carry are exactly what the site would show.
"""

from __future__ import annotations

import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator.config import Settings  # noqa: E402
from generator.model import Catalog, Paper  # noqa: E402
from generator.pipeline import build_catalog  # noqa: E402
from tests.benchmarks.corpus import Record, read_hf_daily, write_listings  # noqa: E402
from tests.eval.heldout import is_eval_paper  # noqa: E402

DATA_DIR = ROOT.parent / "shared" / "data"
SEED_DUMPS = ROOT / "site_src" / "dumps"
TAXONOMY = ROOT / "site_src" / "tags.yml"
HF2K, SEED = "hf2k", "seed"


@dataclass(frozen=True, slots=True)
class Digest:
    """A built digest and the stable key of each of its papers."""

    name: str  # HF2K or SEED
    catalog: Catalog
    key_by_slug: dict[str, str]  # arXiv id (hf2k) or normalised title (seeds)

    @property
    def slug_by_key(self) -> dict[str, str]:
        return {key: slug for slug, key in self.key_by_slug.items()}

    def paper(self, key: str) -> Paper:
        """The paper a judged set names by `key`."""
        slug = self.slug_by_key[key]
        return next(paper for paper in self.catalog.papers if paper.slug == slug)


class MissingData(Exception):
    """The corpora the hf2k digest is made from are not where they are expected."""


def normalise_title(title: str) -> str:
    """Lower-case words joined by single spaces: how seed papers are named in judged files."""
    return " ".join(re.findall(r"[a-z0-9]+", title.lower()))


def seed_digest() -> Digest:
    """The seed papers of `site_src/dumps`, built as the site builds them."""
    catalog = _build(SEED_DUMPS)
    return Digest(SEED, catalog, {paper.slug: normalise_title(paper.title) for paper in catalog.papers})


def hf2k_digest(data_dir: Path = DATA_DIR, seed: Digest | None = None) -> Digest:
    """The hf-daily papers of the evaluation bucket that are not seeds, rendered as listings and built."""
    if not (data_dir / "hf-daily-9k.jsonl.gz").is_file():
        raise MissingData(f"hf-daily-9k.jsonl.gz is not in {data_dir}: the hf2k evaluation needs ../shared/data")
    seed_titles = set((seed or seed_digest()).key_by_slug.values())
    records = eval_records(data_dir, seed_titles)
    with tempfile.TemporaryDirectory(prefix="hf2k-") as folder:
        write_listings(Path(folder), records)
        catalog = _build(Path(folder))
    return Digest(HF2K, catalog, _arxiv_ids(catalog.papers, records))


def eval_records(data_dir: Path, seed_titles: set[str]) -> list[Record]:
    """The evaluation bucket's papers, each once (by title and by abstract), seeds left out."""
    kept, seen = [], set()
    for record in read_hf_daily(data_dir):
        if not is_eval_paper(record.arxiv) or normalise_title(record.title) in seed_titles:
            continue
        keys = {"t" + normalise_title(record.title), "a" + normalise_title(record.abstract)[:300]}
        if not keys & seen:
            seen |= keys
            kept.append(record)
    return kept


def _build(dumps: Path) -> Catalog:
    return build_catalog(Settings(dumps_dir=dumps, taxonomy=TAXONOMY, progress=False))


def _arxiv_ids(papers: tuple[Paper, ...], records: list[Record]) -> dict[str, str]:
    """Each built paper's arXiv id, found by its title or else by the start of its abstract."""
    by_title = {normalise_title(record.title): record.arxiv for record in records}
    by_abstract = {normalise_title(record.abstract)[:200]: record.arxiv for record in records}
    found = {}
    for paper in papers:
        arxiv = by_title.get(normalise_title(paper.title)) or by_abstract.get(normalise_title(paper.abstract)[:200])
        if arxiv:
            found[paper.slug] = arxiv
    return found
