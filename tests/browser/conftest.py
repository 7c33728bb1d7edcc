"""Fixtures for browser tests of the built site (Playwright + Debian chromium).

Fixtures:
    site_dir  (session) -- the site, built once with ``python -m generator site --out DIR``
                           and ``SITE_URL`` pointing at the local server below.
    base_url  (session) -- ``http://127.0.0.1:PORT/`` serving ``site_dir``.
    browser   (session) -- a headless chromium (skipped when missing, failed when CI=true).
    page      (function) -- a fresh page; console errors, page errors and any request
                            leaving localhost fail the test at teardown.

Helper:
    screenshot(page, name) -> Path   (``from .conftest import screenshot``)
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from benchmarks.chromium import CHROMIUM_ARGS, find_chromium
from tests.helpers import REPO, REVIEW

ROOT = REVIEW  # this review with its released cases only (tests/helpers.py, reference_review)
HERE = Path(__file__).resolve().parent
SCREENSHOTS = REPO / "screenshots"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
BUILD_TIMEOUT = 900  # seconds


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the directory stored on the server object; logs nothing."""

    def __init__(self, request, client_address, server):
        super().__init__(request, client_address, server, directory=server.lr_directory)

    def log_message(self, format, *args):
        pass


@functools.cache
def _server() -> http.server.ThreadingHTTPServer:
    """The session's HTTP server, bound at once on a free port (not yet serving).

    Binding first reserves the port, so the site can be built for exactly the origin it
    will be served from (Material's instant navigation needs site_url == origin).
    """
    return bound_server(ROOT)[0]  # the folder is replaced by base_url before serving


def _port() -> int:
    return _server().server_address[1]


def _missing(reason: str) -> None:
    """Skip locally, but fail in CI: a missing browser must never pass silently there."""
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run in CI)", pytrace=False)
    pytest.skip(reason)


def require_zensical() -> None:
    """Skip locally, fail in CI, when Zensical is not installed (``make install-zensical``)."""
    from generator.engines.sitebuild import zensical_command

    try:
        zensical_command(ROOT)
    except FileNotFoundError as exc:
        _missing(str(exc))


def bound_server(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """A quiet server bound on a free port (start it with ``serve_forever``), and its URL: the
    site can be built for exactly that origin first."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _QuietHandler)
    server.daemon_threads = True
    server.lr_directory = str(directory)
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: tests that drive a headless chromium")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built") / "site"
    env = dict(os.environ)
    env["SITE_URL"] = f"http://127.0.0.1:{_port()}/"
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    cmd = [sys.executable, "-m", "generator", "site", "--out", str(out)]
    try:
        proc = subprocess.run(
            cmd,
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=BUILD_TIMEOUT,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"site build timed out after {BUILD_TIMEOUT}s: {exc}", pytrace=False)
    if proc.returncode != 0:
        pytest.fail(
            f"site build failed (exit {proc.returncode}): {' '.join(cmd)}\n"
            f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}",
            pytrace=False,
        )
    if not (out / "index.html").is_file():
        pytest.fail(
            f"site build produced no {out / 'index.html'}\n"
            f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}",
            pytrace=False,
        )
    return out


@pytest.fixture(scope="session")
def base_url(site_dir):
    server = _server()
    server.lr_directory = str(site_dir)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _missing(f"playwright is not importable ({exc}): make install")

    pw = sync_playwright().start()
    # Debian's chromium where installed (this project's machines); otherwise the one Playwright
    # downloads for its own version (`python -m playwright install chromium`, GitHub's runners)
    executable = find_chromium()
    if executable is None and Path(pw.chromium.executable_path).exists():
        executable = Path(pw.chromium.executable_path)
    if executable is None:
        pw.stop()
        _missing(
            "no chromium: apt-get install -y chromium, or python -m playwright install chromium"
        )
    try:
        instance = pw.chromium.launch(
            executable_path=str(executable), headless=True, args=CHROMIUM_ARGS
        )
    except Exception:
        pw.stop()
        raise
    try:
        yield instance
    finally:
        instance.close()
        pw.stop()


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    console_errors: list[str] = []
    external_requests: list[str] = []

    def route(route, request):
        if _is_local(request.url):
            route.continue_()
        else:
            external_requests.append(request.url)
            route.abort()

    context.route("**/*", route)
    pg = context.new_page()
    pg.console_errors = console_errors
    pg.external_requests = external_requests

    def on_console(msg):
        if msg.type == "error":
            where = msg.location or {}
            console_errors.append(
                f"console.error: {msg.text} [{where.get('url', '')}:{where.get('lineNumber', '')}]"
            )

    pg.on("console", on_console)
    pg.on("pageerror", lambda exc: console_errors.append(f"pageerror: {exc}"))
    try:
        yield pg
    finally:
        context.close()
    problems = [*console_errors, *(f"external request: {u}" for u in external_requests)]
    assert not problems, "browser problems during the test:\n" + "\n".join(problems)


def screenshot(page, name: str) -> Path:
    """Save a full-page PNG as <repo>/screenshots/<name>.png and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
