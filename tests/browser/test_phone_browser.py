"""Readers on phones (issue 23): at 390 px a case page reads in lines (every value of its facts
and discrepancy lists at least 300 px wide), every chart's text is at least 10 CSS px high with
JavaScript off and after Vega takes over, and at 320 px no page but Table 1 scrolls sideways.
Screenshots at 390 px of the pages a phone reader meets go to ``screenshots/phone-*.png``."""

from __future__ import annotations

import pytest
import yaml

from tests.helpers import REVIEW

from .conftest import screenshot
from .pages import nav_pages, page_list

PHONE = 390
NARROWEST = 320
MIN_TEXT = 10  # CSS px
MIN_VALUE = 300  # CSS px
CHART_PAGES = {"home": "", "table-1": "table-1/", "charts": "charts/"}
SCROLLS = {"table-1/"}
"""Pages that may scroll sideways (Table 1's table keeps its own scroll, inside the page)."""

TEXTS = """view => [...view.querySelectorAll('svg text')]
  .filter(t => t.textContent.trim() && t.getClientRects().length)
  .map(t => {
    const m = t.getScreenCTM();
    const box = t.getBoundingClientRect();
    return {
      text: t.textContent.trim().slice(0, 40),
      px: parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b),
      height: m.b === 0 && m.c === 0 ? box.height : null,  // not rotated: its box's height
    };
  })"""
"""Each visible text of a chart: its font size on screen (its computed size times the SVG's
scale) and, when it is not rotated, the height of its box."""


def _case_with_discrepancies() -> str:
    for path in sorted((REVIEW / "cases").glob("*.yaml")):
        if yaml.safe_load(path.read_text(encoding="utf-8")).get("discrepancies"):
            return f"cases/{path.stem}/"
    raise AssertionError("no case of the reference review records a discrepancy")


CASE = _case_with_discrepancies()


def _context(browser, width: int, javascript: bool = True):
    return browser.new_context(
        viewport={"width": width, "height": 844}, java_script_enabled=javascript
    )


def _small_texts(page, label: str) -> tuple[int, list[str]]:
    """How many chart texts the page shows, and those below MIN_TEXT."""
    charts = page.locator(".lr-chart-view")
    assert charts.count() > 0, label
    seen, small = 0, []
    for i in range(charts.count()):
        texts = charts.nth(i).evaluate(TEXTS)
        assert len(texts) > 3, (label, i, texts)  # a title, axes, labels: not a blank chart
        seen += len(texts)
        for t in texts:
            if t["px"] < MIN_TEXT or (t["height"] is not None and t["height"] < MIN_TEXT):
                small.append(f"{label} chart {i}: {t}")
    return seen, small


def _interact(page) -> None:
    """Reach for every chart, as a reader does, and wait for Vega's view to replace it."""
    charts = page.locator(".lr-chart")
    for i in range(charts.count()):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        chart.hover()
        chart.locator(".lr-chart-view[data-rendered='true']").wait_for(timeout=20000)
        assert chart.locator("[data-static]").count() == 0
        assert chart.locator(".lr-chart-live svg").count() == 1


def test_case_page_values_read_in_lines(browser, base_url):
    context = _context(browser, PHONE)
    try:
        page = context.new_page()
        page.goto(base_url + CASE)
        values = page.locator("dl.lr-facts dd, dl.lr-discrepancy dd")
        widths = values.evaluate_all("dds => dds.map(d => d.getBoundingClientRect().width)")
        assert page.locator("dl.lr-discrepancy dd").count() >= 4
        assert len(widths) > 10 and min(widths) >= MIN_VALUE, widths
        screenshot(page, "phone-case")
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [False, True], ids=["no-javascript", "vega"])
def test_chart_text_is_readable_on_a_phone(browser, base_url, javascript):
    context = _context(browser, PHONE, javascript)
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        small = []
        for name, path in CHART_PAGES.items():
            page.goto(base_url + path)
            if javascript:
                drawn = page.locator(".lr-chart-view > svg[data-static]:visible")
                sizes = drawn.evaluate_all("s => s.map(e => e.getBoundingClientRect().width)")
                _interact(page)
                live = page.locator(".lr-chart-live svg")
                after = live.evaluate_all("s => s.map(e => e.getBoundingClientRect().width)")
                # the interactive view keeps the drawing's size (to the few px by which the
                # browser's text measures differ from vl-convert's, in a concatenation)
                assert len(after) == len(sizes), (name, sizes, after)
                assert all(abs(a - b) <= 4 for a, b in zip(after, sizes, strict=True)), (
                    name,
                    sizes,
                    after,
                )
            else:
                screenshot(page, f"phone-{name}")
            small += _small_texts(page, name)[1]
        assert small == [], "\n".join(small)
    finally:
        context.close()
    assert errors == []


def test_downloads_stay_the_full_size_drawing(site_dir):
    svg = (site_dir / "charts" / "regions.svg").read_text(encoding="utf-8")
    assert 'width="340"' not in svg.split(">", 1)[0]
    page = (site_dir / "charts" / "index.html").read_text(encoding="utf-8")
    assert page.count('data-static="narrow"') == page.count('data-static="true"') > 0


def test_no_page_but_table_1_scrolls_sideways(browser, base_url, site_dir):
    pages = list(dict.fromkeys([*nav_pages(site_dir), *page_list(site_dir), CASE]))
    assert {"", "charts/", "methods/", "submit/"} <= set(pages)
    context = _context(browser, NARROWEST)
    try:
        page = context.new_page()
        wide = {}
        for path in pages:
            page.goto(base_url + path)
            width = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            if width[0] > width[1] and path not in SCROLLS:
                wide[path] = width
        assert wide == {}, f"pages wider than {NARROWEST} px: {wide}"
    finally:
        context.close()


def test_screenshots_of_submit_and_methods(browser, base_url):
    context = _context(browser, PHONE)
    try:
        page = context.new_page()
        for name in ("submit", "methods"):
            page.goto(base_url + f"{name}/")
            page.wait_for_load_state("networkidle")
            screenshot(page, f"phone-{name}")
    finally:
        context.close()
