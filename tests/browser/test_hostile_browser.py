"""Hostile payloads in every text field of a case stay inert text in the browser.

A copy of the project gets one case (sasaki-2015) with script and event-handler payloads in every
string field, and one withdrawn case (tuy-2008) with them in its reason; the site is built with
``python -m generator site`` and served on 127.0.0.1. Each page is opened in headless chromium
with a trap set before any script runs: assigning ``window.__pwned``, opening a dialog, adding
an element with an ``onerror`` attribute or a script mentioning ``__pwned`` is recorded, even if
the element goes away again.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from tests.test_site import copy_project

from .conftest import BUILD_TIMEOUT, ROOT

PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '"><img src=x onerror="window.__pwned=1">',
    "javascript:window.__pwned=1",
    "</script><script>window.__pwned=1</script>",
    "{{7*7}}",
    "*md* [x](javascript:alert(1))",
]
PAYLOAD = " ".join(PAYLOADS)
CASE = "sasaki-2015"
TOMBSTONE = "tuy-2008"


def text(tag: str) -> str:
    """The value given to one field: a marker naming the field, then every payload."""
    return f"{tag} {PAYLOAD}"


# field -> its marker; every string field of a case a contributor writes freely
FIELDS = {
    ("citation", "first_author"): "FA",
    ("citation", "authors", 0): "AU1",
    ("citation", "authors", 1): "AU2",
    ("citation", "title"): "TI",
    ("citation", "journal"): "JO",
    ("citation", "volume"): "VO",
    ("citation", "issue"): "IS",
    ("citation", "pages"): "PG",
    ("citation", "note"): "CN",
    ("cause_as_reported",): "CAR",
    ("treatment_as_reported",): "TAR",
    ("outcome",): "OUT",
    ("notes",): "NOTES",
    ("location", "description"): "LOC",
    ("provenance", "source"): "PSRC",
    ("provenance", "where"): "PWHERE",
    ("provenance", "also", 0): "PALSO",
    ("discrepancies", 0, "field"): "DF",
    ("discrepancies", 0, "source_says"): "DSS",
    ("discrepancies", 0, "value_kept"): "DVK",
    ("discrepancies", 0, "reason"): "DR",
    ("changes", 0, "description"): "CH",
}

TRAP = """
(() => {
  const seen = [];
  window.__lrHostile = seen;
  Object.defineProperty(window, "__pwned", {
    configurable: false,
    get() { return undefined; },
    set(value) { seen.push("window.__pwned assigned at " + location.href + "\\n" + new Error().stack); },
  });
  const check = (node) => {
    if (node.nodeType !== 1) return;
    const els = [node, ...node.querySelectorAll("*")];
    for (const el of els) {
      if (el.hasAttribute("onerror")) seen.push("element with onerror: " + el.outerHTML.slice(0, 200));
      if (el.tagName === "SCRIPT" && el.textContent.includes("__pwned")
          && !/json/.test(el.type || "")) seen.push("script: " + el.outerHTML.slice(0, 200));
      if (el.tagName === "A" && /^\\s*javascript:/i.test(el.getAttribute("href") || ""))
        seen.push("javascript: link: " + el.outerHTML.slice(0, 200));
    }
  };
  new MutationObserver((changes) => {
    for (const change of changes) {
      change.addedNodes.forEach(check);
      if (change.type === "attributes") check(change.target);
    }
  }).observe(document, { childList: true, subtree: true, attributes: true,
                         attributeFilter: ["onerror", "href"] });
})();
"""


def set_in(data, path, value):
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def hostile_case(source: str) -> str:
    data = yaml.safe_load(source)
    data["citation"]["authors"] = ["", ""]
    data["provenance"]["also"] = [""]
    data["discrepancies"] = [{"field": "", "source_says": "", "value_kept": "", "reason": ""}]
    data["changes"] = [{"version": None, "description": ""}]
    for path, tag in FIELDS.items():
        set_in(data, path, text(tag))
    # blank lines must not end the raw HTML block and let Markdown interpret the rest
    data["notes"] = text("NOTES") + "\n\n" + PAYLOAD + "\n\n<script>window.__pwned=1</script>"
    data["outcome"] = text("OUT") + "\n\n    " + PAYLOAD
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


class _Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, request, client_address, server):
        super().__init__(request, client_address, server, directory=server.lr_directory)

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, browser):
    """(base_url, site folder) of the hostile copy of the project, served on a free port."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    base_url = f"http://127.0.0.1:{server.server_address[1]}/"
    project = copy_project(ROOT, tmp_path_factory.mktemp("hostile"))
    case = project / "cases" / f"{CASE}.yaml"
    case.write_text(hostile_case(case.read_text(encoding="utf-8")), encoding="utf-8")
    tomb = project / "cases" / f"{TOMBSTONE}.yaml"
    tomb.write_text(
        tomb.read_text(encoding="utf-8")
        + yaml.safe_dump(
            {"withdrawn": {"version": None, "reason": text("WR"), "successor": CASE}},
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    out = project / "site"
    env = {**os.environ, "SITE_URL": base_url, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(project), "site", "--out", str(out)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    server.lr_directory = str(out)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base_url, out
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class Visit:
    """A fresh browser context with the trap, a dialog recorder and a localhost-only network."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.add_init_script(TRAP)
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.stray: list[str] = []

        def route(route, request):
            parts = urlsplit(request.url)
            if parts.scheme in ("data", "blob", "about") or parts.hostname == "127.0.0.1":
                if parts.path.endswith("/x"):  # <img src=x> was created and tried to load
                    self.stray.append(request.url)
                route.continue_()
            else:
                self.stray.append(request.url)
                route.abort()

        self.context.route("**/*", route)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def goto(self, url: str):
        response = self.page.goto(url)
        assert response is not None and response.status == 200, url
        self.page.wait_for_load_state("networkidle")
        return self.page

    def assert_inert(self):
        page = self.page
        assert self.dialogs == [], self.dialogs
        assert page.evaluate("window.__lrHostile") == []
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("[onerror]").count() == 0
        scripts = page.evaluate("Array.from(document.scripts).map(s => [s.type, s.textContent])")
        for kind, body in scripts:
            if "json" in (kind or ""):
                # structured data: parses as JSON and cannot close its <script> element
                json.loads(body)
                assert "<" not in body, body[:200]
            else:
                assert "__pwned" not in body, body[:200]
        links = page.evaluate(
            "Array.from(document.querySelectorAll('[href],[src]'))"
            ".map(e => e.getAttribute('href') || e.getAttribute('src'))"
        )
        assert not [u for u in links if u.strip().lower().startswith("javascript:")]
        for uri in (u for u in links if u.startswith("data:")):
            assert "__pwned" not in uri or uri.startswith(("data:text/plain", "data:application/"))
        assert self.stray == [], self.stray
        assert self.errors == [], self.errors

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser):
    v = Visit(browser)
    try:
        yield v
    finally:
        v.close()


def normalised(s: str) -> str:
    return re.sub(r"\s+", " ", s)


def test_case_page_shows_the_payloads_as_text(hostile, visit):
    base_url, _ = hostile
    page = visit.goto(f"{base_url}cases/{CASE}/")
    article = normalised(page.locator(f"article[data-case-id='{CASE}']").inner_text())
    for path, tag in FIELDS.items():
        if path == ("citation", "first_author"):
            continue  # shown through the authors list; it names the page (below)
        assert text(tag) in article, f"{'.'.join(map(str, path))} is not shown as text"
    assert "<script>window.__pwned=1</script>" in article and "{{7*7}}" in article
    label = f"{text('FA')} 2015: C3-C5"
    assert page.locator("article h1").inner_text() == label
    assert page.title().startswith(label)
    assert page.locator("meta[name=description]").get_attribute("content").endswith(label)
    # the citation formats carry the payload as text (BibTeX escapes its own specials)
    for fmt in ("ris", "vancouver"):
        code = page.locator(f"#cite-{CASE}-{fmt}").text_content()
        assert text("TI") in code, fmt
    csl = json.loads(page.locator(f"#cite-{CASE}-csl-json").text_content())
    assert csl[0]["title"] == text("TI")
    bibtex = page.locator(f"#cite-{CASE}-bibtex").text_content()
    assert "<script>window.\\_\\_pwned=1</script>" in bibtex
    with page.expect_download() as info:
        page.locator("button[data-format=ris][data-lr-download]").click()
    ris = Path(info.value.path()).read_text(encoding="utf-8")
    assert f"TI  - {text('TI')}" in ris
    visit.assert_inert()


def test_tombstone_page_shows_the_reason_as_text(hostile, visit):
    base_url, _ = hostile
    page = visit.goto(f"{base_url}cases/{TOMBSTONE}/")
    assert text("WR") in normalised(page.locator(".md-content").inner_text())
    assert page.locator("meta[name=description]").get_attribute("content").endswith(text("WR"))
    visit.assert_inert()


def test_table_1_filters_on_the_payload(hostile, visit):
    base_url, _ = hostile
    page = visit.goto(f"{base_url}table-1/")
    page.fill("input[data-filter=text]", "<script>window.__pwned=1</script>")
    rows = page.locator("table.lr-cases tbody tr:not([hidden])")
    rows.first.wait_for()
    assert rows.count() == 1
    row = normalised(rows.first.inner_text())
    assert text("FA") in row and text("TAR") in row
    page.fill("input[data-filter=text]", '"><img src=x onerror=')
    assert rows.count() == 1
    visit.assert_inert()


def chart_specs(page) -> list[dict]:
    return [
        json.loads(s)
        for s in page.evaluate(
            "Array.from(document.querySelectorAll('[data-vega-spec]'))"
            ".map(e => e.getAttribute('data-vega-spec'))"
        )
    ]


def strings(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)
    elif isinstance(value, str):
        yield value


def test_charts_carry_the_payload_inertly_and_the_tooltip_shows_text(hostile, visit):
    base_url, _ = hostile
    page = visit.goto(f"{base_url}charts/")
    page.locator("#chart-age-by-sex").hover()  # Vega draws the chart once the reader reaches it
    page.locator("#chart-age-by-sex .lr-chart-view[data-rendered=true]").wait_for()
    specs = chart_specs(page)
    labels = [s for spec in specs for s in strings(spec) if "__pwned" in s]
    assert labels and all(s.startswith(text("FA")) for s in labels)  # data, never markup
    # hover the case's dot: vega labels each mark for screen readers with its tooltip fields
    box = page.evaluate(
        """() => {
          const el = Array.from(document.querySelectorAll('[aria-label]'))
            .find(e => (e.getAttribute('aria-label') || '').includes('__pwned')
                       && e.getBoundingClientRect().width > 0);
          if (!el) return null;
          el.scrollIntoView({block: 'center'});
          const r = el.getBoundingClientRect();
          return {x: r.x + r.width / 2, y: r.y + r.height / 2};
        }"""
    )
    if box is not None:
        page.mouse.move(box["x"], box["y"])
        tooltip = page.locator("#vg-tooltip-element")
        tooltip.wait_for(state="visible", timeout=5000)
        assert text("FA") in normalised(tooltip.inner_text())
        assert tooltip.locator("img, script").count() == 0
    visit.assert_inert()


def test_home_page_and_search_stay_inert(hostile, visit):
    base_url, _ = hostile
    page = visit.goto(base_url)
    [ld] = page.evaluate(
        "Array.from(document.querySelectorAll('script[type=\"application/ld+json\"]'))"
        ".map(s => s.textContent)"
    )
    assert json.loads(ld)["@type"] == "Dataset"
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("FA", delay=50)
    result = page.locator(".md-search-result__item").first
    result.wait_for(timeout=10000)
    found = normalised(page.locator(".md-search-result__list").inner_text())
    assert "<script>window.__pwned=1</script>" in found
    visit.assert_inert()


def test_data_files_and_feed_carry_the_payload_as_data(hostile):
    _, out = hostile
    records = json.loads((out / "data" / "cases.json").read_text(encoding="utf-8"))
    [row] = [r for r in records if r["case_id"] == CASE]
    assert row["first_author"] == text("FA")
    full = out / "data" / "cases-full.json"
    if full.exists():
        [record] = [r for r in json.loads(full.read_text(encoding="utf-8")) if r["id"] == CASE]
        assert record["citation"]["title"] == text("TI")
    feed = ET.parse(out / "feed.xml").getroot()  # well-formed XML, payload escaped
    titles = [e.text or "" for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert any(t.startswith(text("FA")) for t in titles)
    page = (out / "cases" / CASE / "index.html").read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in page
    assert 'onerror="window' not in page
