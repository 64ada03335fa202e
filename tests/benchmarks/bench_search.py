"""The header search at 20,000 and 75,000 papers: our prebuilt index against Material's default.

    python tests/benchmarks/bench_search.py [--papers 20000 75000] [--queries 3] [--work DIR]

Per size, in one run:

1. dumps from `corpus.write_corpus` (real papers from `<repo>/../shared/data/`), then the real
   pipeline's stages up to tagging (read, merge, tag): similar-paper links play no part in the
   search index, and linking 75,000 papers would only make the benchmark slower;
2. our search files (`generator.search.build_search_files`), built in a child process whose wall
   time and peak RSS are printed;
3. two search-only sites of the same papers, each a one-page MkDocs Material build with the
   papers' search files added: "ours" uses the repository's theme (header search -> our worker
   -> the sharded index); "material" is a bare Material site with its search plugin, whose
   `search_index.json` is replaced by one entry per paper (title, then abstract and tags as the
   page text), what Material would index for the papers' pages. The paper pages themselves are
   not built: they play no part in searching (bench_site.py measures full builds);
4. headless Chromium (cold cache per query) opens each site's home page over HTTP with gzip (as
   GitHub Pages serves it), presses `/` as soon as the page has loaded, types a known-item query
   (the first words of a random paper's title) and waits for the first result. Printed per query:
   time from the load event to the first result on screen, bytes downloaded (compressed, headers
   included, worker requests included) until then, and whether the first result is the paper.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import multiprocessing
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import DATA_DIR, write_corpus

from generator import pipeline, search
from generator.render import catalog_from_json, catalog_to_json
from generator.config import Settings
from generator.model import Catalog

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
COMPRESSIBLE = {".html", ".js", ".css", ".json", ".svg", ".xml", ".txt"}


@dataclass(frozen=True)
class Measure:
    site: str
    query: str
    seconds: float | None  # load event -> first result; None when none came in time
    kilobytes: float
    hit: bool


class GzipHandler(SimpleHTTPRequestHandler):
    """Serves text files gzip-compressed when the browser accepts it, as GitHub Pages does."""

    compressed: ClassVar[dict[str, bytes]] = {}

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix not in COMPRESSIBLE or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        if str(path) not in self.compressed:
            self.compressed[str(path)] = gzip.compress(path.read_bytes(), 6)
        body = self.compressed[str(path)]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def make_catalog(work: Path, papers: int) -> Catalog:
    saved = work / "catalog.json"
    if saved.exists():
        return catalog_from_json(saved.read_text(encoding="utf-8"))
    started = time.perf_counter()
    write_corpus(work / "dumps", papers, seed=0)
    settings = Settings(dumps_dir=work / "dumps", taxonomy=REPO / "site_src" / "tags.yml", progress=False)
    merged = pipeline.merge_papers(pipeline.read_dumps(settings), settings)
    catalog = pipeline.without_dumps(pipeline.tag_papers(merged, settings))
    saved.write_text(catalog_to_json(catalog), encoding="utf-8")
    print(f"  corpus and catalog: {len(catalog.papers)} papers in {time.perf_counter() - started:.0f} s")
    return catalog


def _static_templates() -> list[str]:
    """The theme's static templates, as the repository's mkdocs.yml lists them."""
    import yaml

    return yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["theme"]["static_templates"]


def _build_index(catalog_path: str, out: str, queue) -> None:  # type: ignore[no-untyped-def]
    catalog = catalog_from_json(Path(catalog_path).read_text(encoding="utf-8"))
    started = time.perf_counter()
    files = search.build_search_files(catalog, Settings())
    seconds = time.perf_counter() - started
    for path, content in files.items():
        target = Path(out) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8") if isinstance(content, str) else target.write_bytes(content)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((seconds, peak, len(files), sum(len(c.encode() if isinstance(c, str) else c) for c in files.values())))


def build_index(work: Path) -> Path:
    """Our search files, built in a child process so its time and peak memory are its own."""
    out = work / "index"
    shutil.rmtree(out, ignore_errors=True)
    queue: multiprocessing.Queue = multiprocessing.Queue()
    child = multiprocessing.Process(target=_build_index, args=(str(work / "catalog.json"), str(out), queue))
    child.start()
    seconds, peak, count, size = queue.get()
    child.join()
    print(f"  our index: {seconds:.0f} s, peak RSS {peak:.0f} MB (catalog loading included), "
          f"{count} files, {size / 1e6:.0f} MB")
    return out


def build_sites(work: Path, catalog: Catalog, index: Path) -> dict[str, Path]:
    docs = work / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "index.md").write_text("# Papers\n\nSearch with the box in the header.\n")
    configs = {
        # The theme renders the header search dialog and more once, as static templates (see mkdocs.yml).
        "ours": {"theme": {"name": "material", "custom_dir": str(REPO / "theme"),
                           "static_templates": _static_templates()}, "plugins": []},
        "material": {"theme": {"name": "material"}, "plugins": ["search"]},
    }
    sites = {}
    for name, config in configs.items():
        site = work / f"site-{name}"
        config = {"site_name": "bench", "docs_dir": str(docs), "site_dir": str(site), **config}
        (work / f"mkdocs-{name}.yml").write_text(json.dumps(config))
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(work / f"mkdocs-{name}.yml")],
                       check=True, capture_output=True)
        sites[name] = site
    shutil.copytree(index / "search", sites["ours"] / "search", dirs_exist_ok=True)
    material_index = sites["material"] / "search" / "search_index.json"
    setup = json.loads(material_index.read_text())
    setup["docs"] = [{"location": paper.url, "title": paper.title,
                      "text": f"<p>{paper.abstract}</p><p>{', '.join(paper.tags)}</p>"} for paper in catalog.papers]
    material_index.write_text(json.dumps(setup, ensure_ascii=False, separators=(",", ":")))
    for name, site in sites.items():
        size = sum(f.stat().st_size for f in (site / "search").rglob("*") if f.is_file())
        print(f"  {name}: search files {size / 1e6:.0f} MB")
    return sites


class QuietServer(ThreadingHTTPServer):
    """A page closed after its first result drops the downloads still running: not an error."""

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    GzipHandler.compressed = {}
    server = QuietServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


WATCH_FIRST_RESULT = """() => {
  window.firstResultAt = undefined;
  const seen = () => document.querySelector('.md-search-result__item');
  new MutationObserver((_, observer) => {
    if (seen()) { observer.disconnect(); window.firstResultAt = performance.now(); }
  }).observe(document.body, {childList: true, subtree: true});
}"""


def measure(browser, url: str, site: str, query: str, slug: str, timeout: float) -> Measure:  # type: ignore[no-untyped-def]
    context = browser.new_context()  # a cold cache for every query
    page = context.new_page()
    finished: list[int] = []

    def count(request) -> None:  # type: ignore[no-untyped-def]
        sizes = request.sizes()
        finished.append(sizes["responseBodySize"] + sizes["responseHeadersSize"])

    context.on("requestfinished", count)
    page.goto(url, wait_until="load")
    loaded = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    page.evaluate(WATCH_FIRST_RESULT)
    page.keyboard.press("/")
    page.keyboard.type(query)
    try:
        page.wait_for_function("() => window.firstResultAt !== undefined", timeout=timeout * 1000, polling=20)
    except Exception:  # noqa: BLE001 - no result in time is a result here
        context.close()
        return Measure(site, query, None, sum(finished) / 1000, False)
    shown = page.evaluate("window.firstResultAt")
    kilobytes = sum(finished) / 1000
    href = page.locator(".md-search-result__item a").first.get_attribute("href") or ""
    context.close()
    return Measure(site, query, (shown - loaded) / 1000, kilobytes, href.rstrip("/").endswith(slug))


def known_item_queries(catalog: Catalog, count: int, seed: int = 1) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    candidates = [paper for paper in catalog.papers if not paper.title_derived and len(paper.title.split()) >= 5]
    return [(" ".join(paper.title.split()[:4]), paper.slug) for paper in rng.sample(candidates, count)]


def run_size(papers: int, work: Path, queries: int, chromium: str, timeout: float) -> list[Measure]:
    print(f"{papers} papers")
    work.mkdir(parents=True, exist_ok=True)
    catalog = make_catalog(work, papers)
    sites = build_sites(work, catalog, build_index(work))
    chosen = known_item_queries(catalog, queries)
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        for name, site in sites.items():
            server, url = serve(site)
            for query, slug in chosen:
                result = measure(browser, url, name, query, slug, timeout)
                seconds = f"{result.seconds:.2f} s" if result.seconds is not None else f"none in {timeout:.0f} s"
                print(f"  {name:8}  {query!r:50}  first result {seconds:>12}  "
                      f"{result.kilobytes / 1000:7.2f} MB  {'right paper first' if result.hit else 'MISS'}")
                results.append(result)
            server.shutdown()
        browser.close()
    summarize(results)
    return results


def summarize(results: list[Measure]) -> None:
    for site in ("ours", "material"):
        mine = [r for r in results if r.site == site]
        times = [r.seconds for r in mine if r.seconds is not None]
        median = f"{statistics.median(times):.2f} s" if times else "none"
        print(f"  {site:8}  median first result {median}, median {statistics.median(r.kilobytes for r in mine) / 1000:.2f} MB, "
              f"right paper first {sum(r.hit for r in mine)}/{len(mine)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, nargs="+", default=[20000, 75000])
    parser.add_argument("--queries", type=int, default=3, help="known-item queries per site and size")
    parser.add_argument("--work", type=Path, help="work folder (kept; catalogs are reused)")
    parser.add_argument("--timeout", type=float, default=180, help="seconds to wait for a first result")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args(argv)
    if not DATA_DIR.is_dir():
        print(f"no benchmark data in {DATA_DIR}")
        return 1
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-search-"))
    for papers in args.papers:
        run_size(papers, work / str(papers), args.queries, args.chromium, args.timeout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
