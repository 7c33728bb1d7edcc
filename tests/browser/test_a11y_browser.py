"""WCAG 2.1 AA: axe-core finds no violation (of any impact) on any page type, in the light and dark
palettes, at desktop and phone widths.

The pages are the built site's navigation tabs (so a page added to the nav, such as a submit form,
is checked without touching this file), plus what the nav does not list: a case page, a
tombstone (built from a copy of the project with one case withdrawn) and the 404 page.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import PROJECT_FILES

from .conftest import ROOT
from .pages import page_list

axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright")

SCHEMES = ["light", "dark"]
WIDTHS = [1280, 390]
WITHDRAWN = "tuy-2008"
OPTIONAL_FILES = ["published-ids.txt"]


def _build_with_tombstone(dest: Path) -> Path:
    """A copy of the project with one case withdrawn, built; returns the site folder."""
    project = dest / "project"
    for name in [*PROJECT_FILES, *(f for f in OPTIONAL_FILES if (ROOT / f).exists())]:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            project.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, project / name)
    case = project / "cases" / f"{WITHDRAWN}.yaml"
    case.write_text(
        case.read_text(encoding="utf-8")
        + "withdrawn:\n  version: null\n  reason: Duplicate of sasaki-2015.\n"
        "  successor: sasaki-2015\n",
        encoding="utf-8",
    )
    out = dest / "site"
    cmd = [sys.executable, "-m", "generator", "--root", str(project), "site", "--out", str(out)]
    done = subprocess.run(cmd, cwd=project, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


@pytest.fixture(scope="module")
def tombstone_url(tmp_path_factory) -> Iterator[str]:
    site = _build_with_tombstone(tmp_path_factory.mktemp("tombstone"))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/cases/{WITHDRAWN}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def viewers(browser) -> Iterator[dict[tuple[str, int], object]]:
    """One page per (palette, width), reused across the pages checked."""
    contexts = []
    pages = {}
    for scheme in SCHEMES:
        for width in WIDTHS:
            context = browser.new_context(
                viewport={"width": width, "height": 900}, color_scheme=scheme
            )
            contexts.append(context)
            pages[(scheme, width)] = context.new_page()
    try:
        yield pages
    finally:
        for context in contexts:
            context.close()


def violations(page) -> list[str]:
    result = axe_playwright.Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:5]]}"
        for v in result.response["violations"]
    ]


def check(page, url: str, scheme: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status in (200, 404), url
    page.wait_for_load_state("load")
    actual = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert actual == ("slate" if scheme == "dark" else "default")
    found = violations(page)
    assert found == [], f"axe-core on {url} ({scheme}):\n" + "\n".join(found)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_axe_violation_on_any_page_type(viewers, base_url, site_dir, scheme, width):
    pages = page_list(site_dir)
    assert {"", "table-1/", "charts/", "cases/guo-2017/", "404.html"} <= set(pages)
    failures = []
    for path in pages:
        try:
            check(viewers[(scheme, width)], base_url + path, scheme)
        except AssertionError as exc:
            failures.append(str(exc))
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_axe_violation_on_a_tombstone(viewers, tombstone_url, scheme, width):
    page = viewers[(scheme, width)]
    check(page, tombstone_url, scheme)
    assert page.locator("article.lr-tombstone").count() == 1
