"""Engine parity, in Chromium: the MkDocs build and the Zensical build, each served on its own
port, show the same site page by page.

Pages are found generically (every ``index.html`` of the MkDocs build), so a new page, such as
the submit form, is covered as soon as it exists. For each page both engines must show the same
main text; then Table 1's filters, the charts, the cite downloads, the footer's version line and
search are exercised in both. Differences that remain by design are listed in the README.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from .conftest import ROOT, bound_server, require_zensical, screenshot

ENGINES = ("mkdocs", "zensical")
# Left out of the compared text: the engines' own widgets (edit buttons, heading permalinks),
# the print footer (it names the origin each build is served from)
# and what scripts draw (charts, compared separately below).
EXCLUDED = ".md-content__button, a.headerlink, .lr-chart-view, .lr-print-footer, script, style"
TEXT = f"""(el) => {{
  const copy = el.cloneNode(true);
  copy.querySelectorAll({EXCLUDED!r}).forEach((e) => e.remove());
  return copy.textContent.replace(/\\s+/g, " ").trim();
}}"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    """engine -> (built site, its URL), each built for the origin it is served from."""
    require_zensical()
    out, servers = {}, []
    for engine in ENGINES:
        server, url = bound_server(ROOT)
        folder = tmp_path_factory.mktemp(engine) / "site"
        env = {**os.environ, "SITE_URL": url, "NO_MKDOCS_2_WARNING": "1"}
        cmd = [sys.executable, "-m", "generator", "site", "--engine", engine, "--out", str(folder)]
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stdout + done.stderr
        server.lr_directory = str(folder)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        out[engine] = (folder, url)
    yield out
    for server in servers:
        server.shutdown()
        server.server_close()


def _pages(folder: Path) -> list[str]:
    found = (p.parent.relative_to(folder).as_posix() for p in folder.rglob("index.html"))
    return sorted("" if p == "." else f"{p}/" for p in found if not p.startswith("assets"))


@pytest.fixture(scope="module")
def tabs(browser, sites):
    """engine -> a page of its own; page errors in either fail the test that caused them."""
    contexts, out = [], {}
    for engine in ENGINES:
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda exc, page=page: page.errors.append(str(exc)))
        contexts.append(context)
        out[engine] = page
    yield out
    for context in contexts:
        context.close()


def _open(tabs, sites, engine: str, path: str, wait: str = "load"):
    page = tabs[engine]
    page.goto(sites[engine][1] + path, wait_until=wait)
    return page


def test_the_same_pages_exist(sites):
    pages = {engine: _pages(sites[engine][0]) for engine in ENGINES}
    assert pages["mkdocs"] == pages["zensical"]
    assert len([p for p in pages["mkdocs"] if p.startswith("cases/")]) >= 32


def test_every_page_shows_the_same_main_text(tabs, sites):
    different = []
    for path in _pages(sites["mkdocs"][0]):
        texts, edits = {}, {}
        for engine in ENGINES:
            page = _open(tabs, sites, engine, path, wait="domcontentloaded")
            texts[engine] = page.locator("article.md-content__inner").first.evaluate(TEXT)
            edit = page.locator("a[rel=edit]").evaluate_all("links => links.map(a => a.href)")
            edits[engine] = edit
            assert not page.errors, f"{engine} /{path}: {page.errors}"
        if texts["mkdocs"] != texts["zensical"]:
            different.append(path)
        assert texts["mkdocs"], f"/{path} has no main text"
        # the same edit button: a case's YAML file, a hand-written page's Markdown, or none
        assert edits["mkdocs"] == edits["zensical"], f"/{path}: {edits}"
    assert different == [], f"pages whose main text differs between the engines: {different}"


@pytest.mark.parametrize("engine", ENGINES)
def test_table_1_filters(tabs, sites, engine):
    page = _open(tabs, sites, engine, "table-1/")
    rows = page.locator("table.lr-cases tbody tr:not([hidden])")
    assert page.locator(".lr-count").inner_text() == "32 of 32 cases"
    page.select_option("select[data-filter=sex]", "M")
    assert rows.count() == 12
    page.select_option("select[data-filter=regions]", "thoracic")
    assert rows.count() == 2
    page.click("[data-filter-reset]")
    page.fill("input[data-filter=text]", "durant")
    assert rows.count() == 12
    page.click("[data-filter-reset]")
    assert rows.count() == 32


@pytest.mark.parametrize("engine", ENGINES)
def test_charts_render(tabs, sites, engine):
    page = _open(tabs, sites, engine, "charts/")
    # drawn at build time: every chart is in the page before any script draws it
    sizes = page.locator(".lr-chart-view").evaluate_all(
        # the drawing shown (each chart has a wide one and, for phones, a narrow one)
        "vs => vs.map(v => { const g = [...v.querySelectorAll('[data-static]')]"
        ".find(e => e.getClientRects().length);"
        " const r = g ? g.getBoundingClientRect() : {width: 0, height: 0};"
        " const marks = g && g.tagName === 'IMG' ? 99 : v.querySelectorAll('path, rect, text').length;"
        " return [r.width, r.height, marks]; })"
    )
    assert len(sizes) >= 7 and all(w > 50 and h > 50 and n > 5 for w, h, n in sizes), sizes
    # pointing at a chart hands it to Vega, in both builds
    view = page.locator(".lr-chart-view").first
    view.scroll_into_view_if_needed()
    view.hover()
    page.wait_for_function(
        "document.querySelector('.lr-chart-view').dataset.rendered === 'true'", timeout=30000
    )
    box = view.locator("svg, canvas").first.bounding_box()
    assert box and box["width"] > 50 and box["height"] > 50, box


def test_cite_downloads_are_the_same(tabs, sites):
    saved = {}
    for engine in ENGINES:
        page = _open(tabs, sites, engine, "cases/wong-2013/")
        buttons = page.locator("button[data-lr-download]")
        names = buttons.evaluate_all("bs => bs.map(b => b.dataset.lrDownload)")
        assert "wong-2013.bib" in names
        for i, name in enumerate(names):
            with page.expect_download() as info:
                buttons.nth(i).click()
            saved[(engine, name)] = Path(info.value.path()).read_bytes()
    for (engine, name), data in saved.items():
        if engine == "zensical":
            assert data == saved[("mkdocs", name)], name


@pytest.mark.parametrize("engine", ENGINES)
def test_footer_version_line(tabs, sites, engine):
    for path in ("", "cases/guo-2017/", "table-1/"):
        page = _open(tabs, sites, engine, path)
        line = page.locator(".lr-version")
        assert line.count() == 1, f"{engine} /{path}: no version line in the footer"
        assert page.locator("[data-review-version]").inner_text() == "1.0.0"
        assert "Cite this version" in line.inner_text()
    credit = "Zensical" if engine == "zensical" else "Material for MkDocs"
    assert f"Made with {credit}" in " ".join(page.locator(".md-copyright").inner_text().split())
    if engine == "zensical":
        page.locator("footer").scroll_into_view_if_needed()
        page.locator("footer").screenshot(
            path=str(screenshot(page, "zensical-page").parent / "zensical-footer.png")
        )


@pytest.mark.parametrize("engine", ENGINES)
def test_search_finds_a_case_by_its_first_author(tabs, sites, engine):
    page = _open(tabs, sites, engine, "")
    if engine == "zensical":  # Zensical's own search: a dialog in a shadow root
        page.locator(".md-search__button").click()
        page.keyboard.type("Riemenschneider", delay=30)
        results = page.locator("[aria-label='Search results'] a[role=option]")
    else:
        page.locator("input.md-search__input").click()
        page.locator("input.md-search__input").press_sequentially("Riemenschneider", delay=30)
        results = page.locator(".md-search-result__item a, a.md-search-result__link")
    results.first.wait_for(timeout=15000)
    hrefs = results.evaluate_all("links => links.map(a => a.href)")
    assert any(re.search(r"/cases/riemenschneider-1952/", h) for h in hrefs), hrefs
