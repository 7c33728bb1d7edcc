"""Charts: drawn at build time, so they show without JavaScript; Vega loads only when the reader
interacts with a chart, and then tooltips, click-to-case and the linked selection work, offline,
after instant navigation and in both palettes."""

from __future__ import annotations

import re

from generator.model import load_domain
from tests.helpers import REVIEW

from .conftest import screenshot

CHARTS = [c.id for c in load_domain(REVIEW)[0].model.charts_on("charts")]  # type: ignore[union-attr]

STATIC = ".lr-chart-view > svg[data-static]:visible"
"""The drawing a reader sees (each chart has two: the wide one and, for phones, the narrow one)."""
MARKS = "g.mark-symbol path, g.mark-rect path, g.mark-line path"


def vega_requests(page) -> list[str]:
    """Every vega*.js the page has requested so far."""
    return page.evaluate(
        """() => performance.getEntriesByType('resource').map(e => e.name)
             .filter(n => /vega[^/]*\\.js/.test(n))"""
    )


def check_static(page, expected: int):
    """Every chart is an SVG image, named and described by its caption, with marks drawn."""
    charts = page.locator(".lr-chart")
    assert charts.count() == expected
    for i in range(expected):
        chart = charts.nth(i)
        svg = chart.locator(STATIC)
        assert svg.count() == 1
        assert svg.get_attribute("role") == "img"
        title = page.locator("#" + svg.get_attribute("aria-labelledby")).inner_text()
        desc = page.locator("#" + svg.get_attribute("aria-describedby")).inner_text()
        assert title.endswith(".") and len(desc) > 30, (title, desc)
        box = svg.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 80, box
        assert svg.locator(MARKS).count() > 0
        assert svg.locator("text").count() > 3  # title, axes, labels
        files = chart.locator(".lr-chart-files a")
        assert [a.inner_text() for a in files.all()] == ["SVG", "PNG", "CC BY 4.0"]


def upgrade(page, chart_id: str):
    """Point at a chart and wait for Vega's interactive view to replace the drawing."""
    page.locator(f"#chart-{chart_id}").hover()
    page.wait_for_function(
        f"document.querySelector('#chart-{chart_id} .lr-chart-view')"
        ".getAttribute('data-rendered') === 'true'",
        timeout=20000,
    )
    view = page.locator(f"#chart-{chart_id} .lr-chart-view")
    assert view.locator(STATIC).count() == 0
    assert view.locator(".lr-chart-live svg").count() == 1


def test_charts_show_without_javascript(browser, base_url):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(base_url + "charts/")
        check_static(page, len(CHARTS))
        assert page.locator("details.lr-chart-data table").count() == len(CHARTS)
        screenshot(page, "charts-no-javascript")
        page.goto(base_url)
        check_static(page, 2)
    finally:
        context.close()


def test_no_vega_until_the_reader_interacts(page, base_url, site_dir):
    page.goto(base_url + "charts/")
    page.wait_for_load_state("networkidle")
    check_static(page, len(CHARTS))
    assert vega_requests(page) == []
    page.mouse.wheel(0, 3000)  # scrolling past the charts is not interacting with them
    page.wait_for_timeout(300)
    assert vega_requests(page) == []
    upgrade(page, "regions")
    assert len(vega_requests(page)) == 3
    # the other charts stay drawings until they are reached for
    assert page.locator(STATIC).count() == len(CHARTS) - 1
    svg = (site_dir / "charts" / "regions.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "<title>Cases by spinal region</title>" in svg
    assert (site_dir / "charts" / "regions.png").read_bytes().startswith(b"\x89PNG")


def test_keyboard_focus_makes_a_chart_interactive(page, base_url):
    page.goto(base_url + "charts/")
    page.locator("#chart-causes summary").focus()
    page.wait_for_function(
        "document.querySelector('#chart-causes .lr-chart-view').dataset.rendered === 'true'",
        timeout=20000,
    )


def test_charts_after_instant_navigation(page, base_url):
    page.goto(base_url + "methods/")
    page.wait_for_load_state("networkidle")  # instant navigation starts once it has the sitemap
    page.evaluate("window.__stayed = true")
    page.click("a.md-tabs__link:text-is('Charts')")
    page.wait_for_url(re.compile(r".*/charts/$"))
    page.locator("#chart-linked").wait_for()
    check_static(page, len(CHARTS))
    upgrade(page, "age-by-sex")
    assert page.evaluate("window.__stayed === true"), "navigation should be instant (no reload)"
    page.click("a.md-tabs__link:text-is('Table 1')")
    page.wait_for_url(re.compile(r".*/table-1/$"))
    page.locator("table.lr-cases").wait_for()  # the URL changes before the content is swapped
    page.wait_for_function("document.querySelectorAll('.lr-chart').length === 2")
    check_static(page, 2)
    upgrade(page, "regions")
    assert page.evaluate("window.__stayed === true")


def test_tooltip_names_the_case_and_click_opens_it(page, base_url):
    page.goto(base_url + "charts/")
    upgrade(page, "age-by-sex")
    dot = page.locator("#chart-age-by-sex g.mark-symbol path").first
    dot.hover()
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible", timeout=5000)
    assert "Case" in tooltip.inner_text()
    dot.click()
    page.wait_for_url(re.compile(r".*/cases/[a-z0-9-]+/$"))
    assert page.locator("article.lr-case").count() == 1


def test_linked_view_filters(page, base_url):
    page.goto(base_url + "charts/")
    upgrade(page, "linked")
    scatter = "#chart-linked g.mark-symbol path"
    assert page.locator(scatter).count() == 32
    # click the thoracic bar of the region chart (3 cases)
    bars = page.locator("#chart-linked g.mark-rect").first.locator("path")
    labels = [bars.nth(i).get_attribute("aria-label") or "" for i in range(bars.count())]
    index = next(i for i, label in enumerate(labels) if "thoracic" in label.lower())
    bars.nth(index).click()
    page.wait_for_function(f"document.querySelectorAll('{scatter}').length === 3", timeout=5000)


def test_charts_follow_the_dark_palette(browser, base_url):
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        try:
            page.goto(base_url + "charts/")
            fills = []
            for _ in range(2):  # the drawing, then Vega's view
                fills.append(
                    page.locator("#chart-regions svg text").first.evaluate(
                        "el => getComputedStyle(el).fill"
                    )
                )
                upgrade(page, "regions")
            screenshot(page, f"charts-{scheme}")
            # dark theme writes light axis labels, light theme dark ones
            for fill in fills:
                rgb = [int(x) for x in re.findall(r"\d+", fill)[:3]]
                assert (sum(rgb) > 382) == (scheme == "dark"), fill
        finally:
            context.close()
        assert errors == []
