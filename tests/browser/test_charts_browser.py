"""Charts render offline, after instant navigation, in both palettes, and link to the cases."""

from __future__ import annotations

import re

from generator.charts import CHARTS

from .conftest import screenshot

MARKS = "path.mark-symbol, g.mark-symbol path, g.mark-rect path, g.mark-line path, g.mark-tick path"


def wait_for_charts(page, expected: int):
    page.wait_for_function(
        f"document.querySelectorAll('.lr-chart-view[data-rendered=true] svg').length >= {expected}",
        timeout=20000,
    )


def check_rendered(page, expected: int):
    wait_for_charts(page, expected)
    views = page.locator(".lr-chart-view")
    assert views.count() == expected
    for i in range(expected):
        view = views.nth(i)
        # Vega puts the spec's description on the chart's container as its aria-label
        label = view.get_attribute("aria-label") or ""
        assert label.endswith(".") and len(label) > 30, f"chart {i} has no description: {label!r}"
        assert view.locator("svg").count() == 1
        assert view.locator("g.mark-symbol path, g.mark-rect path, g.mark-line path").count() > 0


def test_charts_render_on_direct_load(page, base_url):
    page.goto(base_url + "charts/")
    check_rendered(page, len(CHARTS))
    # the text alternative is in the page itself, readable without JavaScript
    assert page.locator("details.lr-chart-data table").count() == len(CHARTS)
    screenshot(page, "charts-direct")


def test_charts_render_after_instant_navigation(page, base_url):
    page.goto(base_url + "methods/")
    page.evaluate("window.__stayed = true")
    page.click("a.md-tabs__link:text-is('Charts')")
    page.wait_for_url(re.compile(r".*/charts/$"))
    page.locator("#chart-linked").wait_for()
    check_rendered(page, len(CHARTS))
    assert page.evaluate("window.__stayed === true"), "navigation should be instant (no reload)"
    # and back to a page with its own charts
    page.click("a.md-tabs__link:text-is('Table 1')")
    page.wait_for_url(re.compile(r".*/table-1/$"))
    page.locator("table.lr-cases").wait_for()  # the URL changes before the content is swapped
    page.wait_for_function("document.querySelectorAll('.lr-chart-view').length === 2")
    check_rendered(page, 2)
    assert page.evaluate("window.__stayed === true")


def test_home_page_charts(page, base_url):
    page.goto(base_url)
    check_rendered(page, 2)


def test_tooltip_names_the_case_and_click_opens_it(page, base_url):
    page.goto(base_url + "charts/")
    wait_for_charts(page, len(CHARTS))
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
    wait_for_charts(page, len(CHARTS))
    scatter = "#chart-linked g.mark-symbol path"
    before = page.locator(scatter).count()
    assert before == 32
    # click the thoracic bar of the region chart (3 cases)
    bars = page.locator("#chart-linked g.mark-rect").first.locator("path")
    labels = [bars.nth(i).get_attribute("aria-label") or "" for i in range(bars.count())]
    index = next(i for i, label in enumerate(labels) if "thoracic" in label)
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
            wait_for_charts(page, len(CHARTS))
            fill = page.locator("#chart-regions svg text").first.evaluate(
                "el => getComputedStyle(el).fill"
            )
            screenshot(page, f"charts-{scheme}")
            # dark theme writes light axis labels, light theme dark ones
            rgb = [int(x) for x in re.findall(r"\d+", fill)[:3]]
            assert (sum(rgb) > 382) == (scheme == "dark"), fill
        finally:
            context.close()
        assert errors == []
