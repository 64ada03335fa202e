"""A real Chromium, driven by Playwright, against the built seed site served on localhost."""

from __future__ import annotations

import functools
import os
import shutil
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    """Debian's chromium by default; CHROMIUM_PATH points elsewhere (e.g. Chrome on CI runners)."""
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail(f"Chromium not found at {path}: run `make chromium` or set CHROMIUM_PATH")
    return path


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        # A browser dropping a connection it no longer needs is normal, not a failure.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def site_url(seed_site: Path) -> Iterator[str]:
    """The seed site served over HTTP on a free localhost port."""
    handler = functools.partial(_QuietHandler, directory=str(seed_site))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, site_url: str):  # type: ignore[no-untyped-def]
    """A fresh page that records console errors and every request that leaves localhost."""
    context = browser.new_context()
    tab = context.new_page()
    tab.console_errors = []
    tab.foreign_requests = []
    tab.on("console", lambda message: message.type == "error" and tab.console_errors.append(message.text))
    tab.on("pageerror", lambda error: tab.console_errors.append(str(error)))

    def check_request(request) -> None:  # type: ignore[no-untyped-def]
        if not request.url.startswith(site_url) and not request.url.startswith("data:"):
            tab.foreign_requests.append(request.url)

    tab.on("request", check_request)
    yield tab
    context.close()
    assert tab.foreign_requests == [], f"requests left localhost: {tab.foreign_requests}"
    assert tab.console_errors == [], f"console errors: {tab.console_errors}"
