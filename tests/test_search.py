"""The search index: lunr's own format and scores, split into shards that add up to the whole."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
from datetime import date
from pathlib import Path

import lunr
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from lunr.index import Index

from generator import search
from generator.search import files as search_files
from generator.search import index as search_index
from generator.config import Settings
from generator.model import Catalog, Paper
from generator.pipeline import build_catalog

from .conftest import ROOT, SEEDS
from .search_relevance.evaluate import evaluate

THEME = ROOT / "theme"
LUNR_JS = THEME / "assets" / "vendor" / "lunr" / "lunr.min.js"


def paper(number: int, title: str, abstract: str, tags: tuple[str, ...] = ()) -> Paper:
    return Paper(slug=f"paper-{number:03d}", title=title, title_derived=False, abstract=abstract,
                 authors_count=None, organization=None, published=date(2024, 1 + number % 12, 1),
                 upvotes=None, links=(), sources=("seed.txt",), added=date(2025, 1, 1), tags=tags)


@pytest.fixture(scope="module")
def seed_catalog() -> Catalog:
    return build_catalog(Settings(dumps_dir=SEEDS, taxonomy=ROOT / "site_src" / "tags.yml", progress=False))


def lunr_py_index(papers: tuple[Paper, ...]) -> dict:
    """The reference: lunr.py's own Builder over the same documents and fields."""
    title, tags, abstract = (name for name, _ in search_index.FIELDS)
    documents = [{"id": search_index._ref(number), title: p.title, tags: ", ".join(p.tags),
                  abstract: p.abstract} for number, p in enumerate(papers)]
    fields = [{"field_name": name, "boost": boost} for name, boost in search_index.FIELDS]
    return json.loads(json.dumps(lunr.lunr(ref="id", fields=fields, documents=documents).serialize()))


def test_unsplit_index_equals_lunr_py_output_on_the_seeds(seed_catalog: Catalog) -> None:
    ours = json.loads(json.dumps(search.serialize_index(search.index_papers(seed_catalog.papers))))
    assert ours == lunr_py_index(seed_catalog.papers)


WORDS = st.sampled_from(["model", "models", "Modelling", "unlearning", "LLM's", "(GPT-4o)", "über",
                         "naïve", "mixture-of-experts", "the", "a", "$x^2$", "<think>", "...", "3D",
                         "routing", "RoUtEd", "co-training", "état", "—", "x\u00a0y", "_", "data"])
TEXT = st.lists(WORDS, min_size=0, max_size=12).map(" ".join)


@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(TEXT, TEXT, st.lists(WORDS, max_size=3)), min_size=1, max_size=6))
def test_index_equals_lunr_py_on_any_text(docs: list[tuple[str, str, list[str]]]) -> None:
    papers = tuple(paper(n, title or "t", abstract, tuple(tags)) for n, (title, abstract, tags) in enumerate(docs))
    ours = json.loads(json.dumps(search.serialize_index(search.index_papers(papers))))
    assert ours == lunr_py_index(papers)


def merged(shards: list[dict]) -> tuple[dict, dict]:
    inverted: dict = {}
    vectors: dict = {}
    for shard in shards:
        inverted.update(dict(shard["invertedIndex"]))
        for ref, flat in shard["fieldVectors"]:
            vectors.setdefault(ref, []).extend(zip(flat[::2], flat[1::2]))
    return inverted, {ref: [v for pair in sorted(pairs) for v in pair] for ref, pairs in vectors.items()}


@pytest.fixture(scope="module")
def small_shards(seed_catalog: Catalog, monkeypatch_module):  # type: ignore[no-untyped-def]
    """The seed index split into many small shards, as a large digest would be."""
    monkeypatch_module.setattr(search_files, "SHARD_POSTINGS", 400)
    index = search.index_papers(seed_catalog.papers)
    shards, manifest = search.split_index(index)
    return index, [search.serialize_index(index, terms) for terms in shards], manifest


@pytest.fixture(scope="module")
def monkeypatch_module():  # type: ignore[no-untyped-def]
    patcher = pytest.MonkeyPatch()
    yield patcher
    patcher.undo()


def test_shards_add_up_to_the_whole_index(small_shards) -> None:  # type: ignore[no-untyped-def]
    index, shards, _ = small_shards
    assert len(shards) > 20
    whole = json.loads(json.dumps(search.serialize_index(index)))
    inverted, vectors = merged(json.loads(json.dumps(shards)))
    assert inverted == dict(whole["invertedIndex"])
    assert vectors == {ref: flat for ref, flat in whole["fieldVectors"] if flat}


def test_every_term_is_found_by_its_longest_prefix_in_the_manifest(small_shards) -> None:  # type: ignore[no-untyped-def]
    index, shards, manifest = small_shards
    terms_of_shard = [{term for term, _ in shard["invertedIndex"]} for shard in shards]
    longest = max(map(len, manifest))
    for term in index.terms:
        key = next(term[:n] for n in range(min(len(term), longest), 0, -1) if term[:n] in manifest)
        assert term in terms_of_shard[manifest[key]], term


def test_shards_stay_small_unless_one_prefix_is_big(small_shards) -> None:  # type: ignore[no-untyped-def]
    index, shards, manifest = small_shards
    sizes = index.sizes()
    for number, shard in enumerate(shards):
        postings = sum(sizes[posting["_index"]] for _, posting in shard["invertedIndex"])
        prefixes = [key for key, value in manifest.items() if value == number]
        assert postings <= 400 or len(prefixes) == 1


def unpacked(text: str) -> tuple[dict, dict]:
    """A compact shard as engine.js's `unpack` reads it: lunr's inverted index and field vectors."""
    fields = [name for name, _ in search_index.FIELDS]
    inverted: dict = {}
    vectors: dict = {}
    for term, number, gaps, thousandths in json.loads(text):
        posting: dict = {field: {} for field in fields}
        key = 0
        for gap, score in zip(gaps, thousandths):
            key += gap
            field, ref = fields[key % len(fields)], search_index._ref(key // len(fields))
            posting[field][ref] = {}
            vectors.setdefault(f"{field}/{ref}", []).extend((number, score / 1000))
        inverted[term] = {**posting, "_index": number}
    return inverted, vectors


def test_a_compact_shard_unpacks_into_what_lunr_reads_from_its_own_format(small_shards) -> None:  # type: ignore[no-untyped-def]
    index, shards, _ = small_shards
    for number, lunr_shard in enumerate(shards):
        terms = [posting["_index"] for _, posting in lunr_shard["invertedIndex"]]
        inverted, vectors = unpacked(search.shard_json(index, terms))
        assert inverted == dict(lunr_shard["invertedIndex"]), number
        assert vectors == {ref: flat for ref, flat in lunr_shard["fieldVectors"] if flat}, number


def test_a_compact_shard_is_under_half_of_lunrs_own_format(seed_catalog: Catalog) -> None:
    index = search.index_papers(seed_catalog.papers)
    terms = range(len(index.terms))
    assert len(search.shard_json(index, terms)) * 2 < len(search.index_json(index, terms))  # 1 to 3.4 at 20,000


def test_a_shard_answers_its_terms_with_the_scores_of_the_whole_index(small_shards) -> None:  # type: ignore[no-untyped-def]
    index, shards, manifest = small_shards
    whole = Index.load(search.serialize_index(index))
    for term in ("unlearn", "model", "expert", "prune"):
        key = next(term[:n] for n in range(len(term), 0, -1) if term[:n] in manifest)
        shard = Index.load(shards[manifest[key]])
        expected = [(m["ref"], round(m["score"], 9)) for m in whole.search(term)]
        assert [(m["ref"], round(m["score"], 9)) for m in shard.search(term)] == expected
        assert expected


def test_pruning_keeps_a_common_terms_best_papers_with_their_scores(seed_catalog: Catalog) -> None:
    index = search.index_papers(seed_catalog.papers)
    pruned = search.prune(index, 10)
    whole, trimmed = Index.load(search.serialize_index(index)), Index.load(search.serialize_index(pruned))
    common = [n for n, size in enumerate(index.sizes()) if size > 40]
    assert common, "the seeds have common terms"
    for number in common:
        term = index.terms[number]
        expected = [(m["ref"], m["score"]) for m in whole.search(term)][:10]
        assert [(m["ref"], m["score"]) for m in trimmed.search(term)] == expected, term
    rare = [n for n, size in enumerate(index.sizes()) if size <= 10]
    assert all(pruned.sizes()[n] == index.sizes()[n] for n in rare)


def test_site_files_hold_every_paper_and_name_the_build(seed_catalog: Catalog) -> None:
    files = search.build_search_files(seed_catalog, Settings())
    setup = json.loads(files["search/search_index.json"])
    build = setup["config"]["build"]
    assert setup["docs"] == [] and re.fullmatch(r"[0-9a-f]{12}", build)
    assert all(path.startswith(f"search/{build}/") for path in files if path != "search/search_index.json")
    manifest = json.loads(files[f"search/{build}/manifest.json"])
    per = manifest["docs_per_file"]
    docs = [doc for n in range(-(-len(seed_catalog.papers) // per))
            for doc in json.loads(gzip.decompress(files[f"search/{build}/d/{n}.json.gz"]))]
    assert [doc[0] for doc in docs] == [p.slug for p in seed_catalog.papers]
    assert [doc[1] for doc in docs] == [p.title for p in seed_catalog.papers]
    facets = json.loads(files[f"search/{build}/facets.json"])
    tags = json.loads(files[f"search/{build}/tags.json"])
    assert tags == {"names": [t.name for t in seed_catalog.tags], "slugs": [t.slug for t in seed_catalog.tags]}
    assert len(facets["docs"]) == len(seed_catalog.papers)
    for paper, doc, facet in zip(seed_catalog.papers, docs, facets["docs"]):
        assert [tags["names"][n] for n in doc[4]] == list(paper.tags)
        assert sorted(tags["names"][n] for n in facet[1:]) == sorted(paper.tags)
        # The year filter means the year of publication; 0 stands for none known.
        assert facet[0] == (paper.published.year if paper.published else 0)
        assert doc[2:4] == [paper.published.isoformat() if paper.published else "", paper.added.isoformat()]
    shards = [json.loads(gzip.decompress(content)) for path, content in files.items() if "/t/" in path]
    assert sum(len(shard) for shard in shards) == len(search.index_papers(seed_catalog.papers).terms)
    assert manifest["index_fields"] == ["t", "g", "a"]


def test_site_files_are_deterministic_and_a_new_paper_changes_the_build() -> None:
    papers = tuple(paper(n, f"Title {n}", f"An abstract about routing {n}") for n in range(5))
    one = search.build_search_files(Catalog(papers=papers), Settings())
    assert one == search.build_search_files(Catalog(papers=papers), Settings())
    more = search.build_search_files(Catalog(papers=papers + (paper(9, "New", "text"),)), Settings())
    assert json.loads(one["search/search_index.json"]) != json.loads(more["search/search_index.json"])


def test_an_empty_digest_still_gets_a_working_index() -> None:
    files = search.build_search_files(Catalog(papers=()), Settings())
    build = json.loads(files["search/search_index.json"])["config"]["build"]
    assert json.loads(files[f"search/{build}/manifest.json"])["shards"] == {}


def test_relevance_on_the_seed_judgements(seed_catalog: Catalog) -> None:
    scores = evaluate(seed_catalog)
    assert scores["known-item"].hit_at_1 >= 0.95, scores["known-item"].misses
    assert scores["known-item"].mrr >= 0.97
    assert scores["topic"].hit_at_1 >= 0.85, scores["topic"].misses


def sri(path: Path) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode()


def test_lunr_is_the_pinned_2_3_9_and_every_integrity_attribute_matches_it() -> None:
    assert "lunr - http://lunrjs.com" in LUNR_JS.read_text()[:200] and " 2.3.9" in LUNR_JS.read_text()[:200]
    expected = sri(LUNR_JS)
    worker = (THEME / "assets" / "search" / "worker.js").read_text()
    assert f'LUNR_INTEGRITY = "{expected}"' in worker
    page = (THEME / "search.html").read_text()
    assert re.findall(r'lunr\.min\.js\' \| url }}" integrity="([^"]+)"', page) == [expected]


def test_header_partial_is_materials_own_with_the_search_always_rendered() -> None:
    import material

    original = (Path(material.__file__).parent / "templates" / "partials" / "header.html").read_text()
    ours = (THEME / "partials" / "header.html").read_text()
    ours = ours.replace("{% if header_topic is defined %}\n              {{ header_topic }}\n"
                        "            {% elif page.meta", "{% if page.meta")
    condition = re.compile(r'    {% if "material/search" in config.plugins %}\n.*?{% endif %}\n    {% endif %}\n', re.DOTALL)
    assert len(condition.findall(original)) == 1, "Material's header changed: update theme/partials/header.html"
    body = original.split("-#}\n", 1)[1]
    ours_body = ours.split("-#}\n", 1)[1]
    marked = re.compile(r"    {#- paper-digest:.*?assets/search/dialog\.js' \| url }}\"></script>\n", re.DOTALL)
    # The colour toggle, like the dialog, moved into a shared script (theme/assets/javascripts/palette.js).
    palette = re.compile(r"    {% if config.theme.palette %}\n.*?{% include \"partials/javascripts/palette.html\" %}\n"
                         r"    {% endif %}\n", re.DOTALL)
    ours_palette = re.compile(r"    {#- paper-digest: the colour toggle.*?{% endif %}\n", re.DOTALL)
    assert len(palette.findall(body)) == 1, "Material's header changed: update theme/partials/header.html"
    # The menu icon is drawn by digest.css instead of inline SVG (as the search icon, marked above).
    menu = re.compile(r'    <label class="md-header__button md-icon" for="__drawer">\n.*?</label>\n', re.DOTALL)
    ours_menu = re.compile(r"    {#- paper-digest: the menu icon.*?</label>\n", re.DOTALL)
    assert len(menu.findall(body)) == 1, "Material's header changed: update theme/partials/header.html"
    assert menu.sub("", palette.sub("", condition.sub("", body))) == \
        marked.sub("", ours_menu.sub("", ours_palette.sub("", ours_body)))
    # The dialog itself is Material's own partial, rendered once into a shared script.
    assert 'include "partials/search.html"' in (THEME / "assets" / "search" / "dialog.js").read_text()
