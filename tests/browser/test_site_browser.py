"""The built site in headless chromium, as a reader uses it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import screenshot

PAGES = ["", "table-1/", "charts/", "methods/", "data/", "about/", "cases/guo-2017/"]


def visible_rows(page):
    return page.locator("table.lr-cases tbody tr:not([hidden])")


def test_table_1_shows_32_rows_sorts_and_filters(page, base_url):
    page.goto(base_url + "table-1/")
    assert visible_rows(page).count() == 32
    assert page.locator(".lr-count").inner_text() == "32 of 32 cases"

    page.select_option("select[data-filter=sex]", "M")
    assert visible_rows(page).count() == 12
    page.select_option("select[data-filter=regions]", "thoracic")
    assert visible_rows(page).count() == 2  # durant-2001-f (T4-T5) and iglesias-2002-a (T11-T12)
    page.click("[data-filter-reset]")
    assert visible_rows(page).count() == 32

    page.fill("input[data-filter=text]", "durant")
    assert visible_rows(page).count() == 12
    page.fill("input[data-filter=text]", "")
    page.select_option("select[data-filter=causes]", "HD")
    assert visible_rows(page).count() == 7
    page.select_option("select[data-filter=causes]", "")
    page.select_option("select[data-filter=treatments]", "renal-transplantation")
    assert visible_rows(page).count() == 2
    page.click("[data-filter-reset]")

    page.click("th[data-sort=age] button")
    first = visible_rows(page).first.locator("td").nth(2).inner_text()
    assert first == "1.4"
    assert page.get_attribute("th[data-sort=age]", "aria-sort") == "ascending"
    page.click("th[data-sort=age] button")
    assert visible_rows(page).first.locator("td").nth(2).inner_text() == "90"
    screenshot(page, "table-1-sorted")


def test_case_link_opens_the_case_page(page, base_url):
    page.goto(base_url + "table-1/")
    page.click("tr[data-case-id=chang-2013] a")
    page.wait_for_url(re.compile(r".*/cases/chang-2013/$"))
    page.locator("article[data-case-id=chang-2013]").wait_for()
    assert page.locator("article h1").inner_text() == "Chang 2013: C1-C2"
    assert page.locator(".lr-discrepancies").count() == 1
    page.click("a.lr-up")
    page.wait_for_url(re.compile(r".*/table-1/$"))
    page.locator("table.lr-cases").wait_for()
    assert visible_rows(page).count() == 32


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_without_errors(page, base_url, path):
    response = page.goto(base_url + path)
    assert response.status == 200
    assert page.locator("h1").count() >= 1
    page.wait_for_load_state("networkidle")


def test_every_case_page_loads(page, base_url, site_dir):
    ids = sorted(p.name for p in (site_dir / "cases").iterdir() if p.is_dir())
    assert len(ids) == 32
    for case_id in ids:
        assert page.goto(f"{base_url}cases/{case_id}/").status == 200
        assert page.locator(f"article[data-case-id='{case_id}']").count() == 1


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_in_both_palettes(browser, base_url, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    try:
        for path, name in [
            ("", "home"),
            ("table-1/", "table-1"),
            ("cases/guo-2017/", "case"),
            ("methods/", "methods"),
        ]:
            page.goto(base_url + path)
            expected = "slate" if scheme == "dark" else "default"
            assert page.get_attribute("body", "data-md-color-scheme") == expected
            screenshot(page, f"{name}-{scheme}")
    finally:
        context.close()


def test_cite_download_saves_the_bibtex_shown(page, base_url, site_dir):
    from pybtex.database import parse_string

    page.goto(base_url + "cases/wong-2013/")
    with page.expect_download() as info:
        page.click("button[data-lr-download='wong-2013.bib']")
    download = info.value
    assert download.suggested_filename == "wong-2013.bib"
    text = Path(download.path()).read_text(encoding="utf-8")
    entry = parse_string(text, "bibtex").entries["wong-2013"]
    assert entry.fields["doi"] == "10.1007/s00701-013-1709-x"
    assert entry.fields["url"].endswith("/1.0.0/cases/wong-2013/")
    # the footer says which version every page belongs to
    assert page.locator("[data-review-version]").inner_text() == "1.0.0"
