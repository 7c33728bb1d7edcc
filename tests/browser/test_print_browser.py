"""Print: a case page and Table 1 print on A4 with the content alone (no header, navigation,
search or buttons) and the page's address and the review's version at the foot."""

from __future__ import annotations

import re

import pytest

from generator.model.review import load_review

from .conftest import ROOT, SCREENSHOTS

HIDDEN = [
    ".md-header",
    ".md-tabs",
    ".md-sidebar--primary",
    ".md-search",
    ".md-footer",
    ".md-top",
    ".md-content__button",
    ".lr-case-nav",
    ".lr-filters",
    ".lr-cite-downloads",
    ".lr-chart-files",
]
A4_POINTS = (595.3, 841.9)
"""210 x 297 mm in points (Chromium writes 595.92 x 842.88)."""


@pytest.mark.parametrize("path", ["cases/guo-2017/", "table-1/"])
def test_prints_on_a4_with_address_and_version_at_the_foot(page, base_url, path):
    review, _ = load_review(ROOT)
    page.goto(base_url + path)
    footer = page.locator(".lr-print-footer")
    assert footer.count() == 1 and not footer.is_visible(), "the print footer is for print only"
    page.emulate_media(media="print")
    for selector in HIDDEN:
        for el in page.locator(selector).all():
            assert not el.is_visible(), f"{selector} shows in print"
    # no button shows; Table 1's sort buttons print as plain column headings
    buttons = page.evaluate(
        """() => Array.from(document.querySelectorAll('button'))
             .filter(b => b.offsetParent !== null && !b.closest('table.lr-cases th'))
             .map(b => b.outerHTML.slice(0, 80))"""
    )
    assert buttons == [], buttons
    assert page.locator("h1").first.is_visible()
    assert footer.is_visible()
    text = " ".join(footer.inner_text().split())
    assert f"version {review.version}" in text
    assert f"{review.version_url()}{path}" in text
    if path == "table-1/":
        assert page.locator("table.lr-cases tbody tr:visible").count() == 32
    pdf = page.pdf(format="A4", print_background=False)
    sizes = [
        (float(m.group(1)), float(m.group(2)))
        for m in re.finditer(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    ]
    assert sizes, "no page in the PDF"
    for width, height in sizes:
        assert abs(width - A4_POINTS[0]) < 2 and abs(height - A4_POINTS[1]) < 2, sizes
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"print-{path.strip('/').replace('/', '-')}.png"))
